//! Sans-IO HTTP: every vendor's operation builds the exact request the document describes, and
//! parses every kind of response it may get back, losing nothing.

use serde_json::{json, Value};
use vendor_api::{impala, minimax, moonshot, openrouter, zhipu};
use vendor_runtime::http::{self, HeaderMap, Request};
use vendor_runtime::{ApiKey, BaseUrl, UnexpectedReason};

const KEY: &str = "sk-test-0123456789";

fn base(url: &str) -> BaseUrl {
    BaseUrl::parse(url).unwrap_or_else(|error| panic!("{url}: {error}"))
}

fn key() -> ApiKey {
    ApiKey::new(KEY)
}

/// The parts of a built request that a server sees.
#[track_caller]
fn assert_request(
    request: &Request<Vec<u8>>,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) {
    assert_eq!(request.method().as_str(), method);
    assert_eq!(request.uri().to_string(), uri);
    let mut seen: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    seen.sort();
    let mut expected: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(seen, expected);
    match body {
        Some(body) => {
            let sent: Value = serde_json::from_slice(request.body()).expect("the body is JSON");
            assert_eq!(sent, body);
        }
        None => assert!(request.body().is_empty(), "no body expected"),
    }
    assert!(
        !format!("{request:?}").contains(KEY),
        "the key shows in {request:?}"
    );
}

fn json_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        "application/json".parse().unwrap(),
    );
    headers
}

fn html_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        "text/html; charset=utf-8".parse().unwrap(),
    );
    headers
}

const HTML_502: &[u8] = b"<html><body><h1>502 Bad Gateway</h1></body></html>";

#[test]
fn moonshot_builds_and_parses() {
    let request = moonshot::delete_v1_files_by_file_id::Request::new("file-abc");
    let built = request
        .to_http(&base(moonshot::BASE_URL), Some(&key()))
        .unwrap();
    assert_request(
        &built,
        "DELETE",
        "https://api.moonshot.cn/v1/files/file-abc",
        &[
            ("accept", "application/json"),
            ("authorization", &format!("Bearer {KEY}")),
        ],
        None,
    );
    type R = moonshot::delete_v1_files_by_file_id::Request;
    type E = moonshot::delete_v1_files_by_file_id::Error;
    let ok = R::parse_response(
        200,
        &json_headers(),
        br#"{"id":"file-abc","object":"file","deleted":true}"#,
    )
    .unwrap();
    assert_eq!((ok.id.as_str(), ok.deleted), ("file-abc", true));
    let error = br#"{"error":{"message":"no such file","type":"invalid_request_error"}}"#;
    for (status, expect) in [
        (401, "Unauthorized"),
        (404, "NotFound"),
        (500, "InternalServerError"),
    ] {
        let parsed = R::parse_response(status, &json_headers(), error).unwrap_err();
        assert_eq!(parsed.status(), status);
        let variant = match &parsed {
            E::Unauthorized(body) | E::NotFound(body) | E::InternalServerError(body) => {
                assert_eq!(body.error.message, "no such file");
                format!("{parsed:?}")
            }
            other => panic!("{status}: {other:?}"),
        };
        assert!(variant.starts_with(expect), "{variant}");
    }
}

