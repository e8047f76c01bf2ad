//! `cargo xtask corpus`: every third-party document of the corpus through the generator, the
//! crate generated for each built, linted by clippy, documented by rustdoc and its examples test
//! (each example of the document read into its type and written back) run, in one workspace
//! with one target directory, and a table of what happened.
//!
//! The corpus is the repository's `corpus/documents/` ([`vendor_corpus::dir`]), or `--dir`: its
//! `openapi/` and `mintlify/` documents (its `jsonschema/` files are not API documents). Each
//! document either compiles without a warning or is refused with an error that names its file
//! and where in it; the task fails on anything else (a panic, a hang, a refusal that names no
//! place, a crate with a warning of rustc, clippy or rustdoc, an examples test that fails) and
//! when fewer than
//! [`REQUIRED_SHARE`] of the documents compile cleanly.

use crate::codegen::{self, Document};
use crate::{files, Error};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use vendor_codegen::lower::names::{module_name, Scope};
use vendor_codegen::{Config, Diagnostic, Severity};

/// The command, as generated files name it.
pub const COMMAND: &str = "cargo xtask corpus";

/// The share of documents that must compile without a warning.
pub const REQUIRED_SHARE: f64 = 0.9;

/// The corpus subdirectories that hold API documents.
pub const SUBDIRS: [&str; 2] = ["openapi", "mintlify"];

/// How long one document may take to generate before it counts as a hang.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// Options of `cargo xtask corpus`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The corpus directory (default: [`vendor_corpus::dir`]).
    pub dir: Option<PathBuf>,
    /// Where the workspace of generated crates goes (default: `target/corpus`).
    pub out: Option<PathBuf>,
    /// Only documents of at most this many bytes.
    pub max_size: Option<u64>,
    /// Only documents whose corpus path contains this text.
    pub only: Option<String>,
    /// What each generated crate goes through (none: generate only).
    pub checks: Vec<Check>,
    /// How long one document may take to generate.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dir: None,
            out: None,
            max_size: None,
            only: None,
            checks: Check::ALL.to_vec(),
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// One corpus document and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its path in the corpus, e.g. `openapi/openai__openapi.yaml`.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The name of its crate (and module).
    pub crate_name: String,
    /// How long the generator took.
    pub codegen: Duration,
    /// What the generator did.
    pub outcome: Outcome,
}

/// What the generator did with a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// It generated a crate.
    Generated(Generated),
    /// It refused the document; `error` is the first error, rendered on one line.
    Refused {
        /// The first error, as `error: file:line:column at /pointer: message`.
        error: String,
        /// Whether that error names the document's file and a line in it.
        located: bool,
    },
    /// It failed in a way it must not: a panic, a hang, an unreadable file.
    Failed(String),
}

/// A generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Component schemas in the normalized document.
    pub schemas: usize,
    /// Operations.
    pub operations: usize,
    /// Warnings of the generator.
    pub warnings: usize,
    /// Lines of the generated module.
    pub lines: usize,
    /// Diagnostics that name no line of the document (each must show its source line).
    pub unlocated: usize,
    /// What each check said of the crate.
    pub checks: BTreeMap<Check, Checked>,
}

/// A cargo command each generated crate goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// `cargo build`: rustc, with `-W missing_docs`.
    Build,
    /// `cargo clippy`: clippy's default lints (and rustc's), with `-W missing_docs`.
    Clippy,
    /// `cargo doc`: rustdoc's lints on the docs taken from the document.
    Doc,
    /// `cargo test --no-run` then each crate's examples test run: every example the generator
    /// found fitting reads into its type and writes back equal, every other fails to read.
    Tests,
}

impl Check {
    /// Every check, in the order they run.
    pub const ALL: [Check; 4] = [Check::Build, Check::Clippy, Check::Doc, Check::Tests];

    /// The cargo subcommand and its arguments (besides the workspace's).
    fn args(self) -> &'static [&'static str] {
        match self {
            Check::Build => &["build", "--lib", "--keep-going"],
            Check::Clippy => &["clippy", "--lib", "--keep-going"],
            Check::Doc => &["doc", "--lib", "--no-deps", "--keep-going"],
            Check::Tests => &["test", "--no-run", "--tests", "--no-fail-fast"],
        }
    }

    /// Its name in the table and in `report.json`.
    pub fn name(self) -> &'static str {
        match self {
            Check::Build => "rustc",
            Check::Clippy => "clippy",
            Check::Doc => "rustdoc",
            Check::Tests => "examples",
        }
    }
}

