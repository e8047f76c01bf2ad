//! Third-party documents: overlays on one, OpenAI's unions read by their tags and its example
//! responses checked, and where the diagnostics of Mintlify pages point. (That every corpus document generates and compiles, or
//! is refused with a located error, is `cargo xtask corpus`, tested in `xtask/`.)

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;
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

/// OpenAI's document lowered once for the tests that read it: its IR, its diagnostics and its
/// text.
fn openai() -> &'static (
    vendor_codegen::ir::Api,
    Vec<vendor_codegen::Diagnostic>,
    String,
) {
    static OPENAI: OnceLock<(
        vendor_codegen::ir::Api,
        Vec<vendor_codegen::Diagnostic>,
        String,
    )> = OnceLock::new();
    OPENAI.get_or_init(|| {
        let file = "openapi/openai__openapi.yaml";
        let source = Source {
            name: "openai".to_owned(),
            file: file.to_owned(),
            text: fs::read_to_string(vendor_corpus::dir().join(file)).unwrap(),
        };
        let loaded = load(&source).unwrap();
        let mut diagnostics = Diagnostics::new(file, &loaded.lines);
        let document = vendor_codegen::normalize::normalize(loaded.tree, &mut diagnostics).unwrap();
        let api = vendor_codegen::lower::lower(&document, "openai", &mut diagnostics).unwrap();
        (api, diagnostics.into_vec(), source.text)
    })
}

/// OpenAI's unions read by their tags: its chat messages by `role` (a `discriminator` without a
/// mapping, whose implicit mapping by schema name would be wrong), its 58 response stream
/// events and its output items by `type` (no discriminator; each fixes `type`). Before tags,
/// each of these read any value as its first variant that had the required fields.
#[test]
fn openai_unions_are_read_by_their_tags() {
    use vendor_codegen::ir::TypeKind;
    let (api, _, _) = openai();
    let tags = |name: &str| -> (String, Vec<(String, Vec<String>)>) {
        let def = api.types.iter().find(|def| def.name == name).unwrap();
        let TypeKind::Union { variants, tag } = &def.kind else {
            panic!("{name} is not a union: {:?}", def.kind)
        };
        let tag = tag.as_ref().unwrap_or_else(|| panic!("{name} has no tag"));
        assert_eq!(tag.other, "Other");
        let variants = variants
            .iter()
            .map(|v| (v.name.clone(), v.tags.clone()))
            .collect();
        (tag.property.clone(), variants)
    };
    let (property, messages) = tags("ChatCompletionRequestMessage");
    assert_eq!(property, "role");
    let roles: Vec<String> = messages.iter().map(|(_, tags)| tags.join("|")).collect();
    assert_eq!(
        roles,
        [
            "developer",
            "system",
            "user",
            "assistant",
            "tool",
            "function"
        ]
    );
    let (property, events) = tags("ResponseStreamEvent");
    assert_eq!(property, "type");
    assert_eq!(events.len(), 58);
    let delta = events
        .iter()
        .find(|(_, tags)| tags == &["response.output_text.delta"])
        .unwrap();
    assert_eq!(delta.0, "ResponseTextDeltaEvent");
    assert!(events.iter().all(|(_, tags)| tags.len() == 1), "{events:?}");
    let (property, items) = tags("OutputItem");
    assert_eq!(property, "type");
    let message = items.iter().find(|(_, tags)| tags == &["message"]).unwrap();
    assert_eq!(message.0, "OutputMessage");
}

