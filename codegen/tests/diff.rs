//! `vendor_codegen::diff`: each rule with a minimal pair of documents, through the whole
//! pipeline to the IR.

use vendor_codegen::diff::{diff, Diff, Verdict};
use vendor_codegen::{lower_with, Source};

/// A 3.1 document with `paths` and `schemas` (YAML, indented as the keys' values).
fn document(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}\n"
    )
}

fn lower(text: &str, file: &str) -> vendor_codegen::ir::Api {
    let source = Source {
        name: "t".to_owned(),
        file: file.to_owned(),
        text: text.to_owned(),
    };
    lower_with(&source, &[])
        .unwrap_or_else(|errors| panic!("{file}: {errors:#?}"))
        .0
}

fn run(old: &str, new: &str) -> Diff {
    diff(&lower(old, "old.yaml"), &lower(new, "new.yaml"))
}

/// The changes as `subject: what (rust, wire)` lines.
fn lines(diff: &Diff) -> Vec<String> {
    diff.changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} ({}, {})",
                c.subject,
                c.what,
                c.rust.word(true),
                c.wire.word(false)
            )
        })
        .collect()
}

const GET_FILE: &str = "  /files/{id}:\n    get:\n      operationId: getFile\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/File'}\n";

const FILE: &str = "    File:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        status: {type: string, enum: [ok, failed]}\n";

#[test]
fn the_same_document_gives_an_empty_diff() {
    let text = document(GET_FILE, FILE);
    let diff = run(&text, &text);
    assert_eq!(lines(&diff), Vec::<String>::new());
    assert_eq!(diff.docs, 0);
    assert_eq!(diff.worst(), (Verdict::None, Verdict::None));
}

#[test]
fn docs_only_changes_are_counted_not_listed() {
    let old = document(GET_FILE, FILE);
    let new = document(
        &GET_FILE.replace(
            "operationId: getFile",
            "operationId: getFile\n      description: Gets a file.",
        ),
        &FILE.replace(
            "type: object\n",
            "type: object\n      description: A file.\n",
        ),
    );
    let diff = run(&old, &new);
    assert_eq!(lines(&diff), Vec::<String>::new());
    assert_eq!(diff.docs, 2);
}

#[test]
fn an_error_status_added_degrades_the_wire_and_a_second_success_breaks_rust_code() {
    let old = document(GET_FILE, FILE);
    // Response enums are `#[non_exhaustive]`: a new error variant breaks no `match`.
    let new = document(
        &GET_FILE.replace(
            "      responses:\n",
            "      responses:\n        '429':\n          description: slow down\n",
        ),
        FILE,
    );
    assert_eq!(
        lines(&run(&old, &new)),
        ["operation `get_file` (GET /files/{id}): response `429` added (error) (none, degrades)"]
    );
    // A second success: the success type, the body's until then, becomes an enum of both.
    let new = document(
        &GET_FILE.replace(
            "      responses:\n",
            "      responses:\n        '202':\n          description: accepted\n",
        ),
        FILE,
    );
    assert_eq!(
        lines(&run(&old, &new)),
        ["operation `get_file` (GET /files/{id}): response `202` added (success) (breaks, degrades)"]
    );
}

#[test]
fn fields_by_where_their_type_is_used() {
    let old = document(GET_FILE, FILE);
    // A response type: an optional field added is kept as unknown by old clients; a required
    // one removed no longer reads.
    let new = document(
        GET_FILE,
        &FILE
            .replace("required: [id]", "required: [status]")
            .replace(
                "        id: {type: string}\n",
                "        metadata: {type: string}\n",
            ),
    );
    let found = lines(&run(&old, &new));
    assert_eq!(
        found,
        [
            "type `File` (in responses): field `id` removed (breaks, breaks)",
            "type `File` (in responses): field `status` made required (breaks, none)",
            "type `File` (in responses): field `metadata` added, optional (none, none)",
        ],
        "{found:#?}"
    );
}

