//! Parse speed (issue 15): how fast the generated types read and write JSON, against serde's
//! derive on the same shapes.
//!
//! The engine generates, as `cargo xtask codegen` generates a vendor's module, the modules of
//! `xtask/bench/chat.yaml` (a chat completion and `Shape`, a union of ten members told apart by
//! shape) and of three corpus documents (OpenAI's, OpenRouter's and GitHub's). They go into one
//! binary crate, `target/bench/parse/`, with `xtask/bench/parse/main.rs` and `twins.rs` (serde-
//! derive twins of the measured types, with and without `#[serde(flatten)]` maps of unknown
//! fields) and the bodies of `xtask/bench/bodies/`; it depends on the workspace's `runtime/` by
//! path, so a change of the runtime is measured on the next run. `cargo build --release` (its
//! own target directory, `target/bench/parse/target`), then one run: the child checks that
//! every reader reads each body faithfully, then prints the median seconds per read and per
//! write of each. Printed as ratios of that run: the generated type over the twin with flatten
//! (target ≤ 1.0) and over the plain twin (≤ 1.3), for reading and for writing. The union's
//! members are held to the same limits. No test asserts a time.
//!
//! `cargo xtask bench --only-parse` runs this section alone; `--no-parse` leaves it out.

use super::child::refused;
use super::process::{first_line, run_with_timeout};
use super::tables::{ratio, time};
use super::targets::{ratio_target, Target};
use super::{COMMAND, TIMEOUT};
use crate::codegen::{self, Document};
use crate::corpus::{self, cargo, layout};
use crate::{files, Error};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;
use vendor_codegen::format::{format, Header};
use vendor_codegen::manifest::standalone;
use vendor_codegen::{emit, Config};

/// The chat-completion document, in the repository.
const CHAT: &str = "xtask/bench/chat.yaml";

/// The modules of the bench crate: each module's name and its document, `CHAT` or a corpus
/// document (under the corpus's `openapi/`).
const MODULES: [(&str, &str); 4] = [
    ("chat", CHAT),
    ("openai", "openai__openapi.yaml"),
    ("openrouter", "openrouter__openapi.yaml"),
    ("github", "progenitor-sample__api.github.com.json"),
];

/// The bench's own sources, written into the crate: its path there and its text.
const SOURCES: [(&str, &str); 4] = [
    ("src/twins.rs", include_str!("../../bench/parse/twins.rs")),
    (
        "bodies/openai-chunk.json",
        include_str!("../../bench/bodies/openai-chunk.json"),
    ),
    (
        "bodies/openrouter-models.json",
        include_str!("../../bench/bodies/openrouter-models.json"),
    ),
    (
        "bodies/github-repository.json",
        include_str!("../../bench/bodies/github-repository.json"),
    ),
];

/// The child's `main.rs`, after the crate's attributes.
const MAIN: &str = include_str!("../../bench/parse/main.rs");

/// How the union's members are named among the bodies.
const UNION: &str = "Shape::";

/// The limits: the generated type's time over the twin with flatten, and over the plain twin.
const LIMITS: [f64; 2] = [1.0, 1.3];

/// What the parse section measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    /// Seconds of `cargo build --release` of the bench crate.
    pub build: f64,
    /// Lines of the generated modules.
    pub lines: usize,
    /// Each body, in the child's order.
    pub rows: Vec<Row>,
}

/// One body: seconds per call of the generated type, the twin with flatten and the plain twin.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// As the child names it; a member of the union starts with [`UNION`].
    pub body: String,
    /// Its size.
    pub bytes: u64,
    /// Seconds per `serde_json::from_slice`.
    pub read: [f64; 3],
    /// Seconds per `serde_json::to_vec`.
    pub write: [f64; 3],
}

/// Generates the modules, writes and builds the crate, runs it.
pub(super) fn measure(root: &Path, corpus: &Path) -> Result<Parse, Error> {
    let dir = crate_dir(root);
    let lines = write_crate(root, corpus, &dir)?;
    println!(
        "\nparse speed: building target/bench/parse ({lines} generated lines; cargo build \
         --release, a few minutes on 2 cores) …"
    );
    let start = Instant::now();
    let target = dir.join("target");
    let status = Command::new(cargo())
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .status()
        .map_err(|error| Error::Failed(format!("cannot run cargo: {error}")))?;
    if !status.success() {
        return Err(Error::Failed(format!(
            "{}: cargo build --release failed (see above)",
            dir.display()
        )));
    }
    let build = start.elapsed().as_secs_f64();
    println!("  built in {}; measuring (about 2 min) …", time(build));
    let (_, output) = run_with_timeout(
        Command::new(target.join("release").join("parse-bench")),
        TIMEOUT,
    )
    .map_err(|why| Error::Failed(format!("the parse bench: {why}")))?;
    if !output.status.success() {
        return Err(Error::Failed(format!(
            "the parse bench: {}",
            first_line(&output)
        )));
    }
    let rows = rows(&String::from_utf8_lossy(&output.stdout)).map_err(Error::Failed)?;
    Ok(Parse { build, lines, rows })
}

