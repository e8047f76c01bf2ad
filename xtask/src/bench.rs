//! `cargo xtask bench`: how fast the generator is and where its time goes, how it compares with
//! its peers on the same documents, and what the code it generates costs to compile.
//!
//! Our times come from an optimized build, in a fresh process per run: the task builds `xtask`
//! in release and starts `xtask bench-child` once per run and measure, which prints one JSON
//! line; the task takes the median over the runs. A child measures either the whole engine
//! (`vendor_codegen::generate_with`, then its peak memory, `VmHWM`), or, with `--stages`, each
//! stage on its own, one after the other on one thread, and the bare parse of the document into
//! a `serde_json::Value`: the floor no generator can beat.
//!
//! Peers are found on `PATH` (or in `node_modules/.bin`), never installed from here, and timed as
//! whole processes, their peak memory read by `/usr/bin/time`. Compile times are those of
//! `cargo build` of a generated crate alone: its dependencies built, its sources touched,
//! `CARGO_INCREMENTAL=0`. Everything goes under `target/bench/`. No test asserts a time: the
//! targets are printed, each met or missed.

use crate::codegen::{self, Document};
use crate::corpus::{self, cargo, layout, percent, seconds};
use crate::{files, Error};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};
use vendor_codegen::lower::names::module_name;
use vendor_codegen::{load, Config, Diagnostic, Pipeline, Severity, Source};

/// The command, as generated files name it.
pub const COMMAND: &str = "cargo xtask bench";

/// Runs of each measure, unless `--runs` says otherwise.
pub const DEFAULT_RUNS: usize = 5;

/// At most this many runs of each compile time: a build takes tens of seconds.
const COMPILE_RUNS: usize = 3;

/// The corpus documents benched, besides `specs/`: in the corpus's `openapi/`.
pub const CORPUS_DOCUMENTS: [&str; 4] = [
    "progenitor-sample__nexus.json",
    "progenitor-sample__api.github.com.json",
    "openrouter__openapi.yaml",
    "openai__openapi.yaml",
];

/// The documents the targets name, as the tables do.
const NEXUS: &str = "openapi/progenitor-sample__nexus.json";
const GITHUB: &str = "openapi/progenitor-sample__api.github.com.json";
const OPENAI: &str = "openapi/openai__openapi.yaml";

/// The stages of the pipeline, in order, as the split names them.
pub const STAGES: [&str; 5] = ["load", "normalize", "lower", "emit", "format"];

/// How long one run of a peer (or of the child) may take before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(600);

/// GNU time, which reports the peak memory of the process it runs (`%M`, in KiB).
const TIME: &str = "/usr/bin/time";

/// Options of `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Runs of each measure (compile times: at most [`COMPILE_RUNS`]).
    pub runs: usize,
    /// Only documents whose path (`specs/minimax.md`, `openapi/…`) contains this text.
    pub only: Option<String>,
    /// Run the peers found on `PATH` too.
    pub peers: bool,
    /// Measure compile times too.
    pub compile: bool,
    /// The corpus directory (default: as `cargo xtask corpus`'s).
    pub dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runs: DEFAULT_RUNS,
            only: None,
            peers: true,
            compile: true,
            dir: None,
        }
    }
}

/// What `xtask bench-child` measures in its process: one run, printed as one JSON line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    /// The document.
    pub file: PathBuf,
    /// An overlay applied to it, as `cargo xtask codegen` does.
    pub overlay: Option<PathBuf>,
    /// Time the parse floor and each stage rather than the whole engine.
    pub stages: bool,
}

/// One run of the whole engine: the line `bench-child FILE` prints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Whole {
    /// Wall time of `vendor_codegen::generate_with`, in seconds.
    pub codegen: f64,
    /// The process's peak resident memory before the engine starts (the program, the document
    /// read), in bytes.
    pub start_bytes: u64,
    /// The process's peak resident memory, in bytes.
    pub peak_bytes: u64,
    /// Lines of the generated module.
    pub lines: usize,
}

/// One run of the stages: the line `bench-child --stages FILE` prints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    /// Seconds to parse the document into a `serde_json::Value`.
    pub parse: f64,
    /// Seconds of each of [`STAGES`], run one after the other on one thread.
    pub stages: [f64; 5],
}

impl Whole {
    /// The JSON line.
    pub fn to_line(&self) -> String {
        json!({
            "codegen": self.codegen,
            "start_bytes": self.start_bytes,
            "peak_bytes": self.peak_bytes,
            "lines": self.lines,
        })
        .to_string()
    }

    /// Reads the JSON line back.
    pub fn from_line(line: &str) -> Result<Whole, String> {
        let value = object(line)?;
        Ok(Whole {
            codegen: number(&value, "codegen")?,
            start_bytes: number(&value, "start_bytes")? as u64,
            peak_bytes: number(&value, "peak_bytes")? as u64,
            lines: number(&value, "lines")? as usize,
        })
    }
}

impl Split {
    /// The JSON line.
    pub fn to_line(&self) -> String {
        let mut object = serde_json::Map::new();
        object.insert("parse".to_owned(), json!(self.parse));
        for (stage, seconds) in STAGES.iter().zip(self.stages) {
            object.insert((*stage).to_owned(), json!(seconds));
        }
        Value::Object(object).to_string()
    }

    /// Reads the JSON line back.
    pub fn from_line(line: &str) -> Result<Split, String> {
        let value = object(line)?;
        let mut stages = [0.0; 5];
        for (slot, stage) in stages.iter_mut().zip(STAGES) {
            *slot = number(&value, stage)?;
        }
        Ok(Split {
            parse: number(&value, "parse")?,
            stages,
        })
    }
}

/// A child's line as a JSON object.
fn object(line: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(line)
        .map_err(|error| format!("the child printed {line:?}, not a JSON line: {error}"))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(format!("the child printed {line:?}, not a JSON object"))
    }
}

/// The field `name` of a child's line: a number, not negative.
fn number(value: &Value, name: &str) -> Result<f64, String> {
    value
        .get(name)
        .and_then(Value::as_f64)
        .filter(|number| *number >= 0.0)
        .ok_or_else(|| format!("the child's line {value} lacks a number `{name}`"))
}

/// Runs `bench-child`: one measured run of `child.file`, as the JSON line the child prints.
pub fn child(child: &Child) -> Result<String, Error> {
    let (source, overlays) = read_sources(&child.file, child.overlay.as_deref())?;
    Ok(if child.stages {
        on_big_stack(|| split(&source, &overlays))??.to_line()
    } else {
        whole(&source, &overlays)?.to_line()
    })
}

/// A document and its overlay, if any, as the engine reads them.
fn read_sources(file: &Path, overlay: Option<&Path>) -> Result<(Source, Vec<Source>), Error> {
    let overlays = overlay
        .map(read_source)
        .into_iter()
        .collect::<Result<_, _>>()?;
    Ok((read_source(file)?, overlays))
}

/// A document (or an overlay) as the engine reads it, named by its file stem.
fn read_source(path: &Path) -> Result<Source, Error> {
    let file = path.display().to_string();
    let text = fs::read_to_string(path).map_err(|error| {
        Error::Failed(format!(
            "{file}: cannot read it ({error}); documents must be UTF-8 text"
        ))
    })?;
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    Ok(Source {
        name: module_name(&stem),
        file,
        text,
    })
}

/// Runs `f` on a thread with the engine's stack: normalize and lower recurse per level.
fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T, Error> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(vendor_codegen::PIPELINE_STACK)
            .spawn_scoped(scope, f)
            .map_err(|error| Error::Failed(format!("cannot start a thread: {error}")))?
            .join()
            .map_err(|_| Error::Failed("the stages panicked (a bug in vendor-codegen)".to_owned()))
    })
}

/// The whole engine, as `cargo xtask codegen` runs it, then the process's peak memory.
fn whole(source: &Source, overlays: &[Source]) -> Result<Whole, Error> {
    let start_bytes = peak_memory()?;
    let start = Instant::now();
    let output = vendor_codegen::generate_with(source, overlays, &config())
        .map_err(|diagnostics| refused(&source.file, &diagnostics))?;
    let codegen = start.elapsed().as_secs_f64();
    Ok(Whole {
        codegen,
        start_bytes,
        peak_bytes: peak_memory()?,
        lines: output.module.lines().count(),
    })
}