/// What one check gave for one generated crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// Whether it went through (the library was built, linted or documented).
    pub done: bool,
    /// Compiler warnings.
    pub warnings: usize,
    /// Compiler errors.
    pub errors: usize,
    /// The first of them, as the compiler (or the failing test) rendered it.
    pub first: Option<String>,
    /// Tests that passed ([`Check::Tests`] only).
    pub passed: usize,
}

impl Entry {
    /// Whether the document is as it must be: compiled without a warning (or, unbuilt,
    /// generated), or refused with a located error.
    pub fn is_acceptable(&self) -> bool {
        match &self.outcome {
            Outcome::Generated(generated) => {
                generated.unlocated == 0 && generated.checks.values().all(Checked::is_clean)
            }
            Outcome::Refused { located, .. } => *located,
            Outcome::Failed(_) => false,
        }
    }

    /// Whether the document's crate went through every check without a warning (and through
    /// one at least).
    pub fn compiles_cleanly(&self) -> bool {
        matches!(&self.outcome, Outcome::Generated(generated)
            if !generated.checks.is_empty() && generated.checks.values().all(Checked::is_clean))
    }
}

impl Checked {
    /// Went through, without a warning or an error.
    pub fn is_clean(&self) -> bool {
        self.done && self.warnings == 0 && self.errors == 0
    }
}

/// Runs `cargo xtask corpus`: generates, builds, prints the table, writes `report.json` in the
/// output directory, and fails when a document is not as it must be.
pub fn run(options: &Options, root: &Path) -> Result<Vec<Entry>, Error> {
    let dir = options.dir.as_deref().unwrap_or(vendor_corpus::dir());
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| root.join("target").join("corpus"));
    let documents = find(dir, options)?;
    if documents.is_empty() {
        return Err(Error::Failed(format!(
            "no corpus document in {} matches (looked in {}/)",
            dir.display(),
            SUBDIRS.join("/, ")
        )));
    }
    let runtime = root.join("runtime");
    let mut entries = Vec::new();
    for document in documents {
        let entry = generate(&document, options.timeout, &out, &runtime)?;
        println!("{}", progress_line(&entry));
        entries.push(entry);
    }
    check(&out, root, &options.checks, &mut entries)?;
    println!("\n{}", table(&entries));
    write_report(&out.join("report.json"), &report_json(&entries))?;
    verdict(&entries).map(|()| entries)
}

/// A corpus document to generate: its path in the corpus, and the document the generator reads.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// Its path in the corpus, e.g. `openapi/openai__openapi.yaml`.
    pub(crate) file: String,
    /// Its size in bytes.
    pub(crate) bytes: u64,
    /// The document as the generator reads it.
    pub(crate) document: Document,
}

/// The corpus documents `options` selects, sorted by corpus path, each named by a crate name
/// unique among them.
pub(crate) fn find(dir: &Path, options: &Options) -> Result<Vec<Found>, Error> {
    let mut paths = Vec::new();
    for sub in SUBDIRS {
        let sub_dir = dir.join(sub);
        let entries = fs::read_dir(&sub_dir).map_err(|error| {
            Error::Failed(format!(
                "cannot read the corpus directory {}: {error}; give another with `--dir DIR`",
                sub_dir.display()
            ))
        })?;
        for entry in entries {
            let path = entry
                .map_err(|error| Error::Failed(format!("{}: {error}", sub_dir.display())))?
                .path();
            let extension = path
                .extension()
                .and_then(|extension| extension.to_str())
                .unwrap_or_default();
            if !path.is_file() || !codegen::DOCUMENT_EXTENSIONS.contains(&extension) {
                continue;
            }
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            paths.push((format!("{sub}/{name}"), path.clone()));
        }
    }
    paths.sort();
    let mut names = Scope::new();
    let mut found = Vec::new();
    for (file, path) in paths {
        let bytes = fs::metadata(&path)
            .map_err(|error| Error::Failed(format!("{}: {error}", path.display())))?
            .len();
        let selected = options.max_size.is_none_or(|max| bytes <= max)
            && options.only.as_ref().is_none_or(|only| file.contains(only));
        if !selected {
            continue;
        }
        let stem = Path::new(&file)
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let document = Document::single(
            names.claim(&module_name(&stem)),
            path,
            format!("corpus/{file}"),
            None,
        );
        found.push(Found {
            file,
            bytes,
            document,
        });
    }
    Ok(found)
}

