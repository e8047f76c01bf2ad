//! A process run with a timeout in a group of its own, and the first line it said when it
//! failed.

use crate::corpus;
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The first line a failed process said, on stderr (else stdout), without colors or `error: `
/// (for a panic, with its message, which comes on the next line); and the first line of its
/// stdout that tells an error or a failure, when it is not that line (progenitor says why it
/// fails there, and only that it failed on stderr).
pub(super) fn first_line(output: &Output) -> String {
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

/// Removes `dir` if it exists and creates it empty.
pub(super) fn fresh_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir)
            .map_err(|error| format!("cannot empty {}: {error}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))
}

/// Runs `command` in a process group of its own, its output captured, and gives its wall time in
/// seconds; after `timeout`, kills the group (the process and whatever it started).
pub(super) fn run_with_timeout(
    mut command: Command,
    timeout: Duration,
) -> Result<(f64, Output), String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::TIMEOUT;
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

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
