//! Tests of the Mintlify front end: the zhipu seed, the corpus pages, and small models.

use super::{is_page_model, run};
use crate::diagnostic::{Diagnostic, Diagnostics, LineMap, Severity};
use serde_json::{json, Value};
use std::path::PathBuf;

/// The fenced blocks of a Markdown page, found as `load` finds them, parsed.
fn page_blocks(page: &str) -> Vec<Value> {
    crate::load::fenced_blocks(page)
        .iter()
        .map(|text| serde_saphyr::from_str::<Value>(text).unwrap())
        .collect()
}

/// Runs the pass on `tree`; returns the result and the diagnostics.
fn convert(mut tree: Value) -> (Value, Vec<Diagnostic>) {
    let lines = LineMap::default();
    let mut diagnostics = Diagnostics::new("page.md", &lines);
    run(&mut tree, &mut diagnostics);
    (tree, diagnostics.into_vec())
}

/// The diagnostics of `severity`, as `pointer: message`.
fn of(diagnostics: &[Diagnostic], severity: Severity) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect()
}

/// The corpus's Mintlify pages.
fn corpus() -> PathBuf {
    vendor_corpus::dir().join("mintlify")
}

/// Asserts that nothing of the page model is left: no `schemaArray`, `refIdentifier`,
/// `requiredProperties`, and a boolean `required` only on parameters and request bodies.
fn assert_no_page_model(value: &Value, pointer: &str) {
    match value {
        Value::Object(object) => {
            for (key, value) in object {
                assert!(
                    !matches!(
                        key.as_str(),
                        "schemaArray" | "refIdentifier" | "requiredProperties"
                    ),
                    "`{key}` left at {pointer}"
                );
                if key == "required" && value.is_boolean() {
                    assert!(
                        object.contains_key("in") || object.contains_key("content"),
                        "boolean `required` left at {pointer}"
                    );
                }
                if !matches!(
                    key.as_str(),
                    "examples" | "example" | "default" | "enum" | "const"
                ) {
                    assert_no_page_model(value, &format!("{pointer}/{key}"));
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                assert_no_page_model(item, &format!("{pointer}/{index}"));
            }
        }
        _ => {}
    }
}

/// Asserts every `$ref` of `document` to a component schema names one that exists.
fn assert_refs_resolve(document: &Value, value: &Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                let name = reference.strip_prefix("#/components/schemas/").unwrap();
                assert!(
                    document["components"]["schemas"].get(name).is_some(),
                    "dangling {reference}"
                );
            }
            object
                .values()
                .for_each(|value| assert_refs_resolve(document, value));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| assert_refs_resolve(document, item)),
        _ => {}
    }
}

/// A minimal page model with one 200 response whose schema is `schema`.
fn page_with_response(schema: Value) -> Value {
    json!({
        "paths": {
            "path": "/things",
            "method": "get",
            "response": {
                "200": { "application/json": { "schemaArray": [schema], "description": "OK" } }
            }
        }
    })
}

/// The 200 response schema of a converted page_with_response.
fn response_schema(document: &Value) -> &Value {
    &document["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"]
}