/// The parse floor, then each stage on its own, in the order of the pipeline, through the
/// engine's own steps ([`Pipeline`]): load (with the overlays), normalize, lower, emit (every
/// piece of the module and of the examples test, in order, on this thread) and format (the
/// pieces on every core, as the engine formats them).
fn split(source: &Source, overlays: &[Source]) -> Result<Split, Error> {
    let (floor, parse) = timed(|| parse_floor(source));
    drop(floor.map_err(|error| Error::Failed(format!("{}: {error}", source.file)))?);
    let config = config();
    let pipeline = Pipeline::new(source, overlays, &config);
    let refused = |diagnostics: Vec<Diagnostic>| refused(&source.file, &diagnostics);
    let (loaded, load) = timed(|| pipeline.load());
    let loaded = loaded.map_err(refused)?;
    let (normalized, normalize) = timed(|| pipeline.normalize(loaded));
    let normalized = normalized.map_err(refused)?;
    let (lowered, lower) = timed(|| pipeline.lower(normalized));
    let lowered = lowered.map_err(refused)?;
    let (emitted, emit) = timed(|| pipeline.emit(&lowered));
    let (formatted, format) = timed(|| pipeline.format(emitted));
    drop(formatted);
    Ok(Split {
        parse,
        stages: [load, normalize, lower, emit, format],
    })
}

/// How the bench runs the engine: the module the root of a crate named after the document (as
/// `--spec/--out` makes it), the header naming `cargo xtask codegen`.
fn config() -> Config {
    let mut config = Config::new();
    config.command(codegen::COMMAND);
    config
}

/// Runs `f`, and how long it took in seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed().as_secs_f64())
}

/// The document of `source` parsed into generic values, as no generator can avoid: a `.json`
/// file with serde_json, a `.yaml` file with serde-saphyr, each fenced block of a page with
/// serde-saphyr (found as the engine finds them). The values are given back, so that they are
/// dropped after the clock stops.
fn parse_floor(source: &Source) -> Result<Vec<Value>, String> {
    let extension = Path::new(&source.file)
        .extension()
        .unwrap_or_default()
        .to_string_lossy()
        .to_ascii_lowercase();
    match extension.as_str() {
        "json" => serde_json::from_str(&source.text)
            .map(|value| vec![value])
            .map_err(|error| format!("not JSON: {error}")),
        "yaml" | "yml" => yaml(&source.text).map(|value| vec![value]),
        _ => {
            let values: Vec<Value> = load::fenced_blocks(&source.text)
                .iter()
                .filter_map(|block| yaml(block).ok())
                .collect();
            if values.is_empty() {
                Err("no fenced block of the page parses as YAML".to_owned())
            } else {
                Ok(values)
            }
        }
    }
}

/// `text` parsed by serde-saphyr, with a budget for whole API documents (its defaults are sized
/// for configuration files: a million events, 64 levels).
fn yaml(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 50_000_000,
            max_nodes: 20_000_000,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| format!("not YAML: {error}"))
}

/// The error for a document the engine refused: its first error.
fn refused(file: &str, diagnostics: &[Diagnostic]) -> Error {
    let first = diagnostics
        .iter()
        .find(|diagnostic| diagnostic.severity == Severity::Error)
        .map_or_else(|| "no error given".to_owned(), Diagnostic::to_string);
    Error::Failed(format!("{file}: refused by the generator: {first}"))
}

/// This process's peak resident memory, in bytes.
fn peak_memory() -> Result<u64, Error> {
    let status = fs::read_to_string("/proc/self/status").map_err(|error| {
        Error::Failed(format!(
            "cannot read /proc/self/status ({error}): the bench reads peak memory there, on Linux"
        ))
    })?;
    vm_hwm(&status)
        .ok_or_else(|| Error::Failed("/proc/self/status has no `VmHWM:` line".to_owned()))
}

/// The `VmHWM:` (peak resident memory) of a `/proc/<pid>/status` text, in bytes.
fn vm_hwm(status: &str) -> Option<u64> {
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?;
    let kib: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    kib.checked_mul(1024)
}

/// A document to bench.
#[derive(Debug, Clone)]
struct Bench {
    /// As the tables name it: `specs/minimax.md`, `openapi/openai__openapi.yaml`.
    file: String,
    /// Where it is.
    path: PathBuf,
    /// Its overlay, if it has one.
    overlay: Option<PathBuf>,
    /// Its size.
    bytes: u64,
    /// A module (and crate) name for it.
    stem: String,
}

/// What the bench measured: the report, printed and written as JSON.
#[derive(Debug, Clone)]
pub struct Report {
    /// The load average (`/proc/loadavg`) at the start and at the end.
    pub load: [String; 2],
    /// Runs of each measure.
    pub runs: usize,
    /// The cores the engine formats on.
    pub cores: usize,
    /// Each document, in order: its medians, or why it could not be measured.
    pub documents: Vec<(String, u64, Result<Measured, String>)>,
    /// Each peer, found or not.
    pub peers: Vec<PeerStatus>,
    /// Each run of a found peer on a document.
    pub peer_runs: Vec<PeerRun>,
    /// The compile times, unless `--no-compile`.
    pub compile: Option<Compile>,
}

/// A found peer on a document: (document, peer, its timing or why it rejected the document).
pub type PeerRun = (String, &'static str, Result<Timing, String>);

/// The medians of one document over the runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// The whole engine, in seconds.
    pub codegen: f64,
    /// The whole process of the engine's run (start, read, the engine, exit), in seconds: what
    /// the peers are timed as.
    pub process: f64,
    /// Peak memory before the engine starts, in bytes.
    pub start_bytes: u64,
    /// Peak memory, in bytes.
    pub peak_bytes: u64,
    /// Lines of the module.
    pub lines: usize,
    /// The parse floor and the stages.
    pub split: Split,
}

/// A peer's time on a document (median of the runs) and its peak memory, when measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Wall time of the process, in seconds.
    pub seconds: f64,
    /// Peak resident memory, in bytes (`None` without `/usr/bin/time`).
    pub peak_bytes: Option<u64>,
}

/// A peer, as found on this machine.
#[derive(Debug, Clone)]
pub struct PeerStatus {
    /// The peer.
    pub peer: &'static Peer,
    /// The command that runs it (the program and the arguments before its own), if found.
    pub command: Option<Vec<OsString>>,
    /// What it says its version is.
    pub version: String,
}

/// The compile times of generated crates.
#[derive(Debug, Clone)]
pub struct Compile {
    /// `vendor-api` built cold, with its dependencies, in a fresh target directory.
    pub cold: Result<f64, String>,
    /// Each crate: its own sources rebuilt (median of the runs).
    pub crates: Vec<Compiled>,
}

/// One generated crate, built.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Its name in the table.
    pub name: String,
    /// Who generated it.
    pub generator: &'static str,
    /// The document it comes from.
    pub document: String,
    /// Lines of its own `.rs` files (`src/`).
    pub lines: usize,
    /// Seconds to build it alone, or why it could not be.
    pub build: Result<f64, String>,
}

/// A generator to compare with. None is installed from here.
#[derive(Debug)]
pub struct Peer {
    /// Its name in the tables.
    pub name: &'static str,
    /// Its executable.
    program: &'static str,
    /// The arguments before its own (a cargo subcommand's name).
    subcommand: &'static [&'static str],
    /// How to install it.
    pub install: &'static str,
    /// Its arguments to generate code for `input` into the directory `out`, named `name`.
    args: fn(input: &Path, out: &Path, name: &str) -> Vec<OsString>,
    /// For a peer whose crate's compile time is measured: what makes what it wrote into a
    /// directory a crate that builds there, named `name`.
    make_crate: Option<MakeCrate>,
}

