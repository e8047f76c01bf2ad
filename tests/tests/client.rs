//! The async client of every vendor (feature `client`) against a real HTTP server on 127.0.0.1:
//! the exact request that arrives, success bodies, each documented error, an undocumented
//! status, an HTML error page, a body cut short, and a timeout.

use serde_json::{json, Value};
use std::fmt::Debug;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;
use vendor_api::{impala, minimax, moonshot, openrouter, zhipu};
use vendor_runtime::client::{ClientBuilder, ClientError, TransportErrorKind};
use vendor_runtime::{ApiKey, BaseUrl, UnexpectedReason};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk-test-0123456789abcdef";
const USER_AGENT: &str = "vendor-tests/1";
const HTML_502: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

/// A runtime client from a module's builder: the test key, a short timeout, our user agent.
fn configure(builder: ClientBuilder) -> vendor_runtime::client::Client {
    builder
        .api_key(ApiKey::new(KEY))
        .timeout(Duration::from_millis(500))
        .user_agent(USER_AGENT)
        .build()
        .expect("the client builds")
}

fn base(server: &MockServer, base_path: &str) -> BaseUrl {
    BaseUrl::parse(&format!("{}{base_path}", server.uri())).unwrap()
}

/// Serves `status` with a JSON (or, for `html`, an HTML) body at `path`.
async fn respond(server: &MockServer, verb: &str, at: &str, status: u16, body: &str) {
    let content_type = if body.starts_with('<') {
        "text/html"
    } else {
        "application/json"
    };
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("content-type", content_type)
                .set_body_string(body),
        )
        .mount(server)
        .await;
}

/// The one request the server received: method, path and query, headers, body.
async fn received(server: &MockServer) -> Request {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request arrives");
    requests.into_iter().next().unwrap()
}

#[track_caller]
fn assert_headers(request: &Request, bearer: bool, json_body: bool) {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    assert_eq!(header("user-agent").as_deref(), Some(USER_AGENT));
    let authorization = bearer.then(|| format!("Bearer {KEY}"));
    assert_eq!(header("authorization"), authorization);
    let content_type = json_body.then(|| "application/json".to_owned());
    assert_eq!(header("content-type"), content_type);
}