#[test]
fn zhipu_seed_becomes_the_openapi_document_it_was_rendered_from() {
    let blocks = page_blocks(include_str!("../../../../specs/zhipu/files-delete.md"));
    assert_eq!(blocks.len(), 1);
    let (document, diagnostics) = convert(blocks[0].clone());
    let authorization = "使用以下格式进行身份验证：Bearer [<your api key>](https://bigmodel.cn/usercenter/proj-mgmt/apikeys)";
    let expected = json!({
        "openapi": "3.1.0",
        "info": { "title": "DELETE /paas/v4/files/{file_id}", "version": "0.0.0" },
        "servers": [{ "url": "https://open.bigmodel.cn/api/", "description": "开放平台服务" }],
        "paths": {
            "/paas/v4/files/{file_id}": {
                "delete": {
                    "parameters": [{
                        "name": "file_id",
                        "in": "path",
                        "description": "文件唯一标识符",
                        "required": true,
                        "schema": { "type": "string" }
                    }],
                    "responses": {
                        "200": {
                            "description": "业务处理成功",
                            "content": { "application/json": {
                                "schema": { "$ref": "#/components/schemas/BaseDeletedResponse" },
                                "examples": { "example": { "value": {
                                    "id": "<string>", "object": "file", "deleted": true
                                } } }
                            } }
                        },
                        "default": {
                            "description": "请求失败。",
                            "content": { "application/json": {
                                "schema": { "$ref": "#/components/schemas/Error" },
                                "examples": { "example": { "value": {
                                    "error": { "code": "<string>", "message": "<string>" }
                                } } }
                            } }
                        }
                    },
                    "security": [{ "bearerAuth": [] }]
                }
            }
        },
        "components": {
            "schemas": {
                "BaseDeletedResponse": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "string", "description": "删除的资源`ID`" },
                        "object": { "type": "string", "description": "资源类型", "enum": ["file"] },
                        "deleted": { "type": "boolean", "description": "是否成功删除" }
                    }
                },
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "required": ["code", "message"],
                            "type": "object",
                            "properties": {
                                "code": { "type": "string" },
                                "message": { "type": "string" }
                            }
                        }
                    }
                }
            },
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer", "description": authorization }
            }
        }
    });
    assert_eq!(document, expected);
    assert_eq!(of(&diagnostics, Severity::Error), Vec::<String>::new());
    assert_eq!(of(&diagnostics, Severity::Warning), Vec::<String>::new());
    let notes = of(&diagnostics, Severity::Note);
    assert!(notes.contains(
        &"/paths: Mintlify page model rebuilt as OpenAPI 3.1: operation DELETE /paas/v4/files/{file_id}".to_owned()
    ));
    assert!(notes
        .iter()
        .any(|note| note.starts_with(": the page has no `info`")));
    assert!(notes.iter().any(|note| note.starts_with(
        "/paths/response/200/application~1json/schemaArray/0/properties/object/allOf: `allOf` of 2"
    )));
    assert!(notes.iter().any(|note| note
        .starts_with("/paths/response/default/application~1json/schemaArray/0: ")
        && note.contains("component `Error`")));
    // Nothing 3.1-only is left, so the typed model reads it.
    let typed: openapiv3::OpenAPI = serde_json::from_value(document).unwrap();
    assert_eq!(typed.components.unwrap().schemas.len(), 2);
}

#[test]
fn corpus_pages_convert_without_errors() {
    let pages = [
        (
            "galileo-get-workflows.md",
            1,
            "/v1/observe/projects/{project_id}/workflows",
            "post",
        ),
        (
            "agno-create-team-run.md",
            1,
            "/teams/{team_id}/runs",
            "post",
        ),
        (
            "writer__mintlify-schemaArray_upload-file.md",
            1,
            "/v1/files",
            "post",
        ),
        (
            "manus__mintlify-schemaArray_create-file.md",
            1,
            "/v1/files",
            "post",
        ),
        ("zhipu__mintlify-schemaArray_files-compiled.md", 4, "", ""),
    ];
    let dir = corpus();
    for (file, count, path, method) in pages {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let blocks = page_blocks(&text);
        assert_eq!(blocks.len(), count, "{file}");
        for (index, block) in blocks.into_iter().enumerate() {
            let (path, method) = if path.is_empty() {
                let model = &block["paths"];
                (
                    model["path"].as_str().unwrap().to_owned(),
                    model["method"].as_str().unwrap().to_owned(),
                )
            } else {
                (path.to_owned(), method.to_owned())
            };
            let (document, diagnostics) = convert(block);
            assert_eq!(
                of(&diagnostics, Severity::Error),
                Vec::<String>::new(),
                "{file} block {index}"
            );
            assert_eq!(document["openapi"], "3.1.0");
            let operation = &document["paths"][&path][&method];
            assert!(
                operation["responses"]
                    .as_object()
                    .is_some_and(|r| !r.is_empty()),
                "{file} {index}"
            );
            assert!(
                operation["security"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty()),
                "{file} {index}"
            );
            assert!(
                document["components"]["securitySchemes"].is_object(),
                "{file} {index}"
            );
            for template in super::path_templates(&path) {
                let parameters = operation["parameters"].as_array().unwrap();
                assert!(parameters
                    .iter()
                    .any(|p| p["name"] == template && p["in"] == "path" && p["required"] == true));
            }
            assert_no_page_model(&document, "");
            assert_refs_resolve(&document, &document);
        }
    }
}

