//! `cargo xtask diff`: what changed between two versions of each vendor, and what it breaks,
//! from the IR of both sides (`vendor_codegen::diff`, whose doc says the rules).
//!
//! By default `specs/` at a git revision (`--base REV`, else the merge base of `HEAD` with
//! `main`) against the working tree; or two files (`--old FILE --new FILE`, each with an
//! optional overlay). Output: a terminal summary, `--format markdown` (a pull-request comment),
//! or `--format json`. `--fail-on breaking` exits 1 when any change breaks Rust code or the
//! wire.

use crate::codegen::{self, Document, Overlay, TARGETS};
use crate::Error;
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use vendor_codegen::diff::{diff, Change, Diff, Verdict};
use vendor_codegen::{ir, Severity};

/// How the report is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// A summary for the terminal.
    #[default]
    Text,
    /// Markdown for a pull-request comment: a summary table, then the details folded.
    Markdown,
    /// JSON, for tools.
    Json,
}

/// Two files to compare, each with its overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    /// The old document.
    pub old: PathBuf,
    /// The new document.
    pub new: PathBuf,
    /// The old document's overlay.
    pub old_overlay: Option<PathBuf>,
    /// The new document's overlay.
    pub new_overlay: Option<PathBuf>,
}

/// Options of `cargo xtask diff`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The revision of `specs/` to compare the working tree with; `None`: the merge base of
    /// `HEAD` with `main`.
    pub base: Option<String>,
    /// Two files instead of `specs/`.
    pub files: Option<Files>,
    /// How to print.
    pub format: Format,
    /// Exit 1 when anything breaks Rust code or the wire.
    pub fail_on_breaking: bool,
}

/// One vendor's side of the comparison: its IR, or its absence.
type Side = Option<ir::Api>;

/// What happened to one vendor.
#[derive(Debug)]
pub struct Vendor {
    /// Its module name.
    pub name: String,
    /// Where the old and the new side came from (`a1b2c3d:specs/minimax.md`, `specs/minimax.md`).
    pub from: (String, String),
    /// The changes; `None` when the vendor was added or removed as a whole.
    pub diff: Option<Diff>,
    /// `added` or `removed`, for a vendor on one side only.
    pub whole: Option<&'static str>,
}

/// Runs `cargo xtask diff`: prints the report; fails on a document that does not generate (naming
/// its side, file and line) and, with `--fail-on breaking`, on anything that breaks.
pub fn run(options: &Options, root: &Path) -> Result<Vec<Vendor>, Error> {
    let vendors = match &options.files {
        Some(files) => vec![compare_files(files)?],
        None => compare_specs(root, options.base.as_deref())?,
    };
    print!("{}", render(&vendors, options.format));
    let breaks = vendors.iter().filter_map(|v| v.diff.as_ref()).any(|d| {
        let (rust, wire) = d.worst();
        rust == Verdict::Breaks || wire == Verdict::Breaks
    }) || vendors.iter().any(|v| v.whole == Some("removed"));
    if options.fail_on_breaking && breaks {
        return Err(Error::Failed(
            "a change breaks Rust code or the wire (`--fail-on breaking`)".to_owned(),
        ));
    }
    Ok(vendors)
}

/// `--old FILE --new FILE`.
fn compare_files(files: &Files) -> Result<Vendor, Error> {
    let side = |label: &str, path: &Path, overlay: &Option<PathBuf>| -> Result<Side, Error> {
        let file = path.display().to_string();
        let name = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().replace('-', "_"))
            .unwrap_or_default();
        let overlay = overlay.as_ref().map(|path| Overlay {
            path: path.clone(),
            file: path.display().to_string(),
        });
        let document = Document::single(name, path.to_path_buf(), file, overlay);
        lower_document(label, &document, codegen::read_file).map(Some)
    };
    let old = side("old", &files.old, &files.old_overlay)?;
    let new = side("new", &files.new, &files.new_overlay)?;
    let name = files
        .new
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(vendor(
        name,
        (
            files.old.display().to_string(),
            files.new.display().to_string(),
        ),
        old,
        new,
    ))
}

