//! Writing generated files: only when their contents change, atomically, and never over a file
//! the generator did not write.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The marker every generated file carries in its first lines.
pub const MARKER: &str = "@generated";

/// How many leading lines are searched for [`MARKER`].
const HEADER_LINES: usize = 5;

/// Whether `text` starts with a header that carries [`MARKER`] (in its first few lines).
pub fn has_generated_header(text: &[u8]) -> bool {
    text.split(|&byte| byte == b'\n')
        .take(HEADER_LINES)
        .any(|line| {
            line.windows(MARKER.len())
                .any(|window| window == MARKER.as_bytes())
        })
}

/// Whether the file at `path` exists and carries the [`MARKER`] header.
pub fn file_has_generated_header(path: &Path) -> io::Result<bool> {
    match fs::read(path) {
        Ok(text) => Ok(has_generated_header(&text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

/// Writes `contents` to `path` unless it already holds exactly that; says whether it wrote.
///
/// The write is atomic: the contents go to `<file>.tmp` in the same directory, which is then
/// renamed over `path`, so a reader never sees half a file. Missing parent directories are
/// created.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    match fs::read(path) {
        Ok(existing) if existing == contents.as_bytes() => return Ok(false),
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    write_atomic(path, contents)?;
    Ok(true)
}

/// Writes `contents` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let Some(file_name) = path.file_name() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path names no file",
        ));
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    if !dir.as_os_str().is_empty() {
        fs::create_dir_all(dir)?;
    }
    let mut temp_name = file_name.to_os_string();
    temp_name.push(".tmp");
    let temp = path.with_file_name(temp_name);
    let written = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(contents.as_ref())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        // Best effort: the write failed already, and that is the error worth reporting.
        let _ = fs::remove_file(&temp);
    }
    written
}

/// How the files on disk differ from what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A produced file that does not exist yet.
    Create(PathBuf),
    /// A produced file whose contents differ.
    Update(PathBuf),
    /// A generated file (it carries the header) that is no longer produced.
    Remove(PathBuf),
    /// A file the generator does not produce and did not write (no header): left alone.
    Foreign(PathBuf),
}

impl Change {
    /// The file it is about.
    pub fn path(&self) -> &Path {
        match self {
            Change::Create(path)
            | Change::Update(path)
            | Change::Remove(path)
            | Change::Foreign(path) => path,
        }
    }

    /// Whether it makes the checked-in files stale (a foreign file does not).
    pub fn is_stale(&self) -> bool {
        !matches!(self, Change::Foreign(_))
    }

    /// What `--check` calls it.
    pub fn describe(&self) -> &'static str {
        match self {
            Change::Create(_) => "missing",
            Change::Update(_) => "stale",
            Change::Remove(_) => "extra",
            Change::Foreign(_) => "not generated, left alone",
        }
    }
}

/// Compares `produced` (path → contents) with the disk.
///
/// Every produced file is checked; besides, the files directly in each of `owned_dirs` that are
/// not produced are listed: as [`Change::Remove`] when they carry the header, as
/// [`Change::Foreign`] otherwise. The result is sorted.
pub fn changes(
    produced: &BTreeMap<PathBuf, String>,
    owned_dirs: &[PathBuf],
) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (path, contents) in produced {
        match fs::read(path) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => changes.push(Change::Update(path.clone())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                changes.push(Change::Create(path.clone()))
            }
            Err(error) => return Err(with_path(error, path)),
        }
    }
    for dir in owned_dirs {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(with_path(error, dir)),
        };
        for entry in entries {
            let entry = entry.map_err(|error| with_path(error, dir))?;
            let path = entry.path();
            if !entry
                .file_type()
                .map_err(|error| with_path(error, &path))?
                .is_file()
                || produced.contains_key(&path)
            {
                continue;
            }
            let text = fs::read(&path).map_err(|error| with_path(error, &path))?;
            changes.push(if has_generated_header(&text) {
                Change::Remove(path)
            } else {
                Change::Foreign(path)
            });
        }
    }
    changes.sort();
    Ok(changes)
}