/// Generates one document in a thread of its own (a hang is reported after `timeout`, not
/// waited for) and writes its crate into `out/crates/<name>/`.
fn generate(found: &Found, timeout: Duration, out: &Path, runtime: &Path) -> Result<Entry, Error> {
    let document = found.document.clone();
    let (sender, receiver) = mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        // The module is the root (`src/lib.rs`) of a crate named after the document: the
        // defaults. Its header names this command, as the crate's manifest does.
        let mut config = Config::new();
        config.command(COMMAND);
        // The receiver may have given up waiting: then nobody wants the result.
        let _ = sender.send(codegen::run_generator(&document, &config));
    });
    let result = receiver.recv_timeout(timeout);
    let codegen = start.elapsed();
    let name = &found.document.stem;
    let outcome = match result {
        Err(_) => Outcome::Failed(format!(
            "no result after {} s: the generator hangs (a bug in vendor-codegen)",
            timeout.as_secs()
        )),
        Ok(Err(lines)) => Outcome::Failed(lines.join("; ")),
        Ok(Ok(generated)) => match generated.result {
            Ok(output) => {
                let dir = out.join("crates").join(name);
                let manifest = vendor_codegen::manifest::standalone(name, COMMAND, runtime, false);
                for (path, text) in [
                    (dir.join("Cargo.toml"), manifest.as_str()),
                    (dir.join("src").join("lib.rs"), output.module.as_str()),
                    (
                        dir.join("tests").join("examples.rs"),
                        output.examples_test.as_str(),
                    ),
                ] {
                    files::write_if_changed(&path, text).map_err(|error| {
                        Error::Failed(files::with_path(error, &path).to_string())
                    })?;
                }
                Outcome::Generated(Generated {
                    schemas: output
                        .normalized
                        .components
                        .as_ref()
                        .map_or(0, |components| components.schemas.len()),
                    operations: output.api.operations.len(),
                    warnings: count(&output.diagnostics, Severity::Warning),
                    lines: output.module.lines().count(),
                    unlocated: unlocated(&output.diagnostics, &generated.sources),
                    checks: BTreeMap::new(),
                })
            }
            Err(diagnostics) => refusal(&diagnostics, &found.document.file),
        },
    };
    Ok(Entry {
        file: found.file.clone(),
        bytes: found.bytes,
        crate_name: name.clone(),
        codegen,
        outcome,
    })
}

/// How many of `diagnostics` name no line of their file (`sources`: file → text), so that
/// they cannot show the source line.
fn unlocated(diagnostics: &[Diagnostic], sources: &BTreeMap<String, String>) -> usize {
    diagnostics
        .iter()
        .filter(|diagnostic| {
            let lines = sources
                .get(&diagnostic.file)
                .map_or(0, |text| text.lines().count());
            diagnostic
                .line
                .is_none_or(|line| line == 0 || line as usize > lines)
        })
        .count()
}

/// How many of `diagnostics` have `severity`.
fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == severity)
        .count()
}

/// The refusal `diagnostics` (of the document `file`) amount to: its first error, and whether
/// that error names `file` and a line in it.
fn refusal(diagnostics: &[Diagnostic], file: &str) -> Outcome {
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .collect();
    let first = errors.first().map_or_else(
        || "refused without an error (a bug in vendor-codegen)".to_owned(),
        |error| error.to_string(),
    );
    Outcome::Refused {
        error: first,
        located: errors
            .iter()
            .any(|error| error.file == file && error.line.is_some()),
    }
}

/// One line per document as it is generated: the long corpus takes minutes.
fn progress_line(entry: &Entry) -> String {
    let what = match &entry.outcome {
        Outcome::Generated(generated) => format!("generated, {} lines", generated.lines),
        Outcome::Refused { .. } => "refused".to_owned(),
        Outcome::Failed(_) => "FAILED".to_owned(),
    };
    format!("{:<60} {what} in {}", entry.file, seconds(entry.codegen))
}

/// Runs `checks` on every generated crate, in one workspace, `out/Cargo.toml`, with one target
/// directory, `out/target`, and records what each said of each crate.
fn check(out: &Path, root: &Path, checks: &[Check], entries: &mut [Entry]) -> Result<(), Error> {
    let members: Vec<String> = entries
        .iter()
        .filter(|entry| matches!(entry.outcome, Outcome::Generated(_)))
        .map(|entry| entry.crate_name.clone())
        .collect();
    if members.is_empty() || checks.is_empty() {
        return Ok(());
    }
    let manifest = out.join("Cargo.toml");
    files::write_if_changed(&manifest, &workspace_manifest(&members))
        .map_err(|error| Error::Failed(files::with_path(error, &manifest).to_string()))?;
    copy_lock(root, out)?;
    for &check in checks {
        println!(
            "\n{} on {} crates in {} (minutes for the large documents) …",
            check.name(),
            members.len(),
            out.display()
        );
        let start = Instant::now();
        let (mut results, executables) = run_cargo(check, &manifest, &out.join("target"))?;
        for (name, executable) in executables {
            run_tests(&executable, results.entry(name).or_default())?;
        }
        println!("{} done in {}", check.name(), seconds(start.elapsed()));
        for entry in entries.iter_mut() {
            if let Outcome::Generated(generated) = &mut entry.outcome {
                let checked = results.remove(&entry.crate_name).unwrap_or_default();
                generated.checks.insert(check, checked);
            }
        }
    }
    Ok(())
}