#[test]
fn a_required_field_added_to_a_request_breaks_old_clients() {
    let post = "  /files:\n    post:\n      operationId: createFile\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/File'}\n      responses:\n        '204': {description: done}\n";
    let old = document(post, FILE);
    let new = document(
        post,
        &FILE
            .replace("required: [id]", "required: [id, purpose]")
            .replace(
                "        id: {type: string}\n",
                "        id: {type: string}\n        purpose: {type: string}\n",
            ),
    );
    assert_eq!(
        lines(&run(&old, &new)),
        ["type `File` (in requests): field `purpose` added, required (breaks, breaks)"]
    );
}

#[test]
fn enum_values_and_consts() {
    let old = document(GET_FILE, &format!("{FILE}    Kind: {{const: file}}\n"));
    let new = document(
        GET_FILE,
        &format!(
            "{}    Kind: {{const: folder}}\n",
            FILE.replace("enum: [ok, failed]", "enum: [ok, failed, expired]")
        ),
    );
    let found = lines(&run(&old, &new));
    // The enum of a response is open: a new value is kept by old clients; enums are
    // `#[non_exhaustive]`, so no `match` breaks.
    assert!(
        found.contains(
            &"type `FileStatus` (in responses): value `expired` added (none, none)".to_owned()
        ),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|line| line.contains("type `Kind`")),
        "{found:#?}"
    );
}

#[test]
fn operations_added_removed_and_renamed() {
    let old = document(GET_FILE, FILE);
    let delete = "  /files/{id}/x:\n    delete:\n      operationId: deleteFile\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: gone}\n";
    let new = document(
        &format!("{}{delete}", GET_FILE.replace("getFile", "retrieveFile")),
        FILE,
    );
    let found = lines(&run(&old, &new));
    assert_eq!(
        found,
        [
            "operation `delete_file` (DELETE /files/{id}/x): added (none, none)",
            "operation `retrieve_file` (GET /files/{id}): renamed from `get_file` (its types were in the module `get_file`) (breaks, none)",
        ],
        "{found:#?}"
    );
    let back = lines(&run(&new, &old));
    assert!(
        back.contains(
            &"operation `delete_file` (DELETE /files/{id}/x): removed (breaks, breaks)".to_owned()
        ),
        "{back:#?}"
    );
}

#[test]
fn parameters_added_and_made_required() {
    let old = document(GET_FILE, FILE);
    let new = document(
        &GET_FILE.replace(
            "        - {name: id, in: path, required: true, schema: {type: string}}\n",
            "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: version, in: query, required: true, schema: {type: integer}}\n        - {name: trace, in: header, schema: {type: string}}\n",
        ),
        FILE,
    );
    assert_eq!(
        lines(&run(&old, &new)),
        [
            "operation `get_file` (GET /files/{id}): query parameter `version` added, required (breaks, breaks)",
            "operation `get_file` (GET /files/{id}): header parameter `trace` added, optional (none, none)",
        ]
    );
}

#[test]
fn a_union_narrowed_to_one_member_breaks_only_requests() {
    let schemas = "    Call:\n      type: object\n      properties:\n        error:\n          anyOf:\n            - type: string\n            - $ref: '#/components/schemas/Failure'\n    Failure:\n      type: object\n      properties:\n        code: {type: integer}\n";
    let narrowed = schemas.replace(
        "          anyOf:\n            - type: string\n            - $ref: '#/components/schemas/Failure'\n",
        "          $ref: '#/components/schemas/Failure'\n",
    );
    let get = GET_FILE.replace("File'}", "Call'}");
    let post = "  /calls:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Call'}\n      responses:\n        '204': {description: done}\n";
    // In responses only: old clients read the narrower type as before.
    let found = lines(&run(&document(&get, schemas), &document(&get, &narrowed)));
    assert!(
        found.iter().any(|line| line
            .starts_with("type `Call` (in responses): field `error` retyped")
            && line.ends_with("(breaks, none)")),
        "{found:#?}"
    );
    // In requests too: an old request may send the string.
    let both = format!("{get}{post}");
    let found = lines(&run(&document(&both, schemas), &document(&both, &narrowed)));
    assert!(
        found.iter().any(|line| line
            .starts_with("type `Call` (in requests and responses): field `error` retyped")
            && line.ends_with("(breaks, breaks)")),
        "{found:#?}"
    );
}

