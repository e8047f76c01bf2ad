//! Limits: documents at and beyond what the generator takes, each built by a generator function
//! (deep nesting, a huge enum, thousands of properties, very long names, long `$ref` chains and
//! cycles, YAML alias bombs, a multi-megabyte file). Each case must generate a module that parses
//! as Rust and holds what it should, or be refused with an error that names the file and the
//! line, the limit and what to do; never a panic.
//!
//! Time and memory are not asserted: they are measured on a release build of the xtask, on the
//! documents `write_documents` writes. The cases are sized to run in seconds in a debug build.

use serde_json::{json, Map, Value};
use std::path::Path;
use vendor_codegen::{Severity, Source};
use vendor_tests::{check_each, diagnostics_text};

/// One document and what the generator must make of it.
struct Case {
    /// The file it is named as: `.yaml`, `.json` or `.md` (a Mintlify page) says how it is
    /// written.
    file: String,
    text: String,
    expect: Expect,
}

/// The outcome a case must have.
enum Expect {
    /// Generates; the module parses as Rust and holds every fragment (whitespace aside), with
    /// these warnings.
    Generates {
        module: Vec<String>,
        warnings: Warnings,
    },
    /// Refused with an error on the line of the `nth` (1-based) occurrence of `at` in the text,
    /// whose message holds every fragment.
    Refused {
        at: String,
        nth: usize,
        message: &'static [&'static str],
    },
}

/// How many warnings a document that generates must have, each holding the fragment.
type Warnings = (usize, &'static str);

/// No warning.
const NONE: Warnings = (0, "");

/// What a document nested beyond the loader's limit is told.
const TOO_DEEP: &[&str] = &[
    "nests deeper than 128 levels",
    "move nested schemas to `components/schemas`",
];

/// What a document whose schemas nest beyond the lowering limit is told.
const SCHEMAS_TOO_DEEP: &[&str] = &[
    "schemas nest deeper than 32 levels",
    "move nested schemas to `components/schemas`",
];

/// What a property name longer than a field may have is told.
const PROPERTY_TOO_LONG: &[&str] = &[
    "this property name is 1025 characters long, beyond the 1024",
    "shorten it",
];

/// What a closed enum's value longer than it may have is told.
const VALUE_TOO_LONG: &[&str] = &[
    "this value is 1025 characters long, beyond the 1024",
    "shorten it",
];

/// What a YAML document with a key beyond 64 KiB is told.
const KEY_TOO_LONG: &[&str] = &[
    "a mapping key may be at most 65536 characters long",
    "shorten the key",
];

/// What an alias bomb is told.
const ALIAS_BOMB: &[&str] = &[
    "aliases (`*name`) expand into more than 100000 events",
    "write the repeated parts out once",
];

#[test]
fn deep_nesting() {
    check_all(nesting_cases());
}

/// The huge enum sized down to 10,000 values, half the one measured (slow in a debug build).
#[test]
fn a_huge_enum() {
    check_all(vec![huge_enum_case(10_000)]);
}

#[test]
fn thousands_of_properties() {
    check_all(vec![many_properties_case()]);
}

#[test]
fn long_names() {
    check_all(name_cases());
}

#[test]
fn ref_chains_and_cycles() {
    check_all(reference_cases());
}

#[test]
fn yaml_aliases() {
    check_all(alias_cases());
}

/// The multi-megabyte document, sized down to 50 components (95 KB): the full one is slow in
/// a debug build.
#[test]
fn a_big_document() {
    check_all(vec![big_case(50)]);
}

#[test]
#[ignore = "a 4 MB document is slow in a debug build: cargo test --release -p vendor-tests --test limits -- --ignored a_multi"]
fn a_multi_megabyte_document() {
    check_all(vec![big_case(BIG)]);
}

/// Components (and twice as many operations) of the multi-megabyte document: about 4 MB.
const BIG: usize = 2_000;

#[test]
#[ignore = "writes every case's document into target/tmp/limits/, to measure a release build of the xtask on them"]
fn write_documents() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("limits");
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        nesting_cases(),
        vec![huge_enum_case(20_000), many_properties_case()],
        name_cases(),
        reference_cases(),
        alias_cases(),
        vec![big_case(BIG)],
    ];
    for case in cases.into_iter().flatten() {
        let name = case.file.trim_start_matches("limits/");
        std::fs::write(dir.join(name), &case.text).unwrap();
    }
    eprintln!("written to {}", dir.display());
}

