//! The memory of a streamed upload: the runtime's example `upload_memory` (built in release
//! with the feature `client`) sends a sparse file of 1 GiB from disk as a multipart file part
//! to a loopback server here, which reads and discards the body; the child prints its peak
//! resident memory (`VmHWM`). The same upload of a 1 MiB file, in the same run, is the
//! reference: streaming is what keeps the two close.

use super::process::{first_line, run_with_timeout};
use super::TIMEOUT;
use crate::corpus::cargo;
use crate::Error;
use serde_json::{json, Value};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The size of the file uploaded.
pub const BIG: u64 = 1 << 30;

/// The size of the reference upload.
const SMALL: u64 = 1 << 20;

/// The most a 1 GiB upload may hold resident.
pub const LIMIT: u64 = 64 << 20;

/// What the upload measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Upload {
    /// Peak resident memory of the 1 GiB upload's process, in bytes.
    pub big_peak: u64,
    /// Its seconds.
    pub big_seconds: f64,
    /// Peak resident memory of the 1 MiB upload's process, in bytes.
    pub small_peak: u64,
}

/// Builds the example, makes the two files under `out`, serves and runs both uploads.
pub(super) fn measure(root: &Path, out: &Path) -> Result<Upload, Error> {
    let child = build_example(root)?;
    fs::create_dir_all(out).map_err(|error| failed(out, &error))?;
    let small = sparse(&out.join("upload-1MiB.bin"), SMALL)?;
    let big = sparse(&out.join("upload-1GiB.bin"), BIG)?;
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| Error::Failed(format!("bind: {e}")))?;
    let url = format!(
        "http://{}",
        listener
            .local_addr()
            .map_err(|e| Error::Failed(e.to_string()))?
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // A connection that fails only fails its upload, which the child reports.
            let _ = discard(stream);
        }
    });
    let (_, small_peak) = upload(&child, &url, &small, SMALL)?;
    let (big_seconds, big_peak) = upload(&child, &url, &big, BIG)?;
    let _ = fs::remove_file(&big);
    let _ = fs::remove_file(&small);
    Ok(Upload {
        big_peak,
        big_seconds,
        small_peak,
    })
}

/// A file of `size` bytes that takes no disk (a hole), read back as zeros.
fn sparse(path: &Path, size: u64) -> Result<PathBuf, Error> {
    let file = fs::File::create(path).map_err(|error| failed(path, &error))?;
    file.set_len(size).map_err(|error| failed(path, &error))?;
    Ok(path.to_owned())
}

fn failed(path: &Path, error: &std::io::Error) -> Error {
    Error::Failed(format!("{}: {error}", path.display()))
}

/// Runs the child on `file` (`size` bytes): its seconds and peak memory.
fn upload(child: &Path, url: &str, file: &Path, size: u64) -> Result<(f64, u64), Error> {
    let mut command = Command::new(child);
    command.arg(url).arg(file);
    let what = format!("the upload of {} MiB", size >> 20);
    let (_, output) = run_with_timeout(command, TIMEOUT)
        .map_err(|why| Error::Failed(format!("{what}: {why}")))?;
    if !output.status.success() {
        return Err(Error::Failed(format!("{what}: {}", first_line(&output))));
    }
    let line: Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| Error::Failed(format!("{what}: it printed no JSON line ({error})")))?;
    match (
        line["status"].as_u64(),
        line["seconds"].as_f64(),
        line["peak_bytes"].as_u64(),
    ) {
        (Some(200), Some(seconds), Some(peak)) => Ok((seconds, peak)),
        _ => Err(Error::Failed(format!("{what}: {line}"))),
    }
}

/// Reads one request (headers, then `content-length` bytes, thrown away) and answers `200 {}`.
fn discard(stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, stream);
    let mut length = 0_u64;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink())?;
    let mut stream = reader.into_inner();
    stream.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
    )
}

/// `cargo build --release` of the example; where its executable is.
fn build_example(root: &Path) -> Result<PathBuf, Error> {
    println!("building the upload example (cargo build --release -p vendor-runtime --features client --example upload_memory) …");
    let output = Command::new(cargo())
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "vendor-runtime",
            "--features",
            "client",
            "--example",
            "upload_memory",
            "--message-format=json-render-diagnostics",
        ])
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| Error::Failed(format!("cannot run cargo: {error}")))?;
    if !output.status.success() {
        return Err(Error::Failed(
            "`cargo build --release --example upload_memory` failed (see above)".to_owned(),
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message.pointer("/target/name") == Some(&json!("upload_memory")))
        .find_map(|message| message.get("executable")?.as_str().map(PathBuf::from))
        .ok_or_else(|| Error::Failed("cargo did not say where the upload example is".to_owned()))
}