/// Makes what a peer wrote into `dir` a crate that builds there, named `name`.
type MakeCrate = fn(dir: &Path, name: &str) -> Result<(), String>;

/// The peers, in table order.
pub const PEERS: [Peer; 4] = [
    Peer {
        name: "openapi-to-rust",
        program: "openapi-to-rust",
        subcommand: &[],
        install: "cargo install openapi-to-rust --version '0.23.*' --locked",
        // A module (`types.rs`, `client.rs`, `mod.rs`) and `REQUIRED_DEPS.toml`.
        args: |input, out, _| {
            let out = out.join("src").join("generated");
            os(&["generate"], input, &["--output-dir"], &out, &[])
        },
        make_crate: Some(module_crate),
    },
    Peer {
        name: "oas3-gen",
        program: "oas3-gen",
        subcommand: &[],
        install: "cargo install oas3-gen --version '0.29.*' --locked",
        args: |input, out, _| {
            os(
                &["generate", "types", "-i"],
                input,
                &["-o"],
                &out.join("types.rs"),
                &[],
            )
        },
        make_crate: None,
    },
    Peer {
        name: "progenitor",
        program: "cargo-progenitor",
        subcommand: &["progenitor"],
        install: "cargo install cargo-progenitor --version 0.15.1 --locked",
        // A crate: `Cargo.toml` and `src/lib.rs`.
        args: |input, out, name| os(&["-i"], input, &["-o"], out, &["-n", name, "-v", "0.1.0"]),
        make_crate: Some(own_workspace),
    },
    Peer {
        name: "openapi-typescript",
        program: "openapi-typescript",
        subcommand: &[],
        install: "npm install -g openapi-typescript@7 (or npm install openapi-typescript@7 here)",
        args: |input, out, _| os(&[], input, &["-o"], &out.join("schema.d.ts"), &[]),
        make_crate: None,
    },
];

/// `before INPUT middle OUT after`, as arguments.
fn os(before: &[&str], input: &Path, middle: &[&str], out: &Path, after: &[&str]) -> Vec<OsString> {
    let words = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
    let mut args = words(before);
    args.push(input.into());
    args.extend(words(middle));
    args.push(out.into());
    args.extend(words(after));
    args
}

/// Runs `cargo xtask bench`: measures, prints the tables and the targets, and writes
/// `target/bench/report.json`. Fails only when it cannot measure at all.
pub fn run(options: &Options, root: &Path) -> Result<Report, Error> {
    let out = root.join("target").join("bench");
    let documents = find(root, options)?;
    let load_start = load_average();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    println!(
        "{} runs of each measure on {cores} cores; load average {load_start} (the figures are as noisy as it is high)",
        options.runs,
    );
    let child = build_child(root)?;
    let mut measured = Vec::new();
    for document in &documents {
        let result = measure(&child, document, options.runs);
        println!("{}", progress(document, &result));
        measured.push((document.file.clone(), document.bytes, result));
    }
    let peers = find_peers(root);
    let peer_runs = if options.peers {
        run_peers(&peers, &documents, &out, options.runs)?
    } else {
        Vec::new()
    };
    let compile = if options.compile {
        Some(compile(root, &out, &documents, &peers, options.runs)?)
    } else {
        None
    };
    let report = Report {
        load: [load_start, load_average()],
        runs: options.runs,
        cores,
        documents: measured,
        peers,
        peer_runs,
        compile,
    };
    println!("\n{}", text(&report));
    corpus::write_report(&out.join("report.json"), &report_json(&report))?;
    Ok(report)
}

/// Runs each peer found on each document, `runs` times, saying as it goes what it runs and
/// what comes out: (document, peer, result), a rejection being a result.
fn run_peers(
    peers: &[PeerStatus],
    documents: &[Bench],
    out: &Path,
    runs: usize,
) -> Result<Vec<PeerRun>, Error> {
    for status in peers {
        match &status.command {
            Some(_) => println!(
                "peer {} {}: {}",
                status.peer.name,
                status.version,
                command_line(status)
            ),
            None => println!(
                "peer {}: not installed; to install it: {}",
                status.peer.name, status.peer.install
            ),
        }
    }
    let mut peer_runs = Vec::new();
    for document in documents {
        let input = peer_input(document, out)?;
        for status in peers {
            let Some(command) = &status.command else {
                continue;
            };
            let result = time_peer(status.peer, command, &input, out, &document.stem, runs);
            let said = match &result {
                Ok(timing) => time(timing.seconds),
                Err(error) => format!("rejected: {error}"),
            };
            println!("  {} on {}: {said}", status.peer.name, document.file);
            peer_runs.push((document.file.clone(), status.peer.name, result));
        }
    }
    Ok(peer_runs)
}

/// The documents `options` selects: those of `specs/` (with their overlays), then
/// [`CORPUS_DOCUMENTS`].
fn find(root: &Path, options: &Options) -> Result<Vec<Bench>, Error> {
    let specs = codegen::find_documents(root, codegen::TARGETS[0])
        .map_err(|errors| Error::Failed(errors.join("\n")))?;
    let dir = options.dir.as_deref().unwrap_or(vendor_corpus::dir());
    let candidates = specs
        .into_iter()
        .map(|document| {
            let overlay = document.overlay.map(|overlay| overlay.path);
            (document.file, document.path, overlay)
        })
        .chain(CORPUS_DOCUMENTS.iter().map(|name| {
            (
                format!("openapi/{name}"),
                dir.join("openapi").join(name),
                None,
            )
        }));
    let mut found = Vec::new();
    for (file, path, overlay) in candidates {
        if !options.only.as_ref().is_none_or(|only| file.contains(only)) {
            continue;
        }
        let bytes = fs::metadata(&path)
            .map_err(|error| {
                Error::Failed(format!(
                    "{}: cannot read it ({error}); give the corpus with `--dir DIR`, or \
                     leave the document out with `--only TEXT`",
                    path.display()
                ))
            })?
            .len();
        let stem = module_name(&path.file_stem().unwrap_or_default().to_string_lossy());
        found.push(Bench {
            file,
            path,
            overlay,
            bytes,
            stem,
        });
    }
    if found.is_empty() {
        return Err(Error::Failed(format!(
            "no document matches `--only {}`: the bench runs specs/*.md and openapi/{}",
            options.only.as_deref().unwrap_or_default(),
            CORPUS_DOCUMENTS.join(", openapi/")
        )));
    }
    Ok(found)
}

/// The load average of the last 1, 5 and 15 minutes, or `unknown`.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

/// Builds `xtask` with optimizations and gives the path of its executable: the child.
fn build_child(root: &Path) -> Result<PathBuf, Error> {
    println!("building the optimized xtask (cargo build --release -p xtask) …");
    let output = Command::new(cargo())
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "xtask",
            "--bin",
            "xtask",
        ])
        .arg("--message-format=json-render-diagnostics")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| Error::Failed(format!("cannot run cargo: {error}")))?;
    if !output.status.success() {
        return Err(Error::Failed(
            "`cargo build --release -p xtask` failed (see above): fix the build and run the bench \
             again"
                .to_owned(),
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message.pointer("/target/name") == Some(&json!("xtask")))
        .find_map(|message| message.get("executable")?.as_str().map(PathBuf::from))
        .ok_or_else(|| {
            Error::Failed("cargo built xtask but did not say where its executable is".to_owned())
        })
}

/// The medians of `runs` runs of the engine and of the stages on `document`, each run in a
/// fresh process.
fn measure(child: &Path, document: &Bench, runs: usize) -> Result<Measured, String> {
    let (mut wholes, mut processes, mut splits) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (seconds, line) = run_child(child, document, false)?;
        wholes.push(Whole::from_line(&line)?);
        processes.push(seconds);
        splits.push(Split::from_line(&run_child(child, document, true)?.1)?);
    }
    let stages =
        std::array::from_fn(|stage| median(splits.iter().map(|split| split.stages[stage])));
    Ok(Measured {
        codegen: median(wholes.iter().map(|whole| whole.codegen)),
        process: median(processes),
        start_bytes: median(wholes.iter().map(|whole| whole.start_bytes as f64)) as u64,
        peak_bytes: median(wholes.iter().map(|whole| whole.peak_bytes as f64)) as u64,
        lines: wholes.first().map_or(0, |whole| whole.lines),
        split: Split {
            parse: median(splits.iter().map(|split| split.parse)),
            stages,
        },
    })
}