/// `specs/` at `base` (or the merge base with `main`) against the working tree.
fn compare_specs(root: &Path, base: Option<&str>) -> Result<Vec<Vendor>, Error> {
    let base = match base {
        Some(base) => base.to_owned(),
        None => git(root, &["merge-base", "HEAD", "main"]).map_err(|error| {
            Error::Failed(format!(
                "no merge base of HEAD with `main` ({error}): give the revision to compare with, \
                 `--base REV`"
            ))
        })?,
    };
    let short = git(
        root,
        &["rev-parse", "--short", &format!("{base}^{{commit}}")],
    )
    .map_err(|error| Error::Failed(format!("`{base}` is not a revision here: {error}")))?;
    let target = TARGETS
        .iter()
        .find(|target| !target.fixtures)
        .copied()
        .ok_or_else(|| Error::Failed("no target for specs/".to_owned()))?;
    let now =
        codegen::find_documents(root, target).map_err(|errors| Error::Failed(errors.join("\n")))?;
    // The vendors at the base, as codegen finds them in a directory: the old side of a vendor
    // is its pages with the overlays they had then, whatever the working tree holds now.
    let prefix = format!("{}/", target.sources);
    let listed = git(root, &["ls-tree", "-r", "--name-only", &base, &prefix]).unwrap_or_default();
    let relative: Vec<String> = listed
        .lines()
        .filter_map(|file| file.strip_prefix(&prefix))
        .map(str::to_owned)
        .collect();
    let dir = root.join(target.sources);
    let mut then: BTreeMap<String, Document> = codegen::documents_from(&dir, target, &relative)
        .unwrap_or_default()
        .into_iter()
        .map(|document| (document.stem.clone(), document))
        .collect();
    let at_base = |_: &Path, file: &str| {
        git(root, &["show", &format!("{base}:{file}")])
            .map_err(|error| format!("{short}:{file}: {error}"))
    };
    let mut vendors = Vec::new();
    for document in &now {
        let new = lower_document("new", document, codegen::read_file)?;
        let old = match then.remove(&document.stem) {
            None => None,
            Some(old) => Some(lower_document("old", &old, at_base)?),
        };
        let from = match old {
            Some(_) => format!("{short}:{}", document.file),
            None => "-".to_owned(),
        };
        vendors.push(vendor(
            document.stem.clone(),
            (from, document.file.clone()),
            old,
            Some(new),
        ));
    }
    for (name, document) in then {
        let old = lower_document("old", &document, at_base)?;
        vendors.push(vendor(
            name,
            (format!("{short}:{}", document.file), "-".to_owned()),
            Some(old),
            None,
        ));
    }
    vendors.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(vendors)
}

fn vendor(name: String, from: (String, String), old: Side, new: Side) -> Vendor {
    let (diff, whole) = match (&old, &new) {
        (Some(old), Some(new)) => (Some(diff(old, new)), None),
        (None, _) => (None, Some("added")),
        (_, None) => (None, Some("removed")),
    };
    Vendor {
        name,
        from,
        diff,
        whole,
    }
}

/// The IR of a vendor, its files read with `read` (path, file → text); an error names the
/// side, the file and the line of each error.
fn lower_document(
    side: &str,
    document: &Document,
    read: impl Fn(&Path, &str) -> Result<String, String>,
) -> Result<ir::Api, Error> {
    let vendor = codegen::read_vendor(document, read)
        .map_err(|errors| Error::Failed(format!("the {side} side: {}", errors.join("\n"))))?;
    match vendor_codegen::lower_vendor(&vendor) {
        Ok((api, _)) => Ok(api),
        Err(diagnostics) => {
            let texts = codegen::sources(&vendor);
            let indexes = codegen::line_indexes(&texts);
            let errors: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| codegen::render_with(d, &indexes))
                .collect();
            Err(Error::Failed(format!(
                "the {side} side does not generate:\n{}",
                errors.join("\n")
            )))
        }
    }
}

