//! The client's streamed responses (feature `client`), generated from
//! `tests/fixtures/compile/streams.yaml`, against a server on 127.0.0.1 that writes its body in
//! the pieces a test chooses: an event stream split at random points (a property test), cut
//! inside an event, an event that does not parse, error events, the `[DONE]` sentinel, a stall the idle
//! timeout ends (the server then sees the connection closed: the request is cancelled), an
//! error status read whole, and a download consumed chunk by chunk.

use codegen_samples::streams::{
    create_chat_completion, create_message, download_file, watch_events, ChatRequest, Client,
    MessageEvent,
};
use futures_util::StreamExt;
use proptest::prelude::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::Duration;
use vendor_runtime::client::{ClientError, StreamError};
use vendor_runtime::BaseUrl;

/// What the server does once its pieces are written.
#[derive(Clone, Copy)]
enum End {
    /// Closes the connection.
    Close,
    /// Waits until the client closes it, and says whether it did.
    Stall,
}

/// Reads one request (head and `content-length` body) from `stream`.
fn read_request(stream: &mut TcpStream) -> String {
    let mut request = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        let read = stream.read(&mut buffer).unwrap();
        request.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&request).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text
                .lines()
                .find_map(|line| {
                    line.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(|n| n.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if request.len() >= end + 4 + length || read == 0 {
                return text;
            }
        }
    }
}

/// A server for one request: it answers `head` (status line and headers) and then each of
/// `pieces` as a write of its own, then does as `end` says. Joining it gives the request it
/// read and, for a stall, whether the client closed the connection.
fn serve(
    head: &'static str,
    pieces: Vec<Vec<u8>>,
    end: End,
) -> (BaseUrl, JoinHandle<(String, bool)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_nodelay(true).unwrap();
        let request = read_request(&mut stream);
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(b"\r\n").unwrap();
        for piece in pieces {
            stream.write_all(&piece).unwrap();
            stream.flush().unwrap();
            std::thread::sleep(Duration::from_millis(1));
        }
        let closed = match end {
            End::Close => true,
            End::Stall => {
                stream
                    .set_read_timeout(Some(Duration::from_secs(30)))
                    .unwrap();
                let mut rest = [0_u8; 64];
                matches!(stream.read(&mut rest), Ok(0))
            }
        };
        (request, closed)
    });
    let base = BaseUrl::parse(&format!("http://127.0.0.1:{port}/v1")).unwrap();
    (base, server)
}

