//! Every Rust identifier, decided in one place.
//!
//! Rules (each with a table test below):
//! - types and variants are UpperCamelCase, fields and operations snake_case, constants
//!   SCREAMING_SNAKE_CASE (heck);
//! - characters that cannot stand in an identifier split words; non-ASCII letters become their
//!   code point (`ñame` → `u00f1ame`), so two different names never meet by accident and no
//!   identifier trips the `non_ascii_idents` or `confusable` lints;
//! - a name that starts with a digit gets a prefix (`1st` → `field_1st`, `V1st`), an empty one a
//!   fallback (`field`, `Empty`);
//! - keywords become raw identifiers (`type` → `r#type`); the four that cannot be raw (`self`,
//!   `Self`, `crate`, `super`) get a trailing underscore;
//! - an operation's types are `Request`, `Error` and `Response` in a module of their own, named
//!   as the operation (`delete_file::Request`), so they never meet the document's schemas;
//! - within one scope every name is unique: a later name that collides gets `_2`, `_3`, … (or
//!   `2`, `3`, … for UpperCamel names), in document order.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Replaces what cannot stand in an identifier: non-ASCII alphanumerics become `_u<hex>_`,
/// everything else that is not `[A-Za-z0-9]` a word break.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:04x}_", u32::from(c)));
        } else {
            out.push(' ');
        }
    }
    out
}

fn guard_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// An UpperCamelCase name for a type or variant; `prefix` leads a name that would start with a
/// digit, `empty` stands for a name with no letters.
fn camel(raw: &str, prefix: &str, empty: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = match name.chars().next() {
        None => empty.to_owned(),
        Some(c) if c.is_ascii_digit() => format!("{prefix}{name}"),
        Some(_) => name,
    };
    guard_keyword(name)
}

/// The type name of a component schema or a generated helper: `HTTPValidationError` →
/// `HttpValidationError`.
pub(crate) fn type_name(raw: &str) -> String {
    camel(raw, "Type", "Type")
}

/// The variant name of a string enum value: `t2a_async` → `T2aAsync`, `""` → `Empty`.
pub(crate) fn variant_name(raw: &str) -> String {
    camel(raw, "V", "Empty")
}

/// A snake_case name for a field, parameter or operation: `fooBar` → `foo_bar`, `type` →
/// `r#type`, `1st` → `field_1st`.
pub(crate) fn field_name(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    let name = match name.chars().next() {
        None => "field".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("field_{name}"),
        Some(_) => name,
    };
    guard_keyword(name)
}

/// The module (and cargo feature) a document's file stem names: snake_case, never a keyword
/// (`enum` → `enum_api`), never starting with a digit (`1st` → `api_1st`).
pub fn module_name(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    match name.chars().next() {
        None => "api".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("api_{name}"),
        Some(_) if KEYWORDS.contains(&name.as_str()) || NOT_RAW.contains(&name.as_str()) => {
            format!("{name}_api")
        }
        Some(_) => name,
    }
}

/// The operation name when the document gives no `operationId`: the method and the path's
/// segments, a `{param}` segment read as `by_<param>`: `DELETE /v1/files/{file_id}` →
/// `delete_v1_files_by_file_id`.
pub(crate) fn operation_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    if let Some(id) = operation_id {
        return field_name(id);
    }
    let mut raw = method.to_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        raw.push(' ');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                raw.push_str("by ");
                raw.push_str(param);
            }
            None => raw.push_str(segment),
        }
    }
    field_name(&raw)
}

/// The module of an operation's types: the operation's own name (`delete_file`, also the
/// client's method), a namespace of its own beside the document's schemas. Its types are
/// [`REQUEST_TYPE`], [`ERROR_TYPE`] and, with several successes, [`RESPONSE_TYPE`], the same
/// three words in every operation: `delete_file::Request` can never meet a schema, whatever
/// the document names its schemas (OpenAI names its bodies `<Operation>Request`), and a user
/// predicts it from the `operationId` alone. A module is snake_case and a type UpperCamel, so
/// the module never meets a type either.
pub(crate) fn operation_module(operation: &str) -> String {
    operation.to_owned()
}

/// The request type of an operation, in its module: `delete_file::Request`.
pub(crate) const REQUEST_TYPE: &str = "Request";

/// The enum of an operation's success responses, when it documents several, in its module:
/// `delete_file::Response`.
pub(crate) const RESPONSE_TYPE: &str = "Response";

/// The error enum of an operation, in its module: `delete_file::Error`.
pub(crate) const ERROR_TYPE: &str = "Error";

/// The constant of the `index`-th server (0-based): `BASE_URL`, then `BASE_URL_2`, ….
pub(crate) fn server_const(index: usize) -> String {
    match index {
        0 => "BASE_URL".to_owned(),
        n => format!("BASE_URL_{}", n + 1),
    }
}