#[test]
fn galileo_security_alternatives_and_nullable_query_parameters() {
    let text = std::fs::read_to_string(corpus().join("galileo-get-workflows.md")).unwrap();
    let (document, diagnostics) = convert(page_blocks(&text).remove(0));
    let operation = &document["paths"]["/v1/observe/projects/{project_id}/workflows"]["post"];
    assert_eq!(
        operation["security"],
        json!([{ "APIKeyHeader": [] }, { "OAuth2PasswordBearer": [] }, { "HTTPBasic": [] }])
    );
    assert_eq!(
        document["components"]["securitySchemes"],
        json!({
            "APIKeyHeader": { "type": "apiKey", "in": "header", "name": "Galileo-API-Key" },
            "OAuth2PasswordBearer": { "type": "http", "scheme": "bearer" },
            "HTTPBasic": { "type": "http", "scheme": "basic" }
        })
    );
    assert!(of(&diagnostics, Severity::Warning)
        .iter()
        .any(|w| w.contains("`type: oauth2`")));
    assert_eq!(
        operation["parameters"][1],
        json!({
            "name": "start_time",
            "in": "query",
            "schema": { "anyOf": [
                { "type": "string", "title": "Start Time", "format": "date-time" },
                { "type": "null", "title": "Start Time" }
            ] }
        })
    );
    assert_eq!(
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/GetObserveWorkflowsRequest"
    );
    let schemas = &document["components"]["schemas"];
    // The page's own components come first, in page order, then the ones named by refIdentifier.
    let names: Vec<&String> = schemas.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "BaseGalileoStep",
            "DataTypeOptions",
            "NodeType",
            "StepMetric",
            "UserMetadataFilter",
            "ValidationError",
            "GetObserveWorkflowsRequest",
            "WorkflowsReadResponse",
            "HTTPValidationError"
        ]
    );
    assert_eq!(
        schemas["WorkflowsReadResponse"]["required"],
        json!(["workflows"])
    );
    assert_eq!(
        schemas["WorkflowsReadResponse"]["properties"]["next_starting_token"],
        json!({ "anyOf": [{ "type": "integer" }, { "type": "null" }], "title": "Next Starting Token" })
    );
    assert_eq!(schemas["BaseGalileoStep"]["additionalProperties"], true);
}

#[test]
fn agno_body_required_types_and_identical_components() {
    let text = std::fs::read_to_string(corpus().join("agno-create-team-run.md")).unwrap();
    let (document, _) = convert(page_blocks(&text).remove(0));
    let operation = &document["paths"]["/teams/{team_id}/runs"]["post"];
    assert_eq!(operation["requestBody"]["required"], true);
    let body = &document["components"]["schemas"]["Body_create_team_run"];
    assert_eq!(body["required"], json!(["message"]));
    assert_eq!(
        body["properties"]["files"]["anyOf"][0],
        json!({ "items": { "type": "string", "format": "binary" }, "type": "array" })
    );
    let ok = &operation["responses"]["200"]["content"];
    assert_eq!(ok["application/json"]["schema"], json!({}));
    assert_eq!(
        ok["text/event-stream"]["schema"],
        json!({ "type": "string", "format": "binary" })
    );
    assert_eq!(
        operation["responses"]["200"]["description"],
        "Team run executed successfully"
    );
}

#[test]
fn writer_and_manus_pages() {
    let text =
        std::fs::read_to_string(corpus().join("writer__mintlify-schemaArray_upload-file.md"))
            .unwrap();
    let (document, diagnostics) = convert(page_blocks(&text).remove(0));
    let operation = &document["paths"]["/v1/files"]["post"];
    assert_eq!(operation["requestBody"]["required"], true);
    assert_eq!(
        operation["requestBody"]["content"]
            .as_object()
            .unwrap()
            .len(),
        14
    );
    assert_eq!(
        operation["requestBody"]["content"]["application/pdf"]["schema"],
        json!({ "type": "string", "format": "binary" })
    );
    assert_eq!(operation["parameters"][2]["required"], true);
    assert_eq!(
        operation["parameters"][2]["schema"],
        json!({ "type": "integer" })
    );
    assert_eq!(operation["responses"]["200"]["description"], "");
    assert!(of(&diagnostics, Severity::Note)
        .iter()
        .any(|n| n.starts_with("/paths/request/codeSamples: ")));

    let text = std::fs::read_to_string(corpus().join("manus__mintlify-schemaArray_create-file.md"))
        .unwrap();
    let (document, _) = convert(page_blocks(&text).remove(0));
    assert_eq!(
        document["components"]["securitySchemes"]["bearerAuth"],
        json!({ "type": "apiKey", "in": "header", "name": "API_KEY" })
    );
    let body = &document["paths"]["/v1/files"]["post"]["requestBody"];
    assert_eq!(body["required"], true);
    assert_eq!(
        body["content"]["application/json"]["schema"]["required"],
        json!(["filename"])
    );
    assert_eq!(
        document["components"]["schemas"]["FileCreate"]["type"],
        "object"
    );
}

