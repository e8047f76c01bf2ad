//! The report as text: the codegen, peers and compile tables, where the time goes, and how a
//! figure is written (`1.23 s`, `312 MB`, `0.12×`).

use super::compile::Compile;
use super::parse;
use super::peers::{PeerStatus, Timing};
use super::targets::{targets, targets_table};
use super::{Measured, Report, COMPILE_RUNS, NEXUS, STAGES, TIME};
use crate::corpus::{layout, percent, seconds};
use std::path::Path;
use std::time::Duration;

/// A time: `12.3 s`, `1.23 s`, `123 ms`, `1.2 ms`, `45 µs`.
pub(super) fn time(value: f64) -> String {
    match value {
        s if s >= 1.0 => seconds(Duration::from_secs_f64(s)),
        s if s >= 0.01 => format!("{:.0} ms", s * 1e3),
        s if s >= 0.001 => format!("{:.1} ms", s * 1e3),
        s => format!("{:.0} µs", s * 1e6),
    }
}

/// `312 MB` (MiB).
pub(super) fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// `0.12×`.
pub(super) fn ratio(value: f64) -> String {
    if value >= 10.0 {
        format!("{value:.0}×")
    } else if value >= 0.1 {
        format!("{value:.2}×")
    } else {
        format!("{value:.3}×")
    }
}

/// The whole report as text: the tables, where the time goes, the targets.
pub fn text(report: &Report) -> String {
    let mut text = format!(
        "load average {} at the start, {} at the end; medians of {} runs\n\n",
        report.load[0], report.load[1], report.runs
    );
    text.push_str(&codegen_table(report));
    if !report.peer_runs.is_empty() {
        text.push('\n');
        text.push_str(&peers_table(report));
    }
    if let Some(compile) = &report.compile {
        text.push('\n');
        text.push_str(&compile_table(compile));
    }
    if let Some(section) = &report.parse {
        text.push('\n');
        match section {
            Ok(measured) => text.push_str(&parse::table(measured)),
            Err(error) => text.push_str(&format!("parse speed: not measured: {error}\n")),
        }
    }
    text.push('\n');
    text.push_str(&targets_table(&targets(report)));
    text
}

