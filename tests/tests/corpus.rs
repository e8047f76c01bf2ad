//! Third-party overlays on a third-party document. (That every corpus document generates and
//! compiles, or is refused with a located error, is `cargo xtask corpus`, tested in `xtask/`.)

use std::fs;
use std::path::PathBuf;
use vendor_codegen::diagnostic::Diagnostics;
use vendor_codegen::load::{load, Source};

/// OpenRouter's own SDK overlays (`corpus/overlays/`) apply, in file name order, to the document
/// the openrouter seed was rendered from, without an error, each action matching what it meant
/// to (counts checked independently of serde_json_path with a short Python walk).
#[test]
fn corpus_overlays_apply_to_openrouter() {
    let dir = vendor_corpus::dir();
    let document = "openrouter__openapi_2026-07-16_nullable.yaml";
    let text = fs::read_to_string(dir.join("openapi").join(document)).unwrap();
    let source = Source {
        name: "openrouter".to_owned(),
        file: format!("corpus/openapi/{document}"),
        text,
    };
    let mut tree = load(&source).unwrap().tree;
    let mut overlays: Vec<PathBuf> = fs::read_dir(dir.join("overlays"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    overlays.sort();
    let mut found = Vec::new();
    for path in &overlays {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = Source {
            name: "openrouter".to_owned(),
            file: format!("corpus/overlays/{name}"),
            text: fs::read_to_string(path).unwrap(),
        };
        let overlay = load(&source).unwrap();
        let mut diagnostics = Diagnostics::new(&source.file, &overlay.lines);
        vendor_codegen::overlay::apply(&mut tree, &overlay, &mut diagnostics);
        for diagnostic in diagnostics.into_vec() {
            assert_eq!(diagnostic.file, source.file);
            assert!(diagnostic.line.is_some(), "{diagnostic}");
            // `action 3 (`$.paths[*]`) updated 69 nodes: …` → `add-headers 3 updated 69`
            let message = &diagnostic.message;
            let number = message.split(' ').nth(1).unwrap_or_default();
            let outcome = message.split("`) ").nth(1).unwrap_or_default();
            let outcome: Vec<&str> = outcome.split(' ').take(2).collect();
            let short = name
                .trim_start_matches("openrouter__")
                .trim_end_matches(".overlay.yaml");
            found.push(format!(
                "{:?} {short} {number} {}",
                diagnostic.severity,
                outcome.join(" ")
            ));
        }
    }
    let expected = [
        "Note add-headers 1 updated 1",
        "Note add-headers 2 updated 1",
        "Note add-headers 3 updated 69",
        "Warning allof-simplify 1 matches nothing",
        "Note boolean-query-params 1 updated 1",
        "Note deprecated-beta-responses-alias 1 updated 1",
        "Note deprecated-beta-responses-alias 2 updated 1",
    ];
    assert_eq!(found[..expected.len()], expected, "{found:#?}");
    let nullable = found
        .iter()
        .filter(|line| {
            line.starts_with("Note nullable-model-fields ") && line.ends_with(" updated 1")
        })
        .count();
    assert_eq!(nullable, 16, "{found:#?}");
    assert_eq!(
        found[expected.len() + nullable..],
        [
            "Note open-enums 1 updated 180",
            "Note remove-rss-responses 1 removed 1",
            "Note remove-rss-responses 2 removed 1",
            "Note remove-rss-responses 3 removed 1",
        ]
    );
    // What the actions did, seen in the tree.
    let pointer = |p: &str| tree.pointer(p).cloned();
    assert_eq!(
        pointer("/components/schemas/DefaultParameters/properties/top_p/nullable"),
        Some(serde_json::json!(true))
    );
    assert_eq!(
        pointer("/paths/~1responses/post/tags").and_then(|tags| tags.as_array().map(Vec::len)),
        Some(2),
        "`tags: [beta.responses]` is appended to the operation's own tag"
    );
    assert!(pointer("/components/parameters/AppIdentifier").is_some());
    assert!(!serde_json::to_string(&tree)
        .unwrap()
        .contains("application/rss+xml"));
}
