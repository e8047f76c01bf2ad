//! The report as JSON (`target/bench/report.json`).

use super::parse;
use super::peers::command_line;
use super::targets::targets;
use super::{Report, STAGES};
use serde_json::{json, Value};

/// The error of `result`, if it is one.
fn error_of<T>(result: &Result<T, String>) -> Option<String> {
    result.as_ref().err().cloned()
}

/// The report as JSON.
pub(super) fn report_json(report: &Report) -> Value {
    let documents: Vec<Value> = report
        .documents
        .iter()
        .map(|(file, bytes, result)| match result {
            Ok(measured) => json!({
                "document": file,
                "bytes": bytes,
                "codegen_seconds": measured.codegen,
                "process_seconds": measured.process,
                "start_bytes": measured.start_bytes,
                "peak_bytes": measured.peak_bytes,
                "lines": measured.lines,
                "parse_seconds": measured.split.parse,
                "stage_seconds": STAGES.iter().zip(measured.split.stages)
                    .map(|(stage, seconds)| ((*stage).to_owned(), json!(seconds)))
                    .collect::<serde_json::Map<String, Value>>(),
            }),
            Err(error) => json!({"document": file, "bytes": bytes, "error": error}),
        })
        .collect();
    let peers: Vec<Value> = report
        .peers
        .iter()
        .map(|status| {
            json!({
                "peer": status.peer.name,
                "installed": status.command.is_some(),
                "version": status.version,
                "command": status.command.as_ref().map(|_| command_line(status)),
                "install": status.peer.install,
            })
        })
        .collect();
    let peer_runs: Vec<Value> = report
        .peer_runs
        .iter()
        .map(|(file, peer, result)| {
            json!({
                "document": file,
                "peer": peer,
                "seconds": result.as_ref().ok().map(|timing| timing.seconds),
                "peak_bytes": result.as_ref().ok().and_then(|timing| timing.peak_bytes),
                "error": error_of(result),
            })
        })
        .collect();
    let compile = report.compile.as_ref().map(|compile| {
        json!({
            "vendor_api_cold_seconds": compile.cold.as_ref().ok(),
            "vendor_api_cold_error": error_of(&compile.cold),
            "crates": compile.crates.iter().map(|compiled| json!({
                "crate": compiled.name,
                "generator": compiled.generator,
                "document": compiled.document,
                "lines": compiled.lines,
                "build_seconds": compiled.build.as_ref().ok(),
                "error": error_of(&compiled.build),
            })).collect::<Vec<Value>>(),
        })
    });
    let targets: Vec<Value> = targets(report)
        .iter()
        .map(|target| {
            json!({
                "target": target.what,
                "measured": target.measured.as_ref().ok(),
                "limit": target.limit,
                "floor": target.floor,
                "met": target.met(),
                "why_not_measured": error_of(&target.measured),
            })
        })
        .collect();
    json!({
        "load_average": {"start": report.load[0], "end": report.load[1]},
        "runs": report.runs,
        "documents": documents,
        "peers": peers,
        "peer_runs": peer_runs,
        "compile": compile,
        "parse": report.parse.as_ref().map(parse::to_json),
        "targets": targets,
    })
}
