//! `cargo xtask bench`: how fast the generator is and where its time goes, how it compares with
//! its peers on the same documents, and what the code it generates costs to compile.
//!
//! Our times come from an optimized build, in a fresh process per run: the task builds `xtask`
//! in release and starts `xtask bench-child` once per run and measure, which prints one JSON
//! line; the task takes the median over the runs. A child measures either the whole engine
//! (`vendor_codegen::generate_with`, then its peak memory, `VmHWM`), or, with `--stages`, each
//! stage on its own, one after the other through the engine's steps (`Pipeline`), and the bare
//! parse of the document into a `serde_json::Value`: the floor no generator can beat.
//!
//! Peers are found on `PATH` (or in `node_modules/.bin`), never installed from here, and timed as
//! whole processes, their peak memory read by `/usr/bin/time`. Compile times are those of
//! `cargo build` of a generated crate alone: its dependencies built, its sources touched,
//! `CARGO_INCREMENTAL=0`. Then how fast the generated types read and write JSON against serde's
//! derive (`parse`; alone with `--only-parse`, left out with `--no-parse`), and last, the peak
//! memory of a streamed upload of 1 GiB (`upload`). Everything goes under `target/bench/`. No
//! test asserts a time: the targets are printed, each met or missed.

mod child;
mod compile;
mod folder;
mod json;
mod parse;
mod peers;
mod process;
mod sse;
mod tables;
mod targets;
mod upload;

pub use child::{child, Child, Split, Whole};
pub use compile::{Compile, Compiled};
pub use parse::{Parse, Row};
pub use peers::{Peer, PeerRun, PeerStatus, Timing, PEERS};
pub use sse::child as sse_child;
pub use tables::text;
pub use targets::Target;

use crate::codegen;
use crate::corpus;
use crate::Error;
use child::{build_child, measure};
use compile::compile;
use json::report_json;
use peers::{find_peers, run_peers};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tables::{megabytes, time};
use vendor_codegen::lower::names::module_name;

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
pub const STAGES: [&str; 6] = ["load", "normalize", "merge", "lower", "emit", "format"];

/// How long one run of a peer (or of the child) may take before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(600);

/// GNU time, which reports the peak memory of the process it runs (`%M`, in KiB).
const TIME: &str = "/usr/bin/time";

/// Options of `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Runs of each measure (compile times: at most `COMPILE_RUNS`).
    pub runs: usize,
    /// Only documents whose path (`specs/minimax.md`, `openapi/…`) contains this text.
    pub only: Option<String>,
    /// Run the peers found on `PATH` too.
    pub peers: bool,
    /// Measure compile times too.
    pub compile: bool,
    /// Measure the generated types' parse speed too.
    pub parse: bool,
    /// Measure only the parse speed.
    pub only_parse: bool,
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
            parse: true,
            only_parse: false,
            dir: None,
        }
    }
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
    /// The parse speed, or why it could not be measured; `None` with `--no-parse`.
    pub parse: Option<Result<Parse, String>>,
}

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

