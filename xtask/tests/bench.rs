//! The child of `cargo xtask bench` on a seed document: it reports the whole engine and every
//! stage as one JSON line of exactly its fields, which read back to the same line, and the
//! figures that are not times are the engine's own. A correctness test: no time is compared
//! with another, or with a bound.

use std::collections::BTreeSet;
use xtask::bench::{self, Child, Split, Whole};
use xtask::project_root;

/// The keys of the JSON object `line`.
fn keys(line: &str) -> BTreeSet<String> {
    let value: serde_json::Value = serde_json::from_str(line).unwrap();
    value.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn the_child_reports_the_engine_and_every_stage() {
    let specs = project_root().join("specs");
    let child = |stages| Child {
        file: specs.join("minimax/file-delete.md"),
        overlay: Some(specs.join("minimax/file-delete.overlay.yaml")),
        stages,
    };
    // What the engine itself gives for the document.
    let source = |path: std::path::PathBuf, name: &str| vendor_codegen::Source {
        name: name.to_owned(),
        file: path.display().to_string(),
        text: std::fs::read_to_string(&path).unwrap(),
    };
    // As the bench runs it: the crate's root, its header naming `cargo xtask codegen`.
    let mut config = vendor_codegen::Config::new();
    config.command(xtask::codegen::COMMAND);
    let output = vendor_codegen::generate_with(
        &source(specs.join("minimax/file-delete.md"), "minimax"),
        &[source(
            specs.join("minimax/file-delete.overlay.yaml"),
            "minimax.overlay",
        )],
        &config,
    )
    .unwrap();

    let line = bench::child(&child(false)).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        keys(&line),
        BTreeSet::from(["codegen", "lines", "peak_bytes", "start_bytes"].map(String::from)),
        "{line}"
    );
    let whole = Whole::from_line(&line).unwrap();
    assert_eq!(whole.to_line(), line);
    assert!(whole.codegen.is_finite() && whole.codegen > 0.0, "{line}");
    // A process holds at least its program and the document before the engine starts.
    assert!(whole.start_bytes >= 1 << 20, "{line}");
    assert!(whole.peak_bytes >= whole.start_bytes, "{line}");
    assert_eq!(whole.lines, output.module.lines().count(), "{line}");

    let line = bench::child(&child(true)).unwrap_or_else(|error| panic!("{error}"));
    let mut expected: BTreeSet<String> = bench::STAGES.map(String::from).into();
    expected.insert("parse".to_owned());
    assert_eq!(keys(&line), expected, "{line}");
    let split = Split::from_line(&line).unwrap();
    assert_eq!(split.to_line(), line);
    assert!(split.parse.is_finite() && split.parse > 0.0, "{line}");
    for (stage, seconds) in bench::STAGES.iter().zip(split.stages) {
        assert!(seconds.is_finite() && seconds > 0.0, "{stage} in {line}");
    }
}

/// A folder is one vendor of its pages, as `cargo xtask codegen` makes a folder of `specs/`:
/// the child generates the module the engine gives for those pages, and times the merge.
#[test]
fn the_child_generates_a_folder_as_one_vendor() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("pages");
    std::fs::create_dir(&folder).unwrap();
    let page = |path: &str, schema: &str| {
        format!(
            r##"{{"openapi": "3.1.0", "info": {{"title": "T", "version": "1"}},
            "paths": {{"{path}": {{"get": {{"operationId": "get_{schema}", "responses": {{"200": {{
                "description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/{schema}"}}}}}}}}}}}}}}}},
            "components": {{"schemas": {{"{schema}": {{"type": "object", "properties": {{"id": {{"type": "string"}}}}}}}}}}}}"##
        )
    };
    std::fs::write(folder.join("b.json"), page("/b", "Bee")).unwrap();
    std::fs::write(folder.join("a.json"), page("/a", "Ant")).unwrap();
    std::fs::write(folder.join("notes.txt"), "not a page").unwrap();
    let source = |name: &str| vendor_codegen::Source {
        name: name.to_owned(),
        file: folder.join(format!("{name}.json")).display().to_string(),
        text: std::fs::read_to_string(folder.join(format!("{name}.json"))).unwrap(),
    };
    let vendor = vendor_codegen::Vendor {
        name: "pages".to_owned(),
        place: format!("{}/", folder.display()),
        pages: ["a", "b"]
            .map(|name| vendor_codegen::Page {
                source: source(name),
                overlays: Vec::new(),
            })
            .to_vec(),
        overlays: Vec::new(),
    };
    let mut config = vendor_codegen::Config::new();
    config.command(xtask::codegen::COMMAND);
    let output = vendor_codegen::generate_vendor(&vendor, &config).unwrap();
    assert!(output.module.contains("pub struct Ant") && output.module.contains("pub struct Bee"));

    let child = |stages| Child {
        file: folder.clone(),
        overlay: None,
        stages,
    };
    let line = bench::child(&child(false)).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        Whole::from_line(&line).unwrap().lines,
        output.module.lines().count()
    );
    let line = bench::child(&child(true)).unwrap_or_else(|error| panic!("{error}"));
    let split = Split::from_line(&line).unwrap();
    assert!(
        split.parse > 0.0 && split.stages.iter().all(|seconds| *seconds > 0.0),
        "{line}"
    );
}

/// A line that lacks a figure, or holds a negative one or something else than a number, is
/// refused, not read as zero.
#[test]
fn a_line_without_every_figure_is_refused() {
    let whole = r#"{"codegen":0.5,"start_bytes":10,"peak_bytes":20,"lines":3}"#;
    assert!(Whole::from_line(whole).is_ok());
    for broken in [
        r#"{"codegen":0.5,"start_bytes":10,"peak_bytes":20}"#,
        r#"{"codegen":-0.5,"start_bytes":10,"peak_bytes":20,"lines":3}"#,
        r#"{"codegen":"0.5","start_bytes":10,"peak_bytes":20,"lines":3}"#,
        r#"[0.5, 10, 20, 3]"#,
        "not JSON",
    ] {
        assert!(Whole::from_line(broken).is_err(), "{broken}");
    }
    let split = r#"{"parse":1,"load":1,"normalize":1,"merge":0,"lower":1,"emit":1}"#;
    let error = Split::from_line(split).unwrap_err();
    assert!(error.contains("`format`"), "{error}");
}

#[test]
fn the_child_names_a_document_it_cannot_read_or_generate() {
    let dir = tempfile::tempdir().unwrap();
    let absent = Child {
        file: dir.path().join("absent.yaml"),
        overlay: None,
        stages: false,
    };
    let error = bench::child(&absent).unwrap_err().to_string();
    assert!(error.contains("absent.yaml: cannot read it"), "{error}");
    let empty = dir.path().join("empty.yaml");
    std::fs::write(&empty, "openapi: 3.1.0\n").unwrap();
    for stages in [false, true] {
        let child = Child {
            file: empty.clone(),
            overlay: None,
            stages,
        };
        let error = bench::child(&child).unwrap_err().to_string();
        assert!(
            error.contains("empty.yaml: refused by the generator: error:"),
            "{error}"
        );
    }
}
