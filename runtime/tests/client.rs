//! The client against real HTTP servers on 127.0.0.1: wiremock, and a raw TCP listener for a
//! body cut short.

use std::error::Error as _;
use std::fmt;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use vendor_runtime::client::{
    Client, ClientError, TransportErrorKind, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
use vendor_runtime::http::{HeaderMap, Method};
use vendor_runtime::{parse_json, ApiError, ApiKey, BaseUrl, RequestBuilder, Unexpected};
use wiremock::matchers::{body_bytes, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-test-0123456789abcdef";

fn client_at(base: &str) -> Client {
    Client::builder("openrouter", BaseUrl::parse(base).unwrap())
        .api_key(ApiKey::new(KEY))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap()
}

/// Asserts that no rendering of `value` shows the key.
#[track_caller]
fn assert_no_key(value: &(impl fmt::Debug + fmt::Display)) {
    for shown in [
        format!("{value}"),
        format!("{value:?}"),
        format!("{value:#?}"),
    ] {
        assert!(!shown.contains(KEY), "the key shows in {shown}");
        assert!(
            !shown.contains("Bearer"),
            "an authorization shows in {shown}"
        );
    }
}

/// What a generated operation error looks like: documented statuses and `Unexpected`.
#[derive(Debug)]
enum DeleteFileError {
    NotFound(serde_json::Value),
    Unexpected(Unexpected),
}

impl DeleteFileError {
    fn status(&self) -> u16 {
        match self {
            Self::NotFound(_) => 404,
            Self::Unexpected(unexpected) => unexpected.status,
        }
    }
}

impl fmt::Display for DeleteFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound(body) => write!(f, "not found: {body}"),
            Self::Unexpected(unexpected) => unexpected.fmt(f),
        }
    }
}

impl std::error::Error for DeleteFileError {}

impl ApiError for DeleteFileError {
    fn status(&self) -> u16 {
        DeleteFileError::status(self)
    }

    fn message(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Self::NotFound(body) => vendor_runtime::message_in(body).map(Into::into),
            Self::Unexpected(unexpected) => unexpected.message(),
        }
    }

    fn summary(&self) -> String {
        match self {
            Self::NotFound(_) => vendor_runtime::summary(404, self.message().as_deref(), None),
            Self::Unexpected(unexpected) => unexpected.summary(),
        }
    }
}

