//! The project's automation, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! The only task is `codegen`: it reads the documents, runs them through `vendor_codegen`, and
//! writes what comes out into the crates the generator owns. All file IO of the project happens
//! here, never in `vendor_codegen`. The logic lives in this library so tests can call it; the
//! binary only parses the command line and prints the error.

pub mod codegen;
pub mod files;

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

/// What `cargo xtask help` prints.
pub const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--deny-warnings] [-v | --verbose]
  cargo xtask codegen --spec FILE --out DIR [--overlay FILE] [--deny-warnings] [-v | --verbose]

  codegen                regenerate generated/ (from specs/) and tests/samples/
                         (from tests/fixtures/compile/), writing only files that changed
  --check                write nothing; fail if a generated file is stale, missing or extra
  --spec FILE --out DIR  generate a standalone crate from one document into DIR
  --overlay FILE         with --spec: apply this OpenAPI Overlay 1.0 file to the document first
                         (in specs/, `<stem>.overlay.yaml` is applied to `<stem>.md` by itself)
  --deny-warnings        fail, writing nothing, when a document has a warning
  -v, --verbose          print notes too, not only warnings

  Each diagnostic shows file:line:column, the source line with a caret, and its JSON pointer.";

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
}

/// The repository root: the parent of the xtask crate.
pub fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Parses the arguments after `cargo xtask`.
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Command, Error> {
    let mut args = args.into_iter().map(|arg| {
        arg.into_string()
            .map_err(|arg| Error::Usage(format!("argument {arg:?} is not valid UTF-8")))
    });
    let task = match args.next().transpose()? {
        None => return Err(Error::Usage("no task given".to_owned())),
        Some(task) => task,
    };
    match task.as_str() {
        "help" | "-h" | "--help" => return Ok(Command::Help),
        "codegen" => {}
        other => return Err(Error::Usage(format!("unknown task `{other}`"))),
    }
    let mut options = codegen::Options::default();
    let (mut spec, mut out, mut overlay) = (None, None, None);
    while let Some(arg) = args.next().transpose()? {
        // `--spec=FILE` is `--spec FILE`.
        let (arg, inline) = match arg.split_once('=') {
            Some((flag, value)) if ["--spec", "--out", "--overlay"].contains(&flag) => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--check" => options.check = true,
            "--deny-warnings" => options.deny_warnings = true,
            "-v" | "--verbose" => options.verbose = true,
            "--spec" | "--out" | "--overlay" => {
                let Some(value) =
                    inline.map_or_else(|| args.next().transpose(), |v| Ok(Some(v)))?
                else {
                    return Err(Error::Usage(format!("`{arg}` needs a value")));
                };
                let slot = match arg.as_str() {
                    "--spec" => &mut spec,
                    "--out" => &mut out,
                    _ => &mut overlay,
                };
                if slot.replace(PathBuf::from(value)).is_some() {
                    return Err(Error::Usage(format!("`{arg}` given twice")));
                }
            }
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

/// Runs `command` in the repository at `root`, printing its report to stdout.
pub fn run(command: Command, root: &Path) -> Result<(), Error> {
    match command {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Codegen(options) => codegen::run(&options, root),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