/// Checks every case, naming each that fails.
fn check_all(cases: Vec<Case>) {
    check_each(cases, |case| case.file.clone(), check);
}

/// `case` has its expected outcome, without a panic.
#[track_caller]
fn check(case: &Case) {
    let source = Source {
        name: "limits".to_owned(),
        file: case.file.clone(),
        text: case.text.clone(),
    };
    let result = std::panic::catch_unwind(|| {
        vendor_codegen::generate(&source, &vendor_tests::config("limits::api"))
    })
    .unwrap_or_else(|_| panic!("{}: the generator panicked", case.file));
    match (&case.expect, result) {
        (Expect::Generates { module, warnings }, Ok(output)) => {
            if let Err(error) = syn::parse_file(&output.module) {
                panic!("{}: the module does not parse: {error}", case.file);
            }
            if let Err(error) = syn::parse_file(&output.examples_test) {
                panic!("{}: the examples test does not parse: {error}", case.file);
            }
            let text = squeeze(&output.module);
            for fragment in module {
                assert!(
                    text.contains(&squeeze(fragment)),
                    "{}: the module lacks {fragment:?}",
                    case.file
                );
            }
            let (count, fragment) = *warnings;
            let got: Vec<&str> = output
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .map(|d| d.message.as_str())
                .collect();
            assert!(
                got.len() == count && got.iter().all(|message| message.contains(fragment)),
                "{}: expected {count} warnings saying {fragment:?}; got:\n{}",
                case.file,
                diagnostics_text(&output.diagnostics)
            );
        }
        (Expect::Generates { .. }, Err(diagnostics)) => panic!(
            "{}: refused, but it must generate:\n{}",
            case.file,
            diagnostics_text(&diagnostics)
        ),
        (Expect::Refused { .. }, Ok(_)) => {
            panic!("{}: generated, but it must be refused", case.file)
        }
        (Expect::Refused { at, nth, message }, Err(diagnostics)) => {
            let line = line_of(&case.text, at, *nth);
            assert!(
                diagnostics.iter().any(|d| d.severity == Severity::Error
                    && d.file == case.file
                    && d.line == Some(line)
                    && message.iter().all(|f| d.message.contains(f))),
                "{}: no error at line {line} says {message:?}; got:\n{}",
                case.file,
                diagnostics_text(&diagnostics)
            );
        }
    }
}

/// `text` without its whitespace, so that fragments match however prettyplease breaks lines.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The 1-based line of the `nth` occurrence of `needle` in `text`.
#[track_caller]
fn line_of(text: &str, needle: &str, nth: usize) -> u32 {
    let (at, _) = text
        .match_indices(needle)
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("{needle:?} does not occur {nth} times"));
    let newlines = text[..at].matches('\n').count();
    u32::try_from(newlines + 1).unwrap()
}

/// A case named `name` that must generate.
fn generates(name: &str, document: &Value, module: Vec<String>, warnings: Warnings) -> Case {
    case(name, document, Expect::Generates { module, warnings })
}

/// A case named `name` that must be refused at the `nth` `at`, saying `message`.
fn refused(
    name: &str,
    document: &Value,
    (at, nth): (&str, usize),
    message: &'static [&'static str],
) -> Case {
    let at = at.to_owned();
    case(name, document, Expect::Refused { at, nth, message })
}

/// A case named `name`, written as YAML, JSON or a Mintlify page after its extension.
fn case(name: &str, document: &Value, expect: Expect) -> Case {
    let text = match name.rsplit_once('.').map(|(_, extension)| extension) {
        Some("json") => serde_json::to_string_pretty(document).unwrap(),
        Some("md") => format!("# Limits\n\nA page.\n\n```yaml\n{}```\n", yaml(document)),
        _ => yaml(document),
    };
    Case {
        file: format!("limits/{name}"),
        text,
        expect,
    }
}