/// The API error of a call that must fail with one: its status and the operation's error.
#[track_caller]
fn api_error<T: Debug, E: Debug>(result: Result<T, ClientError<E>>) -> (u16, E) {
    match result {
        Err(ClientError::Api { status, error, .. }) => (status, error),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// The variant name of an operation error, from its `Debug`.
fn variant(error: &impl Debug) -> String {
    format!("{error:?}")
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn openrouter_over_http() {
    let server = MockServer::start().await;
    let client = openrouter::Client::from_client(configure(openrouter::Client::builder(base(
        &server, "/api/v1",
    ))));
    respond(
        &server,
        "DELETE",
        "/api/v1/files/file%2F011",
        200,
        r#"{"id":"file/011","type":"file_deleted"}"#,
    )
    .await;
    let request = openrouter::delete_file::Request::new("file/011")
        .with_workspace_id("a103d8b6-42f0-4e50-9a3c-bf41e2c3c1a7");
    let deleted = client.delete_file(&request).await.expect("200 parses");
    assert_eq!(deleted.id, "file/011");
    let arrived = received(&server).await;
    assert_eq!(arrived.method.as_str(), "DELETE");
    assert_eq!(arrived.url.path(), "/api/v1/files/file%2F011");
    assert_eq!(
        arrived.url.query(),
        Some("workspace_id=a103d8b6-42f0-4e50-9a3c-bf41e2c3c1a7")
    );
    assert_headers(&arrived, true, false);
    assert!(arrived.body.is_empty());

    for (status, expect) in [
        (401, "Unauthorized"),
        (404, "NotFound"),
        (429, "TooManyRequests"),
        (500, "InternalServerError"),
    ] {
        let id = format!("e{status}");
        let body = json!({"error": {"code": status, "message": expect}}).to_string();
        respond(
            &server,
            "DELETE",
            &format!("/api/v1/files/{id}"),
            status,
            &body,
        )
        .await;
        let result = client
            .delete_file(&openrouter::delete_file::Request::new(id))
            .await;
        let shown = format!("{}", result.as_ref().unwrap_err());
        assert!(
            shown.starts_with(&format!("openrouter `delete_file`: HTTP {status}")),
            "{shown}"
        );
        let (got, error) = api_error(result);
        assert_eq!((got, variant(&error).as_str()), (status, expect));
    }
}

#[tokio::test]
async fn moonshot_over_http() {
    let server = MockServer::start().await;
    let client =
        moonshot::Client::from_client(configure(moonshot::Client::builder(base(&server, ""))));
    respond(
        &server,
        "DELETE",
        "/v1/files/f1",
        200,
        r#"{"id":"f1","object":"file","deleted":true}"#,
    )
    .await;
    let deleted = client
        .delete_v1_files_by_file_id(&moonshot::delete_v1_files_by_file_id::Request::new("f1"))
        .await
        .unwrap();
    assert!(deleted.deleted);
    assert_headers(&received(&server).await, true, false);
    for (status, expect) in [
        (401, "Unauthorized"),
        (404, "NotFound"),
        (500, "InternalServerError"),
    ] {
        let id = format!("e{status}");
        respond(
            &server,
            "DELETE",
            &format!("/v1/files/{id}"),
            status,
            r#"{"error":{"message":"m","type":"t"}}"#,
        )
        .await;
        let (got, error) = api_error(
            client
                .delete_v1_files_by_file_id(&moonshot::delete_v1_files_by_file_id::Request::new(id))
                .await,
        );
        assert_eq!((got, variant(&error).as_str()), (status, expect));
    }
}

#[tokio::test]
async fn minimax_over_http_with_errors_inside_200() {
    let server = MockServer::start().await;
    let client =
        minimax::Client::from_client(configure(minimax::Client::builder(base(&server, ""))));
    respond(
        &server,
        "POST",
        "/v1/files/delete",
        200,
        r#"{"file_id":123,"base_resp":{"status_code":0,"status_msg":"success"}}"#,
    )
    .await;
    let request =
        minimax::delete_file::Request::new(minimax::DeleteFileReq::new(123, "voice_clone"));
    let deleted = client.delete_file(&request).await.unwrap();
    assert_eq!(deleted.file_id, Some(123));
    let arrived = received(&server).await;
    assert_eq!(
        (arrived.method.as_str(), arrived.url.path()),
        ("POST", "/v1/files/delete")
    );
    assert_headers(&arrived, true, true);
    let sent: Value = serde_json::from_slice(&arrived.body).unwrap();
    assert_eq!(sent, json!({"file_id": 123, "purpose": "voice_clone"}));

    server.reset().await;
    respond(
        &server,
        "POST",
        "/v1/files/delete",
        200,
        r#"{"base_resp":{"status_code":1008,"status_msg":"insufficient balance"}}"#,
    )
    .await;
    let result = client.delete_file(&request).await;
    assert_eq!(
        result.as_ref().unwrap_err().to_string(),
        "minimax `delete_file`: HTTP 200: `delete_file` (POST /v1/files/delete) failed: HTTP 200 \
         but the body reports error code 1008: insufficient balance"
    );
    let (status, error) = api_error(result);
    assert!(
        matches!(error, minimax::delete_file::Error::Reported { ref error, .. } if error.code == json!(1008)),
        "{error:?}"
    );
    assert_eq!(status, 200);
}

#[tokio::test]
async fn zhipu_over_http() {
    let server = MockServer::start().await;
    let client =
        zhipu::Client::from_client(configure(zhipu::Client::builder(base(&server, "/api/"))));
    respond(
        &server,
        "DELETE",
        "/api/paas/v4/files/f1",
        200,
        r#"{"id":"f1","object":"file","deleted":true}"#,
    )
    .await;
    respond(
        &server,
        "DELETE",
        "/api/paas/v4/files/e400",
        400,
        r#"{"error":{"code":"1214","message":"bad"}}"#,
    )
    .await;
    let ok = client
        .delete_paas_v4_files_by_file_id(&zhipu::delete_paas_v4_files_by_file_id::Request::new(
            "f1",
        ))
        .await
        .unwrap();
    assert_eq!(ok.deleted, Some(true));
    let arrived = received(&server).await;
    assert_eq!(
        (arrived.method.as_str(), arrived.url.path()),
        ("DELETE", "/api/paas/v4/files/f1")
    );
    assert_headers(&arrived, true, false);
    let (status, error) = api_error(
        client
            .delete_paas_v4_files_by_file_id(&zhipu::delete_paas_v4_files_by_file_id::Request::new(
                "e400",
            ))
            .await,
    );
    assert!(
        matches!(
            error,
            zhipu::delete_paas_v4_files_by_file_id::Error::Default { status: 400, .. }
        ),
        "{error:?}"
    );
    assert_eq!(status, 400);
}

#[tokio::test]
async fn impala_over_http_needs_no_key() {
    let server = MockServer::start().await;
    // impala documents no server: the base URL is ours, with a path of its own.
    let client =
        impala::Client::from_client(configure(impala::Client::builder(base(&server, "/impala"))));
    respond(
        &server,
        "DELETE",
        "/impala/v1/files/f1",
        200,
        r#"{"id":"f1","object":"file","deleted":true}"#,
    )
    .await;
    respond(
        &server,
        "DELETE",
        "/impala/v1/files/e404",
        404,
        r#"{"error":{"message":"gone","type":"not_found"}}"#,
    )
    .await;
    respond(
        &server,
        "DELETE",
        "/impala/v1/files/e422",
        422,
        r#"{"detail":[{"loc":["path",0],"msg":"bad","type":"t"}]}"#,
    )
    .await;
    let ok = client
        .delete_file_v1_files_file_id_delete(
            &impala::delete_file_v1_files_file_id_delete::Request::new("f1"),
        )
        .await
        .unwrap();
    assert_eq!(ok.id, "f1");
    // impala's operation asks no key: none is sent, though the client has one.
    assert_headers(&received(&server).await, false, false);
    for (id, expect) in [("e404", "NotFound"), ("e422", "UnprocessableEntity")] {
        let (_, error) = api_error(
            client
                .delete_file_v1_files_file_id_delete(
                    &impala::delete_file_v1_files_file_id_delete::Request::new(id),
                )
                .await,
        );
        assert_eq!(variant(&error), expect);
    }
}

#[tokio::test]
async fn undocumented_html_and_cut_responses_keep_their_bytes() {
    let server = MockServer::start().await;
    let client =
        openrouter::Client::from_client(configure(openrouter::Client::builder(base(&server, ""))));
    respond(
        &server,
        "DELETE",
        "/files/teapot",
        418,
        r#"{"short":"and stout"}"#,
    )
    .await;
    respond(&server, "DELETE", "/files/gateway", 502, HTML_502).await;
    respond(&server, "DELETE", "/files/cut", 200, r#"{"id":"cut","ty"#).await;
    for (id, status, body, undocumented) in [
        ("teapot", 418, r#"{"short":"and stout"}"#, true),
        ("gateway", 502, HTML_502, true),
        ("cut", 200, r#"{"id":"cut","ty"#, false),
    ] {
        let request = openrouter::delete_file::Request::new(id);
        let (got, error) = api_error(client.delete_file(&request).await);
        let openrouter::delete_file::Error::Unexpected(unexpected) = error else {
            panic!("{id}: {error:?}")
        };
        assert_eq!(
            (got, unexpected.status, unexpected.body.as_slice()),
            (status, status, body.as_bytes())
        );
        assert_eq!(
            unexpected.reason == UnexpectedReason::Undocumented,
            undocumented,
            "{id}: {unexpected:?}"
        );
    }
}

#[tokio::test]
async fn a_timeout_is_a_transport_error() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client =
        moonshot::Client::from_client(configure(moonshot::Client::builder(base(&server, ""))));
    let started = std::time::Instant::now();
    let result = client
        .delete_v1_files_by_file_id(&moonshot::delete_v1_files_by_file_id::Request::new("slow"))
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the timeout did not cut the wait"
    );
    match result {
        Err(ClientError::Transport(error)) => {
            assert!(error.is_timeout(), "{error}");
            assert_eq!(
                (error.vendor(), error.operation()),
                ("moonshot", "delete_v1_files_by_file_id")
            );
            assert!(!format!("{error} {error:?}").contains(KEY));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_body_cut_short_by_the_server_is_a_transport_error() {
    // A server that promises 100 bytes, sends 10, and hangs up.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0_u8; 4096];
        let _ = stream.read(&mut request).unwrap();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":\"f1\"")
            .unwrap();
    });
    let base = BaseUrl::parse(&format!("http://127.0.0.1:{port}/api/")).unwrap();
    let client = zhipu::Client::from_client(configure(zhipu::Client::builder(base)));
    let result = client
        .delete_paas_v4_files_by_file_id(&zhipu::delete_paas_v4_files_by_file_id::Request::new(
            "f1",
        ))
        .await;
    server.join().unwrap();
    match result {
        Err(ClientError::Transport(error)) => {
            assert_eq!(error.kind(), TransportErrorKind::Body, "{error}")
        }
        other => panic!("{other:?}"),
    }
}