/// Writes `report` as pretty JSON into `path` and says where.
pub(crate) fn write_report(path: &Path, report: &Value) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(report).unwrap_or_default();
    files::write_if_changed(path, &json)
        .map_err(|error| Error::Failed(files::with_path(error, path).to_string()))?;
    println!("report: {}", path.display());
    Ok(())
}

/// Copies the repository's lock file into the workspace at `dir`, unless it has one, so that its
/// crates build with the dependency versions the repository is tested with.
pub(crate) fn copy_lock(root: &Path, dir: &Path) -> Result<(), Error> {
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("Cargo.lock"), &lock)
            .map_err(|error| Error::Failed(format!("{}: {error}", lock.display())))?;
    }
    Ok(())
}

/// Test executables cargo built: (crate name, path), in the order it built them.
type Executables = Vec<(String, PathBuf)>;

/// Runs cargo for `check` on the workspace `manifest`, reading its JSON messages as they come:
/// what it said of each crate, by crate name, and the test executables it built (crate name,
/// path), in the order it built them.
fn run_cargo(
    check: Check,
    manifest: &Path,
    target: &Path,
) -> Result<(BTreeMap<String, Checked>, Executables), Error> {
    let cargo = cargo();
    let mut child = Command::new(&cargo)
        .args(check.args())
        .args(["--quiet", "--workspace"])
        .arg("--message-format=json-diagnostic-rendered-ansi")
        .arg("--manifest-path")
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        // Every public item of generated code has docs: a missing one is a warning here too.
        .env("RUSTFLAGS", "-W missing_docs")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| {
            Error::Failed(format!("cannot run {}: {error}", cargo.to_string_lossy()))
        })?;
    let mut results: BTreeMap<String, Checked> = BTreeMap::new();
    let mut executables = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|error| Error::Failed(format!("reading cargo: {error}")))?;
            match parse_message(&line) {
                Some((name, Event::Test(executable))) => executables.push((name, executable)),
                Some((name, event)) => event.record(results.entry(name).or_default()),
                None => {}
            }
        }
    }
    // A failure shows in the crates it concerns (not done, or with errors).
    child
        .wait()
        .map_err(|error| Error::Failed(format!("waiting for cargo: {error}")))?;
    Ok((results, executables))
}

/// Runs the test `executable` of a crate and records in `checked` how many of its tests passed
/// and, when it fails, how many failed and its output from the first failure on.
fn run_tests(executable: &Path, checked: &mut Checked) -> Result<(), Error> {
    let output = Command::new(executable)
        .arg("--quiet")
        .env_remove("RUST_BACKTRACE")
        .output()
        .map_err(|error| Error::Failed(format!("cannot run {}: {error}", executable.display())))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let (passed, failed) = test_counts(&stdout);
    checked.passed += passed;
    if output.status.success() {
        checked.done = true;
    } else {
        // A crash before the summary line still fails the crate.
        checked.errors += failed.max(1);
        let from = stdout.find("---- ").unwrap_or(0);
        let mut text: String = stdout[from..].chars().take(2000).collect();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        checked.first.get_or_insert(text.trim_end().to_owned());
    }
    Ok(())
}

/// The passed and failed counts of libtest's `test result: ok. 3 passed; 1 failed; …` lines.
fn test_counts(stdout: &str) -> (usize, usize) {
    let count = |line: &str, word: &str| -> usize {
        line.split(';')
            .find_map(|part| {
                let (number, what) = part.trim().rsplit_once(' ')?;
                let number = number.rsplit(' ').next()?;
                (what == word).then(|| number.parse().ok()).flatten()
            })
            .unwrap_or(0)
    };
    stdout
        .lines()
        .filter(|line| line.starts_with("test result: "))
        .fold((0, 0), |(passed, failed), line| {
            (
                passed + count(line, "passed"),
                failed + count(line, "failed"),
            )
        })
}

