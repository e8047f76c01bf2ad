//! The normalizer on the vendors' documents (`specs/`) and on third-party documents (the
//! corpus, `vendor_corpus`).

use serde_json::json;
use std::path::{Path, PathBuf};
use vendor_codegen::diagnostic::Diagnostics;
use vendor_codegen::load::{Loaded, Source};
use vendor_codegen::normalize::normalize;
use vendor_codegen::{Diagnostic, Severity};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// The file at `path` as the pipeline loads it (`load_with`, no overlay): a page's one fenced
/// block, a Mintlify page model rebuilt as OpenAPI by the front end.
fn loaded(path: &Path) -> (Source, Loaded, Vec<Diagnostic>) {
    let source = Source {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        file: path.display().to_string(),
        text: std::fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display())),
    };
    let (loaded, diagnostics) = vendor_codegen::load_with(&source, &[])
        .unwrap_or_else(|diagnostics| panic!("{}: {diagnostics:#?}", path.display()));
    (source, loaded, diagnostics)
}

/// The page `specs/<name>.md` loaded and normalized.
fn page(name: &str) -> (Option<openapiv3::OpenAPI>, Vec<Diagnostic>) {
    run(&specs().join(format!("{name}.md")))
}

/// The file at `path` loaded and normalized: the model, and the diagnostics of both.
fn run(path: &Path) -> (Option<openapiv3::OpenAPI>, Vec<Diagnostic>) {
    let (source, Loaded { tree, lines }, loaded) = loaded(path);
    let mut diagnostics = Diagnostics::new(&source.file, &lines);
    diagnostics.extend(loaded);
    let model = normalize(tree, &mut diagnostics);
    (model, diagnostics.into_vec())
}

fn schema<'a>(model: &'a openapiv3::OpenAPI, name: &str) -> &'a openapiv3::Schema {
    match &model.components.as_ref().unwrap().schemas[name] {
        openapiv3::ReferenceOr::Item(schema) => schema,
        openapiv3::ReferenceOr::Reference { .. } => panic!("{name} is a reference"),
    }
}

fn property<'a>(schema: &'a openapiv3::Schema, name: &str) -> &'a openapiv3::Schema {
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
        panic!("not an object: {schema:?}")
    };
    match &object.properties[name] {
        openapiv3::ReferenceOr::Item(schema) => schema,
        openapiv3::ReferenceOr::Reference { .. } => panic!("{name} is a reference"),
    }
}

fn summary(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn moonshot_needs_nothing_but_the_model() {
    let (model, diagnostics) = page("moonshot");
    assert!(model.is_some(), "{:#?}", summary(&diagnostics));
    assert!(diagnostics.is_empty(), "{:#?}", summary(&diagnostics));
}

#[test]
fn impala_const_and_null_unions() {
    let (model, diagnostics) = page("impala");
    let model = model.unwrap_or_else(|| panic!("{:#?}", summary(&diagnostics)));
    assert!(
        !diagnostics.iter().any(|d| d.severity != Severity::Note),
        "{:#?}",
        summary(&diagnostics)
    );

    let object = property(schema(&model, "DeleteFileResponseModel"), "object");
    let openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) = &object.schema_kind else {
        panic!("object is not a string: {object:?}")
    };
    assert_eq!(string.enumeration, [Some("file".to_owned())]);
    assert_eq!(
        object.schema_data.extensions.get("x-const"),
        Some(&json!(true))
    );
    assert_eq!(object.schema_data.title.as_deref(), Some("Object"));

    let param = property(schema(&model, "ErrorDetail"), "param");
    assert!(param.schema_data.nullable);
    assert!(matches!(param.schema_data.title.as_deref(), Some("Param")));
    assert!(matches!(
        param.schema_kind,
        openapiv3::SchemaKind::Type(openapiv3::Type::String(_))
    ));

    let error = property(schema(&model, "ErrorResponseModel"), "error");
    assert_eq!(
        error.schema_data.description.as_deref(),
        Some("The error details.")
    );
    let openapiv3::SchemaKind::AllOf { all_of } = &error.schema_kind else {
        panic!("{error:?}")
    };
    assert_eq!(
        all_of,
        &[openapiv3::ReferenceOr::ref_(
            "#/components/schemas/ErrorDetail"
        )]
    );

    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"the document names no server: the caller must give a base URL"));
}

#[test]
fn minimax_reserved_header_and_doubtful_default() {
    let (model, diagnostics) = page("minimax/file-delete");
    let model = model.unwrap_or_else(|| panic!("{:#?}", summary(&diagnostics)));
    let warnings: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 2, "{:#?}", summary(&diagnostics));
    assert_eq!(
        warnings[0].pointer,
        "/paths/~1v1~1files~1delete/post/parameters/0/schema/default"
    );
    assert!(warnings[0]
        .message
        .contains("`multipart/form-datan` is not one of `enum`"));
    assert_eq!(
        warnings[1].pointer,
        "/paths/~1v1~1files~1delete/post/parameters/0"
    );
    assert!(warnings[1].message.contains(
        "header parameter `Content-Type` (enum [multipart/form-data], default \
         `multipart/form-datan`) is dropped"
    ));
    assert!(warnings[1]
        .message
        .contains("(application/json) decides the Content-Type"));
    let operation = model.paths.paths["/v1/files/delete"]
        .as_item()
        .unwrap()
        .post
        .as_ref()
        .unwrap();
    assert!(operation.parameters.is_empty());
}

#[test]
fn openrouter_keeps_3_0_nullable() {
    let (model, diagnostics) = page("openrouter");
    let model = model.unwrap_or_else(|| panic!("{:#?}", summary(&diagnostics)));
    assert!(diagnostics.is_empty(), "{:#?}", summary(&diagnostics));
    let response = schema(&model, "UnauthorizedResponse");
    assert!(property(response, "user_id").schema_data.nullable);
    let metadata = property(response, "openrouter_metadata");
    assert!(metadata.schema_data.nullable);
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &metadata.schema_kind else {
        panic!("{metadata:?}")
    };
    let Some(openapiv3::AdditionalProperties::Schema(values)) = &object.additional_properties
    else {
        panic!("{object:?}")
    };
    assert!(values.as_item().unwrap().schema_data.nullable);
}

#[test]
fn swagger_2_is_refused_clearly() {
    let path = vendor_corpus::dir()
        .join("openapi")
        .join("kubernetes__client-python_swagger_2018-10-15.json");
    let (model, diagnostics) = run(&path);
    assert!(model.is_none());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert!(diagnostics[0]
        .message
        .starts_with("Swagger 2.0 is not supported: convert it to OpenAPI 3"));
}