fn client(base: BaseUrl) -> Client {
    Client::builder()
        .base_url(base)
        .timeout(Duration::from_secs(10))
        .idle_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

fn chat() -> create_chat_completion::Request {
    create_chat_completion::Request::new(ChatRequest::new("m"))
}

const SSE_HEAD: &str =
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n";

/// Three chunks, a comment, an event that does not parse, two error events (Anthropic's, named
/// `error`, and OpenAI's, an `error` member), and `[DONE]`, then bytes the client must never
/// read as an event.
const STREAM: &[u8] = b": open\n\ndata: {\"id\":\"c\",\"delta\":\"H\xC3\xA9\"}\r\n\r\ndata: {\"id\":\"c\",\r\ndata: \"delta\":\"l\"}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\ndata: {\"id\":\"c\",\"delta\":7}\n\ndata: {\"error\":{\"message\":\"Rate limit\",\"code\":\"rate_limit_exceeded\"}}\n\ndata: {\"id\":\"c\",\"delta\":\"lo\"}\r\rdata: [DONE]\n\ndata: {\"id\":\"c\",\"delta\":\"after\"}\n\n";

/// What the stream gives: the deltas in order, each event that strayed from its schema (its
/// index and where), and each error event as its kind and message.
type Collected = (Vec<String>, Vec<String>, Vec<String>, String);

fn collect(pieces: Vec<Vec<u8>>) -> Collected {
    let (base, server) = serve(SSE_HEAD, pieces, End::Close);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (deltas, strays, errors) = runtime.block_on(async {
        let mut stream = client(base)
            .create_chat_completion_stream(&chat())
            .await
            .unwrap();
        let (mut deltas, mut errors) = (Vec::new(), Vec::new());
        while let Some(item) = stream.next().await {
            match item {
                Ok(chunk) => deltas.push(chunk.delta),
                Err(StreamError::Event(error)) => errors.push(format!(
                    "{}: {}",
                    error.kind.unwrap_or_default(),
                    error.message.unwrap_or_default()
                )),
                Err(other) => panic!("{other}"),
            }
        }
        let strays = stream
            .strays()
            .iter()
            .flat_map(|stray| {
                stray
                    .deviations
                    .iter()
                    .map(move |deviation| format!("{}: {deviation}", stray.index))
            })
            .collect();
        (deltas, strays, errors)
    });
    let (request, _) = server.join().unwrap();
    (deltas, strays, errors, request)
}

/// The one event of [`STREAM`] that strays from its schema, as [`collect`] shows it: read, its
/// `delta` a stand-in.
const STRAYS: [&str; 1] = ["2: /delta: invalid type: integer `7`, expected a string"];

/// The error events of [`STREAM`], as [`collect`] shows them.
const ERRORS: [&str; 2] = [
    "overloaded_error: Overloaded",
    "rate_limit_exceeded: Rate limit",
];

#[test]
fn a_stream_asks_for_one_and_reads_each_event_until_done() {
    let (deltas, strays, errors, request) = collect(vec![STREAM.to_vec()]);
    assert_eq!(deltas, ["Hé", "l", "", "lo"]);
    assert_eq!(strays, STRAYS);
    assert_eq!(errors, ERRORS);
    assert!(request.contains("\"stream\":true"), "{request}");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("accept: application/json, text/event-stream"),
        "{request}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_split_of_the_stream_gives_the_same_items(mut cuts in proptest::collection::vec(0..=STREAM.len(), 1..8)) {
        cuts.sort_unstable();
        let mut pieces = Vec::new();
        let mut start = 0;
        for cut in cuts {
            pieces.push(STREAM[start..cut].to_vec());
            start = cut;
        }
        pieces.push(STREAM[start..].to_vec());
        let (deltas, strays, errors, _) = collect(pieces);
        prop_assert_eq!(deltas, ["Hé", "l", "", "lo"]);
        prop_assert_eq!(strays, STRAYS);
        prop_assert_eq!(errors, ERRORS);
    }
}

#[tokio::test]
async fn a_stream_cut_inside_an_event_ends_with_what_was_pending() {
    let (base, server) = serve(
        SSE_HEAD,
        vec![b"data: {\"id\":\"c\",\"delta\":\"a\"}\n\ndata: {\"id\"".to_vec()],
        End::Close,
    );
    let mut stream = client(base)
        .create_chat_completion_stream(&chat())
        .await
        .unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap().delta, "a");
    match stream.next().await {
        Some(Err(StreamError::Incomplete(cut))) => assert_eq!(cut.pending, b"data: {\"id\""),
        other => panic!("{other:?}"),
    }
    assert!(stream.next().await.is_none());
    server.join().unwrap();
}

#[tokio::test]
async fn a_stall_ends_the_stream_and_dropping_it_closes_the_connection() {
    let (base, server) = serve(
        SSE_HEAD,
        vec![b"data: {\"id\":\"c\",\"delta\":\"a\"}\n\n".to_vec()],
        End::Stall,
    );
    let mut stream = client(base)
        .create_chat_completion_stream(&chat())
        .await
        .unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap().delta, "a");
    match stream.next().await {
        Some(Err(StreamError::Idle(idle))) => assert_eq!(idle, Duration::from_millis(300)),
        other => panic!("{other:?}"),
    }
    assert!(stream.next().await.is_none());
    drop(stream);
    let (_, closed) = tokio::task::spawn_blocking(move || server.join().unwrap())
        .await
        .unwrap();
    assert!(closed, "the server saw the connection closed");
}

#[tokio::test]
async fn an_error_status_is_read_whole_as_the_documented_error() {
    let (base, server) = serve(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 22\r\n",
        vec![b"{\"message\":\"no model\"}".to_vec()],
        End::Close,
    );
    let result = client(base).create_chat_completion_stream(&chat()).await;
    match result {
        Err(ClientError::Api {
            error: create_chat_completion::Error::BadRequest(error),
            ..
        }) => {
            assert_eq!(error.message, "no model");
        }
        other => panic!("{other:?}"),
    }
    server.join().unwrap();
}