/// Runs the child once on `document`: the wall time of its process and the line it printed; on
/// failure, what it said.
fn run_child(child: &Path, document: &Bench, stages: bool) -> Result<(f64, String), String> {
    let mut command = Command::new(child);
    command.arg("bench-child");
    if stages {
        command.arg("--stages");
    }
    command.arg(&document.path);
    if let Some(overlay) = &document.overlay {
        command.arg("--overlay").arg(overlay);
    }
    let (seconds, output) = run_with_timeout(command, TIMEOUT)?;
    if !output.status.success() {
        return Err(first_line(&output));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok((
        seconds,
        stdout.lines().last().unwrap_or_default().to_owned(),
    ))
}

/// The first line a failed process said, on stderr (else stdout), without colors or `error: `
/// (for a panic, with its message, which comes on the next line); and the first line of its
/// stdout that tells an error or a failure, when it is not that line (progenitor says why it
/// fails there, and only that it failed on stderr).
fn first_line(output: &Output) -> String {
    let line = first_said(output);
    let stdout = corpus::strip_ansi(&String::from_utf8_lossy(&output.stdout));
    let why = stdout.lines().map(str::trim).find(|said| {
        let said = said.to_ascii_lowercase();
        said.contains("error") || said.contains("fail")
    });
    match why {
        Some(why) if !line.ends_with(why) => format!("{line} ({why})"),
        _ => line,
    }
}

/// The first line a failed process said: see [`first_line`].
fn first_said(output: &Output) -> String {
    let lines: Vec<String> = [&output.stderr, &output.stdout]
        .into_iter()
        .flat_map(|bytes| {
            corpus::strip_ansi(&String::from_utf8_lossy(bytes))
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    match lines.as_slice() {
        [] => format!("exited with {} and said nothing", output.status),
        // Node shows where an uncaught error was thrown (`file:///….mjs:100`, the source line, a
        // caret) before the error itself.
        [place, rest @ ..] if place.starts_with("file://") => rest
            .iter()
            .find(|line| thrown(line))
            .unwrap_or(place)
            .clone(),
        [panic, message, ..] if panic.contains("panicked at") => format!("{panic} {message}"),
        [line, ..] => line.strip_prefix("error: ").unwrap_or(line).to_owned(),
    }
}

/// Whether `line` is how JavaScript prints an error: `Error: …`, `TypeError: …`.
fn thrown(line: &str) -> bool {
    line.split_once(": ")
        .is_some_and(|(kind, _)| kind.ends_with("Error") && !kind.contains(' '))
}

/// The median of `values` (the mean of the two middle ones for an even count; 0 for none).
pub fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.into_iter().collect();
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => 0.0,
        count if count % 2 == 0 => (values[middle - 1] + values[middle]) / 2.0,
        _ => values[middle],
    }
}

/// The line printed when a document is measured.
fn progress(document: &Bench, result: &Result<Measured, String>) -> String {
    match result {
        Ok(measured) => format!(
            "{}: codegen {}, parse floor {}, peak {}",
            document.file,
            time(measured.codegen),
            time(measured.split.parse),
            megabytes(measured.peak_bytes)
        ),
        Err(error) => format!("{}: FAILED: {error}", document.file),
    }
}

/// Each peer, with the command that runs it where it is installed and its version.
fn find_peers(root: &Path) -> Vec<PeerStatus> {
    let installed = cargo_installed();
    PEERS
        .iter()
        .map(|peer| {
            let program = find_program(peer.program, root);
            let command = program.map(|program| {
                let mut command = vec![program.into_os_string()];
                command.extend(peer.subcommand.iter().map(OsString::from));
                command
            });
            let version = match (&command, installed.get(peer.program)) {
                (None, _) => String::new(),
                (Some(_), Some(version)) => version.clone(),
                (Some(command), None) => version(command),
            };
            PeerStatus {
                peer,
                command,
                version,
            }
        })
        .collect()
}

/// `program` on `PATH`, or in the repository's `node_modules/.bin`.
fn find_program(program: &str, root: &Path) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([root.join("node_modules").join(".bin")])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The version of each program `cargo install` installed (`cargo install --list`): program →
/// version.
fn cargo_installed() -> BTreeMap<String, String> {
    let output = Command::new(cargo())
        .args(["install", "--list"])
        .stdin(Stdio::null())
        .output();
    installed_versions(&output.map_or_else(
        |_| String::new(),
        |output| String::from_utf8_lossy(&output.stdout).into_owned(),
    ))
}

/// Reads `cargo install --list`: `package v1.2.3:` then its programs, indented.
fn installed_versions(list: &str) -> BTreeMap<String, String> {
    let mut versions = BTreeMap::new();
    let mut current = None;
    for line in list.lines() {
        if line.starts_with(char::is_whitespace) {
            if let Some(version) = &current {
                versions.insert(line.trim().to_owned(), String::clone(version));
            }
        } else {
            current = line.split_whitespace().nth(1).map(|version| {
                version
                    .trim_end_matches(':')
                    .trim_start_matches('v')
                    .to_owned()
            });
        }
    }
    versions
}

/// What `command --version` prints first (e.g. `0.15.1`), or `?`.
fn version(command: &[OsString]) -> String {
    let Some((program, args)) = command.split_first() else {
        return "?".to_owned();
    };
    Command::new(program)
        .args(args)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| {
            let text = String::from_utf8_lossy(&output.stdout).into_owned();
            text.lines().next().map(|line| {
                // `openapi-to-rust 0.23.1`, `v7.13.0`: the version alone.
                let word = line.split_whitespace().last().unwrap_or_default();
                word.trim_start_matches('v').to_owned()
            })
        })
        .filter(|version| !version.is_empty())
        .unwrap_or_else(|| "?".to_owned())
}