#[test]
fn zhipu_compiled_list_block_types_and_page_components() {
    let text =
        std::fs::read_to_string(corpus().join("zhipu__mintlify-schemaArray_files-compiled.md"))
            .unwrap();
    let mut blocks = page_blocks(&text);
    let (document, _) = convert(blocks.remove(0));
    let operation = &document["paths"]["/paas/v4/files"]["get"];
    assert_eq!(
        operation["parameters"][1],
        json!({
            "name": "purpose", "in": "query", "description": "按用途过滤文件", "required": true,
            "schema": { "type": "string", "enum": ["batch", "file-extract", "code-interpreter", "agent"] }
        })
    );
    assert_eq!(operation["parameters"][0].get("required"), None);
    let schemas = document["components"]["schemas"].as_object().unwrap();
    assert_eq!(
        schemas.keys().collect::<Vec<_>>(),
        ["FileObject", "FileListResponse", "Error"]
    );
    // The last block: a binary 200 response.
    let (document, _) = convert(blocks.pop().unwrap());
    let ok = &document["paths"]["/paas/v4/files/{file_id}/content"]["get"]["responses"]["200"];
    assert_eq!(
        ok["content"]["application/octet-stream"]["schema"],
        json!({ "type": "string", "format": "binary" })
    );
}

#[test]
fn all_of_parts_merge_with_required_union_enum_intersection_and_conflicts() {
    let (document, diagnostics) = convert(page_with_response(json!({
        "type": "object",
        "properties": {
            "kind": { "allOf": [
                { "type": "string", "enum": ["a", "b", "c"], "description": "first" },
                { "type": "string", "enum": ["c", "b"], "description": "second", "required": true }
            ] },
            "nested": { "allOf": [
                { "type": "object", "required": ["x"], "properties": { "x": { "type": "integer" } } },
                { "required": ["y"], "properties": { "x": { "minimum": 0 }, "y": { "type": "string" } } }
            ] },
            "linked": { "allOf": [{ "$ref": "#/components/schemas/Other" }], "description": "kept as allOf" },
            "choice": { "allOf": [{ "anyOf": [{ "type": "string" }] }, { "anyOf": [{ "type": "integer" }] }] }
        }
    })));
    let schema = response_schema(&document);
    assert_eq!(
        schema["properties"]["kind"],
        json!({ "type": "string", "enum": ["b", "c"], "description": "first" })
    );
    assert_eq!(schema["required"], json!(["kind"]));
    assert_eq!(
        schema["properties"]["nested"],
        json!({
            "type": "object",
            "required": ["x", "y"],
            "properties": { "x": { "type": "integer", "minimum": 0 }, "y": { "type": "string" } }
        })
    );
    assert_eq!(
        schema["properties"]["linked"],
        json!({ "allOf": [{ "$ref": "#/components/schemas/Other" }], "description": "kept as allOf" })
    );
    assert_eq!(
        schema["properties"]["choice"]["allOf"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let warnings = of(&diagnostics, Severity::Warning);
    assert_eq!(
        warnings,
        [
            "/paths/response/200/application~1json/schemaArray/0/properties/kind/allOf: the `allOf` parts disagree on `description`: kept \"first\", dropped \"second\""
        ]
    );
}

#[test]
fn ref_identifiers_make_components_at_any_depth() {
    let inner = json!({ "type": "object", "properties": { "n": { "type": "integer" } }, "refIdentifier": "#/components/schemas/Inner" });
    let (document, diagnostics) = convert(page_with_response(json!({
        "type": "object",
        "properties": {
            "a": { "allOf": [inner.clone()] },
            "b": { "type": "array", "items": inner },
            "c": { "type": "object", "properties": { "m": { "type": "string" } }, "refIdentifier": "#/components/schemas/Inner" },
            "d": { "type": "string", "refIdentifier": "#/definitions/Elsewhere" },
            "e": { "type": "string", "refIdentifier": "#/components/schemas/a~1b" }
        },
        "refIdentifier": "#/components/schemas/Outer"
    })));
    assert_eq!(
        response_schema(&document),
        &json!({ "$ref": "#/components/schemas/Outer" })
    );
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["Inner"],
        json!({ "type": "object", "properties": { "n": { "type": "integer" } } })
    );
    assert_eq!(schemas["a/b"], json!({ "type": "string" }));
    let outer = &schemas["Outer"]["properties"];
    assert_eq!(
        outer["a"],
        json!({ "allOf": [{ "$ref": "#/components/schemas/Inner" }] })
    );
    assert_eq!(
        outer["b"]["items"],
        json!({ "$ref": "#/components/schemas/Inner" })
    );
    assert_eq!(
        outer["c"],
        json!({ "type": "object", "properties": { "m": { "type": "string" } } })
    );
    assert_eq!(outer["d"], json!({ "type": "string" }));
    assert_eq!(outer["e"], json!({ "$ref": "#/components/schemas/a~1b" }));
    let warnings = of(&diagnostics, Severity::Warning);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("/paths/response/200/application~1json/schemaArray/0/properties/c: `refIdentifier` names component `Inner`, but this schema differs"));
    assert!(warnings[1].starts_with(
        "/paths/response/200/application~1json/schemaArray/0/properties/d/refIdentifier: "
    ));
}

