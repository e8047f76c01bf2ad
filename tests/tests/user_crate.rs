//! A user's crate outside the workspace, set up as the README says: `vendor-api` by path with
//! one vendor's feature (and `client`), a request built with `new`, `to_http` and
//! `parse_response`, and the vendor's client against a server on 127.0.0.1. Built with warnings
//! denied (a path dependency's lints are not capped, so a warning of generated code would show
//! in the user's build) and run; the server checks what it received.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = r####"
use std::io::{BufRead, BufReader, Write};
use vendor_api::moonshot;
use vendor_api::moonshot::delete_v1_files_by_file_id::Request;
use vendor_api::runtime::{http, ApiKey, BaseUrl};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Sans-IO: build against the documented server, read a body.
    let request = Request::new("file-abc");
    let built = request.to_http(&moonshot::BASE_URL.parse()?, Some(&ApiKey::new("sk-doc")))?;
    assert_eq!(built.uri(), "https://api.moonshot.cn/v1/files/file-abc");
    let body = br#"{"id":"file-abc","object":"file","deleted":true}"#;
    let deleted = Request::parse_response(200, &http::HeaderMap::new(), body)?;
    assert!(deleted.deleted);

    // The client, against a server on 127.0.0.1 that answers once and keeps what it was sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let server = std::thread::spawn(move || -> std::io::Result<Vec<String>> {
        let (stream, _) = listener.accept()?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            if line.trim_end().is_empty() {
                break;
            }
            head.push(line.trim_end().to_owned());
        }
        let body = r#"{"id":"file-abc","object":"file","deleted":true}"#;
        write!(
            &stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )?;
        Ok(head)
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let base = BaseUrl::parse(&format!("http://{address}"))?;
    let client = moonshot::Client::builder()
        .base_url(base)
        .api_key(ApiKey::new("sk-local"))
        .build()?;
    let deleted = runtime.block_on(client.delete_v1_files_by_file_id(&request))?;
    let head = server.join().expect("the server thread")?;
    assert_eq!(head[0], "DELETE /v1/files/file-abc HTTP/1.1", "{head:?}");
    assert!(
        head.iter().any(|line| line.eq_ignore_ascii_case("authorization: Bearer sk-local")),
        "{head:?}"
    );
    println!("deleted {} through {address}", deleted.id);
    Ok(())
}
"####;

#[test]
fn a_users_crate_builds_and_calls_with_one_vendor() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let generated = root.join("generated");
    let manifest = format!(
        "[package]\nname = \"my-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n\
         vendor-api = {{ path = {generated:?}, default-features = false, features = [\"moonshot\", \"client\"] }}\n\
         tokio = {{ version = \"1\", features = [\"rt\"] }}\n\n[workspace]\n",
        generated = generated.display().to_string(),
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/main.rs"), MAIN).unwrap();
    // The workspace's lock file: the same dependency versions. Not `--offline`: on a fresh
    // machine the client's crates may not be downloaded yet when this runs.
    std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    let target: PathBuf = root.join("target/user-crate");
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("deleted file-abc through 127.0.0.1:"),
        "{stdout}\n{stderr}"
    );
}