/// The command line a peer runs with, `INPUT`, `OUT` and `NAME` standing for its arguments.
fn command_line(status: &PeerStatus) -> String {
    let args = (status.peer.args)(Path::new("INPUT"), Path::new("OUT"), "NAME");
    status
        .command
        .iter()
        .flatten()
        .chain(&args)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The file the peers read for `document`: the document itself, or for a page (which no peer
/// reads), its OpenAPI document as the engine loads it, with its overlay applied, written as
/// JSON under `out/inputs/`.
fn peer_input(document: &Bench, out: &Path) -> Result<PathBuf, Error> {
    let extension = document.path.extension().unwrap_or_default();
    if ["json", "yaml", "yml"]
        .iter()
        .any(|known| extension == *known)
    {
        return Ok(document.path.clone());
    }
    let (source, overlays) = read_sources(&document.path, document.overlay.as_deref())?;
    let (loaded, _) = vendor_codegen::load_with(&source, &overlays)
        .map_err(|diagnostics| refused(&source.file, &diagnostics))?;
    let path = out.join("inputs").join(format!("{}.json", document.stem));
    let json = serde_json::to_string_pretty(&loaded.tree).unwrap_or_default();
    files::write_if_changed(&path, &json)
        .map_err(|error| Error::Failed(files::with_path(error, &path).to_string()))?;
    Ok(path)
}

/// Runs `peer` (`command`) on `input` `runs` times, each into a fresh directory, and gives the
/// median time and peak memory; the first failure ends it.
fn time_peer(
    peer: &Peer,
    command: &[OsString],
    input: &Path,
    out: &Path,
    name: &str,
    runs: usize,
) -> Result<Timing, String> {
    let dir = out.join("peers").join(peer.name).join(name);
    let mut timings = Vec::new();
    for _ in 0..runs {
        timings.push(run_peer(peer, command, input, &dir, out, name)?);
    }
    let peaks: Option<Vec<f64>> = timings
        .iter()
        .map(|timing| timing.peak_bytes.map(|bytes| bytes as f64))
        .collect();
    Ok(Timing {
        seconds: median(timings.iter().map(|timing| timing.seconds)),
        peak_bytes: peaks.map(|peaks| median(peaks) as u64),
    })
}

/// Runs `peer` once on `input` into the fresh directory `dir`, under `/usr/bin/time` when there
/// is one (its report goes to `out/time.txt`).
fn run_peer(
    peer: &Peer,
    command: &[OsString],
    input: &Path,
    dir: &Path,
    out: &Path,
    name: &str,
) -> Result<Timing, String> {
    fresh_dir(dir)?;
    let gnu_time = Path::new(TIME).is_file();
    let report = out.join("time.txt");
    let args = (peer.args)(input, dir, name);
    let mut line: Vec<OsString> = Vec::new();
    if gnu_time {
        line.extend(["-f", "%M", "-o"].map(OsString::from));
        line.push(report.clone().into_os_string());
    }
    line.extend(command.iter().cloned());
    line.extend(args);
    let program = if gnu_time {
        OsString::from(TIME)
    } else {
        line.remove(0)
    };
    let mut process = Command::new(program);
    process.args(&line);
    let (seconds, output) = run_with_timeout(process, TIMEOUT)?;
    if !output.status.success() {
        return Err(first_line(&output));
    }
    if fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none()) {
        return Err(format!(
            "exited with success but wrote nothing into {}",
            dir.display()
        ));
    }
    let peak_bytes = gnu_time
        .then(|| fs::read_to_string(&report).ok())
        .flatten()
        .and_then(|text| text.lines().last()?.trim().parse::<u64>().ok())
        .map(|kib| kib * 1024);
    Ok(Timing {
        seconds,
        peak_bytes,
    })
}

/// Removes `dir` if it exists and creates it empty.
fn fresh_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir)
            .map_err(|error| format!("cannot empty {}: {error}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))
}

/// Runs `command` in a process group of its own, its output captured, and gives its wall time in
/// seconds; after `timeout`, kills the group (the process and whatever it started).
fn run_with_timeout(mut command: Command, timeout: Duration) -> Result<(f64, Output), String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let start = Instant::now();
    let process = command
        .spawn()
        .map_err(|error| format!("cannot start it: {error}"))?;
    let group = process.id();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        // The receiver may have given up waiting: then nobody wants the output.
        let _ = sender.send(process.wait_with_output());
    });
    match receiver.recv_timeout(timeout) {
        Ok(Ok(output)) => Ok((start.elapsed().as_secs_f64(), output)),
        Ok(Err(error)) => Err(format!("waiting for it: {error}")),
        Err(_) => {
            // Best effort: if the group is gone already, there is nothing to kill.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{group}")])
                .status();
            Err(format!("no result after {} s: it hangs", timeout.as_secs()))
        }
    }
}

/// Builds each generated crate: `vendor-api` cold (a fresh target directory, with its
/// dependencies), then, with their dependencies built, `vendor-api` again and the crates
/// generated for nexus by us and by the Rust peers installed, each its sources touched and
/// built again [`COMPILE_RUNS`] times at most.
fn compile(
    root: &Path,
    out: &Path,
    documents: &[Bench],
    peers: &[PeerStatus],
    runs: usize,
) -> Result<Compile, Error> {
    let runs = runs.min(COMPILE_RUNS);
    let cold_target = out.join("cold");
    fresh_dir(&cold_target).map_err(Error::Failed)?;
    let vendor_api = root.join(codegen::TARGETS[0].crate_dir);
    println!("\nbuilding vendor-api cold, with its dependencies …");
    let cold = cargo_build(&vendor_api, &cold_target);
    println!(
        "  {}",
        cold.as_ref().map_or_else(Clone::clone, |s| time(*s))
    );
    let mut crates = vec![rebuild(
        "vendor-api",
        "ours",
        "specs/",
        &vendor_api,
        &cold_target,
        runs,
    )];
    let Some(nexus) = documents.iter().find(|document| document.file == NEXUS) else {
        return Ok(Compile { cold, crates });
    };
    let crates_dir = out.join("crates");
    let target = out.join("target");
    let ours = crates_dir.join("nexus");
    write_our_crate(root, nexus, &ours)?;
    crates.push(rebuild("nexus", "ours", NEXUS, &ours, &target, runs));
    for status in peers {
        let (Some(command), Some(make_crate)) = (&status.command, status.peer.make_crate) else {
            continue;
        };
        let name = format!("{}-nexus", status.peer.name);
        let dir = crates_dir.join(&name);
        let generated = run_peer(status.peer, command, &nexus.path, &dir, out, &name)
            .and_then(|_| make_crate(&dir, &name));
        crates.push(match generated {
            Ok(()) => rebuild(&name, status.peer.name, NEXUS, &dir, &target, runs),
            Err(error) => Compiled {
                name,
                generator: status.peer.name,
                document: NEXUS.to_owned(),
                lines: 0,
                build: Err(error),
            },
        });
    }
    Ok(Compile { cold, crates })
}

/// Writes the crate we generate for `document` into `dir`, as `cargo xtask corpus` does, with
/// the repository's lock file.
fn write_our_crate(root: &Path, document: &Bench, dir: &Path) -> Result<(), Error> {
    let name = "nexus";
    // The module is the crate's root (`src/lib.rs`), named after the document.
    let mut config = Config::new();
    config.command(COMMAND);
    let generated = codegen::run_generator(
        &Document {
            stem: name.to_owned(),
            path: document.path.clone(),
            file: document.file.clone(),
            overlay: None,
        },
        &config,
    )
    .map_err(|lines| Error::Failed(lines.join("\n")))?;
    let output = generated
        .result
        .map_err(|diagnostics| refused(&document.file, &diagnostics))?;
    let manifest = codegen::crate_manifest(name, COMMAND, &root.join("runtime"), true);
    for (path, text) in [
        (dir.join("Cargo.toml"), manifest.as_str()),
        (dir.join("src").join("lib.rs"), output.module.as_str()),
    ] {
        files::write_if_changed(&path, text)
            .map_err(|error| Error::Failed(files::with_path(error, &path).to_string()))?;
    }
    corpus::copy_lock(root, dir)
}

/// Makes the crate a peer wrote into `dir` a workspace of its own (it lies inside this
/// repository's), as our standalone crates are.
fn own_workspace(dir: &Path, _name: &str) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text = fs::read_to_string(&manifest)
        .map_err(|error| format!("wrote no crate ({}: {error})", manifest.display()))?;
    if text.lines().any(|line| line.trim() == "[workspace]") {
        return Ok(());
    }
    fs::OpenOptions::new()
        .append(true)
        .open(&manifest)
        .and_then(|mut file| file.write_all(b"\n[workspace]\n"))
        .map_err(|error| format!("{}: {error}", manifest.display()))
}

/// Makes the module a peer wrote into `dir/src/generated/` a crate named `name`: its
/// `Cargo.toml` holds the dependencies the peer listed in `REQUIRED_DEPS.toml`, and its
/// `src/lib.rs` declares the module.
fn module_crate(dir: &Path, name: &str) -> Result<(), String> {
    let module = dir.join("src").join("generated");
    let required = module.join("REQUIRED_DEPS.toml");
    let dependencies = fs::read_to_string(&required)
        .map_err(|error| format!("wrote no {}: {error}", required.display()))?;
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         {dependencies}\n[workspace]\n"
    );
    for (path, text) in [
        (dir.join("Cargo.toml"), manifest.as_str()),
        (dir.join("src").join("lib.rs"), "pub mod generated;\n"),
    ] {
        fs::write(&path, text).map_err(|error| format!("{}: {error}", path.display()))?;
    }
    Ok(())
}