/// `value` (a mapping) as block-style YAML, each key and scalar written as JSON, which YAML
/// reads alike.
fn yaml(value: &Value) -> String {
    fn block(value: &Value, indent: usize, out: &mut String) {
        let entries: Vec<(Option<&String>, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (Some(k), v)).collect(),
            Value::Array(items) => items.iter().map(|v| (None, v)).collect(),
            _ => Vec::new(),
        };
        for (key, child) in entries {
            out.push_str(&" ".repeat(indent));
            match key {
                Some(key) => out.push_str(&format!("{}:", Value::from(key.as_str()))),
                None => out.push('-'),
            }
            let empty = match child {
                Value::Object(map) => map.is_empty(),
                Value::Array(items) => items.is_empty(),
                _ => true,
            };
            if empty {
                out.push_str(&format!(" {child}\n"));
            } else {
                out.push('\n');
                block(child, indent + 2, out);
            }
        }
    }
    let mut out = String::new();
    block(value, 0, &mut out);
    out
}

/// An OpenAPI 3.1 document with these component schemas and paths.
fn document(schemas: Value, paths: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "limits", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

/// `{"$ref": …}` to the component schema `name`.
fn to(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// `GET /a`, named `operation`, answering `schema` as JSON.
fn get(operation: &str, schema: Value) -> Value {
    json!({"/a": {"get": {
        "operationId": operation,
        "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": schema}},
        }},
    }}})
}

/// A document whose one component, `Deep`, is `levels` schemas nested by `wrap`, the innermost
/// a string.
fn deep(levels: usize, wrap: fn(Value) -> Value) -> Value {
    let schema = (1..levels).fold(json!({"type": "string"}), |inner, _| wrap(inner));
    document(json!({"Deep": schema}), json!({}))
}

/// An object whose one property `p` is `inner`: two YAML levels per schema.
fn in_object(inner: Value) -> Value {
    json!({"type": "object", "properties": {"p": inner}})
}

/// An array of `inner`: one YAML level per schema.
fn in_array(inner: Value) -> Value {
    json!({"type": "array", "items": inner})
}

/// `allOf: [inner]`: two YAML levels per schema.
fn in_all_of(inner: Value) -> Value {
    json!({"allOf": [inner]})
}

/// `anyOf: [inner, integer]`: two YAML levels per schema.
fn in_any_of(inner: Value) -> Value {
    json!({"anyOf": [inner, {"type": "integer"}]})
}

