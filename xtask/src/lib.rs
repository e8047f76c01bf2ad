//! The project's automation, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! `codegen` reads the documents, runs them through `vendor_codegen`, and writes what comes out
//! into the crates the generator owns; `corpus` does the same for every third-party document of
//! the corpus and builds what it generates; `bench` measures how fast the generator is, against
//! its peers, and what its code costs to compile; `diff` tells what changed in a vendor's API;
//! `fetch` downloads a vendor's published pages into `specs/<vendor>/`. All file IO of the project happens here, never in
//! `vendor_codegen`. The logic lives in this library so tests can call it; the
//! binary only parses the command line and prints the error.

pub mod bench;
pub mod codegen;
pub mod conform;
pub mod corpus;
pub mod diff;
pub mod fetch;
pub mod files;

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What `cargo xtask help` prints.
pub const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--deny-warnings] [-v | --verbose]
  cargo xtask codegen --spec FILE --out DIR [--overlay FILE] [--deny-warnings] [-v | --verbose]
  cargo xtask corpus [--dir DIR] [--out DIR] [--max-size BYTES] [--only TEXT]
                     [--no-build | --build-only] [--timeout SECONDS]
  cargo xtask bench [--runs N] [--only TEXT] [--no-peers] [--no-compile] [--no-parse]
                    [--dir DIR]
  cargo xtask bench --only-parse [--dir DIR]
  cargo xtask diff [--base REV | --old FILE --new FILE [--old-overlay FILE] [--new-overlay FILE]]
                   [--format text|markdown|json] [--fail-on breaking]
  cargo xtask fetch [VENDOR] [--check] [--timeout SECONDS]
  cargo xtask conform [DOCUMENT…] [--corpus-max-size BYTES] [--times N]

  codegen                regenerate generated/ (from specs/) and tests/samples/
                         (from tests/fixtures/compile/), writing only files that changed
  --check                write nothing; fail if a generated file is stale, missing or extra
  --spec FILE --out DIR  generate a standalone crate from one document into DIR
  --overlay FILE         with --spec: apply this OpenAPI Overlay 1.0 file to the document first
                         (in specs/, `<stem>.overlay.yaml` is applied to `<stem>.md` by itself)
  --deny-warnings        fail, writing nothing, when a document has a warning
  -v, --verbose          print notes too, not only warnings

  Each diagnostic shows file:line:column, the source line with a caret, and its JSON pointer.

  corpus                 generate a crate for every document of the third-party corpus
                         (--dir, else corpus/documents/), build, lint (clippy)
                         and document (rustdoc) them all in one workspace (--out, else
                         target/corpus) and print a table; fails unless each goes through
                         without a warning or is refused with a located error, and at least 90%
                         go through
  --max-size BYTES       only documents of at most BYTES (65536, 64K, 4M)
  --only TEXT            only documents whose corpus path contains TEXT
  --no-build             generate only
  --build-only           build, without clippy and rustdoc
  --timeout SECONDS      a document that takes longer to generate is a hang (default 600)

  bench                  time the generator (an optimized build, a fresh process per run) on
                         specs/ and four large corpus documents (--dir, as for corpus): median
                         wall time, peak memory, each stage, and the bare parse of the document;
                         the same documents through the peers found on PATH; the compile time of
                         generated crates; how fast generated types read and write JSON
                         against serde's derive (parse); the peak memory of a streamed 1 GiB
                         upload (the runtime's client); prints tables, writes
                         target/bench/report.json
  --runs N               runs of each measure (default 5; at most 3 for compile times)
  --only TEXT            only documents whose path contains TEXT
  --no-peers             without the peers
  --no-compile           without compile times
  --no-parse             without the parse speed
  --only-parse           only the parse speed: generated types (xtask/bench/chat.yaml, OpenAI's,
                         OpenRouter's and GitHub's documents) against serde-derive twins, in
                         one release crate under target/bench/parse (a few minutes)

  diff                   what changed in each vendor's API between specs/ at a revision and
                         the working tree (or two files), from the IR of both: each change with
                         its verdict for Rust code (breaks, changes meaning, none) and on the
                         wire (breaks, degrades, none); exit 1 when a side does not generate
  --base REV             the revision to compare with (default: the merge base with main)
  --old FILE --new FILE  two documents instead of specs/ (--old-overlay, --new-overlay)
  --format FORMAT        text (default), markdown (a pull-request comment) or json
  --fail-on breaking     exit 1 when a change breaks Rust code or the wire

  fetch                  download the pages and documents listed in specs/VENDOR/sources.toml
                         (page URLs, and the links of an llms.txt) into specs/VENDOR/, byte for
                         byte, and report each added, changed, unchanged or gone; every
                         specs/*/sources.toml without VENDOR. A file fetch did not write
                         (not in specs/VENDOR/fetched.toml) or changed since is never
                         overwritten nor removed; exit 1 when a URL failed (the others are
                         still saved)
  --check                write nothing; exit 1 when a site differs from specs/
  --timeout SECONDS      the timeout of each request (default 30; 3 attempts with backoff)

  conform                check the generated code against Stoplight's Prism mocking each
                         document (every vendor of specs/, or the vendors or files named):
                         each operation's request, built from values of its schemas, must have
                         no violation, and each response Prism makes for each documented status
                         must parse as documented and write back as received; prints a table,
                         exit 1 on a failure of ours. Needs Node.js; installs Prism (pinned in
                         xtask/conform/) with `npm ci` on first use
  --corpus-max-size BYTES  also the corpus documents of at most BYTES (1M)
  --times N              responses asked for per documented status (default 10)";

/// Why a task failed; it decides the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The command line is wrong (exit code 2).
    Usage(String),
    /// The task failed (exit code 1); the message says why and what to do.
    Failed(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Failed(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => write!(f, "error: {message}\n\n{USAGE}"),
            Error::Failed(message) => write!(f, "error: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the usage.
    Help,
    /// `codegen` with its options.
    Codegen(codegen::Options),
    /// `corpus` with its options.
    Corpus(corpus::Options),
    /// `bench` with its options.
    Bench(bench::Options),
    /// `bench-child`: one measured run, which `bench` starts in a process of its own.
    BenchChild(bench::Child),
    /// `diff` with its options.
    Diff(diff::Options),
    /// `fetch` with its options.
    Fetch(fetch::Options),
    /// `conform` with its options.
    Conform(conform::Options),
    /// `bench-sse`: one run of the event-stream decode throughput, which `bench` starts in a
    /// process of its own.
    BenchSse,
}

/// The repository root: the parent of the xtask crate.
pub fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Parses the arguments after `cargo xtask`.
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Command, Error> {
    let args = args
        .into_iter()
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| Error::Usage(format!("argument {arg:?} is not valid UTF-8")))
        })
        .collect::<Result<Vec<String>, Error>>()?;
    let mut args = args.into_iter();
    match args.next().as_deref() {
        None => Err(Error::Usage("no task given".to_owned())),
        Some("help" | "-h" | "--help") => Ok(Command::Help),
        Some("codegen") => parse_codegen(Args::new(args, &["--spec", "--out", "--overlay"])),
        Some("corpus") => parse_corpus(Args::new(
            args,
            &["--dir", "--out", "--max-size", "--only", "--timeout"],
        )),
        Some("bench") => parse_bench(Args::new(args, &["--runs", "--only", "--dir"])),
        Some("bench-child") => parse_bench_child(Args::new(args, &["--overlay"])),
        Some("diff") => parse_diff(Args::new(
            args,
            &[
                "--base",
                "--old",
                "--new",
                "--old-overlay",
                "--new-overlay",
                "--format",
                "--fail-on",
            ],
        )),
        Some("fetch") => parse_fetch(Args::new(args, &["--timeout"])),
        Some("bench-sse") => Ok(Command::BenchSse),
        Some("conform") => parse_conform(Args::new(args, &["--corpus-max-size", "--times"])),
        Some(other) => Err(Error::Usage(format!("unknown task `{other}`"))),
    }
}

/// A task's arguments, read flag by flag; `--flag=VALUE` is `--flag VALUE` for the flags that
/// take a value.
struct Args {
    rest: std::vec::IntoIter<String>,
    valued: &'static [&'static str],
    inline: Option<String>,
}

impl Args {
    fn new(rest: std::vec::IntoIter<String>, valued: &'static [&'static str]) -> Self {
        Args {
            rest,
            valued,
            inline: None,
        }
    }

    /// The next flag.
    fn flag(&mut self) -> Option<String> {
        let arg = self.rest.next()?;
        self.inline = None;
        match arg.split_once('=') {
            Some((flag, value)) if self.valued.contains(&flag) => {
                self.inline = Some(value.to_owned());
                Some(flag.to_owned())
            }
            _ => Some(arg),
        }
    }

    /// The value of `flag`, the flag just read.
    fn value(&mut self, flag: &str) -> Result<String, Error> {
        self.inline
            .take()
            .or_else(|| self.rest.next())
            .ok_or_else(|| Error::Usage(format!("`{flag}` needs a value")))
    }
}

/// Stores `value` in `slot`, which must be empty: a flag is given once.
fn once<T>(slot: &mut Option<T>, value: T, flag: &str) -> Result<(), Error> {
    match slot.replace(value) {
        Some(_) => Err(Error::Usage(format!("`{flag}` given twice"))),
        None => Ok(()),
    }
}

/// The options of `cargo xtask codegen`.
fn parse_codegen(mut args: Args) -> Result<Command, Error> {
    let mut options = codegen::Options::default();
    let (mut spec, mut out, mut overlay) = (None, None, None);
    while let Some(flag) = args.flag() {
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--check" => options.check = true,
            "--deny-warnings" => options.deny_warnings = true,
            "-v" | "--verbose" => options.verbose = true,
            "--spec" => once(&mut spec, PathBuf::from(args.value(&flag)?), &flag)?,
            "--out" => once(&mut out, PathBuf::from(args.value(&flag)?), &flag)?,
            "--overlay" => once(&mut overlay, PathBuf::from(args.value(&flag)?), &flag)?,
            other => return Err(Error::Usage(format!("unknown option `{other}`"))),
        }
    }
    if overlay.is_some() && spec.is_none() {
        return Err(Error::Usage(
            "`--overlay` goes with `--spec FILE --out DIR`; in specs/, name the overlay \
             `<stem>.overlay.yaml` and it is applied by itself"
                .to_owned(),
        ));
    }
    options.standalone = match (spec, out) {
        (Some(spec), Some(out)) => Some(codegen::Standalone { spec, out, overlay }),
        (Some(_), None) => return Err(Error::Usage("`--spec` needs `--out DIR`".to_owned())),
        (None, Some(_)) => return Err(Error::Usage("`--out` needs `--spec FILE`".to_owned())),
        (None, None) => None,
    };
    if options.check && options.standalone.is_some() {
        return Err(Error::Usage(
            "`--check` does not go with `--spec`/`--out`".to_owned(),
        ));
    }
    Ok(Command::Codegen(options))
}

/// The options of `cargo xtask corpus`.
fn parse_corpus(mut args: Args) -> Result<Command, Error> {
    let mut options = corpus::Options::default();
    let (mut dir, mut out, mut max_size, mut only, mut timeout) = (None, None, None, None, None);
    while let Some(flag) = args.flag() {
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--no-build" => options.checks.clear(),
            "--build-only" => options.checks = vec![corpus::Check::Build],
            "--dir" => once(&mut dir, PathBuf::from(args.value(&flag)?), &flag)?,
            "--out" => once(&mut out, PathBuf::from(args.value(&flag)?), &flag)?,
            "--only" => once(&mut only, args.value(&flag)?, &flag)?,
            "--max-size" => once(&mut max_size, bytes(&args.value(&flag)?)?, &flag)?,
            "--timeout" => {
                let value = args.value(&flag)?;
                let seconds = value.parse().map_err(|_| {
                    Error::Usage(format!("`--timeout {value}`: give whole seconds, e.g. 600"))
                })?;
                once(&mut timeout, Duration::from_secs(seconds), &flag)?;
            }
            other => return Err(Error::Usage(format!("unknown option `{other}`"))),
        }
    }
    options.dir = dir;
    options.out = out;
    options.max_size = max_size;
    options.only = only;
    options.timeout = timeout.unwrap_or(corpus::DEFAULT_TIMEOUT);
    Ok(Command::Corpus(options))
}

/// The options of `cargo xtask bench`.
fn parse_bench(mut args: Args) -> Result<Command, Error> {
    let mut options = bench::Options::default();
    let (mut runs, mut only, mut dir) = (None, None, None);
    while let Some(flag) = args.flag() {
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--no-peers" => options.peers = false,
            "--no-compile" => options.compile = false,
            "--no-parse" => options.parse = false,
            "--only-parse" => options.only_parse = true,
            "--only" => once(&mut only, args.value(&flag)?, &flag)?,
            "--dir" => once(&mut dir, PathBuf::from(args.value(&flag)?), &flag)?,
            "--runs" => {
                let count = positive(&flag, &args.value(&flag)?, "a whole number of runs, e.g. 5")?;
                once(&mut runs, count, &flag)?;
            }
            other => return Err(Error::Usage(format!("unknown option `{other}`"))),
        }
    }
    if options.only_parse
        && (!options.parse
            || runs.is_some()
            || only.is_some()
            || !options.peers
            || !options.compile)
    {
        return Err(Error::Usage(
            "`--only-parse` runs the parse section alone: it goes with `--dir` only".to_owned(),
        ));
    }
    options.runs = runs.unwrap_or(bench::DEFAULT_RUNS);
    options.only = only;
    options.dir = dir;
    Ok(Command::Bench(options))
}

/// The arguments of `bench-child [--stages] FILE [--overlay FILE]`, which `bench` gives.
fn parse_bench_child(mut args: Args) -> Result<Command, Error> {
    let (mut file, mut overlay, mut stages) = (None, None, false);
    while let Some(flag) = args.flag() {
        match flag.as_str() {
            "--stages" => stages = true,
            "--overlay" => once(&mut overlay, PathBuf::from(args.value(&flag)?), &flag)?,
            other if other.starts_with('-') => {
                return Err(Error::Usage(format!("unknown option `{other}`")))
            }
            path => once(&mut file, PathBuf::from(path), "FILE")?,
        }
    }
    let file = file.ok_or_else(|| Error::Usage("`bench-child` needs a FILE".to_owned()))?;
    Ok(Command::BenchChild(bench::Child {
        file,
        overlay,
        stages,
    }))
}

/// The options of `cargo xtask diff`.
fn parse_diff(mut args: Args) -> Result<Command, Error> {
    let mut options = diff::Options::default();
    let (mut base, mut old, mut new, mut old_overlay, mut new_overlay) =
        (None, None, None, None, None);
    let (mut format, mut fail_on) = (None, None);
    while let Some(flag) = args.flag() {
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--base" => once(&mut base, args.value(&flag)?, &flag)?,
            "--old" => once(&mut old, PathBuf::from(args.value(&flag)?), &flag)?,
            "--new" => once(&mut new, PathBuf::from(args.value(&flag)?), &flag)?,
            "--old-overlay" => once(&mut old_overlay, PathBuf::from(args.value(&flag)?), &flag)?,
            "--new-overlay" => once(&mut new_overlay, PathBuf::from(args.value(&flag)?), &flag)?,
            "--format" => {
                let value = args.value(&flag)?;
                let chosen = match value.as_str() {
                    "text" => diff::Format::Text,
                    "markdown" => diff::Format::Markdown,
                    "json" => diff::Format::Json,
                    other => {
                        return Err(Error::Usage(format!(
                            "`--format {other}`: give text, markdown or json"
                        )))
                    }
                };
                once(&mut format, chosen, &flag)?;
            }
            "--fail-on" => {
                let value = args.value(&flag)?;
                if value != "breaking" {
                    return Err(Error::Usage(format!(
                        "`--fail-on {value}`: the one level is `breaking`"
                    )));
                }
                once(&mut fail_on, (), &flag)?;
            }
            other => return Err(Error::Usage(format!("unknown option `{other}`"))),
        }
    }
    options.files = match (old, new) {
        (Some(old), Some(new)) => Some(diff::Files {
            old,
            new,
            old_overlay,
            new_overlay,
        }),
        (None, None) if old_overlay.is_none() && new_overlay.is_none() => None,
        _ => {
            return Err(Error::Usage(
                "`--old FILE` and `--new FILE` go together (their overlays with them)".to_owned(),
            ))
        }
    };
    if options.files.is_some() && base.is_some() {
        return Err(Error::Usage(
            "`--base` compares specs/; it does not go with `--old`/`--new`".to_owned(),
        ));
    }
    options.base = base;
    options.format = format.unwrap_or_default();
    options.fail_on_breaking = fail_on.is_some();
    Ok(Command::Diff(options))
}

/// The options of `cargo xtask fetch`.
fn parse_fetch(mut args: Args) -> Result<Command, Error> {
    let mut options = fetch::Options::default();
    let (mut vendor, mut timeout) = (None, None);
    while let Some(flag) = args.flag() {
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--check" => options.check = true,
            "--timeout" => {
                let seconds = positive(&flag, &args.value(&flag)?, "whole seconds, e.g. 30")?;
                once(&mut timeout, Duration::from_secs(seconds), &flag)?;
            }
            other if other.starts_with('-') => {
                return Err(Error::Usage(format!("unknown option `{other}`")))
            }
            name => {
                if name.starts_with('.') || name.contains(['/', '\\']) {
                    return Err(Error::Usage(format!(
                        "`{name}` is not a vendor: give the name of a folder of specs/, e.g. minimax"
                    )));
                }
                once(&mut vendor, name.to_owned(), "VENDOR")?;
            }
        }
    }
    options.vendor = vendor;
    options.timeout = timeout.unwrap_or(fetch::DEFAULT_TIMEOUT);
    Ok(Command::Fetch(options))
}

/// The options of `cargo xtask conform`.
fn parse_conform(mut args: Args) -> Result<Command, Error> {
    let mut options = conform::Options::default();
    let (mut max_size, mut times) = (None, None);
    while let Some(flag) = args.flag() {
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--corpus-max-size" => once(&mut max_size, bytes(&args.value(&flag)?)?, &flag)?,
            "--times" => {
                let count = positive(&flag, &args.value(&flag)?, "a whole number, e.g. 10")?;
                once(&mut times, count, &flag)?;
            }
            other if other.starts_with('-') => {
                return Err(Error::Usage(format!("unknown option `{other}`")))
            }
            document => options.documents.push(document.to_owned()),
        }
    }
    options.corpus_max_size = max_size;
    options.times = times.unwrap_or(conform::DEFAULT_TIMES);
    Ok(Command::Conform(options))
}

/// The value of `flag`: a whole number above zero, else a usage error asking for `what`.
fn positive<T: std::str::FromStr + PartialOrd + Default>(
    flag: &str,
    value: &str,
    what: &str,
) -> Result<T, Error> {
    value
        .parse()
        .ok()
        .filter(|number| *number > T::default())
        .ok_or_else(|| Error::Usage(format!("`{flag} {value}`: give {what}")))
}

/// A size in bytes: `65536`, `64K`, `4M`.
fn bytes(value: &str) -> Result<u64, Error> {
    let (number, unit) = match value.strip_suffix(['K', 'k']) {
        Some(number) => (number, 1024),
        None => match value.strip_suffix(['M', 'm']) {
            Some(number) => (number, 1024 * 1024),
            None => (value, 1),
        },
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|number| number.checked_mul(unit))
        .ok_or_else(|| {
            Error::Usage(format!(
                "`{value}` is not a size: give bytes, e.g. 65536 or 64K"
            ))
        })
}

/// Runs `command` in the repository at `root`, printing its report to stdout.
pub fn run(command: Command, root: &Path) -> Result<(), Error> {
    match command {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Codegen(options) => codegen::run(&options, root),
        Command::Corpus(options) => corpus::run(&options, root).map(drop),
        Command::Bench(options) => bench::run(&options, root).map(drop),
        Command::BenchChild(child) => bench::child(&child).map(|line| println!("{line}")),
        Command::Diff(options) => diff::run(&options, root).map(drop),
        Command::Fetch(options) => fetch::run(&options, root),
        Command::Conform(options) => conform::run(&options, root).map(drop),
        Command::BenchSse => bench::sse_child()
            .map(|line| println!("{line}"))
            .map_err(Error::Failed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alias_lets_cargo_show_its_progress() {
        // A fresh clone's first `cargo xtask codegen` builds for a minute or more: with
        // `--quiet`, nothing says so.
        let config = std::fs::read_to_string(project_root().join(".cargo/config.toml")).unwrap();
        let alias = config
            .lines()
            .find(|line| line.starts_with("xtask = "))
            .expect("the `xtask` alias");
        assert!(alias.contains("run --package xtask"), "{alias}");
        assert!(
            !alias.contains("--quiet") && !alias.contains(" -q"),
            "{alias}"
        );
    }

    #[track_caller]
    fn parse(args: &str) -> Result<Command, Error> {
        parse_args(args.split_whitespace().map(OsString::from))
    }

    #[track_caller]
    fn usage_error(args: &str, fragment: &str) {
        match parse(args) {
            Err(error @ Error::Usage(_)) => {
                assert_eq!(error.exit_code(), 2);
                let text = error.to_string();
                assert!(text.contains(fragment), "{text:?} lacks {fragment:?}");
                assert!(text.contains("usage:"), "{text:?} lacks the usage");
            }
            other => panic!("`{args}`: expected a usage error, got {other:?}"),
        }
    }

    #[test]
    fn parses_codegen_options() {
        assert_eq!(
            parse("codegen").unwrap(),
            Command::Codegen(codegen::Options::default())
        );
        let Command::Codegen(options) = parse("codegen --check -v").unwrap() else {
            panic!()
        };
        assert!(options.check && options.verbose && options.standalone.is_none());
        assert!(!options.deny_warnings);
        let Command::Codegen(options) = parse("codegen --deny-warnings --check").unwrap() else {
            panic!()
        };
        assert!(options.deny_warnings && options.check && !options.verbose);
        let Command::Codegen(options) = parse("codegen --out o --spec s.yaml").unwrap() else {
            panic!()
        };
        let standalone = options.standalone.unwrap();
        assert_eq!(
            (standalone.spec.as_path(), standalone.out.as_path()),
            (Path::new("s.yaml"), Path::new("o"))
        );
        assert_eq!(standalone.overlay, None);
        let Command::Codegen(options) =
            parse("codegen --spec s.yaml --overlay=s.overlay.yaml --out o").unwrap()
        else {
            panic!()
        };
        assert_eq!(
            options.standalone.unwrap().overlay.as_deref(),
            Some(Path::new("s.overlay.yaml"))
        );
        assert_eq!(parse("help").unwrap(), Command::Help);
        assert_eq!(parse("codegen --help").unwrap(), Command::Help);
    }

    #[test]
    fn parses_corpus_options() {
        assert_eq!(
            parse("corpus").unwrap(),
            Command::Corpus(corpus::Options::default())
        );
        let Command::Corpus(options) =
            parse("corpus --dir c --out=o --max-size 64K --only openai --no-build --timeout 9")
                .unwrap()
        else {
            panic!()
        };
        assert_eq!(
            options,
            corpus::Options {
                dir: Some(PathBuf::from("c")),
                out: Some(PathBuf::from("o")),
                max_size: Some(65536),
                only: Some("openai".to_owned()),
                checks: vec![],
                timeout: Duration::from_secs(9),
            }
        );
        let Command::Corpus(options) = parse("corpus --max-size=2M --build-only").unwrap() else {
            panic!()
        };
        assert_eq!(options.max_size, Some(2 << 20));
        assert_eq!(options.checks, [corpus::Check::Build]);
        usage_error("corpus --max-size lots", "`lots` is not a size");
        usage_error("corpus --timeout 1.5", "give whole seconds");
        usage_error("corpus --only a --only b", "`--only` given twice");
        usage_error("corpus --check", "unknown option `--check`");
    }

    #[test]
    fn parses_bench_options() {
        assert_eq!(
            parse("bench").unwrap(),
            Command::Bench(bench::Options::default())
        );
        assert_eq!(bench::Options::default().runs, 5);
        let Command::Bench(options) =
            parse("bench --runs=3 --only nexus --no-peers --no-compile --dir c").unwrap()
        else {
            panic!()
        };
        assert_eq!(
            options,
            bench::Options {
                runs: 3,
                only: Some("nexus".to_owned()),
                peers: false,
                compile: false,
                parse: true,
                only_parse: false,
                dir: Some(PathBuf::from("c")),
            }
        );
        let Command::Bench(options) = parse("bench --no-parse").unwrap() else {
            panic!()
        };
        assert!(!options.parse && !options.only_parse);
        let Command::Bench(options) = parse("bench --only-parse --dir c").unwrap() else {
            panic!()
        };
        assert!(options.only_parse && options.dir.is_some());
        usage_error("bench --only-parse --no-parse", "goes with `--dir` only");
        usage_error("bench --only-parse --only nexus", "goes with `--dir` only");
        usage_error("bench --runs 0", "give a whole number of runs");
        usage_error("bench --runs many", "give a whole number of runs");
        usage_error("bench --runs 1 --runs 2", "`--runs` given twice");
        usage_error("bench --check", "unknown option `--check`");
        assert_eq!(
            parse("bench-child --stages specs/minimax.md --overlay o.yaml").unwrap(),
            Command::BenchChild(bench::Child {
                file: PathBuf::from("specs/minimax.md"),
                overlay: Some(PathBuf::from("o.yaml")),
                stages: true,
            })
        );
        let Command::BenchChild(child) = parse("bench-child a.json").unwrap() else {
            panic!()
        };
        assert!(!child.stages && child.overlay.is_none());
        usage_error("bench-child", "needs a FILE");
        usage_error("bench-child a.json b.json", "`FILE` given twice");
        usage_error("bench-child --fast a.json", "unknown option `--fast`");
        assert_eq!(parse("bench-sse").unwrap(), Command::BenchSse);
    }

    #[test]
    fn parses_fetch_options() {
        assert_eq!(
            parse("fetch").unwrap(),
            Command::Fetch(fetch::Options::default())
        );
        assert_eq!(fetch::Options::default().timeout, Duration::from_secs(30));
        let Command::Fetch(options) = parse("fetch minimax --check --timeout=5").unwrap() else {
            panic!()
        };
        assert_eq!(
            options,
            fetch::Options {
                vendor: Some("minimax".to_owned()),
                check: true,
                timeout: Duration::from_secs(5),
                ..fetch::Options::default()
            }
        );
        assert_eq!(parse("fetch --help").unwrap(), Command::Help);
        usage_error("fetch minimax zhipu", "`VENDOR` given twice");
        usage_error("fetch ../etc", "is not a vendor");
        usage_error("fetch specs/minimax", "is not a vendor");
        usage_error("fetch --timeout 0", "give whole seconds");
        usage_error("fetch --timeout", "`--timeout` needs a value");
        usage_error("fetch --force", "unknown option `--force`");
    }

    #[test]
    fn parses_conform_options() {
        assert_eq!(
            parse("conform").unwrap(),
            Command::Conform(conform::Options::default())
        );
        assert_eq!(conform::Options::default().times, 10);
        let Command::Conform(options) =
            parse("conform zhipu specs/x.yaml --corpus-max-size=1M --times 3").unwrap()
        else {
            panic!()
        };
        assert_eq!(
            options,
            conform::Options {
                documents: vec!["zhipu".to_owned(), "specs/x.yaml".to_owned()],
                corpus_max_size: Some(1 << 20),
                times: 3,
            }
        );
        usage_error("conform --times 0", "give a whole number");
        usage_error("conform --corpus-max-size big", "`big` is not a size");
        usage_error("conform --check", "unknown option `--check`");
    }

    #[test]
    fn rejects_bad_command_lines() {
        usage_error("", "no task");
        usage_error("build", "unknown task `build`");
        usage_error("codegen --frobnicate", "unknown option `--frobnicate`");
        usage_error("codegen --spec", "`--spec` needs a value");
        usage_error("codegen --spec a.yaml", "needs `--out DIR`");
        usage_error("codegen --out dir", "needs `--spec FILE`");
        usage_error("codegen --spec a --spec b --out o", "given twice");
        usage_error("codegen --check --spec a --out o", "`--check` does not go");
        usage_error(
            "codegen --overlay a.overlay.yaml",
            "`--overlay` goes with `--spec",
        );
        usage_error(
            "codegen --spec a --out o --overlay x --overlay y",
            "given twice",
        );
    }

    #[test]
    fn failures_exit_with_one() {
        let error = Error::Failed("it broke".to_owned());
        assert_eq!(error.exit_code(), 1);
        assert_eq!(error.to_string(), "error: it broke");
    }
}
