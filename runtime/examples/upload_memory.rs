//! What `cargo xtask bench` runs to measure the memory of a streamed upload: sends the file
//! given as a multipart file part (`File::from_path`) to the URL given, then prints one JSON
//! line: the status, the seconds taken and the peak resident memory (`VmHWM`) of this process.
//!
//! `cargo run --release -p vendor-runtime --features client --example upload_memory -- URL FILE`

use std::time::Instant;

use vendor_runtime::client::Client;
use vendor_runtime::http::Method;
use vendor_runtime::{BaseUrl, File, Multipart, RequestBuilder};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(path)) = (args.next(), args.next()) else {
        return Err("usage: upload_memory URL FILE".into());
    };
    let client = Client::builder("bench", BaseUrl::parse(&url)?)
        .timeout(std::time::Duration::from_secs(600))
        .build()?;
    let mut form = Multipart::new();
    form.text("purpose", "bench")
        .file("file", &File::from_path(path));
    let request = RequestBuilder::new(Method::POST, client.base_url(), "/files").multipart(form);
    let start = Instant::now();
    let (head, segments) = request.build_segments()?;
    let response = client.send_segments("upload", head, segments).await?;
    let seconds = start.elapsed().as_secs_f64();
    let status = std::fs::read_to_string("/proc/self/status")?;
    let peak_kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or("/proc/self/status has no `VmHWM:` line")?;
    println!(
        "{{\"status\":{},\"seconds\":{seconds},\"peak_bytes\":{}}}",
        response.status,
        peak_kib * 1024
    );
    Ok(())
}