/// The crate at `dir` built once (its dependencies too), then its sources touched and built
/// again `runs` times: the median of those.
fn rebuild(
    name: &str,
    generator: &'static str,
    document: &str,
    dir: &Path,
    target: &Path,
    runs: usize,
) -> Compiled {
    println!("building {name} (generated by {generator}) …");
    let sources = rust_files(&dir.join("src"));
    let lines = sources
        .iter()
        .filter_map(|path| fs::read_to_string(path).ok())
        .map(|text| text.lines().count())
        .sum();
    let build = cargo_build(dir, target).and_then(|_| {
        let mut times = Vec::new();
        for _ in 0..runs {
            touch(&sources)?;
            times.push(cargo_build(dir, target)?);
        }
        Ok(median(times))
    });
    println!(
        "  {}",
        build.as_ref().map_or_else(Clone::clone, |s| time(*s))
    );
    Compiled {
        name: name.to_owned(),
        generator,
        document: document.to_owned(),
        lines,
        build,
    }
}

/// The `.rs` files under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Sets the modification time of `paths` to now, so that cargo builds their crate again.
fn touch(paths: &[PathBuf]) -> Result<(), String> {
    for path in paths {
        fs::File::options()
            .write(true)
            .open(path)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .map_err(|error| format!("cannot touch {}: {error}", path.display()))?;
    }
    Ok(())
}