/// Writes the bench crate into `dir` (only the files that changed, so that an unchanged crate
/// is not built again): the generated modules, the bench's sources, the repository's lock
/// file. Gives the lines of the generated modules.
fn write_crate(root: &Path, corpus: &Path, dir: &Path) -> Result<usize, Error> {
    let mut config = Config::new();
    config.command(COMMAND).crate_root(false);
    let mut apis = Vec::new();
    let mut lines = 0;
    for (module, document) in MODULES {
        let (path, file) = if document == CHAT {
            (root.join(CHAT), CHAT.to_owned())
        } else {
            (
                corpus.join("openapi").join(document),
                format!("openapi/{document}"),
            )
        };
        if !path.is_file() {
            return Err(Error::Failed(format!(
                "{}: no such document; give the corpus with `--dir DIR`, or leave the parse \
                 section out with `--no-parse`",
                path.display()
            )));
        }
        let generated = codegen::run_generator(
            &Document::single(module.to_owned(), path, file.clone(), None),
            &config,
        )
        .map_err(|lines| Error::Failed(lines.join("\n")))?;
        let output = generated
            .result
            .map_err(|diagnostics| refused(&file, &diagnostics))?;
        lines += output.module.lines().count();
        write(
            &dir.join("src").join(format!("{module}.rs")),
            &output.module,
        )?;
        apis.push(output.api);
    }
    // The crate's attributes (`#![recursion_limit]`), as `cargo xtask codegen` gives its crate.
    let apis: Vec<&vendor_codegen::ir::Api> = apis.iter().collect();
    let header = Header {
        spec: CHAT,
        command: Some(COMMAND),
    };
    let attributes: String = format(emit::crate_root("parse_bench", &apis), &header)
        .lines()
        .filter(|line| line.starts_with("#![recursion_limit"))
        .map(|line| format!("{line}\n"))
        .collect();
    write(
        &dir.join("src").join("main.rs"),
        &format!("{attributes}{MAIN}"),
    )?;
    for (path, text) in SOURCES {
        write(&dir.join(path), text)?;
    }
    // As compile.rs writes nexus's crate: a workspace of its own, the runtime by path.
    let manifest = standalone("parse-bench", COMMAND, &root.join("runtime"), true);
    write(&dir.join("Cargo.toml"), &manifest)?;
    corpus::copy_lock(root, dir)?;
    Ok(lines)
}

/// Writes `text` to `path` if it differs.
fn write(path: &Path, text: &str) -> Result<(), Error> {
    files::write_if_changed(path, text)
        .map(drop)
        .map_err(|error| Error::Failed(files::with_path(error, path).to_string()))
}

/// The child's JSON lines, one per body.
fn rows(stdout: &str) -> Result<Vec<Row>, String> {
    let rows = stdout
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: Value = serde_json::from_str(line)
                .map_err(|error| format!("the parse bench printed {line:?}: {error}"))?;
            let figures = |name: &str| -> Option<[f64; 3]> {
                let list = value.get(name)?.as_array()?;
                let numbers: Vec<f64> = list.iter().filter_map(Value::as_f64).collect();
                numbers
                    .try_into()
                    .ok()
                    .filter(|numbers: &[f64; 3]| numbers.iter().all(|&number| number > 0.0))
            };
            match (
                value.get("body").and_then(Value::as_str),
                value.get("bytes").and_then(Value::as_u64),
                figures("read"),
                figures("write"),
            ) {
                (Some(body), Some(bytes), Some(read), Some(write)) => Ok(Row {
                    body: body.to_owned(),
                    bytes,
                    read,
                    write,
                }),
                _ => Err(format!(
                    "the parse bench printed {line:?}, without a body, its bytes and three \
                     times each for read and write"
                )),
            }
        })
        .collect::<Result<Vec<Row>, String>>()?;
    if rows.is_empty() {
        return Err("the parse bench printed no figures".to_owned());
    }
    Ok(rows)
}

/// A time per call: `4.49 µs`, `235 ns`.
fn per_call(seconds: f64) -> String {
    match seconds {
        s if s >= 1e-4 => time(s),
        s if s >= 1e-5 => format!("{:.1} µs", s * 1e6),
        s if s >= 1e-6 => format!("{:.2} µs", s * 1e6),
        s => format!("{:.0} ns", s * 1e9),
    }
}

/// The generated type's time over each twin's.
fn ratios(times: [f64; 3]) -> [f64; 2] {
    [times[0] / times[1], times[0] / times[2]]
}

