//! A vendor's pages merged into one module: each rule of `vendor_codegen::merge`, on small
//! hand-made pages.

use serde_json::Value;
use vendor_codegen::{generate_vendor, Config, Diagnostic, Output, Page, Severity, Source, Vendor};

/// A page `file` (named `name`) holding `paths` and `schemas` (YAML, indented as under their
/// key), with the servers and security given.
fn page(file: &str, paths: &str, schemas: &str, server: &str, security: &str) -> Page {
    let name = file
        .rsplit('/')
        .next()
        .and_then(|name| name.split('.').next())
        .unwrap_or_default()
        .replace('-', "_");
    let text = format!(
        "openapi: 3.0.3\ninfo:\n  title: {name}\n  version: '1'\nservers:\n  - url: {server}\n\
         security:\n  - {security}: []\npaths:\n{paths}components:\n  securitySchemes:\n    \
         {security}:\n      type: http\n      scheme: bearer\n  schemas:\n{schemas}"
    );
    Page {
        source: Source {
            name,
            file: file.to_owned(),
            text,
        },
        overlays: Vec::new(),
    }
}

/// A GET of `path` answering the schema `schema`.
fn get(path: &str, schema: &str, id: &str) -> String {
    format!(
        "  {path}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          \
         description: ok\n          content:\n            application/json:\n              \
         schema:\n                $ref: '#/components/schemas/{schema}'\n"
    )
}

/// The schema `File` with one property `id` of `kind`, documented as `doc`.
fn file_schema(kind: &str, doc: &str) -> String {
    format!(
        "    File:\n      type: object\n      description: {doc}\n      required: [id]\n      \
         properties:\n        id:\n          type: {kind}\n"
    )
}

fn vendor(pages: Vec<Page>) -> Vendor {
    Vendor {
        name: "acme".to_owned(),
        place: "specs/acme/".to_owned(),
        pages,
        overlays: Vec::new(),
    }
}

fn generate(pages: Vec<Page>) -> Result<Output, Vec<Diagnostic>> {
    generate_vendor(&vendor(pages), &Config::new())
}

fn normalized(output: &Output) -> Value {
    serde_json::to_value(&output.normalized).unwrap()
}

fn said(diagnostics: &[Diagnostic], severity: Severity) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .collect()
}

