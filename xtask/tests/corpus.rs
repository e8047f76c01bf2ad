//! `cargo xtask corpus` on the corpus documents of at most 64 KB: each goes through rustc (with
//! `-W missing_docs`), clippy and rustdoc without a warning, or is refused with an error that
//! names its file and a line. The whole corpus, large documents included, runs in `.ci/run`.

use xtask::corpus::{self, Check, Options, Outcome};
use xtask::project_root;

#[test]
fn small_corpus_documents_compile_or_are_refused_with_a_place() {
    let root = project_root();
    let options = Options {
        max_size: Some(64 * 1024),
        // Not `target/corpus/`: a `cargo xtask corpus` of the user's may be running there.
        out: Some(root.join("target").join("corpus-test")),
        ..Options::default()
    };
    let entries = corpus::run(&options, &root).unwrap_or_else(|error| panic!("{error}"));
    assert!(entries.len() >= 25, "only {} documents", entries.len());
    for entry in &entries {
        assert!(entry.is_acceptable(), "{entry:#?}");
        if let Outcome::Generated(generated) = &entry.outcome {
            for check in Check::ALL {
                let checked = &generated.checks[&check];
                assert!(checked.is_clean(), "{} {check:?}: {checked:#?}", entry.file);
            }
        }
    }
    let refused: Vec<&str> = entries
        .iter()
        .filter(|entry| matches!(entry.outcome, Outcome::Refused { .. }))
        .map(|entry| entry.file.as_str())
        .collect();
    assert_eq!(
        refused,
        Vec::<&str>::new(),
        "no small document is refused: the pages of several OpenAPI blocks are several pages"
    );
    let compiled = entries
        .iter()
        .filter(|entry| entry.file.ends_with("files-compiled.md"))
        .count();
    assert_eq!(
        compiled, 2,
        "both of Zhipu's compiled pages are in the corpus and generate"
    );
}
