//! The child: what `xtask bench-child` measures in its own process (the whole engine and its
//! peak memory, or the parse floor and each stage on its own), the JSON line it prints, and how
//! the task builds it in release and runs it once per run.

use super::process::{first_line, run_with_timeout};
use super::{median, Bench, Measured, STAGES, TIMEOUT};
use crate::codegen;
use crate::corpus::cargo;
use crate::Error;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;
use vendor_codegen::lower::names::module_name;
use vendor_codegen::{load, Config, Diagnostic, Page, Pipeline, Severity, Source, Vendor};

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
    /// Seconds of each of [`STAGES`], run one after the other through the engine's own steps
    /// (format on every core, as the engine formats).
    pub stages: [f64; 6],
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
        let mut stages = [0.0; 6];
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

/// Runs `bench-child`: one measured run of `child.file`, as the JSON line the child prints. A
/// folder is one vendor of its pages (every document file in it, without overlays).
pub fn child(child: &Child) -> Result<String, Error> {
    let config = config();
    let file = child.file.display().to_string();
    if child.file.is_dir() {
        let vendor = read_folder(&child.file)?;
        let pages: Vec<&Source> = vendor.pages.iter().map(|page| &page.source).collect();
        return Ok(if child.stages {
            let pipeline = Pipeline::vendor(&vendor, &config);
            on_big_stack(|| split(&pipeline, &pages, &file))??.to_line()
        } else {
            whole(|| vendor_codegen::generate_vendor(&vendor, &config), &file)?.to_line()
        });
    }
    let (source, overlays) = read_sources(&child.file, child.overlay.as_deref())?;
    Ok(if child.stages {
        let pipeline = Pipeline::new(&source, &overlays, &config);
        on_big_stack(|| split(&pipeline, &[&source], &file))??.to_line()
    } else {
        let generate = || vendor_codegen::generate_with(&source, &overlays, &config);
        whole(generate, &file)?.to_line()
    })
}

/// The pages of the folder `dir` (its files with a document's extension, by name) as one
/// vendor named after the folder.
fn read_folder(dir: &Path) -> Result<Vendor, Error> {
    let place = format!("{}/", dir.display());
    let entries = fs::read_dir(dir).map_err(|error| Error::Failed(format!("{place}: {error}")))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|error| Error::Failed(format!("{place}: {error}")))?
            .path();
        let extension = path.extension().unwrap_or_default().to_string_lossy();
        if path.is_file() && codegen::DOCUMENT_EXTENSIONS.contains(&extension.as_ref()) {
            paths.push(path);
        }
    }
    paths.sort();
    let pages = paths
        .iter()
        .map(|path| {
            read_source(path).map(|source| Page {
                source,
                overlays: Vec::new(),
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Vendor {
        name: module_name(&dir.file_name().unwrap_or_default().to_string_lossy()),
        place,
        pages,
        overlays: Vec::new(),
    })
}

/// A document and its overlay, if any, as the engine reads them.
pub(super) fn read_sources(
    file: &Path,
    overlay: Option<&Path>,
) -> Result<(Source, Vec<Source>), Error> {
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

/// The whole engine (`run`), as `cargo xtask codegen` runs it, then the process's peak memory.
fn whole(
    run: impl FnOnce() -> Result<vendor_codegen::Output, Vec<Diagnostic>>,
    file: &str,
) -> Result<Whole, Error> {
    let start_bytes = peak_memory()?;
    let start = Instant::now();
    let output = run().map_err(|diagnostics| refused(file, &diagnostics))?;
    let codegen = start.elapsed().as_secs_f64();
    Ok(Whole {
        codegen,
        start_bytes,
        peak_bytes: peak_memory()?,
        lines: output.module.lines().count(),
    })
}

/// The parse floor (of every page), then each stage on its own, in the order of the pipeline,
/// through the engine's own steps ([`Pipeline`]): load (with the overlays), normalize, merge
/// (nothing to do for one page), lower, emit (every piece of the module and of the examples
/// test, in order, on this thread) and format (the pieces on every core, as the engine formats
/// them).
fn split(pipeline: &Pipeline, pages: &[&Source], file: &str) -> Result<Split, Error> {
    let (floor, parse) = timed(|| {
        pages
            .iter()
            .map(|source| parse_floor(source).map_err(|error| format!("{}: {error}", source.file)))
            .collect::<Result<Vec<_>, _>>()
    });
    drop(floor.map_err(Error::Failed)?);
    let refused = |diagnostics: Vec<Diagnostic>| refused(file, &diagnostics);
    let (loaded, load) = timed(|| pipeline.load());
    let loaded = loaded.map_err(refused)?;
    let (normalized, normalize) = timed(|| pipeline.normalize(loaded));
    let normalized = normalized.map_err(refused)?;
    let (merged, merge) = timed(|| pipeline.merge(normalized));
    let merged = merged.map_err(refused)?;
    let (lowered, lower) = timed(|| pipeline.lower(merged));
    let lowered = lowered.map_err(refused)?;
    let (emitted, emit) = timed(|| pipeline.emit(&lowered));
    let (formatted, format) = timed(|| pipeline.format(emitted));
    drop(formatted);
    Ok(Split {
        parse,
        stages: [load, normalize, merge, lower, emit, format],
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
pub(super) fn yaml(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 50_000_000,
            max_nodes: 20_000_000,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| format!("not YAML: {error}"))
}

/// The error for a document the engine refused: its first error.
pub(super) fn refused(file: &str, diagnostics: &[Diagnostic]) -> Error {
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

/// Builds `xtask` with optimizations and gives the path of its executable: the child.
pub(super) fn build_child(root: &Path) -> Result<PathBuf, Error> {
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
pub(super) fn measure(child: &Path, document: &Bench, runs: usize) -> Result<Measured, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            stages: [0.1, 0.2, 0.05, 0.3, 0.4, 0.5],
        };
        assert_eq!(
            split.to_line(),
            r#"{"parse":0.5,"load":0.1,"normalize":0.2,"merge":0.05,"lower":0.3,"emit":0.4,"format":0.5}"#
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
}