/// `git args…` in `root`: its standard output, trimmed of the final newline.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        let text = String::from_utf8_lossy(&output.stdout);
        Ok(text.strip_suffix('\n').unwrap_or(&text).to_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

/// The counts of a vendor's changes: (changes, breaking Rust code, breaking the wire, degrading
/// the wire or changing meaning).
fn counts(diff: &Diff) -> (usize, usize, usize, usize) {
    let of = |test: &dyn Fn(&Change) -> bool| diff.changes.iter().filter(|c| test(c)).count();
    (
        diff.changes.len(),
        of(&|c| c.rust == Verdict::Breaks),
        of(&|c| c.wire == Verdict::Breaks),
        of(&|c| c.rust == Verdict::Degrades || c.wire == Verdict::Degrades),
    )
}

/// The report in `format`.
pub fn render(vendors: &[Vendor], format: Format) -> String {
    match format {
        Format::Text => text(vendors),
        Format::Markdown => markdown(vendors),
        Format::Json => format!("{:#}\n", json(vendors)),
    }
}

fn text(vendors: &[Vendor]) -> String {
    let mut out = String::new();
    for vendor in vendors {
        let (old, new) = &vendor.from;
        match (&vendor.diff, vendor.whole) {
            (_, Some(whole)) => {
                let _ = writeln!(out, "{}: {whole} ({old} → {new})", vendor.name);
            }
            (Some(diff), None) if diff.changes.is_empty() && diff.docs == 0 => {
                let _ = writeln!(out, "{}: no change ({old} → {new})", vendor.name);
            }
            (Some(diff), None) => {
                let (all, rust, wire, degrade) = counts(diff);
                let changes = if all == 1 { "change" } else { "changes" };
                let _ = writeln!(
                    out,
                    "{}: {all} {changes} ({rust} break Rust code, {wire} break the wire, {degrade} \
                     degrade), {} docs-only ({old} → {new})",
                    vendor.name, diff.docs
                );
                let mut subject = None;
                for change in &diff.changes {
                    if subject != Some(&change.subject) {
                        let _ = writeln!(out, "  {}", change.subject);
                        subject = Some(&change.subject);
                    }
                    let _ = writeln!(
                        out,
                        "    {}  [Rust: {}; wire: {}]",
                        change.what,
                        change.rust.word(true),
                        change.wire.word(false)
                    );
                }
            }
            (None, None) => {}
        }
    }
    if vendors.is_empty() {
        out.push_str("no vendors\n");
    }
    out
}

/// `|` and newlines out of a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(vendors: &[Vendor]) -> String {
    let mut out = String::from("### API changes (`cargo xtask diff`)\n\n");
    out.push_str("| vendor | changes | break Rust code | break the wire | degrade | docs only |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for vendor in vendors {
        match (&vendor.diff, vendor.whole) {
            (_, Some(whole)) => {
                let _ = writeln!(out, "| `{}` | {whole} | | | | |", vendor.name);
            }
            (Some(diff), None) => {
                let (all, rust, wire, degrade) = counts(diff);
                let mark = |n: usize| {
                    if n > 0 {
                        format!("**{n}**")
                    } else {
                        n.to_string()
                    }
                };
                let _ = writeln!(
                    out,
                    "| `{}` | {all} | {} | {} | {degrade} | {} |",
                    vendor.name,
                    mark(rust),
                    mark(wire),
                    diff.docs
                );
            }
            (None, None) => {}
        }
    }
    for vendor in vendors {
        let Some(diff) = vendor.diff.as_ref().filter(|d| !d.changes.is_empty()) else {
            continue;
        };
        let (old, new) = &vendor.from;
        let _ = writeln!(
            out,
            "\n<details><summary><code>{}</code>: {} ({} → {})</summary>\n",
            vendor.name,
            match diff.changes.len() {
                1 => "1 change".to_owned(),
                many => format!("{many} changes"),
            },
            cell(old),
            cell(new)
        );
        out.push_str("| subject | change | Rust code | wire |\n|---|---|---|---|\n");
        for change in &diff.changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&change.subject.to_string()),
                cell(&change.what),
                change.rust.word(true),
                change.wire.word(false)
            );
        }
        out.push_str("\n</details>\n");
    }
    out
}