#[test]
fn mintlify_types_become_json_schema_types() {
    let (document, diagnostics) = convert(page_with_response(json!({
        "type": ["object"],
        "properties": {
            "e": { "type": "enum<integer>", "enum": [1, 2] },
            "any": { "type": "any", "description": "anything" },
            "file": { "type": "file", "contentEncoding": "binary", "contentMediaType": "image/png" },
            "list": { "type": ["string", "null"] },
            "odd": { "type": "widget" },
            "map": { "type": "object", "additionalProperties": true }
        },
        "requiredProperties": ["e"],
        "required": true
    })));
    assert_eq!(
        response_schema(&document),
        &json!({
            "type": "object",
            "properties": {
                "e": { "type": "integer", "enum": [1, 2] },
                "any": { "description": "anything" },
                "file": { "type": "string", "format": "binary" },
                "list": { "type": ["string", "null"] },
                "odd": {},
                "map": { "type": "object", "additionalProperties": true }
            },
            "required": ["e"]
        })
    );
    assert_eq!(of(&diagnostics, Severity::Warning).len(), 1);
    assert!(of(&diagnostics, Severity::Note)
        .iter()
        .any(|n| n.contains("response schema means nothing")));
}

#[test]
fn page_components_are_cleaned_and_reused() {
    let mut page = page_with_response(json!({
        "type": "object",
        "properties": { "id": { "allOf": [{ "type": "string" }] } },
        "refIdentifier": "#/components/schemas/Thing"
    }));
    page["components"] = json!({ "schemas": {
        "Thing": { "type": "object", "properties": { "id": { "type": "string" } } },
        "Other": { "type": "object", "properties": { "x": { "allOf": [{ "type": "string", "required": true }] } }, "requiredProperties": ["y"] }
    } });
    let (document, diagnostics) = convert(page);
    assert_eq!(
        response_schema(&document),
        &json!({ "$ref": "#/components/schemas/Thing" })
    );
    assert_eq!(
        document["components"]["schemas"],
        json!({
            "Thing": { "type": "object", "properties": { "id": { "type": "string" } } },
            "Other": { "type": "object", "properties": { "x": { "type": "string" } }, "required": ["y", "x"] }
        })
    );
    assert_eq!(of(&diagnostics, Severity::Warning), Vec::<String>::new());
}

