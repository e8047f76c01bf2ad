//! Responses that are not only JSON, as generated from `tests/fixtures/compile/streams.yaml`
//! (crate `codegen_samples`): bytes, text by its charset, an event stream, and a status that
//! documents JSON or a stream, chosen by the response's `content-type`; the `accept` header
//! of the operations that have one.

use codegen_samples::streams::{
    create_chat_completion, download_file, export_text, ChatRequest, Completion, CompletionChunk,
};
use vendor_runtime::http::{header::CONTENT_TYPE, HeaderMap, HeaderValue};
use vendor_runtime::{sse, BaseUrl, Content, UnexpectedReason};

fn headers(content_type: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
    headers
}

fn base() -> BaseUrl {
    "https://api.example.com/v1".parse().unwrap()
}

#[test]
fn accept_lists_the_success_media_types_then_those_of_errors() {
    let chat = create_chat_completion::Request::new(ChatRequest::new("m").with_stream(true));
    let request = chat.to_http(&base(), None).unwrap();
    assert_eq!(
        request.headers()["accept"],
        "application/json, text/event-stream"
    );
    let download = download_file::Request::new("f/1");
    let request = download.to_http(&base(), None).unwrap();
    // Its error is text: a server that negotiates may send it to a request for bytes.
    assert_eq!(
        request.headers()["accept"],
        "application/octet-stream, text/plain;q=0.9"
    );
    assert_eq!(
        request.uri(),
        "https://api.example.com/v1/files/f%2F1/content"
    );
    let request = export_text::Request::new().to_http(&base(), None).unwrap();
    assert_eq!(request.headers()["accept"], "text/csv, application/pdf");
}

#[test]
fn a_download_is_its_bytes_and_its_error_is_text() {
    let bytes = [0u8, 159, 146, 150, 255];
    let body = download_file::Request::parse_response(200, &headers("audio/mpeg"), &bytes);
    assert_eq!(body, Ok(bytes.to_vec()));
    let error =
        download_file::Request::parse_response(404, &headers("text/plain"), b"no such file");
    assert_eq!(
        error,
        Err(download_file::Error::NotFound("no such file".to_owned()))
    );
}

#[test]
fn text_is_decoded_by_its_charset_and_never_lossily() {
    let export = |content_type: &str, body: &[u8]| {
        export_text::Request::parse_response(200, &headers(content_type), body)
    };
    // "café,€" in windows-1252, which the Encoding Standard reads `iso-8859-1` as, as browsers do.
    let latin1 = b"caf\xE9,\x80\n";
    assert_eq!(
        export("text/csv; charset=ISO-8859-1", latin1),
        Ok(Content::Text("café,€\n".to_owned()))
    );
    assert_eq!(
        export("text/csv; charset=\"utf-8\"", "ñ".as_bytes()),
        Ok(Content::Text("ñ".to_owned()))
    );
    // No charset: UTF-8; bytes that are not UTF-8 are kept, not replaced.
    match export("text/csv", latin1) {
        Err(export_text::Error::Unexpected(unexpected)) => {
            assert_eq!(unexpected.body, latin1);
            assert!(
                matches!(unexpected.reason, UnexpectedReason::Unparsable(ref why) if why.contains("UTF-8"))
            );
        }
        other => panic!("{other:?}"),
    }
    match export("text/csv; charset=klingon", b"x") {
        Err(export_text::Error::Unexpected(unexpected)) => {
            assert!(
                matches!(unexpected.reason, UnexpectedReason::Unparsable(ref why) if why.contains("klingon"))
            );
        }
        other => panic!("{other:?}"),
    }
    // The other documented kind, by the content type; none: the first documented, text.
    assert_eq!(
        export("application/pdf", latin1),
        Ok(Content::Bytes(latin1.to_vec()))
    );
    assert_eq!(
        export_text::Request::parse_response(200, &HeaderMap::new(), b"a,b"),
        Ok(Content::Text("a,b".to_owned()))
    );
    // A JSON content type where none is documented is not read as JSON.
    assert_eq!(
        export("application/json", b"{}"),
        Ok(Content::Text("{}".to_owned()))
    );
}

#[test]
fn json_or_a_stream_is_chosen_by_the_content_type() {
    let json = create_chat_completion::Request::parse_response(
        200,
        &headers("application/json; charset=utf-8"),
        br#"{"id":"c1","text":"Hi"}"#,
    )
    .unwrap();
    let Content::Json(Completion { id, text, .. }) = json else {
        panic!("{json:?}")
    };
    assert_eq!((id.as_str(), text.as_str()), ("c1", "Hi"));

    let stream = b"data: {\"id\":\"c1\",\"delta\":\"H\"}\n\n: keep-alive\n\ndata: {\"id\":\"c1\",\"delta\":\"i\"}\r\n\r\ndata: [DONE]\n\n";
    let events =
        create_chat_completion::Request::parse_response(200, &headers("text/event-stream"), stream)
            .unwrap();
    let Content::Events(events) = events else {
        panic!("{events:?}")
    };
    let mut deltas = String::new();
    for event in events {
        match sse::read::<CompletionChunk>(event, Some("[DONE]")) {
            Ok(Some(chunk)) => deltas.push_str(&chunk.delta),
            Ok(None) => break,
            Err(unparsable) => panic!("{unparsable}"),
        }
    }
    assert_eq!(deltas, "Hi");

    // No `content-type`: the first documented kind, JSON; a stream cut inside an event is
    // unexpected, with its bytes.
    assert!(matches!(
        create_chat_completion::Request::parse_response(
            200,
            &HeaderMap::new(),
            b"{\"id\":\"c\",\"text\":\"\"}"
        ),
        Ok(Content::Json(_))
    ));
    let cut = create_chat_completion::Request::parse_response(
        200,
        &headers("text/event-stream"),
        b"data: {\"id\"",
    );
    match cut {
        Err(create_chat_completion::Error::Unexpected(unexpected)) => {
            assert_eq!(unexpected.body, b"data: {\"id\"");
        }
        other => panic!("{other:?}"),
    }
}
