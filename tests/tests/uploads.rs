//! Bodies that are not JSON (`tests/fixtures/compile/uploads.yaml`): a `multipart/form-data`
//! upload read back by an independent parser (`multer`, a server-side crate made for it), with
//! hostile names, filenames and contents; a form body read back by `form_urlencoded`'s parser;
//! a text body. With the feature `client`, the same upload goes through the generated client to
//! a loopback server (wiremock), which parses what it received.

use std::collections::BTreeMap;

use codegen_samples::uploads;
use vendor_runtime::http::Request;
use vendor_runtime::{ApiKey, BaseUrl, File, RequestError};

/// A part as the parser saw it: name, filename, content type, bytes.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

fn seen(name: &str, filename: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> Seen {
    Seen {
        name: name.to_owned(),
        filename: filename.map(str::to_owned),
        content_type: content_type.map(str::to_owned),
        bytes: bytes.to_vec(),
    }
}

/// Every part of a multipart body, as `multer` parses it from the `content-type` header's
/// boundary; a body it cannot parse fails the test.
async fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<Seen> {
    let boundary = multer::parse_boundary(content_type).expect("a multipart content type");
    let mut multipart = multer::Multipart::with_reader(body, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed body") {
        let name = field.name().expect("every part has a name").to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.expect("the part's bytes").to_vec();
        parts.push(Seen {
            name,
            filename,
            content_type,
            bytes,
        });
    }
    parts
}

fn content_type(request: &Request<Vec<u8>>) -> &str {
    request.headers()["content-type"].to_str().unwrap()
}

fn base() -> BaseUrl {
    BaseUrl::parse(uploads::BASE_URL).unwrap()
}

/// A filename that tries to end its quotes, add a header and start a part of its own.
const HOSTILE_FILENAME: &str = "a\"b.txt\"; name=\"purpose\"\r\ncontent-type: text/html\r\n\r\n--x";
/// What is written for it: `"`, CR and LF percent-encoded, as browsers do.
const HOSTILE_FILENAME_SENT: &str =
    "a%22b.txt%22; name=%22purpose%22%0D%0Acontent-type: text/html%0D%0A%0D%0A--x";

/// An upload with every kind of part, its file holding `content`.
fn upload(content: Vec<u8>) -> uploads::upload_file::Request {
    let mut request = uploads::upload_file::Request::new(
        File::from_bytes(HOSTILE_FILENAME, content).content_type("application/jsonl"),
        uploads::Purpose::FineTune,
    )
    .with_expires_after(uploads::ExpiresAfter::new("created_at", 3600))
    .with_metadata("note \"quoted\"")
    .with_tags(["a".to_owned(), "b c".to_owned()])
    .with_attachments([
        File::from_bytes("résumé 履歴書.pdf", b"%PDF-1.7".to_vec()),
        File::anonymous(Vec::new()),
    ])
    .with_chunk_size(512);
    // Properties the schema does not list (it allows them): a part each.
    request.extra = serde_json::Map::from_iter([
        ("temperature".to_owned(), serde_json::json!(0.5)),
        ("label\r\nx-evil: 1".to_owned(), serde_json::json!("new")),
        ("options".to_owned(), serde_json::json!({"fast": true})),
        ("skipped".to_owned(), serde_json::Value::Null),
    ]);
    request
}

/// The parts `upload(content)` must arrive as, in order.
fn expected(content: &[u8]) -> Vec<Seen> {
    vec![
        seen(
            "file",
            Some(HOSTILE_FILENAME_SENT),
            Some("application/jsonl"),
            content,
        ),
        seen("purpose", None, None, b"fine-tune"),
        seen(
            "expires_after",
            None,
            Some("application/json"),
            br#"{"anchor":"created_at","seconds":3600}"#,
        ),
        seen(
            "metadata",
            None,
            Some("application/json"),
            br#""note \"quoted\"""#,
        ),
        seen("tags", None, None, b"a"),
        seen("tags", None, None, b"b c"),
        seen(
            "attachments",
            Some("résumé 履歴書.pdf"),
            Some("application/octet-stream"),
            b"%PDF-1.7",
        ),
        seen("attachments", None, Some("application/octet-stream"), b""),
        seen("chunk_size", None, None, b"512"),
        seen("temperature", None, None, b"0.5"),
        seen("label%0D%0Ax-evil: 1", None, None, b"new"),
        seen(
            "options",
            None,
            Some("application/json"),
            br#"{"fast":true}"#,
        ),
    ]
}

#[tokio::test]
async fn multipart_upload_arrives_part_by_part_hostile_names_and_contents_included() {
    // First a body, then a file holding that body whole: its boundary, `--` lines, CR LF.
    let first = upload(b"{\"prompt\":\"hi\"}\n".to_vec())
        .to_http(&base(), Some(&ApiKey::new("sk-test")))
        .unwrap();
    assert_eq!(first.method(), "POST");
    assert_eq!(first.uri(), "https://api.example.com/v1/files");
    assert!(content_type(&first).starts_with("multipart/form-data; boundary="));
    assert_eq!(
        parse_multipart(content_type(&first), first.body()).await,
        expected(b"{\"prompt\":\"hi\"}\n")
    );

    let hostile = first.body().clone();
    let second = upload(hostile.clone()).to_http(&base(), None).unwrap();
    assert_ne!(content_type(&second), content_type(&first));
    assert_eq!(
        parse_multipart(content_type(&second), second.body()).await,
        expected(&hostile)
    );
}

#[tokio::test]
async fn optional_parts_left_out_and_hostile_part_names() {
    let request = uploads::upload_file::Request::new(
        File::anonymous(b"\r\n--\r\n".to_vec()),
        uploads::Purpose::Other("x\"\r\ny".into()),
    );
    let built = request.to_http(&base(), None).unwrap();
    assert_eq!(
        parse_multipart(content_type(&built), built.body()).await,
        vec![
            seen(
                "file",
                None,
                Some("application/octet-stream"),
                b"\r\n--\r\n"
            ),
            seen("purpose", None, None, b"x\"\r\ny"),
        ]
    );

    // The runtime's own escaping of part names, read back by the parser.
    let mut form = vendor_runtime::Multipart::new();
    form.text("na\"me\r\nx-evil: 1", "v").text("名前", "値");
    let built =
        vendor_runtime::RequestBuilder::new(vendor_runtime::http::Method::POST, &base(), "/files")
            .multipart(form)
            .build()
            .unwrap();
    assert_eq!(
        parse_multipart(content_type(&built), built.body()).await,
        vec![
            seen("na%22me%0D%0Ax-evil: 1", None, None, b"v"),
            seen("名前", None, None, "値".as_bytes()),
        ]
    );
}

#[test]
fn a_content_type_with_a_newline_is_refused() {
    let mut request = upload(b"x".to_vec());
    request.file = File::from_bytes("x", b"x".to_vec()).content_type("text/plain\r\nx-evil: 1");
    let error = request.to_http(&base(), None).unwrap_err();
    assert!(
        matches!(error, RequestError::InvalidHeader { .. }),
        "{error:?}"
    );
}

#[test]
fn a_file_from_a_path_is_refused_by_to_http_it_is_the_clients_to_stream() {
    let mut request = upload(Vec::new());
    request.file = File::from_path("/nonexistent/big.bin");
    let error = request.to_http(&base(), None).unwrap_err();
    assert!(
        matches!(&error, RequestError::StreamedFile { path } if path.ends_with("big.bin")),
        "{error:?}"
    );
}

#[test]
fn form_body_is_urlencoded() {
    let request = uploads::create_customer::Request::new(
        uploads::CreateCustomerBody::new("a+b@example.com")
            .with_balance(-5)
            .with_expand(["x&y".to_owned(), "z".to_owned()])
            .with_metadata(BTreeMap::from([("order id".into(), "6735=ok".into())])),
    );
    let built = request.to_http(&base(), None).unwrap();
    assert_eq!(
        content_type(&built),
        "application/x-www-form-urlencoded",
        "content type"
    );
    let pairs: Vec<(String, String)> = form_urlencoded::parse(built.body()).into_owned().collect();
    let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    assert_eq!(
        pairs,
        [
            pair("email", "a+b@example.com"),
            pair("balance", "-5"),
            pair("expand", "x&y"),
            pair("expand", "z"),
            pair("metadata[order id]", "6735=ok"),
        ]
    );
}

#[test]
fn text_body_is_sent_as_it_is() {
    let request = uploads::put_note::Request::new("line 1\r\nline 2 ✓");
    let built = request.to_http(&base(), None).unwrap();
    assert_eq!(content_type(&built), "text/plain");
    assert_eq!(built.body(), "line 1\r\nline 2 ✓".as_bytes());
}

#[test]
fn binary_bodies_are_sent_as_they_are() {
    let bytes: Vec<u8> = (0..=255).collect();
    let built = uploads::put_file_content::Request::new("file 1", bytes.clone())
        .to_http(&base(), None)
        .unwrap();
    assert_eq!(
        built.uri(),
        "https://api.example.com/v1/files/file%201/content"
    );
    assert_eq!(content_type(&built), "application/octet-stream");
    assert_eq!(built.body(), &bytes);

    // A media type range (`audio/*`) is no content type: octet-stream is sent.
    let built = uploads::transcribe_raw::Request::new(b"ID3")
        .to_http(&base(), None)
        .unwrap();
    assert_eq!(content_type(&built), "application/octet-stream");
    assert_eq!(built.body(), b"ID3");
}

/// A loopback server (wiremock) that answers an upload with the file `id`, and a builder of the
/// generated client at it.
#[cfg(feature = "client")]
async fn upload_server(
    id: &str,
) -> (
    wiremock::MockServer,
    vendor_runtime::client::ClientBuilder<uploads::Client>,
) {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/files"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(r#"{{"id":"{id}","filename":"x","bytes":8}}"#),
            "application/json",
        ))
        .mount(&server)
        .await;
    let base = BaseUrl::parse(&format!("{}/v1", server.uri())).unwrap();
    (server, uploads::Client::builder().base_url(base))
}