/// The cargo that runs this task, for the cargo commands it starts.
pub(crate) fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The workspace of the generated crates.
fn workspace_manifest(members: &[String]) -> String {
    let members: Vec<String> = members
        .iter()
        .map(|member| format!("    \"crates/{member}\",\n"))
        .collect();
    format!(
        "# This file is @generated by `{COMMAND}`. Do not edit it by hand.\n\
         \n\
         [workspace]\n\
         resolver = \"2\"\n\
         members = [\n{}]\n\
         \n\
         # Debug information is not what is checked here, and costs build time.\n\
         [profile.dev]\n\
         debug = false\n",
        members.concat()
    )
}

/// What one line of cargo's JSON output says about a package of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    /// Its library went through.
    Done,
    /// The compiler warned or failed, with this rendering.
    Message { error: bool, rendered: String },
    /// A test executable was built, at this path.
    Test(PathBuf),
}

impl Event {
    fn record(self, checked: &mut Checked) {
        match self {
            Event::Done => checked.done = true,
            Event::Message { error, rendered } => {
                if error {
                    checked.errors += 1;
                } else {
                    checked.warnings += 1;
                }
                checked.first.get_or_insert(rendered);
            }
            // Recorded when it has run.
            Event::Test(_) => {}
        }
    }
}

/// Reads one line of `cargo build|clippy|doc --message-format=json…`: the package it is about (its name,
/// for packages of the corpus workspace, `path+file://…/crates/<name>#…`) and what it says.
/// Summaries (`1 warning emitted`, `aborting due to …`) carry no span and are not counted.
fn parse_message(line: &str) -> Option<(String, Event)> {
    let value: Value = serde_json::from_str(line).ok()?;
    let package = value.get("package_id")?.as_str()?;
    // The last `/crates/`: the output directory's own path may hold one.
    let (_, name) = package.rsplit_once("/crates/")?;
    let name = name.split(['#', '@', ' ']).next()?.to_owned();
    match value.get("reason")?.as_str()? {
        "compiler-artifact" => {
            let kinds = value.pointer("/target/kind")?.as_array()?;
            if kinds.iter().any(|kind| kind == "test") {
                let executable = value.get("executable")?.as_str()?;
                return Some((name, Event::Test(PathBuf::from(executable))));
            }
            kinds
                .iter()
                .any(|kind| kind == "lib")
                .then_some((name, Event::Done))
        }
        "compiler-message" => {
            let message = value.get("message")?;
            let spans = message.get("spans")?.as_array()?;
            let error = match message.get("level")?.as_str()? {
                "error" | "error: internal compiler error" => true,
                "warning" => false,
                _ => return None,
            };
            if spans.is_empty() {
                return None;
            }
            let rendered = message
                .get("rendered")
                .and_then(Value::as_str)
                .map(strip_ansi)
                .unwrap_or_default();
            Some((name, Event::Message { error, rendered }))
        }
        _ => None,
    }
}

/// `text` without ANSI escape sequences (`ESC [ … letter`).
pub(crate) fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// The table of all documents, the refusals and failures below it, and the summary.
pub fn table(entries: &[Entry]) -> String {
    let mut header: Vec<String> = ["document", "KB", "schemas", "ops", "warnings", "generated"]
        .map(str::to_owned)
        .to_vec();
    header.extend(Check::ALL.map(|check| check.name().to_owned()));
    header.push("codegen".to_owned());
    let mut rows = vec![header];
    for entry in entries {
        let mut row = vec![entry.file.clone(), entry.bytes.div_ceil(1024).to_string()];
        match &entry.outcome {
            Outcome::Generated(generated) => {
                row.extend([
                    generated.schemas.to_string(),
                    generated.operations.to_string(),
                    generated.warnings.to_string(),
                    "yes".to_owned(),
                ]);
                row.extend(Check::ALL.map(|check| {
                    generated
                        .checks
                        .get(&check)
                        .map_or_else(|| "-".to_owned(), verdict_cell)
                }));
            }
            Outcome::Refused { .. } | Outcome::Failed(_) => {
                let what = if matches!(entry.outcome, Outcome::Refused { .. }) {
                    "refused"
                } else {
                    "FAILED"
                };
                row.extend(["-", "-", "-", what].map(str::to_owned));
                row.extend(Check::ALL.map(|_| "-".to_owned()));
            }
        }
        row.push(seconds(entry.codegen));
        rows.push(row);
    }
    let columns = rows[0].len();
    // Names and words to the left, numbers to the right.
    let mut text = layout(&rows, |column| {
        column == 0 || (5..columns - 1).contains(&column)
    });
    for entry in entries {
        text.push_str(&details(entry));
    }
    text.push('\n');
    text.push_str(&summary(entries));
    text
}