/// The response variant of an HTTP status: `404` → `NotFound`, `4XX` → `ClientError`,
/// `default` → `Default`, an unnamed code → `Status299`.
pub(crate) fn status_variant(status: crate::ir::Status) -> String {
    use crate::ir::Status;
    let named = match status {
        Status::Default => "Default",
        Status::Range(1) => "Informational",
        Status::Range(2) => "Success",
        Status::Range(3) => "Redirection",
        Status::Range(4) => "ClientError",
        Status::Range(5) => "ServerError",
        Status::Range(n) => return format!("Status{n}xx"),
        Status::Code(code) => match code {
            100 => "Continue",
            101 => "SwitchingProtocols",
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            300 => "MultipleChoices",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            414 => "UriTooLong",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            417 => "ExpectationFailed",
            418 => "ImATeapot",
            421 => "MisdirectedRequest",
            422 => "UnprocessableEntity",
            423 => "Locked",
            424 => "FailedDependency",
            425 => "TooEarly",
            426 => "UpgradeRequired",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            431 => "RequestHeaderFieldsTooLarge",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            505 => "HttpVersionNotSupported",
            507 => "InsufficientStorage",
            508 => "LoopDetected",
            511 => "NetworkAuthenticationRequired",
            code => return format!("Status{code}"),
        },
    };
    named.to_owned()
}

/// Names an example's test never takes: the examples test's helpers beside the tests at its
/// top level, and `main`, the test harness's.
pub(crate) const EXAMPLE_TEST_RESERVED: [&str; 3] = ["normalize", "whole", "main"];

/// The name of a generated test of one example, from its JSON pointer.
pub(crate) fn example_test_name(pointer: &str) -> String {
    let words: Vec<String> = pointer
        .split('/')
        .filter(|s| !matches!(*s, "" | "components" | "schemas" | "paths" | "content"))
        .map(|token| match jsonptr::Token::from_encoded(token) {
            Ok(token) => token.decoded().into_owned(),
            Err(_) => token.to_owned(),
        })
        .collect();
    field_name(&words.join(" "))
}

/// The client's method that streams the operation `operation` (a snake_case name already):
/// `create_chat_completion_stream`.
pub fn stream_method(operation: &str) -> String {
    format!("{}_stream", unraw(operation))
}

/// The setter of the optional field `field` (a snake_case name already) in a generated
/// struct's builder methods: `with_temperature`, `with_type` for `r#type`. Fields are unique in
/// their struct, so their setters are; none is `new`.
pub(crate) fn setter(field: &str) -> String {
    format!("with_{}", unraw(field))
}