/// Inline objects, arrays, `allOf` and `anyOf` nested just within the limits and just beyond:
/// lowering takes 32 nested schemas (deeper, rustc could not lay out the structs), the loader
/// 128 YAML levels (63 objects, or 125 arrays). Each error stands on the line of the first
/// schema too deep (its key, or the first key of a sequence item).
fn nesting_cases() -> Vec<Case> {
    // The innermost struct and union: `Deep`, then `P` or `0` per level below it.
    let innermost = |levels: usize| vec![format!("pub struct Deep{} {{", "P".repeat(levels - 2))];
    // prettyplease ends each broken line of a generic with a comma: only the start is matched.
    let vecs = |levels: usize| {
        let ty = "::std::vec::Vec<".repeat(levels - 1);
        vec![format!("pub struct Deep(pub {ty}::std::string::String>")]
    };
    let unions = |levels: usize| vec![format!("pub enum Deep{} {{", "0".repeat(levels - 2))];
    let string = vec!["pub struct Deep(pub ::std::string::String);".to_owned()];
    let objects = |levels| deep(levels, in_object);
    let arrays = |levels| deep(levels, in_array);
    let all_of = |levels| deep(levels, in_all_of);
    let any_of = |levels| deep(levels, in_any_of);
    vec![
        generates("objects_32.yaml", &objects(32), innermost(32), NONE),
        generates("objects_32.json", &objects(32), innermost(32), NONE),
        refused(
            "objects_33.yaml",
            &objects(33),
            ("\"p\":", 32),
            SCHEMAS_TOO_DEEP,
        ),
        refused(
            "objects_33.json",
            &objects(33),
            ("\"p\":", 32),
            SCHEMAS_TOO_DEEP,
        ),
        refused(
            "objects_63.yaml",
            &objects(63),
            ("\"p\":", 32),
            SCHEMAS_TOO_DEEP,
        ),
        refused("objects_64.yaml", &objects(64), ("\"p\":", 63), TOO_DEEP),
        refused(
            "objects_64.json",
            &objects(64),
            ("\"properties\"", 63),
            TOO_DEEP,
        ),
        refused("objects_64.md", &objects(64), ("\"p\":", 63), TOO_DEEP),
        generates("arrays_32.yaml", &arrays(32), vecs(32), NONE),
        refused(
            "arrays_33.yaml",
            &arrays(33),
            ("\"items\":", 32),
            SCHEMAS_TOO_DEEP,
        ),
        refused(
            "arrays_125.yaml",
            &arrays(125),
            ("\"items\":", 32),
            SCHEMAS_TOO_DEEP,
        ),
        refused(
            "arrays_126.yaml",
            &arrays(126),
            ("\"type\": \"string\"", 1),
            TOO_DEEP,
        ),
        generates("all_of_32.yaml", &all_of(32), string, NONE),
        refused(
            "all_of_33.yaml",
            &all_of(33),
            ("\"type\": \"string\"", 1),
            SCHEMAS_TOO_DEEP,
        ),
        refused("all_of_64.yaml", &all_of(64), ("-", 63), TOO_DEEP),
        generates("any_of_32.yaml", &any_of(32), unions(32), NONE),
        refused(
            "any_of_33.yaml",
            &any_of(33),
            ("\"type\": \"string\"", 1),
            SCHEMAS_TOO_DEEP,
        ),
        refused("any_of_64.yaml", &any_of(64), ("-", 63), TOO_DEEP),
    ]
}

/// Enum values that collide once cased (`a-b`, `a_b`, `A B`…), that are empty or blank, that
/// are keywords or start with a digit, and `Other` (the open enum's own variant).
const ODD_VALUES: [&str; 16] = [
    "a-b", "a_b", "A B", "a b", "A-B", "aB", "", " ", "-", "Other", "other", "self", "Self", "1st",
    "ñ", "value-0",
];

/// `a` followed by the bits of `n` written as `-` and `_`: each such value is the variant `A`.
fn colliding(mut n: usize) -> String {
    let mut value = "a".to_owned();
    while n > 0 {
        value.push(if n % 2 == 0 { '-' } else { '_' });
        n /= 2;
    }
    value
}

/// A string enum of `size` values: [`ODD_VALUES`], then `value-<n>` and [`colliding`] values
/// in turn, so half of them collide into one name.
fn huge_enum_case(size: usize) -> Case {
    let pairs = (size - ODD_VALUES.len()) / 2;
    let mut values: Vec<String> = ODD_VALUES.iter().map(|v| (*v).to_owned()).collect();
    for n in 1..=pairs {
        values.push(format!("value-{n}"));
        values.push(colliding(n));
    }
    let module = [
        ("a-b", "AB"),
        ("a_b", "AB2"),
        ("A B", "AB3"),
        ("aB", "AB6"),
        ("", "Empty"),
        (" ", "Empty2"),
        ("-", "Empty3"),
        ("Other", "Other"),
        ("other", "Other2"),
        ("self", "Self_"),
        ("Self", "Self2"),
        ("1st", "V1st"),
        ("ñ", "U00f1"),
        ("value-0", "Value0"),
    ]
    .iter()
    .map(|(wire, name)| format!("{name} => {wire:?}"))
    .chain([
        format!(",A => {:?},", colliding(1)),
        format!("A{pairs} => {:?}", colliding(pairs)),
        format!("Value{pairs} => \"value-{pairs}\""),
        "Other3(::std::string::String),".to_owned(),
    ])
    .collect();
    let document = document(
        json!({"Big": {"type": "string", "enum": values}}),
        json!({}),
    );
    generates(&format!("enum_{size}.yaml"), &document, module, NONE)
}