/// `cargo build --lib` of the crate at `dir` into `target`, without incremental compilation (a
/// rebuild would reuse its cache): its wall time in seconds, or its first error.
fn cargo_build(dir: &Path, target: &Path) -> Result<f64, String> {
    let start = Instant::now();
    let output = Command::new(cargo())
        .args(["build", "--lib", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let seconds = start.elapsed().as_secs_f64();
    if output.status.success() {
        return Ok(seconds);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(stderr
        .lines()
        .find(|line| line.starts_with("error"))
        .map_or_else(|| first_line(&output), str::to_owned))
}

/// A time: `12.3 s`, `1.23 s`, `123 ms`, `1.2 ms`, `45 µs`.
fn time(value: f64) -> String {
    match value {
        s if s >= 1.0 => seconds(Duration::from_secs_f64(s)),
        s if s >= 0.01 => format!("{:.0} ms", s * 1e3),
        s if s >= 0.001 => format!("{:.1} ms", s * 1e3),
        s => format!("{:.0} µs", s * 1e6),
    }
}

/// `312 MB` (MiB).
fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// `0.12×`.
fn ratio(value: f64) -> String {
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
                    the document; the stages one after the other on one thread)\n"
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

/// A target of the issue, and what was measured against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What it is about.
    pub what: String,
    /// The measured value, if it could be measured, else why not.
    pub measured: Result<f64, String>,
    /// The value not to exceed.
    pub limit: f64,
    /// Whether the value must stay below the limit, not only reach it.
    pub strict: bool,
    /// Whether the value is in seconds (else a ratio).
    pub seconds: bool,
    /// The least the value can be while prettyplease formats the whole module: the value if
    /// every other stage took no time and the format stage were shared perfectly over the
    /// cores. A floor above the limit says the target cannot be met with this formatter.
    pub floor: Option<f64>,
}

impl Target {
    /// Whether it is met, if measured.
    pub fn met(&self) -> Option<bool> {
        let value = *self.measured.as_ref().ok()?;
        Some(value < self.limit || (!self.strict && value == self.limit))
    }
}

/// The targets, measured.
fn targets(report: &Report) -> Vec<Target> {
    let mut targets = codegen_targets(report);
    targets.extend(compile_targets(report));
    targets
}

/// A target on a ratio, reached when at most `limit`.
fn ratio_target(what: String, measured: Result<f64, String>, limit: f64) -> Target {
    Target {
        what,
        measured,
        limit,
        strict: false,
        seconds: false,
        floor: None,
    }
}

/// The targets on codegen: against the peers, the parse floor and the document's size.
fn codegen_targets(report: &Report) -> Vec<Target> {
    let ours = |file: &str| {
        report
            .documents
            .iter()
            .find(|(document, _, _)| document == file)
            .ok_or_else(|| "not benched (see --only)".to_owned())
            .and_then(|(_, bytes, result)| result.clone().map(|measured| (*bytes, measured)))
    };
    let peer = |file: &str, name: &str| {
        report
            .peer_runs
            .iter()
            .find(|(document, peer, _)| document == file && *peer == name)
            .map_or_else(
                || Err(format!("{name} did not run (not installed, or --no-peers)")),
                |(_, _, result)| {
                    result
                        .clone()
                        .map_err(|error| format!("{name} rejected it: {error}"))
                },
            )
    };
    // The format stage of a document shared over the cores: no run of ours can take less.
    let formatting = |measured: &Measured| measured.split.stages[4] / report.cores.max(1) as f64;
    // Our process over the fastest peer's, and the floor of that ratio.
    let fastest = |file: &str| -> Result<(f64, f64), String> {
        let (_, measured) = ours(file)?;
        let runs: Vec<&Result<Timing, String>> = report
            .peer_runs
            .iter()
            .filter(|(document, _, _)| document == file)
            .map(|(_, _, result)| result)
            .collect();
        if runs.is_empty() {
            return Err("no peer ran (none installed, or --no-peers)".to_owned());
        }
        runs.iter()
            .filter_map(|result| result.as_ref().ok().map(|timing| timing.seconds))
            .min_by(f64::total_cmp)
            .map(|fastest| (measured.process / fastest, formatting(&measured) / fastest))
            .ok_or_else(|| "every peer failed".to_owned())
    };
    let with_floor = |what: &str, measured: Result<(f64, f64), String>, limit| Target {
        floor: measured.as_ref().ok().map(|(_, floor)| *floor),
        ..ratio_target(what.to_owned(), measured.map(|(value, _)| value), limit)
    };
    let mut targets = vec![
        with_floor("codegen ÷ the fastest peer, nexus", fastest(NEXUS), 0.2),
        with_floor("codegen ÷ the fastest peer, GitHub", fastest(GITHUB), 0.2),
        with_floor(
            "codegen ÷ openapi-to-rust, OpenAI",
            ours(OPENAI).and_then(|(_, measured)| {
                peer(OPENAI, "openapi-to-rust").map(|timing| {
                    (
                        measured.process / timing.seconds,
                        formatting(&measured) / timing.seconds,
                    )
                })
            }),
            0.15,
        ),
    ];
    for (file, bytes, result) in &report.documents {
        let measured = result.as_ref().map_err(Clone::clone);
        targets.push(with_floor(
            &format!("codegen ÷ parse, {file}"),
            measured.clone().map(|measured| {
                (
                    measured.codegen / measured.split.parse,
                    formatting(measured) / measured.split.parse,
                )
            }),
            3.0,
        ));
        targets.push(ratio_target(
            format!("peak memory ÷ size, {file}"),
            measured.map(|measured| measured.peak_bytes as f64 / *bytes as f64),
            15.0,
        ));
    }
    targets
}

/// The targets on compiling the generated crates.
fn compile_targets(report: &Report) -> Vec<Target> {
    let built = |name: &str| {
        report
            .compile
            .as_ref()
            .ok_or_else(|| "--no-compile".to_owned())?
            .crates
            .iter()
            .find(|compiled| compiled.name == name)
            .ok_or_else(|| format!("{name} not built (its generator is not installed)"))
            .and_then(|compiled| {
                compiled
                    .build
                    .clone()
                    .map(|seconds| (seconds, compiled.lines))
                    .map_err(|error| format!("{name} failed: {error}"))
            })
    };
    let mut targets = vec![ratio_target(
        "nexus crate build ÷ progenitor's".to_owned(),
        built("nexus")
            .and_then(|(ours, _)| built("progenitor-nexus").map(|(theirs, _)| ours / theirs)),
        0.5,
    )];
    targets.push(Target {
        strict: true,
        ..ratio_target(
            "nexus crate lines ÷ openapi-to-rust's".to_owned(),
            built("nexus").and_then(|(_, ours)| {
                built("openapi-to-rust-nexus").map(|(_, theirs)| ours as f64 / theirs as f64)
            }),
            1.0,
        )
    });
    targets.push(Target {
        what: "vendor-api cold build, with dependencies".to_owned(),
        measured: report
            .compile
            .as_ref()
            .ok_or_else(|| "--no-compile".to_owned())
            .and_then(|compile| compile.cold.clone()),
        limit: 30.0,
        strict: false,
        seconds: true,
        floor: None,
    });
    targets
}

/// The targets, each with its value, its limit and whether it is met, and by how much.
fn targets_table(targets: &[Target]) -> String {
    let mut rows = vec![["target", "measured", "limit", "verdict"]
        .map(str::to_owned)
        .to_vec()];
    for target in targets {
        let show = |value: f64| {
            if target.seconds {
                time(value)
            } else {
                ratio(value)
            }
        };
        let (measured, verdict) = match &target.measured {
            Ok(value) => {
                let by = value / target.limit * 100.0;
                let verdict = match target.floor {
                    _ if target.met() == Some(true) => format!("met ({by:.0}% of the limit)"),
                    Some(floor) if floor > target.limit => format!(
                        "MISSED ({by:.0}% of the limit; formatting alone is {:.0}% of it)",
                        floor / target.limit * 100.0
                    ),
                    _ => format!("MISSED ({by:.0}% of the limit)"),
                };
                (show(*value), verdict)
            }
            Err(why) => ("-".to_owned(), format!("not measured: {why}")),
        };
        let limit = format!(
            "{} {}",
            if target.strict { "<" } else { "≤" },
            show(target.limit)
        );
        rows.push(vec![target.what.clone(), measured, limit, verdict]);
    }
    let mut text = "targets\n".to_owned();
    text.push_str(&layout(&rows, |column| column == 0 || column == 3));
    text
}

/// The error of `result`, if it is one.
fn error_of<T>(result: &Result<T, String>) -> Option<String> {
    result.as_ref().err().cloned()
}

/// The report as JSON.
fn report_json(report: &Report) -> Value {
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
        "targets": targets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    #[test]
    fn the_median_is_the_middle_value() {
        assert_eq!(median([]), 0.0);
        assert_eq!(median([7.0]), 7.0);
        assert_eq!(median([3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median([4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(
            median([9.0, 1.0, 1.5, 1.2, 1.1]),
            1.2,
            "an outlier does not move it"
        );
    }

    #[test]
    fn the_child_line_round_trips_and_is_checked() {
        let whole = Whole {
            codegen: 1.25,
            start_bytes: 1 << 20,
            peak_bytes: 3 << 20,
            lines: 400,
        };
        assert_eq!(
            whole.to_line(),
            r#"{"codegen":1.25,"start_bytes":1048576,"peak_bytes":3145728,"lines":400}"#
        );
        assert_eq!(Whole::from_line(&whole.to_line()), Ok(whole));
        let split = Split {
            parse: 0.5,
            stages: [0.1, 0.2, 0.3, 0.4, 0.5],
        };
        assert_eq!(
            split.to_line(),
            r#"{"parse":0.5,"load":0.1,"normalize":0.2,"lower":0.3,"emit":0.4,"format":0.5}"#
        );
        assert_eq!(Split::from_line(&split.to_line()), Ok(split));
        for (line, fragment) in [
            ("", "not a JSON line"),
            ("[1]", "not a JSON object"),
            (
                r#"{"codegen":1,"start_bytes":1,"peak_bytes":2}"#,
                "lacks a number `lines`",
            ),
            (
                r#"{"codegen":-1,"start_bytes":1,"peak_bytes":2,"lines":3}"#,
                "lacks a number `codegen`",
            ),
        ] {
            let error = Whole::from_line(line).unwrap_err();
            assert!(error.contains(fragment), "{line:?}: {error}");
        }
        let error = Split::from_line(r#"{"parse":1,"load":1}"#).unwrap_err();
        assert!(error.contains("`normalize`"), "{error}");
    }

    #[test]
    fn peak_memory_is_read_from_the_status_file() {
        let status = "Name:\txtask\nVmPeak:\t  900 kB\nVmHWM:\t   2048 kB\nVmRSS:\t 1024 kB\n";
        assert_eq!(vm_hwm(status), Some(2048 * 1024));
        assert_eq!(vm_hwm("VmRSS:\t 1024 kB\n"), None);
        assert_eq!(vm_hwm("VmHWM:\t lots\n"), None);
        assert!(peak_memory().unwrap() > 0);
    }

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
    fn versions_come_from_cargo_install() {
        let list = "cargo-progenitor v0.15.1:\n    cargo-progenitor\noas3-gen v0.29.0:\n    oas3-gen\n    other\n";
        let versions = installed_versions(list);
        assert_eq!(versions["cargo-progenitor"], "0.15.1");
        assert_eq!(versions["other"], "0.29.0");
        assert_eq!(versions.len(), 3);
    }

    #[test]
    fn a_failed_process_says_its_first_line() {
        let output = |stderr: &str, stdout: &str| Output {
            status: ExitStatus::from_raw(1 << 8),
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        };
        assert_eq!(
            first_line(&output("\nerror: bad document\nmore\n", "out")),
            "bad document"
        );
        assert_eq!(first_line(&output("", "  only stdout\n")), "only stdout");
        assert_eq!(
            first_line(&output(
                "thread 'main' panicked at a.rs:1:2:\nboom\nnote: …\n",
                ""
            )),
            "thread 'main' panicked at a.rs:1:2: boom"
        );
        assert_eq!(
            first_line(&output("\u{1b}[31mError: red\u{1b}[0m\n", "")),
            "Error: red"
        );
        assert_eq!(
            first_line(&output(
                "Error: it failed\n",
                "TYPE SPACE\ngen fail: bad version\n"
            )),
            "Error: it failed (gen fail: bad version)"
        );
        assert_eq!(
            first_line(&output(
                "file:///lib/redoc.mjs:100\n    throw new Error(\"no\");\n    ^\n\n\
                 Error: Unsupported schema format\n    at validate (file:///lib/redoc.mjs:100:11)\n",
                "✨ openapi-typescript 7.13.0\n"
            )),
            "Error: Unsupported schema format"
        );
        assert!(first_line(&output("", "")).contains("said nothing"));
    }

    fn measured(codegen: f64, parse: f64) -> Measured {
        Measured {
            codegen,
            process: 2.0 * codegen,
            start_bytes: 8 << 20,
            peak_bytes: 40 << 20,
            lines: 1234,
            split: Split {
                parse,
                stages: [0.4, 0.1, 0.1, 0.2, 0.2],
            },
        }
    }

    fn report() -> Report {
        let found = |name: &str| PeerStatus {
            peer: PEERS.iter().find(|peer| peer.name == name).unwrap(),
            command: Some(vec![OsString::from(name)]),
            version: "1.0".to_owned(),
        };
        let timing = |seconds| {
            Ok(Timing {
                seconds,
                peak_bytes: Some(80 << 20),
            })
        };
        Report {
            load: ["1.00 1.00 1.00".to_owned(), "2.00 1.50 1.00".to_owned()],
            runs: 5,
            cores: 2,
            documents: vec![
                (NEXUS.to_owned(), 4 << 20, Ok(measured(1.0, 0.5))),
                (
                    "specs/zhipu.md".to_owned(),
                    2048,
                    Err("refused by the generator: no".to_owned()),
                ),
            ],
            peers: vec![
                found("progenitor"),
                found("openapi-to-rust"),
                PeerStatus {
                    peer: &PEERS[1],
                    command: None,
                    version: String::new(),
                },
            ],
            peer_runs: vec![
                (NEXUS.to_owned(), "progenitor", timing(4.0)),
                (NEXUS.to_owned(), "openapi-to-rust", timing(10.0)),
                (
                    "specs/zhipu.md".to_owned(),
                    "progenitor",
                    Err("not OpenAPI".to_owned()),
                ),
            ],
            compile: Some(Compile {
                cold: Ok(31.0),
                crates: vec![
                    Compiled {
                        name: "nexus".to_owned(),
                        generator: "ours",
                        document: NEXUS.to_owned(),
                        lines: 900,
                        build: Ok(2.0),
                    },
                    Compiled {
                        name: "progenitor-nexus".to_owned(),
                        generator: "progenitor",
                        document: NEXUS.to_owned(),
                        lines: 1000,
                        build: Ok(8.0),
                    },
                ],
            }),
        }
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
                "document                                 KB  codegen  process  start  memory  ÷size   parse  ÷parse    load  normalize   lower    emit  format  lines",
                "openapi/progenitor-sample__nexus.json  4096   1.00 s   2.00 s   8 MB   40 MB    10×  500 ms   2.00×  400 ms     100 ms  100 ms  200 ms  200 ms   1234",
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

    #[test]
    fn targets_say_met_or_missed_and_by_how_much() {
        let report = report();
        let targets = targets(&report);
        let find = |what: &str| targets.iter().find(|target| target.what == what).unwrap();
        let fastest = find("codegen ÷ the fastest peer, nexus");
        assert_eq!(fastest.measured, Ok(0.5), "our process over progenitor's");
        assert_eq!(fastest.met(), Some(false));
        assert_eq!(
            fastest.floor,
            Some(0.025),
            "the format stage (0.2 s) over 2 cores, over progenitor's 4 s"
        );
        let github = find("codegen ÷ the fastest peer, GitHub");
        assert_eq!(github.measured, Err("not benched (see --only)".to_owned()));
        assert_eq!(github.met(), None);
        assert_eq!(
            find("codegen ÷ parse, openapi/progenitor-sample__nexus.json").met(),
            Some(true)
        );
        assert_eq!(find("nexus crate build ÷ progenitor's").measured, Ok(0.25));
        assert_eq!(find("nexus crate lines ÷ openapi-to-rust's").met(), None);
        assert_eq!(
            find("vendor-api cold build, with dependencies").met(),
            Some(false)
        );
        let table = targets_table(&targets);
        assert!(table.contains("MISSED (250% of the limit)"), "{table}");
        assert!(table.contains("met (67% of the limit)"), "{table}");
        assert!(table.contains("< 1.00×"), "{table}");
        assert!(
            !table.contains("formatting alone"),
            "no floor above its limit: {table}"
        );
        let blocked = Target {
            floor: Some(0.3),
            ..ratio_target("blocked".to_owned(), Ok(0.5), 0.2)
        };
        assert!(targets_table(&[blocked])
            .contains("MISSED (250% of the limit; formatting alone is 150% of it)"),);
        let strict = Target {
            what: "lines".to_owned(),
            measured: Ok(1.0),
            limit: 1.0,
            strict: true,
            seconds: false,
            floor: None,
        };
        assert_eq!(strict.met(), Some(false), "as many lines are not fewer");
        assert_eq!(
            Target {
                strict: false,
                ..strict
            }
            .met(),
            Some(true)
        );
        let json = report_json(&report);
        assert_eq!(json["documents"][0]["stage_seconds"]["load"], json!(0.4));
        assert_eq!(json["targets"][0]["met"], json!(false));
        assert_eq!(json["compile"]["vendor_api_cold_seconds"], json!(31.0));
    }

    #[test]
    fn documents_are_the_seeds_and_the_named_corpus_documents() {
        let root = crate::project_root();
        let corpus = tempfile::tempdir().unwrap();
        fs::create_dir_all(corpus.path().join("openapi")).unwrap();
        for name in CORPUS_DOCUMENTS {
            fs::write(corpus.path().join("openapi").join(name), "{}").unwrap();
        }
        let options = |only: Option<&str>| Options {
            only: only.map(str::to_owned),
            dir: Some(corpus.path().to_path_buf()),
            ..Options::default()
        };
        // The documents of `specs/`, as `cargo xtask codegen` finds them: however many there are.
        let specs: Vec<String> = codegen::find_documents(&root, codegen::TARGETS[0])
            .unwrap()
            .into_iter()
            .map(|document| document.file)
            .collect();
        assert!(
            specs.iter().all(|file| file.starts_with("specs/")),
            "{specs:?}"
        );
        let all = find(&root, &options(None)).unwrap();
        let files: Vec<&str> = all.iter().map(|bench| bench.file.as_str()).collect();
        // The seeds first, in their order, then the named corpus documents, in theirs.
        let named = [NEXUS, GITHUB, "openapi/openrouter__openapi.yaml", OPENAI];
        assert_eq!(files.len(), specs.len() + named.len(), "{files:?}");
        assert_eq!(files[..specs.len()], specs, "{files:?}");
        assert_eq!(files[specs.len()..], named);
        let minimax = all
            .iter()
            .find(|bench| bench.file == "specs/minimax.md")
            .unwrap();
        assert!(minimax.overlay.is_some());
        assert_eq!(
            all[specs.len() + 1].stem,
            "progenitor_sample_api_github_com"
        );
        let nexus = find(&root, &options(Some(NEXUS))).unwrap();
        assert_eq!(
            nexus
                .iter()
                .map(|bench| bench.file.as_str())
                .collect::<Vec<_>>(),
            [NEXUS]
        );
        let Err(Error::Failed(message)) = find(&root, &options(Some("nothing"))) else {
            panic!("nothing selected is an error")
        };
        assert!(
            message.contains("no document matches `--only nothing`"),
            "{message}"
        );
        let missing = Options {
            dir: Some(corpus.path().join("absent")),
            ..Options::default()
        };
        let Err(Error::Failed(message)) = find(&root, &missing) else {
            panic!("a missing corpus document is an error")
        };
        assert!(message.contains("--dir DIR"), "{message}");
    }

    #[test]
    fn peer_output_becomes_a_crate_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        assert!(own_workspace(dir.path(), "x")
            .unwrap_err()
            .contains("wrote no crate"));
        let manifest = dir.path().join("Cargo.toml");
        fs::write(&manifest, "[package]\nname = \"x\"\n").unwrap();
        own_workspace(dir.path(), "x").unwrap();
        own_workspace(dir.path(), "x").unwrap();
        assert_eq!(
            fs::read_to_string(&manifest).unwrap(),
            "[package]\nname = \"x\"\n\n[workspace]\n"
        );

        let dir = tempfile::tempdir().unwrap();
        assert!(module_crate(dir.path(), "m")
            .unwrap_err()
            .contains("REQUIRED_DEPS.toml"));
        let module = dir.path().join("src").join("generated");
        fs::create_dir_all(&module).unwrap();
        fs::write(
            module.join("REQUIRED_DEPS.toml"),
            "[dependencies]\nserde = \"1\"\n",
        )
        .unwrap();
        module_crate(dir.path(), "m-nexus").unwrap();
        let manifest = fs::read_to_string(dir.path().join("Cargo.toml")).unwrap();
        assert!(
            manifest.starts_with("[package]\nname = \"m-nexus\"\n"),
            "{manifest}"
        );
        assert!(
            manifest.ends_with("[dependencies]\nserde = \"1\"\n\n[workspace]\n"),
            "{manifest}"
        );
        let lib = fs::read_to_string(dir.path().join("src").join("lib.rs")).unwrap();
        assert_eq!(lib, "pub mod generated;\n");
    }

    #[test]
    fn compile_counts_and_touches_the_crate_sources() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        fs::create_dir_all(src.join("nested")).unwrap();
        fs::write(src.join("lib.rs"), "a\nb\n").unwrap();
        fs::write(src.join("nested").join("x.rs"), "c\n").unwrap();
        fs::write(src.join("notes.md"), "d\n").unwrap();
        let files = rust_files(&src);
        assert_eq!(files, [src.join("lib.rs"), src.join("nested").join("x.rs")]);
        let before = fs::metadata(&files[0]).unwrap().modified().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        touch(&files).unwrap();
        assert!(fs::metadata(&files[0]).unwrap().modified().unwrap() > before);
        assert_eq!(fs::read_to_string(&files[0]).unwrap(), "a\nb\n");
    }

    #[test]
    fn a_hanging_process_is_killed() {
        let mut sleep = Command::new("sleep");
        sleep.arg("30");
        let error = run_with_timeout(sleep, Duration::from_millis(100)).unwrap_err();
        assert!(error.contains("it hangs"), "{error}");
        let (seconds, output) = run_with_timeout(Command::new("true"), TIMEOUT).unwrap();
        assert!(output.status.success() && seconds > 0.0);
    }
}