#[test]
fn security_entries_with_several_credentials_and_without_title() {
    let page = json!({
        "paths": {
            "path": "/items/{id}",
            "method": "PUT",
            "request": {
                "security": [
                    { "title": "pair", "parameters": { "header": { "X-Key": { "type": "apiKey" } }, "query": { "token": { "type": "apiKey" } } } },
                    { "parameters": { "header": { "Authorization": { "type": "http", "scheme": "Bearer" } } } },
                    { "title": "open", "parameters": { "query": {}, "header": {}, "cookie": {} } }
                ]
            },
            "response": { "204": { "_mintlify/placeholder": { "schemaArray": [], "description": "Done" } } },
            "deprecated": true,
            "type": "path"
        }
    });
    let (document, diagnostics) = convert(page);
    let operation = &document["paths"]["/items/{id}"]["put"];
    assert_eq!(
        operation["security"],
        json!([{ "pair_X-Key": [], "pair_token": [] }, { "bearerAuth": [] }, {}])
    );
    assert_eq!(
        document["components"]["securitySchemes"]["pair_token"],
        json!({ "type": "apiKey", "in": "query", "name": "token" })
    );
    assert_eq!(
        document["components"]["securitySchemes"]["bearerAuth"],
        json!({ "type": "http", "scheme": "bearer" })
    );
    assert_eq!(
        operation["responses"]["204"],
        json!({ "description": "Done" })
    );
    assert_eq!(operation["deprecated"], true);
    // `{id}` is in the path but not described: added, with a warning.
    assert_eq!(
        operation["parameters"],
        json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }])
    );
    assert_eq!(of(&diagnostics, Severity::Warning).len(), 1);
}

#[test]
fn malformed_models_give_errors_not_panics() {
    let cases = [
        (json!("not a mapping"), ""),
        (json!({ "components": {} }), "/paths"),
        (
            json!({ "paths": { "path": "/x", "method": 3 } }),
            "/paths/method",
        ),
        (
            json!({ "paths": { "path": "/x", "method": "fetch" } }),
            "/paths/method",
        ),
        (
            json!({ "paths": { "path": ["/x"], "method": "get" } }),
            "/paths/path",
        ),
    ];
    for (page, pointer) in cases {
        let (document, diagnostics) = convert(page.clone());
        assert_eq!(document, page, "the tree is left as it was");
        let errors: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{diagnostics:?}");
        assert_eq!(errors[0].pointer, pointer);
    }

    let (document, diagnostics) = convert(json!({
        "paths": {
            "path": "/x",
            "method": "post",
            "servers": "https://example.com",
            "request": {
                "security": { "title": "x" },
                "parameters": { "query": { "a": { "schema": "string" }, "b": 7 }, "header": [] },
                "body": { "application/json": { "schemaArray": { "type": "object" } } }
            },
            "response": {
                "200": { "application/json": { "schemaArray": [3], "description": "OK" } },
                "404": "missing",
                "500": { "application/json": [] }
            },
            "deprecated": "no"
        },
        "components": { "schemas": { "Bad": { "type": "object", "properties": [] } } }
    }));
    let errors: Vec<String> = of(&diagnostics, Severity::Error)
        .into_iter()
        .map(|e| e.split(':').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        errors,
        [
            "/paths/servers",
            "/paths/request/security",
            "/paths/request/parameters/query/a/schema",
            "/paths/request/parameters/query/b",
            "/paths/request/parameters/header",
            "/paths/request/body/application~1json/schemaArray",
            "/paths/response/200/application~1json/schemaArray/0",
            "/paths/response/404",
            "/paths/response/500/application~1json",
            "/paths/deprecated",
        ]
    );
    assert_eq!(document["openapi"], "3.1.0");
    assert!(of(&diagnostics, Severity::Warning)
        .iter()
        .any(|w| w.starts_with("/components/schemas/Bad/properties: ")));
}

#[test]
fn a_page_model_is_detected_by_its_paths() {
    assert!(is_page_model(
        &json!({"paths": {"path": "/a", "method": "get"}})
    ));
    assert!(!is_page_model(
        &json!({"openapi": "3.1.0", "paths": {"path": "/a", "method": "get"}})
    ));
    assert!(!is_page_model(&json!({"paths": {"/a": {"get": {}}}})));
}