/// Runs `cargo xtask bench`: measures, prints the tables and the targets, and writes
/// `target/bench/report.json`. Fails only when it cannot measure at all.
pub fn run(options: &Options, root: &Path) -> Result<Report, Error> {
    let out = root.join("target").join("bench");
    let corpus = options.dir.as_deref().unwrap_or(vendor_corpus::dir());
    let load_start = load_average();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if options.only_parse {
        return only_parse(root, corpus, load_start, cores);
    }
    let documents = find(root, options)?;
    // The vendor folder of many pages: measured as a document is, left out of the peers'
    // comparison (they read one document).
    let folder = folder::file();
    let folder = if options
        .only
        .as_ref()
        .is_none_or(|only| folder.contains(only.as_str()))
    {
        Some(folder::write(corpus, &out)?)
    } else {
        None
    };
    if documents.is_empty() && folder.is_none() {
        return Err(Error::Failed(format!(
            "no document matches `--only {}`: the bench runs the pages of specs/, openapi/{} \
             and `{}`",
            options.only.as_deref().unwrap_or_default(),
            CORPUS_DOCUMENTS.join(", openapi/"),
            folder::file()
        )));
    }
    println!(
        "{} runs of each measure on {cores} cores; load average {load_start} (the figures are as noisy as it is high)",
        options.runs,
    );
    let child = build_child(root)?;
    let mut measured = Vec::new();
    for document in documents.iter().chain(&folder) {
        let result = measure(&child, document, options.runs);
        println!("{}", progress(document, &result));
        measured.push((document.file.clone(), document.bytes, result));
    }
    match sse::measure(&child, options.runs) {
        Ok(line) => println!("{line}"),
        Err(error) => println!("SSE decode: not measured: {error}"),
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
    // A failure here (the generated modules no longer build, say) leaves the other figures.
    let parse = options.parse.then(|| {
        parse::measure(root, corpus).map_err(|error| match error {
            Error::Failed(message) | Error::Usage(message) => message,
        })
    });
    let uploaded = upload::measure(root, &out)?;
    let report = Report {
        load: [load_start, load_average()],
        runs: options.runs,
        cores,
        documents: measured,
        peers,
        peer_runs,
        compile,
        parse,
    };
    println!("\n{}", text(&report));
    println!("{}", upload_line(&uploaded));
    corpus::write_report(&out.join("report.json"), &report_json(&report))?;
    Ok(report)
}

/// `--only-parse`: the parse section alone, its table and its targets; `report.json` is left
/// as the last full run wrote it.
fn only_parse(root: &Path, corpus: &Path, load: String, cores: usize) -> Result<Report, Error> {
    println!(
        "the parse section alone; load average {load} (the figures are as noisy as it is high)"
    );
    let measured = parse::measure(root, corpus)?;
    println!("\n{}", parse::table(&measured));
    let parse = Some(Ok(measured));
    println!(
        "{}",
        targets::targets_table(&parse::targets(parse.as_ref()))
    );
    Ok(Report {
        load: [load, load_average()],
        runs: 1,
        cores,
        documents: Vec::new(),
        peers: Vec::new(),
        peer_runs: Vec::new(),
        compile: None,
        parse,
    })
}

/// The memory of a streamed upload, as the bench prints it.
fn upload_line(uploaded: &upload::Upload) -> String {
    let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
    let verdict = if uploaded.big_peak < upload::LIMIT {
        "met"
    } else {
        "MISSED"
    };
    format!(
        "streamed upload of a {} MiB file (multipart, from disk, to a loopback server): peak \
         resident memory {:.1} MiB ({:.0} MiB/s); the same upload of 1 MiB: {:.1} MiB \
         (ratio {:.2}); target under {} MiB: {verdict}",
        upload::BIG >> 20,
        mib(uploaded.big_peak),
        mib(upload::BIG) / uploaded.big_seconds,
        mib(uploaded.small_peak),
        uploaded.big_peak as f64 / uploaded.small_peak as f64,
        upload::LIMIT >> 20,
    )
}

/// The documents `options` selects (perhaps none): those of `specs/` (each page of a vendor's
/// folder on its own, with its overlay), then [`CORPUS_DOCUMENTS`].
fn find(root: &Path, options: &Options) -> Result<Vec<Bench>, Error> {
    let specs = codegen::find_documents(root, codegen::TARGETS[0])
        .map_err(|errors| Error::Failed(errors.join("\n")))?;
    let dir = options.dir.as_deref().unwrap_or(vendor_corpus::dir());
    let candidates = specs
        .into_iter()
        .flat_map(|document| document.pages)
        .map(|page| {
            let overlay = page.overlay.map(|overlay| overlay.path);
            (page.file, page.path, overlay)
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

#[cfg(test)]
pub(super) mod testing {
    use super::*;
    use std::ffi::OsString;

    fn measured(codegen: f64, parse: f64) -> Measured {
        Measured {
            codegen,
            process: 2.0 * codegen,
            start_bytes: 8 << 20,
            peak_bytes: 40 << 20,
            lines: 1234,
            split: Split {
                parse,
                stages: [0.4, 0.1, 0.0, 0.1, 0.2, 0.2],
            },
        }
    }

    pub(super) fn report() -> Report {
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
            parse: Some(Ok(Parse {
                build: 120.0,
                lines: 500_000,
                rows: vec![
                    Row {
                        body: "chat completion, 1 choice".to_owned(),
                        bytes: 400,
                        read: [4e-6, 1e-6, 8e-7],
                        write: [4e-7, 4e-7, 4e-7],
                    },
                    Row {
                        body: "GitHub repository".to_owned(),
                        bytes: 5000,
                        read: [1e-5, 1.25e-5, 1e-5],
                        write: [2e-6, 4e-6, 2.5e-6],
                    },
                    Row {
                        body: "Shape::Integer".to_owned(),
                        bytes: 10,
                        read: [2e-7, 2e-7, 1e-7],
                        write: [2e-8, 2e-8, 2e-8],
                    },
                ],
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // The pages of `specs/`, as `cargo xtask codegen` finds them: however many there are.
        let specs: Vec<String> = codegen::find_documents(&root, codegen::TARGETS[0])
            .unwrap()
            .into_iter()
            .flat_map(|document| document.pages)
            .map(|page| page.file)
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
            .find(|bench| bench.file == "specs/minimax/file-delete.md")
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
        assert!(find(&root, &options(Some("nothing"))).unwrap().is_empty());
        // The folder of pages is selected by its name; nothing selected at all is an error,
        // before anything is built or written.
        assert!(folder::file().contains("30 pages"));
        let Err(Error::Failed(message)) = run(&options(Some("nothing")), &root) else {
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
}