/// Our codegen per document: time, memory, the parse floor, the stages.
fn codegen_table(report: &Report) -> String {
    let mut header: Vec<String> = [
        "document", "KB", "codegen", "process", "start", "memory", "÷size", "parse", "÷parse",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(STAGES.map(str::to_owned));
    header.push("lines".to_owned());
    let mut rows = vec![header];
    let mut notes = String::new();
    for (file, bytes, result) in &report.documents {
        let mut row = vec![file.clone(), bytes.div_ceil(1024).to_string()];
        match result {
            Ok(measured) => {
                row.extend([
                    time(measured.codegen),
                    time(measured.process),
                    megabytes(measured.start_bytes),
                    megabytes(measured.peak_bytes),
                    ratio(measured.peak_bytes as f64 / *bytes as f64),
                    time(measured.split.parse),
                    ratio(measured.codegen / measured.split.parse),
                ]);
                row.extend(measured.split.stages.map(time));
                row.push(measured.lines.to_string());
                notes.push_str(&where_time_goes(file, measured));
                notes.push_str(&merge_share(file, measured));
            }
            Err(error) => {
                row.push("FAILED".to_owned());
                notes.push_str(&format!("FAILED: {file}\n  {error}\n"));
            }
        }
        rows.push(row);
    }
    let mut text = "codegen (ours; codegen: the engine in its process; process: that process's \
                    wall time; memory: its peak resident, start: the same before the engine starts; ÷parse: codegen over the bare parse of \
                    the document; the stages one after the other, format on every core as the engine does)\n"
        .to_owned();
    text.push_str(&layout(&rows, |column| column == 0));
    if !notes.is_empty() {
        text.push('\n');
        text.push_str(&notes);
    }
    text
}

/// Where the time of a document goes when its codegen takes more than 3× its parse floor.
fn where_time_goes(file: &str, measured: &Measured) -> String {
    let over = measured.codegen / measured.split.parse;
    if over <= 3.0 {
        return String::new();
    }
    let micros = |seconds: f64| (seconds * 1e6) as usize;
    let total: f64 = measured.split.stages.iter().sum();
    let shares: Vec<String> = STAGES
        .iter()
        .zip(measured.split.stages)
        .map(|(stage, seconds)| format!("{stage} {}%", percent(micros(seconds), micros(total))))
        .collect();
    format!(
        "{file}: codegen is {} its parse; the stages: {} (of {})\n",
        ratio(over),
        shares.join(", "),
        time(total)
    )
}

/// The merge stage's share of the stages, for a document of several pages (one page is not
/// merged: its share rounds to nothing, and is not printed).
fn merge_share(file: &str, measured: &Measured) -> String {
    let total: f64 = measured.split.stages.iter().sum();
    let merge = STAGES
        .iter()
        .position(|stage| *stage == "merge")
        .map_or(0.0, |index| measured.split.stages[index]);
    if total <= 0.0 || merge / total < 0.005 {
        return String::new();
    }
    format!(
        "{file}: merging its pages took {} ({:.1}% of the stages, {})\n",
        time(merge),
        merge / total * 100.0,
        time(total)
    )
}

/// The peers side by side, time then memory, each with the ratio ours/theirs; below, the
/// peers not installed and each failure.
fn peers_table(report: &Report) -> String {
    let found: Vec<&PeerStatus> = report
        .peers
        .iter()
        .filter(|status| status.command.is_some())
        .collect();
    let mut text =
        "peers, time (wall time of a process per run, ours as theirs: start, read, generate, exit)\n"
            .to_owned();
    text.push_str(&side_by_side(
        report,
        &found,
        |measured| Some(measured.process),
        |timing| Some(timing.seconds),
        time,
    ));
    text.push_str("\npeers, peak memory\n");
    text.push_str(&side_by_side(
        report,
        &found,
        |measured| Some(measured.peak_bytes as f64),
        |timing| timing.peak_bytes.map(|bytes| bytes as f64),
        |bytes| megabytes(bytes as u64),
    ));
    if !Path::new(TIME).is_file() {
        text.push_str(&format!(
            "no {TIME} here: the peers' memory is not measured\n"
        ));
    }
    for status in report
        .peers
        .iter()
        .filter(|status| status.command.is_none())
    {
        text.push_str(&format!(
            "{} is not installed: {}\n",
            status.peer.name, status.peer.install
        ));
    }
    for (file, peer, result) in &report.peer_runs {
        if let Err(error) = result {
            text.push_str(&format!("{peer} rejected {file}: {error}\n"));
        }
    }
    text
}

/// One row per document: our value, then each peer's and the ratio ours/theirs.
fn side_by_side(
    report: &Report,
    found: &[&PeerStatus],
    ours: impl Fn(&Measured) -> Option<f64>,
    theirs: impl Fn(&Timing) -> Option<f64>,
    show: impl Fn(f64) -> String,
) -> String {
    let dash = || "-".to_owned();
    let mut header = vec!["document".to_owned(), "ours".to_owned()];
    for status in found {
        header.push(format!("{} {}", status.peer.name, status.version));
        header.push("ours/it".to_owned());
    }
    let mut rows = vec![header];
    for (file, _, result) in &report.documents {
        let ours = result.as_ref().ok().and_then(&ours);
        let mut row = vec![file.clone(), ours.map_or_else(dash, &show)];
        for status in found {
            let run = report
                .peer_runs
                .iter()
                .find(|(document, peer, _)| document == file && *peer == status.peer.name);
            match run.map(|(_, _, result)| result.as_ref().map(&theirs)) {
                Some(Ok(value)) => {
                    row.push(value.map_or_else(dash, &show));
                    row.push(match (ours, value) {
                        (Some(ours), Some(value)) => ratio(ours / value),
                        _ => dash(),
                    });
                }
                Some(Err(_)) => row.extend(["rejected".to_owned(), dash()]),
                None => row.extend([dash(), dash()]),
            }
        }
        rows.push(row);
    }
    layout(&rows, |column| column == 0)
}

/// The compile times of the generated crates.
fn compile_table(compile: &Compile) -> String {
    let header = [
        "crate",
        "generator",
        "document",
        "lines",
        "build",
        "ours/it",
    ];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    let ours = compile
        .crates
        .iter()
        .find(|compiled| compiled.name == "nexus")
        .and_then(|compiled| compiled.build.as_ref().ok());
    let mut failures = String::new();
    for compiled in &compile.crates {
        let (build, versus) = match &compiled.build {
            Ok(seconds) => (
                time(*seconds),
                match ours {
                    Some(ours) if compiled.document == NEXUS => ratio(ours / seconds),
                    _ => "-".to_owned(),
                },
            ),
            Err(error) => {
                failures.push_str(&format!("{} failed: {error}\n", compiled.name));
                ("failed".to_owned(), "-".to_owned())
            }
        };
        rows.push(vec![
            compiled.name.clone(),
            compiled.generator.to_owned(),
            compiled.document.clone(),
            compiled.lines.to_string(),
            build,
            versus,
        ]);
    }
    let mut text = format!(
        "compile (cargo build --lib of the crate alone: dependencies built, sources touched, \
         CARGO_INCREMENTAL=0; median of {COMPILE_RUNS} runs at most)\n"
    );
    text.push_str(&layout(&rows, |column| column < 3));
    text.push_str(&format!(
        "vendor-api cold, with its dependencies, in a fresh target directory: {}\n",
        compile
            .cold
            .as_ref()
            .map_or_else(|error| format!("failed: {error}"), |s| time(*s))
    ));
    text.push_str(&failures);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::testing::report;

    #[test]
    fn figures_are_short() {
        assert_eq!(time(12.345), "12.35 s");
        assert_eq!(time(0.1234), "123 ms");
        assert_eq!(time(0.00123), "1.2 ms");
        assert_eq!(time(0.000_045), "45 µs");
        assert_eq!(ratio(0.123), "0.12×");
        assert_eq!(ratio(42.4), "42×");
        assert_eq!(ratio(0.0043), "0.004×");
        assert_eq!(megabytes(300 << 20), "300 MB");
    }

    #[test]
    fn the_tables_align_their_columns() {
        let text = text(&report());
        let lines: Vec<&str> = text.lines().collect();
        let codegen = lines
            .iter()
            .position(|line| line.starts_with("codegen (ours"))
            .unwrap();
        assert_eq!(
            lines[codegen + 1..codegen + 4],
            [
                "document                                 KB  codegen  process  start  memory  ÷size   parse  ÷parse    load  normalize  merge   lower    emit  format  lines",
                "openapi/progenitor-sample__nexus.json  4096   1.00 s   2.00 s   8 MB   40 MB    10×  500 ms   2.00×  400 ms     100 ms   0 µs  100 ms  200 ms  200 ms   1234",
                "specs/zhipu.md                            2   FAILED",
            ]
        );
        assert!(text.contains("FAILED: specs/zhipu.md\n  refused by the generator: no\n"));
        assert!(
            text.contains(
                "document                                 ours  progenitor 1.0  ours/it  openapi-to-rust 1.0  ours/it\n\
                 openapi/progenitor-sample__nexus.json  2.00 s          4.00 s    0.50×              10.00 s    0.20×\n\
                 specs/zhipu.md                              -        rejected        -                    -        -\n"
            ),
            "{text}"
        );
        assert!(text.contains("40 MB           80 MB    0.50×"), "{text}");
        assert!(text.contains("oas3-gen is not installed: cargo install oas3-gen"));
        assert!(text.contains("progenitor rejected specs/zhipu.md: not OpenAPI\n"));
        assert!(
            text.contains(
                "nexus             ours        openapi/progenitor-sample__nexus.json    900  2.00 s    1.00×\n\
                 progenitor-nexus  progenitor  openapi/progenitor-sample__nexus.json   1000  8.00 s    0.25×\n"
            ),
            "{text}"
        );
        assert!(text.contains(
            "vendor-api cold, with its dependencies, in a fresh target directory: 31.00 s"
        ));
    }
}
