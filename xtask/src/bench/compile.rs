//! Compile times: `cargo build` of generated crates (ours, and the Rust peers' on nexus) under
//! `target/bench/`, their sources touched between runs.

use super::child::refused;
use super::peers::{run_peer, PeerStatus};
use super::process::{first_line, fresh_dir};
use super::tables::time;
use super::{median, Bench, COMMAND, COMPILE_RUNS, NEXUS};
use crate::codegen::{self, Document};
use crate::corpus::{self, cargo};
use crate::{files, Error};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};
use vendor_codegen::Config;

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

/// Builds each generated crate: `vendor-api` cold (a fresh target directory, with its
/// dependencies), then, with their dependencies built, `vendor-api` again and the crates
/// generated for nexus by us and by the Rust peers installed, each its sources touched and
/// built again [`COMPILE_RUNS`] times at most.
pub(super) fn compile(
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
        &Document::single(
            name.to_owned(),
            document.path.clone(),
            document.file.clone(),
            None,
        ),
        &config,
    )
    .map_err(|lines| Error::Failed(lines.join("\n")))?;
    let output = generated
        .result
        .map_err(|diagnostics| refused(&document.file, &diagnostics))?;
    let manifest = vendor_codegen::manifest::standalone(name, COMMAND, &root.join("runtime"), true);
    for (path, text) in [
        (dir.join("Cargo.toml"), manifest.as_str()),
        (dir.join("src").join("lib.rs"), output.module.as_str()),
    ] {
        files::write_if_changed(&path, text)
            .map_err(|error| Error::Failed(files::with_path(error, &path).to_string()))?;
    }
    corpus::copy_lock(root, dir)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
}
