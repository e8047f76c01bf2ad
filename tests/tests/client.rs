//! The async client of every vendor (feature `client`) against a real HTTP server on 127.0.0.1:
//! the exact request that arrives, success bodies, each documented error, an undocumented
//! status, an HTML error page, a body cut short, and a timeout; the one-line error with the
//! server's message, the status and headers of a success and an error, retries (`Retry-After`,
//! methods, bounds, before and after a body started), one builder call over your own
//! `reqwest::Client`.

use serde_json::{json, Value};
use std::fmt::Debug;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;
use vendor_api::{impala, minimax, moonshot, openrouter, zhipu};
use vendor_runtime::client::{ClientBuilder, ClientError, Retry, TransportErrorKind};
use vendor_runtime::{ApiKey, BaseUrl, UnexpectedReason};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk-test-0123456789abcdef";
const USER_AGENT: &str = "vendor-tests/1";
const HTML_502: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

/// A module's client from its builder: the test key, a short timeout, our user agent.
fn configure<C: From<vendor_runtime::client::Client>>(builder: ClientBuilder<C>) -> C {
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
    let client = configure(openrouter::Client::builder().base_url(base(&server, "/api/v1")));
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
    let client = configure(moonshot::Client::builder().base_url(base(&server, "")));
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
    let client = configure(minimax::Client::builder().base_url(base(&server, "")));
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
        "minimax `delete_file`: HTTP 200 but the body reports error code 1008: insufficient \
         balance"
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
    let client = configure(zhipu::Client::builder().base_url(base(&server, "/api/")));
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
    let client = configure(impala::Client::builder(base(&server, "/impala")));
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
    let client = configure(openrouter::Client::builder().base_url(base(&server, "")));
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
    let client = configure(moonshot::Client::builder().base_url(base(&server, "")));
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
    let client = configure(zhipu::Client::builder().base_url(base));
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

/// OpenRouter's request to delete the file `id`.
fn delete_request(id: &str) -> openrouter::delete_file::Request {
    openrouter::delete_file::Request::new(id)
}

/// Serves OpenRouter's deletion of the file `id`, a success.
async fn serve_deleted(server: &MockServer, id: &str) {
    let body = json!({"id": id, "type": "file_deleted"}).to_string();
    respond(server, "DELETE", &format!("/files/{id}"), 200, &body).await;
}

/// A client of `base` that retries as `retry` says, with short waits.
fn retrying<C: From<vendor_runtime::client::Client>>(builder: ClientBuilder<C>, retry: Retry) -> C {
    configure(builder.retry(retry))
}

/// A retry policy with waits short enough for a test.
fn quick() -> Retry {
    Retry::new().delays(Duration::from_millis(10), Duration::from_secs(3))
}

/// Serves `status` with `headers` at `at`, at most `times` times (then the next mock answers).
async fn respond_times(
    server: &MockServer,
    at: &str,
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
    times: u64,
) {
    let mut template = ResponseTemplate::new(status)
        .insert_header("content-type", "application/json")
        .set_body_string(body);
    for (name, value) in headers {
        template = template.insert_header(*name, *value);
    }
    Mock::given(path(at))
        .respond_with(template)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn the_error_line_says_vendor_operation_status_and_the_servers_words() {
    let server = MockServer::start().await;
    let client = configure(openrouter::Client::builder().base_url(base(&server, "")));
    let not_found = r#"{"error":{"code":404,"message":"File not found"}}"#;
    respond(&server, "DELETE", "/files/gone", 404, not_found).await;
    respond(
        &server,
        "DELETE",
        "/files/busy",
        529,
        r#"{"type":"error","message":"Overloaded"}"#,
    )
    .await;
    respond(&server, "DELETE", "/files/gateway", 502, HTML_502).await;

    let error = client
        .delete_file(&delete_request("gone"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "openrouter `delete_file`: HTTP 404: File not found"
    );
    // The chain says it once: the operation's error is the variant's, not a source.
    assert!(std::error::Error::source(&error).is_none());
    let (_, typed) = api_error(Err::<(), _>(error));
    assert_eq!(typed.message().as_deref(), Some("File not found"));

    // An undocumented status: the server's words from a common JSON shape.
    let error = client
        .delete_file(&delete_request("busy"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "openrouter `delete_file`: HTTP 529: Overloaded"
    );
    // No message in the body: nothing made up, the body as received, cut short.
    let error = client
        .delete_file(&delete_request("gateway"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("openrouter `delete_file`: HTTP 502 (undocumented status): {HTML_502}")
    );
    assert!(!error.to_string().contains('\n'));
}

#[tokio::test]
async fn success_and_errors_keep_status_and_headers() {
    let server = MockServer::start().await;
    let client = configure(openrouter::Client::builder().base_url(base(&server, "")));
    respond_times(
        &server,
        "/files/f1",
        200,
        &[
            ("x-request-id", "req_ok"),
            ("x-ratelimit-remaining-requests", "41"),
        ],
        r#"{"id":"f1","type":"file_deleted"}"#,
        1,
    )
    .await;
    respond_times(
        &server,
        "/files/f2",
        429,
        &[("x-request-id", "req_limited"), ("retry-after", "7")],
        r#"{"error":{"code":429,"message":"Slow down"}}"#,
        1,
    )
    .await;
    let deleted = client.delete_file(&delete_request("f1")).await.unwrap();
    // The simple path reads the body through the wrapper; status and headers are beside it.
    assert_eq!(deleted.id, "f1");
    assert_eq!(deleted.status(), 200);
    assert_eq!(deleted.meta().request_id(), Some("req_ok"));
    assert_eq!(
        deleted.meta().header("x-ratelimit-remaining-requests"),
        Some("41")
    );
    let body: openrouter::FileDeleteResponse = deleted.into_inner();
    assert_eq!(body.id, "f1");

    let error = client.delete_file(&delete_request("f2")).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(error.request_id(), Some("req_limited"));
    assert_eq!(
        error.to_string(),
        "openrouter `delete_file`: HTTP 429: Slow down"
    );
    // Without retries, the 429 came back at once.
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_that_wait() {
    let server = MockServer::start().await;
    let client = retrying(
        openrouter::Client::builder().base_url(base(&server, "")),
        quick(),
    );
    respond_times(
        &server,
        "/files/f1",
        429,
        &[("retry-after", "1")],
        r#"{"error":{"code":429,"message":"Slow down"}}"#,
        1,
    )
    .await;
    serve_deleted(&server, "f1").await;
    let started = std::time::Instant::now();
    let deleted = client
        .delete_file(&delete_request("f1"))
        .await
        .expect("the second attempt succeeds");
    assert_eq!(deleted.id, "f1");
    assert_eq!(requests(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_post_is_not_repeated_unless_asked() {
    let server = MockServer::start().await;
    let limited = r#"{"base_resp":{"status_code":1002,"status_msg":"rate limited"}}"#;
    respond_times(
        &server,
        "/v1/files/delete",
        429,
        &[("retry-after", "0")],
        limited,
        100,
    )
    .await;
    let request = minimax::delete_file::Request::new(minimax::DeleteFileReq::new(1, "voice_clone"));

    let client = retrying(
        minimax::Client::builder().base_url(base(&server, "")),
        quick(),
    );
    let error = client.delete_file(&request).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(requests(&server).await, 1, "a POST was repeated");

    let asked = quick().attempts(3).non_idempotent(true);
    let client = retrying(
        minimax::Client::builder().base_url(base(&server, "")),
        asked,
    );
    let error = client.delete_file(&request).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(requests(&server).await, 1 + 3);
}

#[tokio::test]
async fn retries_are_bounded_in_attempts_and_time() {
    let server = MockServer::start().await;
    respond_times(&server, "/files/down", 503, &[], "{}", 100).await;
    respond_times(
        &server,
        "/files/later",
        429,
        &[("retry-after", "3600")],
        "{}",
        100,
    )
    .await;
    let client = retrying(
        openrouter::Client::builder().base_url(base(&server, "")),
        quick().attempts(4),
    );
    let error = client
        .delete_file(&delete_request("down"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await, 4);

    // A Retry-After beyond the longest wait is not waited for: the 429 comes back with it.
    let started = std::time::Instant::now();
    let error = client
        .delete_file(&delete_request("later"))
        .await
        .unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(requests(&server).await, 5);
    assert!(started.elapsed() < Duration::from_secs(1));

    // Nor past the time budget.
    server.reset().await;
    respond_times(
        &server,
        "/files/down",
        503,
        &[("retry-after", "1")],
        "{}",
        100,
    )
    .await;
    let client = retrying(
        openrouter::Client::builder().base_url(base(&server, "")),
        quick().attempts(10).budget(Duration::from_millis(1500)),
    );
    let started = std::time::Instant::now();
    client
        .delete_file(&delete_request("down"))
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 2);
    assert!(started.elapsed() < Duration::from_millis(1500));
}

/// A server on 127.0.0.1 that answers each connection as `script` says, in order: `None`
/// hangs up without a word, `Some(bytes)` writes them and hangs up. It gives how many
/// connections it took.
fn scripted(script: Vec<Option<&'static [u8]>>) -> (BaseUrl, std::thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let server = std::thread::spawn(move || {
        let mut served = 0;
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        while served < script.len() && std::time::Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            let mut request = [0_u8; 4096];
            let _ = stream.read(&mut request).unwrap();
            if let Some(answer) = script[served] {
                stream.write_all(answer).unwrap();
            }
            served += 1;
        }
        served
    });
    let base = BaseUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    (base, server)
}

#[tokio::test]
async fn a_failure_before_the_response_is_retried_a_cut_body_is_not() {
    const OK: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 33\r\nconnection: close\r\n\r\n{\"id\":\"f1\",\"type\":\"file_deleted\"}";
    const CUT: &[u8] =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":";
    let delete = delete_request("f1");
    // The connection closed before any response: tried again.
    let (base, server) = scripted(vec![None, Some(OK)]);
    let client = retrying(openrouter::Client::builder().base_url(base), quick());
    let deleted = client
        .delete_file(&delete)
        .await
        .expect("the retry succeeds");
    assert_eq!(deleted.id, "f1");
    assert_eq!(server.join().unwrap(), 2);

    // The body started, then the connection closed: never repeated.
    let (base, server) = scripted(vec![Some(CUT), Some(OK)]);
    let client = retrying(openrouter::Client::builder().base_url(base), quick());
    let error = client.delete_file(&delete).await.unwrap_err();
    assert!(
        matches!(&error, ClientError::Transport(inner) if inner.kind() == TransportErrorKind::Body),
        "{error:?}"
    );
    assert_eq!(server.join().unwrap(), 1);
}

#[tokio::test]
async fn one_builder_call_gives_the_vendor_client_over_your_reqwest_client() {
    // The document's server by default, no parsing on the caller's side.
    let client: openrouter::Client = openrouter::Client::builder().build().unwrap();
    assert_eq!(
        client.inner().base_url().as_str(),
        "https://openrouter.ai/api/v1"
    );
    assert_eq!(client.inner().vendor(), "openrouter");

    // Your own reqwest::Client: its default headers arrive, the module's settings still apply.
    let server = MockServer::start().await;
    serve_deleted(&server, "f1").await;
    use vendor_runtime::client::reqwest;
    // reqwest here has no TLS provider of its own: a user of it installs one, as we do.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-through", "my-proxy".parse().unwrap());
    let mine = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = openrouter::Client::builder()
        .base_url(base(&server, ""))
        .http_client(mine)
        .api_key(ApiKey::new(KEY))
        .user_agent(USER_AGENT)
        .build()
        .unwrap();
    client.delete_file(&delete_request("f1")).await.unwrap();
    let arrived = received(&server).await;
    assert_eq!(arrived.headers["x-through"], "my-proxy");
    assert_headers(&arrived, true, false);
}

/// The client reads a body that strays from the document leniently, success and error alike,
/// and says where each strayed: a success missing a required property, an error body with
/// `null` for its message, a success status the document does not list.
#[tokio::test]
async fn a_response_that_strays_from_its_document_is_read_and_says_how() {
    let server = MockServer::start().await;
    let client = configure(openrouter::Client::builder().base_url(base(&server, "/api/v1")));
    respond(&server, "DELETE", "/api/v1/files/f1", 200, r#"{"id":"f1"}"#).await;
    let deleted = client
        .delete_file(&openrouter::delete_file::Request::new("f1"))
        .await
        .expect("read leniently");
    assert_eq!(deleted.id, "f1");
    let found: Vec<String> = deleted
        .meta()
        .deviations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(found, ["/type: a required property is missing"]);

    let body = r#"{"error":{"code":404,"message":null}}"#;
    respond(&server, "DELETE", "/api/v1/files/f2", 404, body).await;
    let error = client
        .delete_file(&openrouter::delete_file::Request::new("f2"))
        .await
        .unwrap_err();
    let meta = error.meta().expect("an API error has its meta");
    let found: Vec<(&str, &vendor_runtime::DeviationKind)> = meta
        .deviations()
        .iter()
        .map(|deviation| (deviation.pointer.as_str(), &deviation.kind))
        .collect();
    assert_eq!(
        found,
        [("/error/message", &vendor_runtime::DeviationKind::Null)]
    );
    assert!(
        matches!(
            error,
            ClientError::Api {
                error: openrouter::delete_file::Error::NotFound(_),
                ..
            }
        ),
        "{error:?}"
    );

    let body = r#"{"id":"f3","type":"file_deleted"}"#;
    respond(&server, "DELETE", "/api/v1/files/f3", 202, body).await;
    let deleted = client
        .delete_file(&openrouter::delete_file::Request::new("f3"))
        .await
        .expect("an undocumented success status, read as the success");
    assert_eq!(
        deleted.meta().deviations()[0].kind,
        vendor_runtime::DeviationKind::UndocumentedStatus(202)
    );
}