/// An object with 3,000 properties, some of whose names collide once cased.
fn many_properties_case() -> Case {
    let mut properties = Map::new();
    for name in [
        "fooBar", "foo_bar", "foo-bar", "FOO BAR", "type", "self", "extra", "1st",
    ] {
        properties.insert(name.to_owned(), json!({"type": "string"}));
    }
    for n in properties.len()..3_000 {
        let ty = ["string", "integer", "boolean", "number"][n % 4];
        properties.insert(format!("property{n}"), json!({"type": ty}));
    }
    let schema = json!({"type": "object", "required": ["fooBar"], "properties": properties});
    let module = [
        "pub foo_bar: ::std::string::String,",
        "pub foo_bar_2: ::std::option::Option<::std::string::String>,",
        "pub foo_bar_4: ::std::option::Option<::std::string::String>,",
        "pub r#type: ::std::option::Option<::std::string::String>,",
        "pub self_: ::std::option::Option<::std::string::String>,",
        "pub extra: ::std::option::Option<::std::string::String>,",
        "pub field_1st: ::std::option::Option<::std::string::String>,",
        "pub property2999: ::std::option::Option<f64>,",
        "pub extra_2: ::serde_json::Map<",
    ];
    let module = module.iter().map(|f| (*f).to_owned()).collect();
    generates(
        "properties_3000.yaml",
        &document(json!({"Wide": schema}), json!({})),
        module,
        NONE,
    )
}

/// A schema name, an operationId and an enum value of 5,000 characters, a property name of
/// 1,024 (the longest a field may have), and the Rust names they must get.
fn long_named() -> (Value, Vec<String>) {
    let schema = "long_type_".repeat(500);
    let property = "prop".repeat(256);
    let operation = "operation_".repeat(500);
    let value = "long-enum-".repeat(500);
    let document = document(
        json!({&schema: {"type": "object", "properties": {&property: {"enum": [&value, "short"]}}}}),
        get(&operation, to(&schema)),
    );
    let module = vec![
        format!("pub struct {} {{", "LongType".repeat(500)),
        format!("pub {property}: ::std::option::Option<"),
        format!("pub mod {} {{", operation.trim_end_matches('_')),
        format!("{} => {value:?}", "LongEnum".repeat(500)),
    ];
    (document, module)
}

/// Long names in YAML and JSON; names too long for a field or a closed enum's value; an error
/// inside a long-named schema, still placed on its line; and a key beyond the YAML loader's
/// 64 KiB (JSON, which has a parser of its own, loads it).
fn name_cases() -> Vec<Case> {
    let (named, module) = long_named();
    let mut broken = named.clone();
    let schema = "long_type_".repeat(500);
    broken["components"]["schemas"][&schema]["properties"]["broken"] = to("Missing");
    let missing = ("\"$ref\": \"#/components/schemas/Missing\"", 1);
    let unresolved = &["does not resolve", "fix the reference"];
    let property = "p".repeat(1_025);
    let wide = json!({"Wide": {"type": "object", "properties": {&property: {"type": "string"}}}});
    let wide = document(wide, json!({}));
    let constant = document(json!({"Tag": {"const": "c".repeat(1_025)}}), json!({}));
    let key = "k".repeat(70_000);
    let beyond = document(json!({&key: {"type": "object"}}), json!({}));
    let beyond_module = vec![format!("pub struct K{}(", &key[1..])];
    vec![
        generates("long_names.yaml", &named, module.clone(), NONE),
        generates("long_names.json", &named, module, NONE),
        refused(
            "long_property.yaml",
            &wide,
            (&property, 1),
            PROPERTY_TOO_LONG,
        ),
        refused(
            "long_property.json",
            &wide,
            (&property, 1),
            PROPERTY_TOO_LONG,
        ),
        refused(
            "long_const.yaml",
            &constant,
            ("\"Tag\":", 1),
            VALUE_TOO_LONG,
        ),
        refused("long_names_broken.yaml", &broken, missing, unresolved),
        refused("long_names_broken.json", &broken, missing, unresolved),
        generates("key_beyond_limit.json", &beyond, beyond_module, NONE),
        refused("key_beyond_limit.yaml", &beyond, (&key, 1), KEY_TOO_LONG),
    ]
}