/// `met`, or which limits were missed, by how much (three decimals: a ratio printed `1.00×`
/// may be just over its limit).
fn verdict(times: [f64; 3]) -> String {
    let missed: Vec<String> = ratios(times)
        .into_iter()
        .zip(LIMITS)
        .zip(["÷flatten", "÷plain"])
        .filter(|((value, limit), _)| value > limit)
        .map(|((value, limit), name)| format!("{name} {value:.3}× > {}", ratio(limit)))
        .collect();
    if missed.is_empty() {
        "met".to_owned()
    } else {
        format!("MISSED ({})", missed.join(", "))
    }
}

/// The section as text: how it was built, then a table for reading and one for writing (the
/// samples as the child's `SAMPLE` and `SAMPLES` say).
pub(super) fn table(parse: &Parse) -> String {
    let mut text = format!(
        "parse speed (issue 15): each body read (serde_json::from_slice) and written \
         (serde_json::to_vec) by the generated type (ours) and by serde-derive twins of the same \
         shapes, with #[serde(flatten)] maps of unknown fields and without (plain); median of 7 \
         samples of ~200 ms each, the three in turn; targets ours÷flatten ≤ {}, ours÷plain ≤ {} \
         (the union's members held to the same); cargo build --release of the crate ({} generated \
         lines): {} (it builds again only when the modules or the runtime changed)\n",
        ratio(LIMITS[0]),
        ratio(LIMITS[1]),
        parse.lines,
        time(parse.build),
    );
    for (what, pick) in [
        ("read", (|row: &Row| row.read) as fn(&Row) -> [f64; 3]),
        ("write", |row: &Row| row.write),
    ] {
        let mut rows = vec![[
            what,
            "bytes",
            "ours",
            "flatten",
            "plain",
            "÷flatten",
            "÷plain",
            "ours MB/s",
            "verdict",
        ]
        .map(str::to_owned)
        .to_vec()];
        for row in &parse.rows {
            let times = pick(row);
            let [flatten, plain] = ratios(times);
            rows.push(vec![
                row.body.clone(),
                row.bytes.to_string(),
                per_call(times[0]),
                per_call(times[1]),
                per_call(times[2]),
                ratio(flatten),
                ratio(plain),
                format!("{:.0}", row.bytes as f64 / times[0] / 1e6),
                verdict(times),
            ]);
        }
        text.push('\n');
        text.push_str(&layout(&rows, |column| column == 0 || column == 8));
    }
    text
}

/// The targets of issue 15: for the bodies, reading and writing, the worst ratio to each
/// twin; for the union's members, reading. `None`: the section did not run.
pub(super) fn targets(parse: Option<&Result<Parse, String>>) -> Vec<Target> {
    let kinds = [
        (
            "read",
            false,
            (|row: &Row| row.read) as fn(&Row) -> [f64; 3],
        ),
        ("write", false, |row: &Row| row.write),
        ("union read", true, |row: &Row| row.read),
    ];
    let mut targets = Vec::new();
    for (what, union, pick) in kinds {
        for (twin, (index, limit)) in ["flatten", "plain"]
            .iter()
            .zip(LIMITS.into_iter().enumerate())
        {
            let worst = match parse {
                None => Err("--no-parse".to_owned()),
                Some(Err(error)) => Err(error.clone()),
                Some(Ok(parse)) => parse
                    .rows
                    .iter()
                    .filter(|row| row.body.starts_with(UNION) == union)
                    .map(|row| (ratios(pick(row))[index], row.body.as_str()))
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .ok_or_else(|| "no such body".to_owned()),
            };
            let of = if union { "of 10 members" } else { "body" };
            let label = match &worst {
                Ok((_, body)) => format!("parse: {what} ÷ serde {twin}, worst {of} ({body})"),
                Err(_) => format!("parse: {what} ÷ serde {twin}, worst {of}"),
            };
            targets.push(ratio_target(label, worst.map(|(value, _)| value), limit));
        }
    }
    targets
}

/// The section as JSON, for `report.json`.
pub(super) fn to_json(parse: &Result<Parse, String>) -> Value {
    match parse {
        Ok(parse) => json!({
            "build_seconds": parse.build,
            "lines": parse.lines,
            "bodies": parse.rows.iter().map(|row| json!({
                "body": row.body,
                "bytes": row.bytes,
                "read_seconds": {"ours": row.read[0], "flatten": row.read[1], "plain": row.read[2]},
                "write_seconds": {"ours": row.write[0], "flatten": row.write[1], "plain": row.write[2]},
            })).collect::<Vec<Value>>(),
        }),
        Err(error) => json!({"error": error}),
    }
}