/// OpenAI's example responses (`x-oaiMeta`, JSON in a string) are examples of their
/// operations' success bodies: each is checked against the generated type, and a warning for
/// one that does not fit points at the example's own `response:` line. The table says how many
/// fit and, for the others, the first reason each does not (read by a person against the
/// document: `status` of thread messages, `usage_bytes` of vector stores... are absent from the
/// examples and required by the schemas; so are `refusal` of chat messages and `error` of
/// fine-tuning jobs, which may be `null` and so read as `None`; `per_model_usage`, `error` and
/// `client_secret` are `null` where no `nullable` is). The generated examples test asserts the
/// same of each (578 pass, `cargo test --test examples` in the crate `cargo xtask codegen
/// --spec openai.yaml --out DIR` writes): the ones that fit, or lack only nullable properties,
/// read and write back; the others are refused.
#[test]
fn openai_example_responses_are_checked_against_their_schemas() {
    use vendor_codegen::ir::Deviation;
    let (api, diagnostics, text) = openai();
    let examples: Vec<_> = api
        .examples
        .iter()
        .filter(|example| example.pointer.contains("/x-oaiMeta/"))
        .collect();
    let mut table = vec![("fit".to_owned(), 0)];
    table.extend(Deviation::ALL.map(|kind| (kind.label().to_owned(), 0)));
    for example in &examples {
        let row = match &example.misfit {
            None => 0,
            Some(misfit) => {
                1 + Deviation::ALL
                    .iter()
                    .position(|k| *k == misfit.kind)
                    .unwrap()
            }
        };
        table[row].1 += 1;
    }
    let shown: Vec<String> = table
        .iter()
        .map(|(row, n)| format!("{row:>24} {n:>4}"))
        .collect();
    println!(
        "OpenAI's {} example responses:\n{}",
        examples.len(),
        shown.join("\n")
    );
    let counts: Vec<usize> = table.iter().map(|(_, n)| *n).collect();
    // 244 in the document: 240 checked, and 4 of operations that document no JSON success body
    // (deletions answered with an empty 200), each noted at its `x-oaiMeta`.
    let unchecked = diagnostics
        .iter()
        .filter(|d| d.pointer.ends_with("/x-oaiMeta") && d.message.contains("no JSON success body"))
        .count();
    assert_eq!((examples.len(), unchecked), (240, 4));
    assert_eq!(counts, [163, 44, 17, 14, 2, 0, 0, 0], "{shown:#?}");
    // Each warning stands at its example's line.
    let lines: Vec<&str> = text.lines().collect();
    let mut warned = 0;
    for diagnostic in diagnostics {
        if diagnostic.pointer.contains("/x-oaiMeta/") && diagnostic.message.contains("does not fit")
        {
            let line = diagnostic.line.expect("a located warning") as usize;
            assert!(
                lines[line - 1].trim_start().starts_with("response:"),
                "{diagnostic}"
            );
            warned += 1;
        }
    }
    assert_eq!(warned, 77);
    let message = examples
        .iter()
        .find(|e| {
            e.pointer == "/paths/~1threads~1{thread_id}~1messages/post/x-oaiMeta/examples/response"
        })
        .and_then(|e| e.misfit.as_ref())
        .map(|misfit| (misfit.kind, misfit.text.as_str()));
    assert_eq!(
        message,
        Some((
            Deviation::Missing,
            "/: the required property `status` is missing"
        ))
    );
}

/// On a Mintlify page, every diagnostic points at the text it is about, through the front end's
/// rebuild: an example that does not fit its schema at the example's `value:` (it pointed at
/// `paths:`, the page model's root, before), and no warning of a later stage at `paths:`.
#[test]
fn mintlify_diagnostics_point_at_their_text() {
    let dir = vendor_corpus::dir().join("mintlify");
    let mut examples = 0;
    let mut pages: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 8, "{pages:?}");
    for path in pages {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap();
        let source = Source {
            name: "page".to_owned(),
            file: file.clone(),
            text: text.clone(),
        };
        // Two pages hold four blocks each, and are refused (with a located error).
        let Ok(output) = vendor_codegen::generate(&source, &vendor_tests::config("page")) else {
            continue;
        };
        let lines: Vec<&str> = text.lines().collect();
        for diagnostic in &output.diagnostics {
            let line = diagnostic.line.expect("every diagnostic has a line");
            let at = lines[line as usize - 1].trim();
            if diagnostic.message.contains("this example does not fit") {
                examples += 1;
                assert!(
                    at.starts_with("value:") || at.starts_with("example:"),
                    "{file}:{line} `{at}`: {diagnostic}"
                );
            }
            if diagnostic.severity == vendor_codegen::Severity::Warning {
                assert!(
                    at != "paths:" || diagnostic.pointer == "/paths",
                    "{file}:{line} `{at}`: {diagnostic}"
                );
            }
        }
    }
    // agno, galileo, MiniMax's chat completion (3), file list and upload, and Writer.
    assert!(examples >= 6, "{examples} example warnings");
}