/// What a cycle that no value can close is told (it is typed as any JSON value).
const EMPTY_CYCLE: &str = "refers back to itself through `$ref`, `allOf`, `anyOf` or `oneOf` alone";

/// A chain of 3,000 `$ref` aliases, the same chain closed into a ring, and cycles of every
/// kind: self, mutual, through arrays, maps and `anyOf`, and cycles that no value can close
/// (pure aliases `Ping` → `Pong` → `Ping`, `Me` → `Me`, a union or an `allOf` of itself).
///
/// Long chains and rings of structs must compile, not only parse: they are in
/// `tests/fixtures/compile/deep_types.yaml`, which the workspace builds and documents.
fn reference_cases() -> Vec<Case> {
    const LENGTH: usize = 3_000;
    let mut chain = Map::new();
    for n in 0..LENGTH {
        chain.insert(format!("A{n}"), to(&format!("A{}", n + 1)));
    }
    let mut ring = chain.clone();
    ring.insert(format!("A{}", LENGTH - 1), to("A0"));
    let object = json!({"type": "object", "properties": {"x": {"type": "string"}}});
    chain.insert(format!("A{LENGTH}"), object);
    let chain_module = vec![
        "pub type A0 = A1;".to_owned(),
        format!("pub type A{} = A{LENGTH};", LENGTH - 1),
        format!("pub struct A{LENGTH} {{"),
    ];
    let ring_module = vec![
        "pub struct A0(pub ::serde_json::Value);".to_owned(),
        format!("pub struct A{}(pub ::serde_json::Value);", LENGTH - 1),
    ];
    let cycles = json!({
        "Node": {"type": "object", "required": ["next"], "properties": {
            "next": to("Node"),
            "children": {"type": "array", "items": to("Node")},
        }},
        "Even": {"type": "object", "required": ["odd"], "properties": {"odd": to("Odd")}},
        "Odd": {"type": "object", "properties": {"even": to("Even")}},
        "List": {"type": "array", "items": to("List")},
        "Dict": {"type": "object", "additionalProperties": to("Dict")},
        "Tree": {"anyOf": [{"type": "array", "items": to("Tree")}, {"type": "string"}]},
        "Ping": to("Pong"),
        "Pong": to("Ping"),
        "Me": to("Me"),
        "Loop": {"anyOf": [to("Loop"), {"type": "string"}]},
        "Wrapped": {"allOf": [to("Wrapped")]},
    });
    let cycles_module = [
        "pub next: ::std::boxed::Box<Node>,",
        "pub children: ::std::option::Option<::std::vec::Vec<Node>>,",
        "pub odd: ::std::boxed::Box<Odd>,",
        "pub even: ::std::option::Option<::std::boxed::Box<Even>>,",
        "pub struct List(pub ::std::vec::Vec<List>);",
        "pub struct Dict(pub ::std::collections::BTreeMap<::std::string::String, Dict>);",
        "TreeList(::std::vec::Vec<Tree>),",
        "pub struct Ping(pub ::serde_json::Value);",
        "pub struct Pong(pub ::serde_json::Value);",
        "pub struct Me(pub ::serde_json::Value);",
        "pub struct Loop(pub ::serde_json::Value);",
        "pub struct Wrapped(pub ::serde_json::Value);",
        "-> ::std::result::Result<super::Ping, Error>",
    ];
    let cycles_module = cycles_module.iter().map(|f| (*f).to_owned()).collect();
    let chain = document(Value::Object(chain), get("getA", to("A0")));
    let ring = document(Value::Object(ring), json!({}));
    let cycles = document(cycles, get("getNode", to("Ping")));
    vec![
        generates("ref_chain.yaml", &chain, chain_module, NONE),
        generates("ref_ring.yaml", &ring, ring_module, (LENGTH, EMPTY_CYCLE)),
        generates("cycles.yaml", &cycles, cycles_module, (5, EMPTY_CYCLE)),
    ]
}