/// Names that must be unique within one scope (a module's types, a struct's fields, an enum's
/// variants). Taken names are never handed out twice.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// Per base name, the suffix to try next: every smaller one is taken, so thousands of names
    /// that collide (enum values `a-b`, `a_b`, `A B`…) cost one probe each, not one per name
    /// before them.
    next: BTreeMap<String, usize>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope whose names must also avoid `reserved`.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next: BTreeMap::new(),
        }
    }

    /// Takes `name` if free, else the first free `name_2`, `name_3`, … (`Name2` … for
    /// UpperCamel names).
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(unraw(name).to_owned()) {
            return name.to_owned();
        }
        let base = unraw(name).trim_end_matches('_');
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let next = self.next.entry(base.to_owned()).or_insert(2);
        loop {
            let candidate = format!("{base}{separator}{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Whether `name` is an identifier these rules can give: ASCII letters, digits and `_`, not
/// starting with a digit, not `_` alone, a keyword only as a raw identifier (`r#type`), and
/// none of the four that cannot be raw.
pub(crate) fn is_identifier(name: &str) -> bool {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    let well_formed = chars
        .next()
        .is_some_and(|first| first == '_' || first.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric());
    well_formed && !NOT_RAW.contains(&bare) && (raw || !KEYWORDS.contains(&bare))
}

/// The name without its raw-identifier prefix.
pub(crate) fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Status;

    #[test]
    fn example_tests_never_take_the_helpers_names() {
        let mut scope = Scope::with_reserved(&EXAMPLE_TEST_RESERVED);
        for (pointer, name) in [
            ("/normalize", "normalize_2"),
            ("/whole", "whole_2"),
            ("/main", "main_2"),
        ] {
            assert_eq!(scope.claim(&example_test_name(pointer)), name);
        }
    }

    #[test]
    fn identifiers_are_what_syn_parses_as_one() {
        let names = [
            "a",
            "_a",
            "A1",
            "a_b",
            "r#type",
            "r#a",
            "type",
            "self",
            "Self",
            "r#self",
            "crate",
            "r#crate",
            "super",
            "_",
            "r#_",
            "",
            "1a",
            "a-b",
            "a b",
            "r#",
            "r#1",
            "r#r#a",
            "ñ",
            "gen",
            "r#gen",
            "async",
            "union",
            "macro_rules",
            "a\n",
        ];
        for name in names {
            let parsed = syn::parse_str::<syn::Ident>(name).is_ok_and(|ident| ident == name);
            // syn takes non-ASCII identifiers, which these rules never give, and `gen`, which
            // edition 2024 reserves (these rules make it `r#gen`).
            let expected = parsed && name.is_ascii() && name != "gen";
            assert_eq!(is_identifier(name), expected, "{name:?}");
        }
    }

    #[test]
    fn type_names() {
        let table = [
            ("HTTPValidationError", "HttpValidationError"),
            ("DeleteFileResponseModel", "DeleteFileResponseModel"),
            ("delete_file_req", "DeleteFileReq"),
            ("+1", "Type1"),
            ("@timestamp", "Timestamp"),
            ("won't and can't", "WonTAndCanT"),
            ("", "Type"),
            ("Self", "Self_"),
            ("名前", "U540dU524d"),
            ("Option", "Option"),
        ];
        for (raw, expected) in table {
            assert_eq!(type_name(raw), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn field_names() {
        let table = [
            ("file_id", "file_id"),
            ("fooBar", "foo_bar"),
            ("FOO-BAR", "foo_bar"),
            ("type", "r#type"),
            ("async", "r#async"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("1st", "field_1st"),
            ("", "field"),
            ("ñame", "u00f1_ame"),
            ("$ref", "r#ref"),
            ("@type", "r#type"),
        ];
        for (raw, expected) in table {
            assert_eq!(field_name(raw), expected, "field_name({raw:?})");
        }
    }

    #[test]
    fn module_names() {
        let table = [
            ("minimax", "minimax"),
            ("open_router", "open_router"),
            ("open-router", "open_router"),
            ("OpenRouter", "open_router"),
            ("v2", "v2"),
            ("enum", "enum_api"),
            ("self", "self_api"),
            ("1st", "api_1st"),
            ("", "api"),
        ];
        for (raw, expected) in table {
            assert_eq!(module_name(raw), expected, "module_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("voice_clone", "VoiceClone"),
            ("t2a_async_input", "T2aAsyncInput"),
            ("multipart/form-data", "MultipartFormData"),
            ("", "Empty"),
            ("1", "V1"),
            ("a-b", "AB"),
        ];
        for (raw, expected) in table {
            assert_eq!(variant_name(raw), expected, "variant_name({raw:?})");
        }
    }

    #[test]
    fn operation_names() {
        assert_eq!(
            operation_name(Some("deleteFile"), "delete", "/x"),
            "delete_file"
        );
        assert_eq!(
            operation_name(
                Some("delete_file_v1_files__file_id__delete"),
                "delete",
                "/x"
            ),
            "delete_file_v1_files_file_id_delete"
        );
        assert_eq!(
            operation_name(None, "DELETE", "/v1/files/{file_id}"),
            "delete_v1_files_by_file_id"
        );
        assert_eq!(
            operation_name(None, "delete", "/paas/v4/files/{file_id}"),
            "delete_paas_v4_files_by_file_id"
        );
    }

    #[test]
    fn statuses() {
        assert_eq!(status_variant(Status::Code(200)), "Ok");
        assert_eq!(status_variant(Status::Code(422)), "UnprocessableEntity");
        assert_eq!(status_variant(Status::Code(299)), "Status299");
        assert_eq!(status_variant(Status::Range(4)), "ClientError");
        assert_eq!(status_variant(Status::Default), "Default");
    }

    #[test]
    fn scopes_resolve_collisions_in_order() {
        let mut scope = Scope::with_reserved(&["extra"]);
        assert_eq!(scope.claim("foo_bar"), "foo_bar");
        assert_eq!(scope.claim("foo_bar"), "foo_bar_2");
        assert_eq!(scope.claim("extra"), "extra_2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type_2");
        let mut types = Scope::new();
        assert_eq!(types.claim("Thing"), "Thing");
        assert_eq!(types.claim("Thing"), "Thing2");
        // A suffixed name taken as such is skipped too (`Thing2` was taken above).
        assert_eq!(types.claim("Thing3"), "Thing3");
        assert_eq!(types.claim("Thing"), "Thing4");
    }

    #[test]
    fn example_names() {
        assert_eq!(
            example_test_name("/components/schemas/DeleteFileReq/example"),
            "delete_file_req_example"
        );
        assert_eq!(
            example_test_name("/paths/~1files~1{file_id}/delete/parameters/0/schema/example"),
            "files_file_id_delete_parameters_0_schema_example"
        );
    }
}