/// Where the bench crate is written and built.
fn crate_dir(root: &Path) -> PathBuf {
    root.join("target").join("bench").join("parse")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::testing::report;

    fn parsed() -> Parse {
        match report().parse {
            Some(Ok(parse)) => parse,
            other => panic!("the test report has a parse section: {other:?}"),
        }
    }

    #[test]
    fn the_child_lines_are_read_back() {
        let read = rows(
            "{\"body\":\"a\",\"bytes\":4,\"read\":[3e-6,1e-6,1e-6],\"write\":[1e-7,1e-7,2e-7]}\n\n",
        )
        .unwrap();
        assert_eq!(
            read,
            [Row {
                body: "a".to_owned(),
                bytes: 4,
                read: [3e-6, 1e-6, 1e-6],
                write: [1e-7, 1e-7, 2e-7],
            }]
        );
        for bad in [
            "",
            "not json",
            "{\"body\":\"a\",\"bytes\":4,\"read\":[1,1],\"write\":[1,1,1]}",
            "{\"body\":\"a\",\"bytes\":4,\"read\":[0,1,1],\"write\":[1,1,1]}",
        ] {
            assert!(rows(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn each_body_says_met_or_missed_and_the_targets_take_the_worst() {
        assert_eq!(per_call(5.13e-6), "5.13 µs");
        assert_eq!(per_call(5.11e-5), "51.1 µs");
        assert_eq!(per_call(2.75e-7), "275 ns");
        assert_eq!(verdict([1.0, 1.0, 0.8]), "met");
        assert_eq!(
            verdict([1.003, 1.0, 1.0]),
            "MISSED (÷flatten 1.003× > 1.00×)"
        );
        assert_eq!(
            verdict([4.0, 1.0, 2.0]),
            "MISSED (÷flatten 4.000× > 1.00×, ÷plain 2.000× > 1.30×)"
        );
        let parse = parsed();
        let table = table(&parse);
        assert!(
            table.contains("(500000 generated lines): 120.00 s"),
            "{table}"
        );
        assert!(table.contains("GitHub repository"), "{table}");
        assert!(table.contains("   0.80×"), "{table}");
        let targets = targets(Some(&Ok(parse)));
        let what: Vec<&str> = targets.iter().map(|target| target.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "parse: read ÷ serde flatten, worst body (chat completion, 1 choice)",
                "parse: read ÷ serde plain, worst body (chat completion, 1 choice)",
                "parse: write ÷ serde flatten, worst body (chat completion, 1 choice)",
                "parse: write ÷ serde plain, worst body (chat completion, 1 choice)",
                "parse: union read ÷ serde flatten, worst of 10 members (Shape::Integer)",
                "parse: union read ÷ serde plain, worst of 10 members (Shape::Integer)",
            ]
        );
        assert_eq!(targets[0].measured, Ok(4.0));
        assert_eq!(targets[1].measured, Ok(5.0));
        assert_eq!(targets[5].measured, Ok(2.0));
        assert_eq!(targets[2].met(), Some(true));
        let skipped = super::targets(None);
        assert_eq!(skipped[0].measured, Err("--no-parse".to_owned()));
        assert_eq!(skipped[0].what, "parse: read ÷ serde flatten, worst body");
    }

    #[test]
    fn the_chat_document_generates_what_the_bench_reads() {
        let root = crate::project_root();
        let mut config = Config::new();
        config.crate_root(false);
        let generated = codegen::run_generator(
            &Document::single("chat".to_owned(), root.join(CHAT), CHAT.to_owned(), None),
            &config,
        )
        .unwrap();
        let output = generated.result.unwrap();
        assert!(
            output
                .diagnostics
                .iter()
                .all(|diagnostic| diagnostic.severity != vendor_codegen::Severity::Warning),
            "{:?}",
            output.diagnostics
        );
        // The types and the union's members, in order, that the child and its twins name.
        let module = output.module;
        assert!(module.contains("pub struct ChatCompletion {"));
        let shape = module
            .split("pub enum Shape {")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .unwrap();
        let variants: Vec<&str> = shape
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with("///") && !line.is_empty())
            .filter_map(|line| line.split('(').next())
            .collect();
        assert_eq!(
            variants,
            [
                "String",
                "Integer",
                "Number",
                "Boolean",
                "StringList",
                "Circle",
                "Rectangle",
                "Label",
                "Polygon",
                "Picture"
            ]
        );
        for (path, text) in SOURCES {
            if path.ends_with(".json") {
                serde_json::from_str::<Value>(text).unwrap();
            }
        }
    }

    #[test]
    fn a_missing_corpus_document_says_how_to_go_on() {
        let root = crate::project_root();
        let corpus = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let Err(Error::Failed(message)) = write_crate(&root, corpus.path(), out.path()) else {
            panic!("the corpus documents are missing")
        };
        assert!(
            message.contains("openai__openapi.yaml: no such document"),
            "{message}"
        );
        assert!(message.contains("--no-parse"), "{message}");
    }
}
