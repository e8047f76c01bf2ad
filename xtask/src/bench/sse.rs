//! The event-stream decode throughput: `xtask bench-sse` (in the release child, in a process
//! of its own) decodes an OpenAI-like chat stream with `vendor_runtime::sse::Decoder`, fed in
//! chunks of uneven sizes as a network gives them, and reads each event's data as JSON; the
//! reference reads the same events' data, already split out, one by one with `serde_json`. The
//! ratio is what the decoding costs on top of the JSON parsing every client does anyway.

use super::process::{first_line, run_with_timeout};
use super::{median, TIMEOUT};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::time::Instant;
use vendor_runtime::sse::{self, Decoder};

/// Chunks of the stream.
const EVENTS: usize = 20_000;
/// Times over the stream, each timed; the fastest counts.
const ROUNDS: usize = 5;

/// An OpenAI-like chat completion stream: `EVENTS` `chat.completion.chunk` events, then
/// `[DONE]`; and each event's data, as the reference reads them.
fn stream() -> (Vec<u8>, Vec<String>) {
    let mut body = Vec::new();
    let mut data = Vec::new();
    for index in 0..EVENTS {
        let chunk = json!({
            "id": "chatcmpl-AbCdEf0123456789",
            "object": "chat.completion.chunk",
            "created": 1_733_000_000 + index,
            "model": "gpt-4o-2024-08-06",
            "system_fingerprint": "fp_0123456789",
            "choices": [{
                "index": 0,
                "delta": {"content": format!("token {index} é ")},
                "logprobs": null,
                "finish_reason": null
            }]
        })
        .to_string();
        body.extend_from_slice(format!("data: {chunk}\n\n").as_bytes());
        data.push(chunk);
    }
    body.extend_from_slice(b"data: [DONE]\n\n");
    (body, data)
}

/// Seconds of the fastest of [`ROUNDS`] runs of `f`, which returns how many items it read.
fn fastest(mut f: impl FnMut() -> usize) -> Result<f64, String> {
    let mut best = f64::INFINITY;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let items = f();
        best = best.min(start.elapsed().as_secs_f64());
        if items != EVENTS {
            return Err(format!("read {items} items of {EVENTS}"));
        }
    }
    Ok(best)
}

/// One run, as the JSON line the child prints: the stream's size, and the seconds of the
/// decoder (with the JSON reads) and of the reference.
pub fn child() -> Result<String, String> {
    let (body, data) = stream();
    // Uneven chunks, 1 to 4 KiB, as reads from a socket come.
    let mut chunks = Vec::new();
    let (mut start, mut size) = (0, 1024);
    while start < body.len() {
        let end = (start + size).min(body.len());
        chunks.push(&body[start..end]);
        start = end;
        size = 1024 + (size * 7 + 333) % 3072;
    }
    let decoder = fastest(|| {
        let mut decoder = Decoder::new();
        let mut items = 0;
        for chunk in &chunks {
            decoder.feed(chunk);
            while let Some(event) = decoder.next_event() {
                match event.map(|event| sse::read::<Value>(event, Some("[DONE]"))) {
                    Ok(Ok(Some(_))) => items += 1,
                    _ => return items,
                }
            }
        }
        items
    })?;
    let reference = fastest(|| {
        data.iter()
            .filter(|data| serde_json::from_str::<Value>(data).is_ok())
            .count()
    })?;
    Ok(json!({"bytes": body.len(), "decoder": decoder, "reference": reference}).to_string())
}

/// Runs the child `runs` times and prints the medians: MB/s of each, and their ratio.
pub(super) fn measure(child: &Path, runs: usize) -> Result<String, String> {
    let (mut bytes, mut decoders, mut references) = (0.0, Vec::new(), Vec::new());
    for _ in 0..runs {
        let mut command = Command::new(child);
        command.arg("bench-sse");
        let (_, output) = run_with_timeout(command, TIMEOUT)?;
        if !output.status.success() {
            return Err(first_line(&output));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default())
            .map_err(|error| format!("the child printed {stdout:?}: {error}"))?;
        let number = |name: &str| {
            line.get(name)
                .and_then(Value::as_f64)
                .filter(|number| *number > 0.0)
                .ok_or_else(|| format!("the child's line {line} lacks `{name}`"))
        };
        bytes = number("bytes")?;
        decoders.push(number("decoder")?);
        references.push(number("reference")?);
    }
    let (decoder, reference) = (median(decoders), median(references));
    let megabytes = bytes / 1e6;
    Ok(format!(
        "SSE decode ({EVENTS} OpenAI-like chat chunks, {megabytes:.1} MB, fed in 1 to 4 KiB \
         chunks, each event's data read as JSON): {:.0} MB/s; serde_json alone on the same \
         data, already split: {:.0} MB/s; decoder ÷ serde_json time: {:.2}×",
        megabytes / decoder,
        megabytes / reference,
        decoder / reference
    ))
}