/// `rows` as aligned columns, two spaces apart, each line ending in a line break without trailing
/// spaces: a column for which `left` holds is aligned to the left, the others to the right.
pub(crate) fn layout(rows: &[Vec<String>], left: impl Fn(usize) -> bool) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, width))| {
                if left(column) {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

/// A check's cell: `yes`, `338 pass` (tests), `3 warnings`, `NO: 2 errors`.
fn verdict_cell(checked: &Checked) -> String {
    if checked.is_clean() && checked.passed > 0 {
        format!("{} pass", checked.passed)
    } else if checked.is_clean() {
        "yes".to_owned()
    } else if checked.done && checked.errors == 0 {
        format!("{} warnings", checked.warnings)
    } else {
        format!("NO: {} errors", checked.errors)
    }
}

/// What is wrong with `entry`, under the table; empty when nothing is.
fn details(entry: &Entry) -> String {
    match &entry.outcome {
        Outcome::Refused { error, located } => {
            let unlocated = if *located { "" } else { " (NOT LOCATED)" };
            format!("\nrefused{unlocated}: {}\n  {error}\n", entry.file)
        }
        Outcome::Failed(why) => format!("\nFAILED: {}\n  {why}\n", entry.file),
        Outcome::Generated(generated) => {
            let mut text = String::new();
            if generated.unlocated > 0 {
                text.push_str(&format!(
                    "\n{} diagnostics without a line of their file: {}\n",
                    generated.unlocated, entry.file
                ));
            }
            for (check, checked) in &generated.checks {
                if !checked.is_clean() {
                    let first = checked.first.as_deref().unwrap_or("no message");
                    text.push_str(&format!(
                        "\n{} is not clean on {}:\n{first}\n",
                        check.name(),
                        entry.file
                    ));
                }
            }
            text
        }
    }
}

/// `38 of 42 documents compile without a warning (90%); 4 refused with a located error; …`.
fn summary(entries: &[Entry]) -> String {
    let total = entries.len();
    let clean = entries
        .iter()
        .filter(|entry| entry.compiles_cleanly())
        .count();
    let refused = entries
        .iter()
        .filter(|entry| matches!(entry.outcome, Outcome::Refused { located: true, .. }))
        .count();
    let bad = entries
        .iter()
        .filter(|entry| !entry.is_acceptable())
        .count();
    let generated = entries
        .iter()
        .filter(|entry| matches!(entry.outcome, Outcome::Generated(_)))
        .count();
    let codegen: Duration = entries.iter().map(|entry| entry.codegen).sum();
    let passed: usize = entries
        .iter()
        .filter_map(|entry| match &entry.outcome {
            Outcome::Generated(generated) => generated.checks.get(&Check::Tests),
            _ => None,
        })
        .map(|checked| checked.passed)
        .sum();
    format!(
        "{generated} of {total} documents generated, {clean} compile without a warning ({}%); \
         {refused} refused with a located error; {bad} not as they must be; {passed} examples \
         tests pass; codegen {} in all\n",
        percent(clean, total),
        seconds(codegen)
    )
}

/// Fails when a document is not as it must be, or too few compile.
fn verdict(entries: &[Entry]) -> Result<(), Error> {
    let bad: Vec<&str> = entries
        .iter()
        .filter(|entry| !entry.is_acceptable())
        .map(|entry| entry.file.as_str())
        .collect();
    if !bad.is_empty() {
        return Err(Error::Failed(format!(
            "{} not as they must be (see above): {}",
            bad.len(),
            bad.join(", ")
        )));
    }
    let built = entries.iter().any(|entry| {
        matches!(&entry.outcome, Outcome::Generated(generated) if !generated.checks.is_empty())
    });
    let clean = entries
        .iter()
        .filter(|entry| entry.compiles_cleanly())
        .count();
    let share = clean as f64 / entries.len() as f64;
    if built && share < REQUIRED_SHARE {
        return Err(Error::Failed(format!(
            "only {clean} of {} documents compile ({}%); at least {}% must",
            entries.len(),
            percent(clean, entries.len()),
            REQUIRED_SHARE * 100.0
        )));
    }
    Ok(())
}

/// `part` of `total` in whole percent, rounded down.
pub(crate) fn percent(part: usize, total: usize) -> usize {
    (part * 100).checked_div(total).unwrap_or(0)
}

/// `1.23 s`.
pub(crate) fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

/// The report as JSON: one object per document.
fn report_json(entries: &[Entry]) -> Value {
    let documents: Vec<Value> = entries
        .iter()
        .map(|entry| {
            let mut object = json!({
                "document": entry.file,
                "bytes": entry.bytes,
                "crate": entry.crate_name,
                "codegen_seconds": entry.codegen.as_secs_f64(),
            });
            let details = match &entry.outcome {
                Outcome::Generated(generated) => json!({
                    "outcome": "generated",
                    "schemas": generated.schemas,
                    "operations": generated.operations,
                    "warnings": generated.warnings,
                    "lines": generated.lines,
                    "unlocated_diagnostics": generated.unlocated,
                    "checks": generated.checks.iter().map(|(check, checked)| (check.name().to_owned(), json!({
                        "done": checked.done,
                        "warnings": checked.warnings,
                        "errors": checked.errors,
                        "passed": checked.passed,
                        "first": checked.first,
                    }))).collect::<serde_json::Map<String, Value>>(),
                }),
                Outcome::Refused { error, located } => json!({
                    "outcome": "refused",
                    "error": error,
                    "located": located,
                }),
                Outcome::Failed(why) => json!({"outcome": "failed", "why": why}),
            };
            if let (Some(object), Value::Object(details)) = (object.as_object_mut(), details) {
                object.extend(details);
            }
            object
        })
        .collect();
    json!({ "documents": documents })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_messages_are_attributed_to_their_crate() {
        let artifact = r#"{"reason":"compiler-artifact","package_id":"path+file:///crates/t/corpus/crates/openai_openapi#0.1.0","target":{"kind":["lib"],"name":"openai_openapi"}}"#;
        assert_eq!(
            parse_message(artifact),
            Some(("openai_openapi".to_owned(), Event::Done))
        );
        let warning = r#"{"reason":"compiler-message","package_id":"path+file:///t/corpus/crates/x_y#0.1.0","message":{"level":"warning","spans":[{"line_start":1}],"rendered":"\u001b[1mwarning\u001b[0m: unused"}}"#;
        assert_eq!(
            parse_message(warning),
            Some((
                "x_y".to_owned(),
                Event::Message {
                    error: false,
                    rendered: "warning: unused".to_owned()
                }
            ))
        );
        let summary = r#"{"reason":"compiler-message","package_id":"path+file:///t/corpus/crates/x_y#0.1.0","message":{"level":"warning","spans":[],"rendered":"warning: 1 warning emitted"}}"#;
        assert_eq!(parse_message(summary), None);
        let dependency = r#"{"reason":"compiler-artifact","package_id":"registry+https://github.com/rust-lang/crates.io-index#serde@1.0.228","target":{"kind":["lib"]}}"#;
        assert_eq!(parse_message(dependency), None);
        assert_eq!(parse_message("Compiling serde"), None);
        let mut checked = Checked::default();
        Event::Done.record(&mut checked);
        assert!(checked.is_clean());
        parse_message(warning).unwrap().1.record(&mut checked);
        assert!(!checked.is_clean());
        assert_eq!(checked.first.as_deref(), Some("warning: unused"));
    }

    fn entry(file: &str, outcome: Outcome) -> Entry {
        Entry {
            file: file.to_owned(),
            bytes: 2048,
            crate_name: "c".to_owned(),
            codegen: Duration::from_millis(1500),
            outcome,
        }
    }

    /// A generated crate that every check went through cleanly, but `check`, which gave
    /// `checked`.
    fn generated(check: Check, checked: Checked) -> Outcome {
        let mut checks: BTreeMap<Check, Checked> = Check::ALL
            .map(|check| (check, clean()))
            .into_iter()
            .collect();
        checks.insert(check, checked);
        Outcome::Generated(Generated {
            schemas: 3,
            operations: 2,
            warnings: 1,
            lines: 100,
            unlocated: 0,
            checks,
        })
    }

    fn clean() -> Checked {
        Checked {
            done: true,
            ..Checked::default()
        }
    }

    #[test]
    fn test_executables_are_found_and_their_results_counted() {
        let artifact = r#"{"reason":"compiler-artifact","package_id":"path+file:///t/corpus/crates/x_y#0.1.0","target":{"kind":["test"],"name":"examples"},"executable":"/t/target/debug/deps/examples-0a1b"}"#;
        assert_eq!(
            parse_message(artifact),
            Some((
                "x_y".to_owned(),
                Event::Test(PathBuf::from("/t/target/debug/deps/examples-0a1b"))
            ))
        );
        let output = "running 4 tests\n..F.\nfailures:\n\n---- a stdout ----\npanicked\n\n\
            test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; \
            finished in 0.01s\n";
        assert_eq!(test_counts(output), (3, 1));
        assert_eq!(
            test_counts("test result: ok. 12 passed; 0 failed; 0 ignored\n"),
            (12, 0)
        );
        assert_eq!(test_counts("error: could not compile"), (0, 0));
    }

    #[test]
    fn the_verdict_needs_every_document_acceptable_and_enough_compiling() {
        let refused = |located| Outcome::Refused {
            error: "error: corpus/a.yaml:1:1 at /: no".to_owned(),
            located,
        };
        let mut entries: Vec<Entry> = (0..9)
            .map(|i| entry(&format!("d{i}"), generated(Check::Build, clean())))
            .collect();
        entries.push(entry("r", refused(true)));
        assert_eq!(verdict(&entries), Ok(()));
        let text = table(&entries);
        assert!(
            text.contains("9 of 10 documents generated, 9 compile without a warning (90%)"),
            "{text}"
        );
        assert!(
            text.contains("refused: r\n  error: corpus/a.yaml:1:1"),
            "{text}"
        );

        entries.push(entry("r2", refused(true)));
        let Err(Error::Failed(message)) = verdict(&entries) else {
            panic!("9 of 11 is below 90%")
        };
        assert!(
            message.contains("only 9 of 11 documents compile"),
            "{message}"
        );

        entries.pop();
        entries.push(entry("unlocated", refused(false)));
        let Err(Error::Failed(message)) = verdict(&entries) else {
            panic!("a refusal without a place is not acceptable")
        };
        assert!(message.contains("unlocated"), "{message}");

        for check in Check::ALL {
            entries.pop();
            let warned = Checked {
                done: true,
                warnings: 2,
                errors: 0,
                first: Some("warning: unused import".to_owned()),
                passed: 0,
            };
            entries.push(entry("warns", generated(check, warned)));
            assert!(verdict(&entries).is_err(), "{check:?}");
            let text = table(&entries);
            assert!(text.contains("2 warnings"), "{text}");
            let details = format!(
                "{} is not clean on warns:\nwarning: unused import",
                check.name()
            );
            assert!(text.contains(&details), "{text}");
        }

        entries.pop();
        entries.push(entry(
            "hangs",
            Outcome::Failed("no result after 1 s".to_owned()),
        ));
        assert!(verdict(&entries).is_err());
        assert!(table(&entries).contains("FAILED: hangs\n  no result after 1 s"));
    }

    #[test]
    fn the_table_aligns_its_columns() {
        let failed = Checked {
            done: false,
            errors: 3,
            ..Checked::default()
        };
        let mut tested = generated(Check::Doc, failed);
        if let Outcome::Generated(generated) = &mut tested {
            generated.checks.insert(
                Check::Tests,
                Checked {
                    passed: 12,
                    ..clean()
                },
            );
        }
        let entries = [
            entry("openapi/a.yaml", tested),
            entry(
                "mintlify/longer-name.md",
                Outcome::Refused {
                    error: "error: x".to_owned(),
                    located: true,
                },
            ),
        ];
        let text = table(&entries);
        let lines: Vec<&str> = text.lines().take(3).collect();
        assert_eq!(
            lines,
            [
                "document                 KB  schemas  ops  warnings  generated  rustc  clippy  rustdoc       examples  codegen",
                "openapi/a.yaml            2        3    2         1  yes        yes    yes     NO: 3 errors  12 pass    1.50 s",
                "mintlify/longer-name.md   2        -    -         -  refused    -      -       -             -          1.50 s",
            ]
        );
    }

    #[test]
    fn crates_are_named_once_each_from_their_file() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "openapi/a-b.json",
            "openapi/a-b.yaml",
            "openapi/notes.txt",
            "mintlify/Page.md",
        ] {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "openapi: 3.1.0").unwrap();
        }
        let found = find(dir.path(), &Options::default()).unwrap();
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|found| (found.file.as_str(), found.document.stem.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("mintlify/Page.md", "page"),
                ("openapi/a-b.json", "a_b"),
                ("openapi/a-b.yaml", "a_b_2"),
            ]
        );
        let options = Options {
            only: Some("yaml".to_owned()),
            ..Options::default()
        };
        assert_eq!(find(dir.path(), &options).unwrap().len(), 1);
        let options = Options {
            max_size: Some(3),
            ..Options::default()
        };
        assert!(find(dir.path(), &options).unwrap().is_empty());
        let Err(Error::Failed(message)) = find(&dir.path().join("none"), &Options::default())
        else {
            panic!("a missing corpus is an error")
        };
        assert!(message.contains("--dir DIR"), "{message}");
    }
}