#[tokio::test]
async fn the_json_method_asks_for_no_stream() {
    let (base, server) = serve(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 22\r\n",
        vec![b"{\"id\":\"c\",\"text\":\"Hi\"}".to_vec()],
        End::Close,
    );
    let completion = client(base).create_chat_completion(&chat()).await.unwrap();
    assert_eq!(completion.text, "Hi");
    let (request, _) = server.join().unwrap();
    assert!(request.contains("\"stream\":false"), "{request}");
}

#[tokio::test]
async fn a_download_arrives_chunk_by_chunk() {
    let pieces: Vec<Vec<u8>> = (0..64_u8).map(|i| vec![i; 1024]).collect();
    let whole: Vec<u8> = pieces.concat();
    let (base, server) = serve(
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\nconnection: close\r\n",
        pieces,
        End::Close,
    );
    let mut stream = client(base)
        .download_file_stream(&download_file::Request::new("f"))
        .await
        .unwrap();
    let (mut received, mut chunks) = (Vec::new(), 0);
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert_eq!(received, whole);
    assert!(chunks > 1, "the body came in more than one chunk");
    server.join().unwrap();
}

#[tokio::test]
async fn an_operation_that_only_streams_reads_whole_events_until_its_sentinel() {
    let body = b"event: tick\ndata: {\"count\":1}\n\ndata: {\"count\":\"two\"}\n\nevent: tick\ndata: {\"count\":3}\n\ndata: END\n\ndata: {\"count\":4}\n\n";
    let (base, server) = serve(SSE_HEAD, vec![body.to_vec()], End::Close);
    let mut stream = client(base)
        .watch_events(&watch_events::Request::new())
        .await
        .unwrap();
    let mut seen = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(event) => seen.push((event.event, event.data.count)),
            Err(other) => panic!("{other}"),
        }
    }
    let tick = Some("tick".to_owned());
    let message = Some("message".to_owned());
    // The second event's count is not an integer: read, with a stand-in, and said.
    assert_eq!(seen, [(tick.clone(), 1), (message, 0), (tick, 3)]);
    let strays = stream.strays();
    assert_eq!(strays.len(), 1);
    assert_eq!(strays[0].index, 1);
    assert_eq!(strays[0].deviations[0].pointer, "/data/count");
    assert_eq!(
        strays[0].deviations[0].value,
        Some(serde_json::json!("two"))
    );
    server.join().unwrap();
}

/// OpenAPI 3.2's `itemSchema` (the whole event, its data JSON of a `contentSchema`): each event
/// read with its name and its typed data, a union read by its tag; Anthropic's error event is
/// the typed error it says.
#[tokio::test]
async fn an_item_schema_reads_whole_events_and_an_error_event_is_typed() {
    let body = b"event: message_start\ndata: {\"type\":\"message_start\",\"id\":\"m1\"}\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\nevent: text_delta\ndata: {\"type\":\"text_delta\",\"text\":\"Hi\"}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    let (base, server) = serve(SSE_HEAD, vec![body.to_vec()], End::Close);
    let mut stream = client(base)
        .create_message(&create_message::Request::new())
        .await
        .unwrap();
    let mut seen = Vec::new();
    while let Some(item) = stream.next().await {
        seen.push(match item {
            Ok(event) => match event.data {
                MessageEvent::MessageStart(start) => format!("{}: {}", event.event, start.id),
                MessageEvent::TextDelta(delta) => format!("{}: {}", event.event, delta.text),
                MessageEvent::Other(value) => format!("{} (other): {value}", event.event),
                // `#[non_exhaustive]`: a member a later document adds.
                other => panic!("{other:?}"),
            },
            Err(StreamError::Event(error)) => format!("error: {error}"),
            Err(other) => panic!("{other}"),
        });
    }
    assert_eq!(
        seen,
        [
            "message_start: m1",
            "ping (other): {\"type\":\"ping\"}",
            "text_delta: Hi",
            "error: the stream sent an error (overloaded_error): Overloaded",
        ]
    );
    let (request, _) = server.join().unwrap();
    assert!(
        request
            .to_ascii_lowercase()
            .contains("accept: text/event-stream"),
        "{request}"
    );
}