/// The generated client's upload method against a loopback server, which parses the body it
/// received.
#[cfg(feature = "client")]
#[tokio::test]
async fn the_client_uploads_to_a_loopback_server() {
    let (server, client) = upload_server("file-1").await;
    let client = client.api_key(ApiKey::new("sk-test")).build().unwrap();
    let content: Vec<u8> = (0..=255).cycle().take(70_000).collect();
    let file = client.upload_file(&upload(content.clone())).await.unwrap();
    assert_eq!(file.id, "file-1");

    let received = &server.received_requests().await.unwrap()[0];
    let content_type = received.headers["content-type"].to_str().unwrap();
    assert_eq!(
        parse_multipart(content_type, &received.body).await,
        expected(&content)
    );
    assert_eq!(received.headers["authorization"], "Bearer sk-test");
}

/// A file from a path goes through the client streamed from disk, with a `content-length`, and
/// arrives whole between the other parts.
#[cfg(feature = "client")]
#[tokio::test]
async fn the_client_streams_a_file_from_disk() {
    use std::io::Write;

    let (server, client) = upload_server("file-2").await;
    let client = client.build().unwrap();

    // Three chunks and a bit, so the file is read in several pieces.
    let content: Vec<u8> = (0..=250).cycle().take(3 * 64 * 1024 + 7).collect();
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&content).unwrap();
    let mut request = upload(Vec::new());
    request.file = File::from_path(file.path())
        .with_filename(HOSTILE_FILENAME)
        .content_type("application/jsonl");
    assert_eq!(client.upload_file(&request).await.unwrap().id, "file-2");

    let received = &server.received_requests().await.unwrap()[0];
    let content_type = received.headers["content-type"].to_str().unwrap();
    assert_eq!(
        parse_multipart(content_type, &received.body).await,
        expected(&content)
    );
    assert_eq!(
        received.headers["content-length"],
        received.body.len().to_string().as_str()
    );

    // A file that is not there is an error naming it, not a panic.
    request.file = File::from_path("/nonexistent/vendor-api-upload.bin");
    let error = client.upload_file(&request).await.unwrap_err().to_string();
    assert!(error.contains("vendor-api-upload.bin"), "{error}");
}