fn parse_delete(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<serde_json::Value, DeleteFileError> {
    match status {
        200 => parse_json(status, headers, body).map_err(DeleteFileError::Unexpected),
        404 => Err(parse_json(status, headers, body)
            .map_or_else(DeleteFileError::Unexpected, DeleteFileError::NotFound)),
        _ => Err(DeleteFileError::Unexpected(Unexpected {
            status,
            body: body.to_vec(),
            reason: vendor_runtime::UnexpectedReason::Undocumented,
        })),
    }
}

fn delete_request(
    client: &Client,
    file_id: &str,
) -> Result<vendor_runtime::http::Request<Vec<u8>>, vendor_runtime::RequestError> {
    let key = client.api_key().unwrap();
    RequestBuilder::new(Method::DELETE, client.base_url(), "/files/{file_id}")
        .path_param("file_id", file_id)
        .bearer(key)
        .build()
}

#[tokio::test]
async fn the_exact_request_arrives_and_the_response_comes_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/files/a%2Fb"))
        .and(query_param("purpose", "fine tune"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("user-agent", DEFAULT_USER_AGENT))
        .and(header("content-type", "application/json"))
        .and(header("x-trace", "t-1"))
        .and(body_bytes(br#"{"name":"x"}"#.to_vec()))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-request-id", "r-42")
                .set_body_raw(br#"{"id":"file-1"}"#.to_vec(), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = client_at(&format!("{}/api/v1/", server.uri()));
    let request = RequestBuilder::new(Method::POST, client.base_url(), "/files/{file_id}")
        .path_param("file_id", "a/b")
        .query("purpose", "fine tune")
        .header("x-trace", "t-1")
        .json_body(&serde_json::json!({"name": "x"}))
        .bearer(client.api_key().unwrap())
        .build()
        .unwrap();
    let response = client.send("upload_file", request).await.unwrap();

    assert_eq!(response.status, 201);
    assert_eq!(response.headers["x-request-id"], "r-42");
    assert_eq!(response.body, br#"{"id":"file-1"}"#);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method.as_str(), "POST");
    assert_eq!(received[0].url.path(), "/api/v1/files/a%2Fb");
    assert_eq!(received[0].url.query(), Some("purpose=fine%20tune"));
    assert_eq!(received[0].headers["accept"], "application/json");
}

#[tokio::test]
async fn a_custom_user_agent_is_sent() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", "my-app/2.0"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder("zhipu", BaseUrl::parse(&server.uri()).unwrap())
        .user_agent("my-app/2.0")
        .build()
        .unwrap();
    let request = RequestBuilder::new(Method::GET, client.base_url(), "/ping")
        .build()
        .unwrap();
    let response = client.send("ping", request).await.unwrap();
    assert_eq!(response.status, 204);
    assert!(response.body.is_empty());
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = client_at(&server.uri());

    let started = std::time::Instant::now();
    let error = client
        .send("delete_file", delete_request(&client, "file-1").unwrap())
        .await
        .unwrap_err();

    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert_eq!(
        error.to_string(),
        "openrouter `delete_file`: timed out after 200 ms"
    );
    assert!(error.source().is_some());
    assert_no_key(&error);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_without_the_url() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = client_at(&format!("http://127.0.0.1:{port}/v1"));
    let request =
        vendor_runtime::http::Request::get(format!("http://127.0.0.1:{port}/v1/models?key={KEY}"))
            .header("authorization", format!("Bearer {KEY}"))
            .body(Vec::new())
            .unwrap();

    let error = client.send("list_models", request).await.unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error:?}");
    assert!(!error.is_timeout());
    assert_eq!(
        (error.vendor(), error.operation()),
        ("openrouter", "list_models")
    );
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!(
            "openrouter `list_models`: could not connect to 127.0.0.1:{port}: "
        )),
        "{shown}"
    );
    assert_no_key(&error);
    let mut source = error.source();
    while let Some(inner) = source {
        assert!(!format!("{inner} {inner:?}").contains(KEY), "{inner:?}");
        source = inner.source();
    }
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut received = Vec::new();
        let mut buffer = [0; 1024];
        while !received.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).unwrap();
            assert!(read > 0, "the client closed before sending its headers");
            received.extend_from_slice(&buffer[..read]);
        }
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: application/json\r\n\r\n{\"id\":\"fi")
            .unwrap();
        // Dropping the stream closes the connection 90 bytes early.
    });
    let client = client_at(&format!("http://127.0.0.1:{port}"));

    let error = client
        .send("delete_file", delete_request(&client, "file-1").unwrap())
        .await
        .unwrap_err();

    server.join().unwrap();
    assert_eq!(error.kind(), TransportErrorKind::Body, "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("openrouter `delete_file`: the response body could not be read: "),
        "{error}"
    );
    assert_no_key(&error);
}

