//! The peers: the generators compared with, found on `PATH` (never installed from here), their
//! versions, and each run on a document under `/usr/bin/time`.

use super::child::{read_sources, refused};
use super::process::{first_line, fresh_dir, run_with_timeout};
use super::tables::time;
use super::{median, Bench, TIME, TIMEOUT};
use crate::corpus::cargo;
use crate::{files, Error};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A found peer on a document: (document, peer, its timing or why it rejected the document).
pub type PeerRun = (String, &'static str, Result<Timing, String>);

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
    pub(super) make_crate: Option<MakeCrate>,
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
pub(super) fn os(
    before: &[&str],
    input: &Path,
    middle: &[&str],
    out: &Path,
    after: &[&str],
) -> Vec<OsString> {
    let words = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
    let mut args = words(before);
    args.push(input.into());
    args.extend(words(middle));
    args.push(out.into());
    args.extend(words(after));
    args
}

/// Runs each peer found on each document, `runs` times, saying as it goes what it runs and
/// what comes out: (document, peer, result), a rejection being a result.
pub(super) fn run_peers(
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

/// Each peer, with the command that runs it where it is installed and its version.
pub(super) fn find_peers(root: &Path) -> Vec<PeerStatus> {
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
pub(super) fn command_line(status: &PeerStatus) -> String {
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
pub(super) fn run_peer(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_cargo_install() {
        let list = "cargo-progenitor v0.15.1:\n    cargo-progenitor\noas3-gen v0.29.0:\n    oas3-gen\n    other\n";
        let versions = installed_versions(list);
        assert_eq!(versions["cargo-progenitor"], "0.15.1");
        assert_eq!(versions["other"], "0.29.0");
        assert_eq!(versions.len(), 3);
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
}