/// A file from an async reader goes through the client streamed a chunk at a time, with a
/// `content-length`, and arrives whole; the reader is taken by the request that sends it, so a
/// second send is an error, as is a reader that ends before the length it was said to hold,
/// and `to_http` refuses it.
#[cfg(feature = "client")]
#[tokio::test]
async fn the_client_streams_a_file_from_an_async_reader() {
    let (server, client) = upload_server("file-3").await;
    let client = client.build().unwrap();

    let content: Vec<u8> = (0..=250).cycle().take(3 * 64 * 1024 + 7).collect();
    let length = content.len() as u64;
    let reader = std::io::Cursor::new(content.clone());
    let mut request = upload(Vec::new());
    request.file =
        File::from_reader(HOSTILE_FILENAME, reader, length).content_type("application/jsonl");
    assert!(matches!(
        request.to_http(client.inner().base_url(), None),
        Err(RequestError::StreamedReader)
    ));
    assert_eq!(client.upload_file(&request).await.unwrap().id, "file-3");
    let received = &server.received_requests().await.unwrap()[0];
    let content_type = received.headers["content-type"].to_str().unwrap();
    assert_eq!(
        parse_multipart(content_type, &received.body).await,
        expected(&content)
    );
    assert_eq!(
        received.headers["content-length"],
        received.body.len().to_string().as_str()
    );

    let again = client.upload_file(&request).await.unwrap_err().to_string();
    assert!(again.contains("sent once"), "{again}");

    request.file = File::from_reader("short.bin", std::io::Cursor::new(vec![1_u8; 10]), 20);
    let short = client.upload_file(&request).await.unwrap_err().to_string();
    assert!(short.contains("after 10 of the 20 bytes"), "{short}");
}