fn json(vendors: &[Vendor]) -> serde_json::Value {
    let vendors: Vec<serde_json::Value> = vendors
        .iter()
        .map(|vendor| {
            let changes: Vec<serde_json::Value> = vendor
                .diff
                .iter()
                .flat_map(|diff| &diff.changes)
                .map(|change| {
                    json!({
                        "subject": change.subject.to_string(),
                        "change": change.what,
                        "rust": change.rust.word(true),
                        "wire": change.wire.word(false),
                    })
                })
                .collect();
            json!({
                "vendor": vendor.name,
                "old": vendor.from.0,
                "new": vendor.from.1,
                "whole": vendor.whole,
                "docs_only": vendor.diff.as_ref().map_or(0, |diff| diff.docs),
                "changes": changes,
            })
        })
        .collect();
    json!({ "vendors": vendors })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /files/{id}:\n    get:\n      operationId: getFile\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id: {type: string}\n";

    fn files(dir: &Path, old: &str, new: &str) -> Files {
        let (old_path, new_path) = (dir.join("old.yaml"), dir.join("new.yaml"));
        std::fs::write(&old_path, old).unwrap();
        std::fs::write(&new_path, new).unwrap();
        Files {
            old: old_path,
            new: new_path,
            old_overlay: None,
            new_overlay: None,
        }
    }

    #[test]
    fn the_same_document_has_no_change_and_passes_fail_on_breaking() {
        let dir = tempfile::tempdir().unwrap();
        let options = Options {
            files: Some(files(dir.path(), OLD, OLD)),
            fail_on_breaking: true,
            ..Options::default()
        };
        let vendors = run(&options, dir.path()).unwrap();
        assert_eq!(vendors.len(), 1);
        let text = render(&vendors, Format::Text);
        assert!(text.starts_with("new: no change ("), "{text}");
    }

    #[test]
    fn a_breaking_change_fails_with_fail_on_breaking_and_renders_in_each_format() {
        let dir = tempfile::tempdir().unwrap();
        let new = OLD.replace(
            "        '200':",
            "        '429': {description: slow down}\n        '200':",
        );
        let new = new.replace(
            "        - {name: id, in: path, required: true, schema: {type: string}}\n",
            "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: v, in: query, required: true, schema: {type: string}}\n",
        );
        let mut options = Options {
            files: Some(files(dir.path(), OLD, &new)),
            ..Options::default()
        };
        let vendors = run(&options, dir.path()).unwrap();
        let text = render(&vendors, Format::Text);
        assert!(
            text.contains("  operation `get_file` (GET /files/{id})\n    query parameter `v` added, required  [Rust: breaks; wire: breaks]\n"),
            "{text}"
        );
        let markdown = render(&vendors, Format::Markdown);
        assert!(
            markdown.contains("| `new` | 2 | **1** | **1** | 1 | 0 |"),
            "{markdown}"
        );
        assert!(
            markdown.contains("<details><summary><code>new</code>: 2 changes"),
            "{markdown}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render(&vendors, Format::Json)).unwrap();
        assert_eq!(
            json["vendors"][0]["changes"].as_array().map(Vec::len),
            Some(2),
            "{json}"
        );
        assert_eq!(
            json["vendors"][0]["changes"][1]["wire"], "degrades",
            "{json}"
        );
        options.fail_on_breaking = true;
        let error = run(&options, dir.path()).unwrap_err();
        assert_eq!(error.exit_code(), 1);
    }

    /// `specs/` at a revision against the working tree, in a repository of its own: a vendor
    /// changed, one added, one removed.
    #[test]
    fn specs_at_a_revision_against_the_working_tree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let specs = root.join("specs");
        std::fs::create_dir_all(&specs).unwrap();
        std::fs::write(specs.join("alpha.yaml"), OLD).unwrap();
        std::fs::write(specs.join("gone.yaml"), OLD).unwrap();
        // An overlay that the working tree no longer has: the base reads alpha with it.
        let overlay = specs.join("alpha.overlay.yaml");
        std::fs::write(
            &overlay,
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: \
             \"$.paths['/files/{id}'].get\"\n    update: {deprecated: true}\n",
        )
        .unwrap();
        for args in [
            &["init", "-q", "-b", "main"][..],
            &["add", "."],
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-q",
                "-m",
                "specs",
            ],
        ] {
            git(root, args).unwrap();
        }
        std::fs::write(
            specs.join("alpha.yaml"),
            OLD.replace(
                "        '200':",
                "        '429': {description: slow down}\n        '200':",
            ),
        )
        .unwrap();
        std::fs::remove_file(specs.join("gone.yaml")).unwrap();
        std::fs::remove_file(&overlay).unwrap();
        std::fs::write(specs.join("new-one.yaml"), OLD).unwrap();
        // The merge base of HEAD with `main` is HEAD itself: the working tree's changes.
        let vendors = run(&Options::default(), root).unwrap();
        let text = render(&vendors, Format::Text);
        let short = git(root, &["rev-parse", "--short", "HEAD"]).unwrap();
        assert_eq!(
            text,
            format!(
                "alpha: 2 changes (0 break Rust code, 0 break the wire, 1 degrade), 0 docs-only \
                 ({short}:specs/alpha.yaml → specs/alpha.yaml)\n  operation `get_file` (GET \
                 /files/{{id}})\n    no longer deprecated  [Rust: none; wire: none]\n    \
                 response `429` added (error)  [Rust: none; wire: degrades]\ngone: removed ({short}:specs/gone.yaml → -)\nnew_one: added \
                 (- → specs/new-one.yaml)\n"
            )
        );
        let error = run(
            &Options {
                base: Some("no-such-rev".to_owned()),
                ..Options::default()
            },
            root,
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`no-such-rev` is not a revision here"),
            "{error}"
        );
    }

    #[test]
    fn a_side_that_does_not_generate_is_named_with_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let broken = OLD.replace("openapi: 3.1.0", "openapi: 3.1.0\nswagger: '2.0'");
        let options = Options {
            files: Some(files(dir.path(), OLD, &broken)),
            ..Options::default()
        };
        let Error::Failed(message) = run(&options, dir.path()).unwrap_err() else {
            panic!("not a failure");
        };
        assert!(
            message.starts_with("the new side does not generate:"),
            "{message}"
        );
        assert!(message.contains("new.yaml:"), "{message}");
    }
}