/// The head of a YAML document, for the hand-written alias cases.
const HEAD: &str = "openapi: 3.1.0\ninfo: {title: aliases, version: '1'}\npaths: {}\n";

/// Anchors and aliases used as documents use them (one anchor for 500 aliases included), and
/// alias bombs: nested ("billion laughs": 10⁸ strings from 9 lines) and wide (one big anchor
/// repeated).
fn alias_cases() -> Vec<Case> {
    let mut shared = format!(
        "{HEAD}components:\n  schemas:\n    A: &object {{type: object, properties: {{x: &text {{type: string}}}}}}\n    B: *object\n    C:\n      type: object\n      properties:\n"
    );
    for n in 0..500 {
        shared.push_str(&format!("        p{n}: *text\n"));
    }
    let mut nested = format!("{HEAD}x-lol0: &lol0 lol\n");
    for level in 1..9 {
        let items = vec![format!("*lol{}", level - 1); 10].join(", ");
        nested.push_str(&format!("x-lol{level}: &lol{level} [{items}]\n"));
    }
    let big: Vec<String> = (0..1_000).map(|n| format!("v{n}")).collect();
    let mut wide = format!("{HEAD}x-big: &big [{}]\nx-copies:\n", big.join(", "));
    wide.push_str(&"  - *big\n".repeat(200));
    let raw = |name: &str, text: String, expect: Expect| Case {
        file: format!("limits/{name}"),
        text,
        expect,
    };
    let bomb = |at: &str, nth| Expect::Refused {
        at: at.to_owned(),
        nth,
        message: ALIAS_BOMB,
    };
    vec![
        raw(
            "aliases.yaml",
            shared,
            Expect::Generates {
                module: vec![
                    "pub struct A {".to_owned(),
                    "pub struct B {".to_owned(),
                    "pub p499: ::std::option::Option<::std::string::String>,".to_owned(),
                ],
                warnings: NONE,
            },
        ),
        raw("nested_bomb.yaml", nested, bomb("x-lol5:", 1)),
        raw("wide_bomb.yaml", wide, bomb("  - *big", 100)),
    ]
}

/// A document of `components` component schemas and `2 × components` operations, each with
/// parameters, a body or a response, descriptions and examples (about 2 KB per component).
/// Each model refers to a parent, half its number.
fn big_case(components: usize) -> Case {
    let mut schemas = Map::new();
    let mut paths = Map::new();
    for n in 0..components {
        schemas.insert(format!("Model{n}"), json!({
            "type": "object",
            "description": format!("Model number {n}, with a description as long as a line of a real document."),
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "integer", "format": "int64", "example": n},
                "name": {"type": "string", "description": "Its name."},
                "kind": {"type": "string", "enum": ["small", "medium", "large"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "score": {"type": "number", "nullable": true},
                "parent": to(&format!("Model{}", n / 2)),
                "meta": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }));
        let content = json!({"application/json": {"schema": to(&format!("Model{n}"))}});
        paths.insert(format!("/models{n}/{{model_id}}"), json!({
            "parameters": [{"name": "model_id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "get": {
                "operationId": format!("getModel{n}"),
                "summary": format!("Reads model {n}."),
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}],
                "responses": {
                    "200": {"description": "The model.", "content": content},
                    "404": {"description": "No such model."},
                },
            },
            "put": {
                "operationId": format!("putModel{n}"),
                "requestBody": {"required": true, "content": content},
                "responses": {"200": {"description": "The model, updated.", "content": content}},
            },
        }));
    }
    let last = components - 1;
    let module = vec![
        format!("pub struct Model{last} {{"),
        format!("pub mod get_model{last} {{"),
        format!("pub mod put_model{last} {{"),
    ];
    let document = document(Value::Object(schemas), Value::Object(paths));
    generates(&format!("big_{components}.yaml"), &document, module, NONE)
}