#[test]
fn minimax_sends_json_and_no_content_type_parameter() {
    let request =
        minimax::delete_file::Request::new(minimax::DeleteFileReq::new(123, "voice_clone"));
    let built = request
        .to_http(&base(minimax::BASE_URL), Some(&key()))
        .unwrap();
    assert_request(
        &built,
        "POST",
        "https://api.minimaxi.com/v1/files/delete",
        &[
            ("accept", "application/json"),
            ("authorization", &format!("Bearer {KEY}")),
            ("content-type", "application/json"),
        ],
        Some(json!({"file_id": 123, "purpose": "voice_clone"})),
    );
    let ok = minimax::delete_file::Request::parse_response(
        200,
        &json_headers(),
        br#"{"file_id":123,"base_resp":{"status_code":0,"status_msg":"success"}}"#,
    )
    .unwrap();
    assert_eq!(ok.file_id, Some(123));
    // MiniMax reports failures inside HTTP 200; its overlay declares where (`x-error-code`).
    let failed = minimax::delete_file::Request::parse_response(
        200,
        &json_headers(),
        br#"{"base_resp":{"status_code":1004,"status_msg":"authentication failed"}}"#,
    )
    .unwrap_err();
    match &failed {
        minimax::delete_file::Error::Reported {
            status,
            error,
            body,
        } => {
            assert_eq!(*status, 200);
            assert_eq!(error.code, json!(1004));
            assert_eq!(error.message.as_deref(), Some("authentication failed"));
            assert_eq!(body.base_resp.as_ref().unwrap().status_code, Some(1004));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        failed.to_string(),
        "`delete_file` (POST /v1/files/delete) failed: HTTP 200 but the body reports error \
         code 1004: authentication failed"
    );
}

#[test]
fn zhipu_joins_its_base_path_and_parses_the_default_error() {
    let request = zhipu::delete_paas_v4_files_by_file_id::Request::new("f1");
    let built = request
        .to_http(&base(zhipu::BASE_URL), Some(&key()))
        .unwrap();
    assert_request(
        &built,
        "DELETE",
        "https://open.bigmodel.cn/api/paas/v4/files/f1",
        &[
            ("accept", "application/json"),
            ("authorization", &format!("Bearer {KEY}")),
        ],
        None,
    );
    type R = zhipu::delete_paas_v4_files_by_file_id::Request;
    let error = R::parse_response(
        400,
        &json_headers(),
        br#"{"error":{"code":"1214","message":"bad"}}"#,
    )
    .unwrap_err();
    match error {
        zhipu::delete_paas_v4_files_by_file_id::Error::Default { status, body } => {
            assert_eq!(status, 400);
            assert_eq!(body.error.unwrap().code, "1214");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn impala_needs_a_base_url_and_no_key() {
    let request = impala::delete_file_v1_files_file_id_delete::Request::new("file-1");
    let built = request
        .to_http(&base("http://127.0.0.1:9/gateway/"), Some(&key()))
        .unwrap();
    assert_request(
        &built,
        "DELETE",
        "http://127.0.0.1:9/gateway/v1/files/file-1",
        &[("accept", "application/json")],
        None,
    );
    type R = impala::delete_file_v1_files_file_id_delete::Request;
    type E = impala::delete_file_v1_files_file_id_delete::Error;
    let not_found = R::parse_response(
        404,
        &json_headers(),
        br#"{"error":{"message":"gone","type":"not_found"}}"#,
    );
    assert!(
        matches!(not_found, Err(E::NotFound(ref body)) if body.error.message == "gone"),
        "{not_found:?}"
    );
    let invalid = R::parse_response(
        422,
        &json_headers(),
        br#"{"detail":[{"loc":["path","file_id"],"msg":"bad","type":"value_error"}]}"#,
    );
    assert!(
        matches!(invalid, Err(E::UnprocessableEntity(_))),
        "{invalid:?}"
    );
}

#[test]
fn openrouter_keeps_its_base_path_and_leaves_out_absent_query_parameters() {
    let mut request = openrouter::delete_file::Request::new("file_011");
    let built = request
        .to_http(&base(openrouter::BASE_URL), Some(&key()))
        .unwrap();
    assert_request(
        &built,
        "DELETE",
        "https://openrouter.ai/api/v1/files/file_011",
        &[
            ("accept", "application/json"),
            ("authorization", &format!("Bearer {KEY}")),
        ],
        None,
    );
    request.workspace_id = Some("a103d8b6-42f0-4e50-9a3c-bf41e2c3c1a7".into());
    let built = request.to_http(&base(openrouter::BASE_URL), None).unwrap();
    assert_request(
        &built,
        "DELETE",
        "https://openrouter.ai/api/v1/files/file_011?workspace_id=a103d8b6-42f0-4e50-9a3c-bf41e2c3c1a7",
        &[("accept", "application/json")],
        None,
    );
    type R = openrouter::delete_file::Request;
    type E = openrouter::delete_file::Error;
    for (status, message) in [
        (401, "Missing Authentication header"),
        (404, "Resource not found"),
        (429, "Rate limit exceeded"),
        (500, "Internal Server Error"),
    ] {
        let body = json!({"error": {"code": status, "message": message}}).to_string();
        let error = R::parse_response(status, &json_headers(), body.as_bytes()).unwrap_err();
        let got = match &error {
            E::Unauthorized(b) => &b.error.message,
            E::NotFound(b) => &b.error.message,
            E::TooManyRequests(b) => &b.error.message,
            E::InternalServerError(b) => &b.error.message,
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!((error.status(), got.as_str()), (status, message));
        assert!(error.to_string().contains(&status.to_string()), "{error}");
    }
}

#[test]
fn a_path_parameter_stays_in_its_segment() {
    for (file_id, segment) in [
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("100%", "100%25"),
        ("a b", "a%20b"),
        ("文件", "%E6%96%87%E4%BB%B6"),
        ("..", "%2E%2E"),
    ] {
        let request = openrouter::delete_file::Request::new(file_id);
        let built = request.to_http(&base(openrouter::BASE_URL), None).unwrap();
        assert_eq!(
            built.uri().path(),
            format!("/api/v1/files/{segment}"),
            "{file_id:?}"
        );
    }
}

#[test]
fn nothing_is_lost_on_unexpected_responses() {
    type R = openrouter::delete_file::Request;
    type E = openrouter::delete_file::Error;
    // An undocumented status with an HTML page.
    match R::parse_response(502, &html_headers(), HTML_502) {
        Err(E::Unexpected(unexpected)) => {
            assert_eq!(unexpected.status, 502);
            assert_eq!(unexpected.body, HTML_502);
            assert_eq!(unexpected.reason, UnexpectedReason::Undocumented);
        }
        other => panic!("{other:?}"),
    }
    // A documented status whose body is an HTML page or cut short.
    for (status, headers, body) in [
        (500, html_headers(), HTML_502),
        (200, json_headers(), &br#"{"id":"file_011","ty"#[..]),
        (200, json_headers(), b""),
    ] {
        match R::parse_response(status, &headers, body) {
            Err(E::Unexpected(unexpected)) => {
                assert_eq!(
                    (unexpected.status, unexpected.body.as_slice()),
                    (status, body)
                );
                assert!(
                    matches!(unexpected.reason, UnexpectedReason::Unparsable(_)),
                    "{unexpected:?}"
                );
            }
            other => panic!("{status}: {other:?}"),
        }
    }
    // The default response of zhipu takes any status, but an HTML body still does not parse.
    let zhipu = zhipu::delete_paas_v4_files_by_file_id::Request::parse_response(
        502,
        &html_headers(),
        HTML_502,
    );
    assert!(
        matches!(zhipu, Err(zhipu::delete_paas_v4_files_by_file_id::Error::Unexpected(ref u)) if u.body == HTML_502),
        "{zhipu:?}"
    );
}

#[test]
fn an_error_says_its_status_and_the_servers_words_once() {
    use vendor_runtime::ApiError;
    let not_found = br#"{"error":{"code":404,"message":"File not found"}}"#;
    let error = openrouter::delete_file::Request::parse_response(404, &json_headers(), not_found)
        .unwrap_err();
    // The server's message, from the field the generator found in the typed body.
    assert_eq!(error.message().as_deref(), Some("File not found"));
    assert_eq!(error.summary(), "HTTP 404: File not found");
    assert_eq!(
        error.to_string(),
        "`delete_file` (DELETE /files/{file_id}) failed: HTTP 404: File not found"
    );
    assert_eq!(error.to_string().matches("404").count(), 1, "{error}");

    // FastAPI's 422: the message is the first `msg` of `detail`, looked up in the body.
    let invalid =
        br#"{"detail":[{"loc":["path","file_id"],"msg":"field required","type":"missing"}]}"#;
    let error = impala::delete_file_v1_files_file_id_delete::Request::parse_response(
        422,
        &json_headers(),
        invalid,
    )
    .unwrap_err();
    assert_eq!(error.message().as_deref(), Some("field required"));
    assert_eq!(error.summary(), "HTTP 422: field required");

    // A documented error without a message says what the document says of it, nothing made
    // up; an undocumented one with a common JSON shape says the server's words.
    let error = zhipu::delete_paas_v4_files_by_file_id::Request::parse_response(
        500,
        &json_headers(),
        br#"{"code":500}"#,
    )
    .unwrap_err();
    assert_eq!(error.message(), None);
    assert_eq!(error.summary(), "HTTP 500: 请求失败。");
    let error = moonshot::delete_v1_files_by_file_id::Request::parse_response(
        503,
        &json_headers(),
        br#"{"error":{"message":"The engine is currently overloaded","type":"engine_overloaded_error"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        error.summary(),
        "HTTP 503: The engine is currently overloaded"
    );
}

#[test]
fn a_parsed_response_keeps_its_status_and_headers() {
    use vendor_runtime::WithMeta;
    let mut headers = json_headers();
    headers.insert("x-request-id", "req_42".parse().unwrap());
    headers.insert("retry-after", "30".parse().unwrap());
    let deleted = WithMeta::parse(
        200,
        &headers,
        br#"{"id":"f1","type":"file_deleted"}"#,
        openrouter::delete_file::Request::parse_response,
    )
    .unwrap();
    assert_eq!(deleted.id, "f1");
    assert_eq!(deleted.meta().request_id(), Some("req_42"));
    let limited = WithMeta::parse(
        429,
        &headers,
        br#"{"error":{"code":429,"message":"Slow down"}}"#,
        openrouter::delete_file::Request::parse_response,
    )
    .unwrap_err();
    assert!(matches!(
        *limited,
        openrouter::delete_file::Error::TooManyRequests(_)
    ));
    assert_eq!(limited.status(), 429);
    assert_eq!(
        limited.meta().retry_after(),
        Some(std::time::Duration::from_secs(30))
    );
    assert_eq!(
        limited.to_string(),
        "`delete_file` (DELETE /files/{file_id}) failed: HTTP 429: Slow down"
    );
}