#[tokio::test]
async fn call_maps_success_api_errors_and_request_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/files/file-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"deleted": true})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/files/gone"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"error": "no such file"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/files/broken"))
        .respond_with(
            ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = Client::builder("minimax", BaseUrl::parse(&server.uri()).unwrap())
        .api_key(ApiKey::new(KEY))
        .build()
        .unwrap();

    let call = client.call(
        "delete_file",
        delete_request(&client, "file-1"),
        parse_delete,
    );
    assert_send(&call);
    assert_eq!(*call.await.unwrap(), serde_json::json!({"deleted": true}));

    let error = client
        .call("delete_file", delete_request(&client, "gone"), parse_delete)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert!(
        matches!(
            &error,
            ClientError::Api {
                status: 404,
                error: DeleteFileError::NotFound(_),
                ..
            }
        ),
        "{error:?}"
    );
    // One line: the vendor, the operation, the status and the server's words, once.
    assert_eq!(
        error.to_string(),
        "minimax `delete_file`: HTTP 404: no such file"
    );
    assert!(error.source().is_none(), "{:?}", error.source());
    assert_eq!(
        (error.vendor(), error.operation()),
        ("minimax", "delete_file")
    );
    assert_no_key(&error);

    let error = client
        .call(
            "delete_file",
            delete_request(&client, "broken"),
            parse_delete,
        )
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(502));
    match &error {
        ClientError::Api {
            error: DeleteFileError::Unexpected(unexpected),
            ..
        } => {
            assert_eq!(unexpected.body, b"<html>Bad Gateway</html>");
        }
        other => panic!("expected an Unexpected API error, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "minimax `delete_file`: HTTP 502 (undocumented status): <html>Bad Gateway</html>"
    );

    let error = client
        .call("delete_file", delete_request(&client, ""), parse_delete)
        .await
        .unwrap_err();
    assert_eq!(error.status(), None);
    assert!(
        matches!(
            &error,
            ClientError::Request {
                vendor: "minimax",
                operation: "delete_file",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "minimax `delete_file`: invalid request: the path parameter `file_id` is empty; an empty \
         segment would address another resource"
    );
    assert!(error.source().is_some());
    assert_no_key(&error);
    // The request that failed to build never reached the server.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn call_reports_transport_errors_with_vendor_and_operation() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = client_at(&format!("http://127.0.0.1:{port}"));
    let error = client
        .call(
            "delete_file",
            delete_request(&client, "file-1"),
            parse_delete,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ClientError::Transport(inner) if inner.kind() == TransportErrorKind::Connect),
        "{error:?}"
    );
    assert_eq!(error.status(), None);
    assert!(
        error
            .to_string()
            .starts_with("openrouter `delete_file`: could not connect"),
        "{error}"
    );
    assert_no_key(&error);
}

#[test]
fn the_client_shows_its_configuration_but_never_the_key() {
    let base = BaseUrl::parse("https://api.moonshot.cn/v1").unwrap();
    let builder = Client::builder("moonshot", base.clone()).api_key(ApiKey::new(KEY));
    assert!(!format!("{builder:?}").contains(KEY));
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(
        shown.contains("moonshot") && shown.contains("https://api.moonshot.cn/v1"),
        "{shown}"
    );
    assert!(shown.contains("<redacted>"), "{shown}");

    assert_eq!(client.vendor(), "moonshot");
    assert_eq!(client.base_url(), &base);
    assert_eq!(client.api_key().unwrap().expose(), KEY);
    assert_eq!(client.timeout(), DEFAULT_TIMEOUT);
    assert_eq!(
        DEFAULT_USER_AGENT,
        concat!("vendor-api/", env!("CARGO_PKG_VERSION"))
    );
    let clone = client.clone();
    assert_eq!(clone.base_url(), client.base_url());

    let client = Client::builder("impala", base).build().unwrap();
    assert!(client.api_key().is_none());
}

#[test]
fn a_bad_configuration_is_a_clear_build_error() {
    let base = BaseUrl::parse("https://api.minimax.io").unwrap();
    let error = Client::builder("minimax", base.clone())
        .user_agent("bad\nagent")
        .build()
        .unwrap_err();
    assert!(
        error.to_string().starts_with(
            "could not build the minimax client: the user agent \"bad\\nagent\" is not a valid header value"
        ),
        "{error}"
    );
    assert!(error.source().is_some());

    let error = Client::builder("minimax", base)
        .api_key(ApiKey::new(KEY))
        .timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "could not build the minimax client: the timeout is zero; give a positive duration"
    );
    assert!(!format!("{error:?}").contains(KEY));
}

fn assert_send<T: Send>(_: &T) {}