/// Carries out `changes`: writes created and updated files from `produced`, removes extra ones,
/// and leaves foreign ones alone.
pub fn apply(changes: &[Change], produced: &BTreeMap<PathBuf, String>) -> io::Result<()> {
    for change in changes {
        match change {
            Change::Create(path) | Change::Update(path) => {
                if let Some(contents) = produced.get(path) {
                    write_atomic(path, contents).map_err(|error| with_path(error, path))?;
                }
            }
            Change::Remove(path) => {
                fs::remove_file(path).map_err(|error| with_path(error, path))?
            }
            Change::Foreign(_) => {}
        }
    }
    Ok(())
}

/// Adds the path to an IO error's message.
pub fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATED: &str = "// This file is @generated by `cargo xtask codegen`.\nfn f() {}\n";

    #[test]
    fn header_is_found_in_the_first_lines_only() {
        assert!(has_generated_header(GENERATED.as_bytes()));
        assert!(has_generated_header(
            b"# This file is @generated by `cargo xtask codegen`.\n[package]\n"
        ));
        assert!(!has_generated_header(b"fn main() {}\n"));
        assert!(!has_generated_header(b""));
        let late = format!("{}// @generated\n", "\n".repeat(HEADER_LINES));
        assert!(!has_generated_header(late.as_bytes()));
    }

    #[test]
    fn writes_only_when_contents_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/dir/a.rs");
        assert!(
            write_if_changed(&path, "one").unwrap(),
            "a new file is written"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        assert!(
            !write_if_changed(&path, "one").unwrap(),
            "same contents: not written"
        );
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
        assert!(write_if_changed(&path, "two").unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file_and_replaces_a_stale_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.rs");
        fs::write(dir.path().join("lib.rs.tmp"), "left over from a crash").unwrap();
        write_atomic(&path, "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["lib.rs"]);
    }

    #[test]
    fn atomic_write_fails_cleanly_when_the_target_is_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken");
        fs::create_dir(&path).unwrap();
        assert!(write_atomic(&path, "x").is_err());
        assert!(
            !dir.path().join("taken.tmp").exists(),
            "the temporary file is cleaned up"
        );
    }

    #[test]
    fn extra_files_are_removed_only_when_generated() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        fs::create_dir_all(src.join("sub")).unwrap();
        let same = src.join("same.rs");
        let changed = src.join("changed.rs");
        let new = src.join("new.rs");
        let old = src.join("old.rs");
        let mine = src.join("mine.rs");
        fs::write(&same, GENERATED).unwrap();
        fs::write(&changed, GENERATED).unwrap();
        fs::write(&old, GENERATED).unwrap();
        fs::write(&mine, "// written by hand\n").unwrap();
        fs::write(src.join("sub/deep.rs"), GENERATED).unwrap();
        let produced: BTreeMap<PathBuf, String> = [
            (same.clone(), GENERATED.to_owned()),
            (changed.clone(), format!("{GENERATED}// more\n")),
            (new.clone(), GENERATED.to_owned()),
        ]
        .into_iter()
        .collect();
        let missing_dir = dir.path().join("tests");
        let found = changes(&produced, &[src.clone(), missing_dir]).unwrap();
        let mut expected = vec![
            Change::Update(changed.clone()),
            Change::Create(new.clone()),
            Change::Remove(old.clone()),
            Change::Foreign(mine.clone()),
        ];
        expected.sort();
        assert_eq!(found, expected);
        assert_eq!(found.iter().filter(|c| c.is_stale()).count(), 3);

        apply(&found, &produced).unwrap();
        assert!(
            !old.exists(),
            "a generated file no longer produced is removed"
        );
        assert!(mine.exists(), "a file without the header is never removed");
        assert!(
            src.join("sub/deep.rs").exists(),
            "subdirectories are not touched"
        );
        assert_eq!(fs::read_to_string(&new).unwrap(), GENERATED);
        assert_eq!(fs::read_to_string(&changed).unwrap(), produced[&changed]);
        assert_eq!(changes(&produced, &[src]).unwrap(), [Change::Foreign(mine)]);
    }
}