#[test]
fn the_same_schema_on_two_pages_is_one_type_and_docs_do_not_part_them() {
    for (second_doc, notes) in [("a file", 0), ("a stored file", 1)] {
        let output = generate(vec![
            page(
                "specs/acme/a.yaml",
                &get("/a", "File", "get_a"),
                &file_schema("string", "a file"),
                "https://x",
                "bearer",
            ),
            page(
                "specs/acme/b.yaml",
                &get("/b", "File", "get_b"),
                &file_schema("string", second_doc),
                "https://x",
                "bearer",
            ),
        ])
        .unwrap();
        let document = normalized(&output);
        let schemas = document["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["File"]);
        assert_eq!(
            schemas["File"]["description"], "a file",
            "the first page's docs"
        );
        assert_eq!(document["paths"].as_object().unwrap().len(), 2);
        assert!(said(&output.diagnostics, Severity::Warning).is_empty());
        let merged_notes: Vec<_> = said(&output.diagnostics, Severity::Note)
            .into_iter()
            .filter(|d| d.message.contains("documented otherwise"))
            .collect();
        assert_eq!(merged_notes.len(), notes, "{merged_notes:?}");
        if let Some(note) = merged_notes.first() {
            assert_eq!(note.file, "specs/acme/b.yaml");
            assert_eq!(note.pointer, "/components/schemas/File");
            assert!(note.message.contains("specs/acme/a.yaml:"), "{note}");
        }
        assert_eq!(output.module.matches("pub struct File ").count(), 1);
    }
}

#[test]
fn the_same_name_with_another_shape_keeps_both_and_says_where() {
    let output = generate(vec![
        page(
            "specs/acme/a.yaml",
            &get("/a", "File", "get_a"),
            &file_schema("string", "a file"),
            "https://x",
            "bearer",
        ),
        page(
            "specs/acme/b-page.yaml",
            &get("/b", "File", "get_b"),
            &file_schema("integer", "a file"),
            "https://x",
            "bearer",
        ),
    ])
    .unwrap();
    let document = normalized(&output);
    let schemas = document["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["File", "File_b_page"]);
    assert_eq!(
        schemas["File_b_page"]["properties"]["id"]["type"],
        "integer"
    );
    // The second page's operation follows its schema's new name.
    assert_eq!(
        document.pointer("/paths/~1b/get/responses/200/content/application~1json/schema/$ref"),
        Some(&Value::from("#/components/schemas/File_b_page"))
    );
    let warnings = said(&output.diagnostics, Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = warnings[0];
    assert_eq!(warning.file, "specs/acme/b-page.yaml");
    assert_eq!(warning.pointer, "/components/schemas/File");
    assert!(warning.line.is_some());
    assert!(warning.message.contains("specs/acme/a.yaml:"), "{warning}");
    assert!(warning.message.contains("`File_b_page`"), "{warning}");
    assert!(warning.message.contains("x-merge-name"), "{warning}");
    assert!(
        output.module.contains("pub struct FileBPage"),
        "{}",
        output.module
    );
}

#[test]
fn a_page_pins_the_name_of_its_component() {
    let pinned = file_schema("integer", "a file").replace(
        "      type: object\n",
        "      type: object\n      x-merge-name: StoredFile\n",
    );
    let output = generate(vec![
        page(
            "specs/acme/a.yaml",
            &get("/a", "File", "get_a"),
            &file_schema("string", "a file"),
            "https://x",
            "bearer",
        ),
        page(
            "specs/acme/b.yaml",
            &get("/b", "File", "get_b"),
            &pinned,
            "https://x",
            "bearer",
        ),
    ])
    .unwrap();
    let document = normalized(&output);
    let schemas = document["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["File", "StoredFile"]);
    assert_eq!(schemas["StoredFile"].get("x-merge-name"), None);
    assert!(said(&output.diagnostics, Severity::Warning).is_empty());
    assert!(output.module.contains("pub struct StoredFile"));
}

#[test]
fn one_operation_on_two_pages_is_one_when_they_agree_and_an_error_when_not() {
    let schema = file_schema("string", "a file");
    let output = generate(vec![
        page(
            "specs/acme/a.yaml",
            &get("/a", "File", "get_a"),
            &schema,
            "https://x",
            "bearer",
        ),
        page(
            "specs/acme/b.yaml",
            &get("/a", "File", "get_a"),
            &schema,
            "https://x",
            "bearer",
        ),
    ])
    .unwrap();
    assert_eq!(output.api.operations.len(), 1);

    let other = get("/a", "File", "get_a").replace("'200'", "'201'");
    let errors = generate(vec![
        page(
            "specs/acme/a.yaml",
            &get("/a", "File", "get_a"),
            &schema,
            "https://x",
            "bearer",
        ),
        page("specs/acme/b.yaml", &other, &schema, "https://x", "bearer"),
    ])
    .unwrap_err();
    let errors = said(&errors, Severity::Error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "specs/acme/b.yaml");
    assert_eq!(errors[0].pointer, "/paths/~1a/get");
    assert_eq!(
        errors[0].line,
        Some(11),
        "paths: at line 9, `/a:` 10, `get:` 11"
    );
    assert!(
        errors[0]
            .message
            .contains("`GET /a` is also in specs/acme/a.yaml:11:"),
        "{}",
        errors[0]
    );
}

#[test]
fn pages_with_other_security_keep_each_their_own() {
    let schema = file_schema("string", "a file");
    let output = generate(vec![
        page(
            "specs/acme/a.yaml",
            &get("/a", "File", "get_a"),
            &schema,
            "https://x",
            "bearer",
        ),
        page(
            "specs/acme/b.yaml",
            &get("/b", "File", "get_b"),
            &schema,
            "https://x",
            "token",
        ),
    ])
    .unwrap();
    let document = normalized(&output);
    assert_eq!(document.get("security"), None);
    assert_eq!(
        document["paths"]["/a"]["get"]["security"],
        serde_json::json!([{"bearer": []}])
    );
    assert_eq!(
        document["paths"]["/b"]["get"]["security"],
        serde_json::json!([{"token": []}])
    );
    let schemes = document["components"]["securitySchemes"]
        .as_object()
        .unwrap();
    assert_eq!(schemes.keys().collect::<Vec<_>>(), ["bearer", "token"]);
}

#[test]
fn another_server_is_kept_and_warned_of() {
    let schema = file_schema("string", "a file");
    let output = generate(vec![
        page(
            "specs/acme/a.yaml",
            &get("/a", "File", "get_a"),
            &schema,
            "https://one",
            "bearer",
        ),
        page(
            "specs/acme/b.yaml",
            &get("/b", "File", "get_b"),
            &schema,
            "https://two",
            "bearer",
        ),
    ])
    .unwrap();
    let document = normalized(&output);
    assert_eq!(
        document["servers"],
        serde_json::json!([{"url": "https://one"}, {"url": "https://two"}])
    );
    let warnings = said(&output.diagnostics, Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        (warnings[0].file.as_str(), warnings[0].line),
        ("specs/acme/b.yaml", Some(5))
    );
    assert!(output.module.contains("\"https://one\""));
}

#[test]
fn a_later_stage_places_its_diagnostic_in_the_page_it_speaks_of() {
    // An example that does not fit its schema: the lowering's warning names page b's file,
    // its pointer there and its line.
    let misfit = file_schema("integer", "a file").replace(
        "      required: [id]\n",
        "      required: [id]\n      example: {id: x}\n",
    );
    let output = generate(vec![
        page(
            "specs/acme/a.yaml",
            &get("/a", "Other", "get_a"),
            &file_schema("string", "a file").replace("File:", "Other:"),
            "https://x",
            "bearer",
        ),
        page(
            "specs/acme/b.yaml",
            &get("/b", "File", "get_b"),
            &misfit,
            "https://x",
            "bearer",
        ),
    ])
    .unwrap();
    let warnings = said(&output.diagnostics, Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].file, "specs/acme/b.yaml");
    assert_eq!(warnings[0].pointer, "/components/schemas/File/example");
    assert_eq!(
        warnings[0].line,
        Some(30),
        "`example:` of `File`, line 30 of the page"
    );
}

#[test]
fn a_page_of_several_blocks_is_several_pages() {
    let block = |path: &str, id: &str| {
        format!(
            "```yaml\nopenapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    \
             get:\n      operationId: {id}\n      responses:\n        '204': {{description: \
             none}}\n```\n"
        )
    };
    let text = format!(
        "# Files\n\n{}\n## More\n\n{}",
        block("/a", "get_a"),
        block("/b", "get_b")
    );
    let source = Source {
        name: "files".to_owned(),
        file: "specs/files.md".to_owned(),
        text,
    };
    let output = vendor_codegen::generate(&source, &Config::new()).unwrap();
    let names: Vec<&str> = output
        .api
        .operations
        .iter()
        .map(|o| o.module.as_str())
        .collect();
    assert_eq!(names, ["get_a", "get_b"]);
}

#[test]
fn the_order_pages_are_given_in_does_not_matter() {
    let pages = || {
        vec![
            page(
                "specs/acme/c.yaml",
                &get("/c", "File", "get_c"),
                &file_schema("boolean", "c"),
                "https://c",
                "bearer",
            ),
            page(
                "specs/acme/a.yaml",
                &get("/a", "File", "get_a"),
                &file_schema("string", "a"),
                "https://a",
                "bearer",
            ),
            page(
                "specs/acme/b.yaml",
                &get("/b", "File", "get_b"),
                &file_schema("integer", "b"),
                "https://b",
                "token",
            ),
        ]
    };
    let first = generate(pages()).unwrap();
    for turn in 1..3 {
        let mut shuffled = pages();
        shuffled.rotate_left(turn);
        let again = generate(shuffled).unwrap();
        assert_eq!(again.module, first.module);
        assert_eq!(normalized(&again), normalized(&first));
        assert_eq!(again.diagnostics, first.diagnostics);
    }
    // `a.yaml` sorts first: its `File` keeps the name, its server is the first.
    let document = normalized(&first);
    let schemas: Vec<&String> = document["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(schemas, ["File", "File_b", "File_c"]);
    assert_eq!(document["servers"][0]["url"], "https://a");
}

#[test]
fn the_shape_most_pages_give_keeps_the_name_and_a_renamed_shape_is_shared() {
    let page_with = |file: &str, kind: &str, path: &str| {
        let id = path.trim_start_matches('/');
        page(
            file,
            &get(path, "File", id),
            &file_schema(kind, "f"),
            "https://x",
            "bearer",
        )
    };
    let output = generate(vec![
        page_with("specs/acme/a.yaml", "string", "/a"),
        page_with("specs/acme/b.yaml", "integer", "/b"),
        page_with("specs/acme/c.yaml", "integer", "/c"),
        page_with("specs/acme/d.yaml", "string", "/d"),
        page_with("specs/acme/e.yaml", "integer", "/e"),
    ])
    .unwrap();
    let document = normalized(&output);
    let schemas = document["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["File_a", "File"]);
    assert_eq!(schemas["File"]["properties"]["id"]["type"], "integer");
    assert_eq!(schemas["File_a"]["properties"]["id"]["type"], "string");
    let schema_of = |path: &str| {
        document
            .pointer(&format!(
                "/paths/~1{path}/get/responses/200/content/application~1json/schema/$ref"
            ))
            .cloned()
    };
    assert_eq!(schema_of("a"), schema_of("d"), "one type for one shape");
    assert_eq!(
        schema_of("a"),
        Some(Value::from("#/components/schemas/File_a"))
    );
    assert_eq!(
        schema_of("b"),
        Some(Value::from("#/components/schemas/File"))
    );
    // One warning, on the first page that gives way, naming where the name went.
    let warnings = said(&output.diagnostics, Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].file, "specs/acme/a.yaml");
    assert!(
        warnings[0].message.contains("specs/acme/b.yaml:"),
        "{}",
        warnings[0]
    );
}