/// `cargo xtask diff`'s judgement (`vendor_codegen::diff`) on three upstream commits of OpenAI's
/// document (`corpus/documents/history/openai/`), each as its commit message describes it.
#[test]
fn openai_history_is_judged_as_its_commit_messages_say() {
    use vendor_codegen::diff::{diff, Subject, Verdict};
    let dir = vendor_corpus::dir().join("history/openai");
    let lower = |name: &str| {
        let file = format!("{name}.yaml");
        let source = Source {
            name: "openai".to_owned(),
            text: fs::read_to_string(dir.join(&file)).unwrap(),
            file,
        };
        vendor_codegen::lower_with(&source, &[]).unwrap().0
    };
    // c094647 "Remove deprecated string error type from tool call responses". Its after is
    // b6c1bec's before.
    let (before, middle) = (lower("c094647-before"), lower("c094647-after"));
    let changes = diff(&before, &middle);
    let found: Vec<String> = changes
        .changes
        .iter()
        .map(|c| format!("{}: {}", c.subject, c.what))
        .collect();
    assert_eq!(changes.changes.len(), 4, "{found:#?}");
    for change in &changes.changes {
        let Subject::Type { name, .. } = &change.subject else {
            panic!("{found:#?}");
        };
        assert!(name.contains("McpToolCall"), "{found:#?}");
        assert_eq!(change.rust, Verdict::Breaks, "{found:#?}");
    }
    // The `error` fields narrowed from `string | MCPToolCallError` to the object: old clients
    // read responses as before; the items also go back in requests, where a string no longer
    // passes.
    let narrowed: Vec<&String> = found
        .iter()
        .filter(|line| line.contains("field `error` retyped") && line.contains("narrowed"))
        .collect();
    assert_eq!(narrowed.len(), 2, "{found:#?}");
    // b6c1bec "Add metadata field to chat completion response".
    let after = lower("b6c1bec-after");
    let changes = diff(&middle, &after);
    assert_eq!(changes.changes.len(), 1, "{:#?}", changes.changes);
    let change = &changes.changes[0];
    assert_eq!(
        (change.subject.to_string(), change.what.as_str()),
        (
            "type `CreateChatCompletionResponse` (in responses)".to_owned(),
            "field `metadata` added, optional"
        )
    );
    // Code builds the struct with `new` and setters: an optional field breaks none of it; the
    // wire is unharmed.
    assert_eq!((change.rust, change.wire), (Verdict::None, Verdict::None));
    // ca34204 "Add 429 Too Many Requests response to all endpoints".
    let changes = diff(&lower("ca34204-before"), &lower("ca34204-after"));
    assert!(changes.changes.len() > 100, "{}", changes.changes.len());
    for change in &changes.changes {
        assert!(
            matches!(change.subject, Subject::Operation { .. }),
            "{change:?}"
        );
        assert_eq!(change.what, "response `429` added (error)", "{change:?}");
        // A new variant of the operation's error enum (`#[non_exhaustive]`: no `match` breaks);
        // old clients keep it as `Unexpected`.
        assert_eq!(
            (change.rust, change.wire),
            (Verdict::None, Verdict::Degrades)
        );
    }
}
