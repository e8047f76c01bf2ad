//! The child of `cargo xtask bench` on a seed document: it reports the whole engine and every
//! stage, each field present and positive. A correctness test: no time is asserted.

use xtask::bench::{self, Child, Split, Whole};
use xtask::project_root;

#[test]
fn the_child_reports_the_engine_and_every_stage() {
    let specs = project_root().join("specs");
    let child = |stages| Child {
        file: specs.join("minimax.md"),
        overlay: Some(specs.join("minimax.overlay.yaml")),
        stages,
    };
    let line = bench::child(&child(false)).unwrap_or_else(|error| panic!("{error}"));
    let whole = Whole::from_line(&line).unwrap();
    assert!(whole.codegen > 0.0, "{line}");
    assert!(whole.start_bytes > 0, "{line}");
    assert!(whole.peak_bytes >= whole.start_bytes, "{line}");
    assert!(whole.lines > 100, "{line}");
    let line = bench::child(&child(true)).unwrap_or_else(|error| panic!("{error}"));
    let split = Split::from_line(&line).unwrap();
    assert!(split.parse > 0.0, "{line}");
    for (stage, seconds) in bench::STAGES.iter().zip(split.stages) {
        assert!(seconds > 0.0, "{stage} in {line}");
    }
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