#[test]
fn servers_by_their_constant() {
    let old = document(GET_FILE, FILE).replace(
        "paths:\n",
        "servers:\n  - {url: 'https://api.example.com/v1', description: production}\n  - {url: 'https://sandbox.example.com', description: sandbox}\npaths:\n",
    );
    let new = old
        .replace("https://api.example.com/v1", "https://api.example.com/v2")
        .replace(
            "  - {url: 'https://sandbox.example.com', description: sandbox}\n",
            "",
        );
    let found = lines(&run(&old, &new));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().any(|line| line.ends_with("URL `https://api.example.com/v1` → `https://api.example.com/v2` (changes meaning, degrades)")), "{found:#?}");
    assert!(
        found.iter().any(
            |line| line.ends_with("removed (`https://sandbox.example.com`) (breaks, degrades)")
        ),
        "{found:#?}"
    );
}

#[test]
fn an_error_reported_in_a_success_body_added_and_removed() {
    let reporting = GET_FILE.replace(
        "          description: ok\n",
        "          description: ok\n          x-error-code: {pointer: /code, success: [0]}\n",
    );
    let (plain, reporting) = (document(GET_FILE, FILE), document(&reporting, FILE));
    // Some bodies that read as a success are now errors: code means something else; old
    // clients take those errors for successes.
    assert_eq!(
        lines(&run(&plain, &reporting)),
        ["operation `get_file` (GET /files/{id}): response `200` reports errors in its body (at `/code`) (changes meaning, degrades)"]
    );
    // Its error variant is gone: code that names it no longer compiles.
    assert_eq!(
        lines(&run(&reporting, &plain)),
        ["operation `get_file` (GET /files/{id}): response `200` no longer reports errors in its body (at `/code`) (breaks, none)"]
    );
}

#[test]
fn a_streaming_method_added_and_removed() {
    let events = "  /events:\n    get:\n      operationId: watch\n      responses:\n        '200':\n          description: events\n          content:\n            text/event-stream:\n              schema: {$ref: '#/components/schemas/File'}\n";
    let json = events.replace("text/event-stream", "application/json");
    let (json, events) = (
        document(&format!("{GET_FILE}{json}"), FILE),
        document(&format!("{GET_FILE}{events}"), FILE),
    );
    let found = lines(&run(&json, &events));
    assert!(
        found.contains(&"operation `watch` (GET /events): streaming method `watch` added (events) (none, none)".to_owned()),
        "{found:#?}"
    );
    let found = lines(&run(&events, &json));
    assert!(
        found.contains(
            &"operation `watch` (GET /events): streaming method `watch` removed (breaks, breaks)"
                .to_owned()
        ),
        "{found:#?}"
    );
}

#[test]
fn deprecation_security_and_nullability() {
    let old = document(GET_FILE, FILE);
    let new = document(
        &GET_FILE.replace(
            "      operationId: getFile\n",
            "      operationId: getFile\n      deprecated: true\n",
        ),
        &FILE.replace("id: {type: string}", "id: {type: [string, 'null']}"),
    );
    assert_eq!(
        lines(&run(&old, &new)),
        [
            "operation `get_file` (GET /files/{id}): deprecated (none, none)",
            "type `File` (in responses): field `id` made nullable (breaks, breaks)",
        ]
    );
}

#[test]
fn a_request_body_added_optional_and_required() {
    let post = |body: &str| {
        format!("  /files:\n    post:\n      operationId: createFile\n{body}      responses:\n        '204': {{description: done}}\n")
    };
    let body = |required: bool| {
        format!("      requestBody:\n        required: {required}\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/File'}}\n")
    };
    let old = document(&post(""), FILE);
    // `new` takes a required body; an optional one has a setter.
    assert_eq!(
        lines(&run(&old, &document(&post(&body(false)), FILE))),
        ["operation `create_file` (POST /files): request body added (`application/json`) (none, none)"]
    );
    assert_eq!(
        lines(&run(&old, &document(&post(&body(true)), FILE))),
        ["operation `create_file` (POST /files): request body added (`application/json`) (breaks, breaks)"]
    );
}
