//! Property test: random OpenAPI 3.1 documents, random JSON values valid for their component
//! schemas, and the types generated for them round-trip those values (README, "Type rules").
//!
//! proptest strategies draw each document (objects with required, optional and oddly named
//! properties, scalars, `int64` beyond 2^53, three spellings of nullable, arrays, maps,
//! `additionalProperties: false`, open enums, `const`, unions of distinct types, nested objects,
//! `$ref` and recursion) and values for each component (unknown fields and unlisted enum values
//! included), and invalid values that must be refused (a missing or mistyped required field, a
//! wrong `const`, an unknown field where `additionalProperties: false`). Every document goes
//! through `vendor_codegen::generate`, which must not warn (but that a component is renamed, as
//! names that collide once cased are drawn on purpose); all the modules go into one crate,
//! `target/proptest/cases/` (kept for inspection: `documents/` holds each document), built with
//! `#![deny(warnings)]` and `RUSTFLAGS` unset into `target/proptest` (so serde and friends are
//! built once, with this repository's `Cargo.lock`) and run once on all the values: it only
//! reads each into its type and writes it back. The comparison happens here, so that it is
//! linted code: see [`Sample`] for what counts as equal.
//!
//! The draws are deterministic: `PROPTEST_RNG_SEED` (default 1) picks another seed and
//! `PROPTEST_CASES` (default 48) the number of documents. A failure names the seed, the case,
//! the type, the input and what came back; `PROPTEST_RNG_SEED=<seed>` reproduces it. There is
//! no shrinking: each attempt would need another build.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestRunner};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use vendor_codegen::{Severity, Source};
use vendor_tests::{diagnostics_text, repo_root};

/// Documents drawn when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u64 = 48;

/// The seed when `PROPTEST_RNG_SEED` is not set.
const DEFAULT_SEED: u64 = 1;

/// How deep schemas nest inside a component.
const SCHEMA_DEPTH: u32 = 3;

/// How deep values nest (through containers and references) before every optional part stops.
const VALUE_DEPTH: u32 = 3;

/// Valid values drawn per component schema.
const VALUES_PER_SCHEMA: usize = 4;

/// The largest integer an `f64` holds exactly.
const F64_EXACT: i64 = 1 << 53;

/// The largest integer given for a `number`: written back as `n.0`, it still has fewer than 16
/// significant digits, which serde_json's default (fast) parsing reads exactly.
const NUMBER_INTEGER: i64 = 99_999_999_999_999;

/// What every run of the default size draws (checked, so that a change to the strategies does
/// not drop one unnoticed), as [`Schema::census`] names it.
const COVERED: &[&str] = &[
    "string",
    "int32",
    "int64",
    "integer",
    "number",
    "boolean",
    "open enum",
    "const",
    "free-form object",
    "$ref",
    "$ref to itself or a later component",
    "array",
    "map",
    "nullable: true",
    "type: [T, 'null']",
    "anyOf: [X, {type: 'null'}]",
    "oneOf",
    "anyOf",
    "object keeping unknown fields",
    "additionalProperties: false",
    "object with typed additionalProperties",
    "required property",
    "optional property",
];

/// Property names the README's naming rules single out: keywords, a leading digit, names that
/// differ only in case or collide once cased, the name of the unknown-fields map, and others.
const PROPERTY_NAMES: &[&str] = &[
    "id", "ID", "Id", "name", "Name", "type", "self", "Self", "crate", "super", "async", "fn",
    "match", "1st", "2fa", "3", "fooBar", "foo_bar", "FOO-BAR", "foo-bar", "foo bar", "extra",
    "extra_2", "other", "$ref", "x-kind", "a.b", "名前", "ñame", "", "_", "Some", "None",
];

/// Component names (OpenAPI allows `[A-Za-z0-9._-]`): names of std and serde items, names that
/// collide once cased, a leading digit.
const COMPONENT_NAMES: &[&str] = &[
    "Tree",
    "Node",
    "Option",
    "String",
    "Result",
    "Box",
    "Vec",
    "Value",
    "Self",
    "type",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Serialize",
    "Deserialize",
    "HTTPThing",
    "HttpThing",
    "thing.v2-Beta",
    "1Up",
    "snake_case",
    "a-b",
    "a_b",
    "Map",
];

/// Words that random names are made of.
const WORDS: &[&str] = &[
    "file", "id", "user", "http", "url", "created", "at", "v2", "max", "tokens", "api", "key", "x",
    "data", "node",
];

/// Enum values and strings that tend to break things.
const ODD_STRINGS: &[&str] = &[
    "", "a", "b", "a-b", "a_b", "A B", "1", "other", "Other", "null", "true", "0", "\"", "\\",
    "*/", "\u{0}", "\u{2028}", "𝄞", "名前",
];

/// JSON kinds, as bits: what a schema accepts.
const NULL: u8 = 1;
const BOOL: u8 = 2;
const INT: u8 = 4;
const FLOAT: u8 = 8;
const STRING: u8 = 16;
const ARRAY: u8 = 32;
const OBJECT: u8 = 64;
const ANY: u8 = 127;

/// A schema of a random document.
#[derive(Debug, Clone)]
enum Schema {
    String,
    Int32,
    /// `type: integer`, with `format: int64` or without.
    Int64 {
        format: bool,
    },
    Number,
    Boolean,
    /// An open string enum of these (distinct) values.
    Enum(Vec<String>),
    /// `const: value` (a string, an integer or a boolean), with its `type` or without.
    Const {
        value: Value,
        typed: bool,
    },
    Array(Box<Schema>),
    /// `additionalProperties: <schema>` without properties: a map.
    Map(Box<Schema>),
    /// `type: object` alone: any object.
    FreeObject,
    Object(Object),
    /// A `$ref` to the component of this index.
    Ref(usize),
    Nullable(Box<Schema>, NullStyle),
    /// `oneOf` or `anyOf` (the keyword) of members taking distinct JSON types.
    Union(Vec<Schema>, &'static str),
}

/// An object schema with properties.
#[derive(Debug, Clone)]
struct Object {
    properties: Vec<Property>,
    extra: Extra,
}

#[derive(Debug, Clone)]
struct Property {
    name: String,
    required: bool,
    schema: Schema,
}

/// What an object does with properties it does not list.
#[derive(Debug, Clone)]
enum Extra {
    /// `additionalProperties` absent: kept.
    Keep,
    /// `additionalProperties: false`: refused.
    Deny,
    /// `additionalProperties: <schema>`: kept, typed.
    Typed(Box<Schema>),
}

/// How a document says a schema also takes `null`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NullStyle {
    /// 3.0: `nullable: true`.
    Nullable,
    /// 3.1: `type: [T, 'null']`.
    TypeList,
    /// 3.1: `anyOf: [X, {type: 'null'}]`.
    AnyOf,
}

/// A document: its component schemas, by name, in order.
#[derive(Debug, Clone)]
struct Document {
    components: Vec<(String, Schema)>,
}

/// Where a schema is drawn: how many components there are, which one is being drawn, how much
/// deeper it may nest, and whether a value may stop above it (an optional property, an array,
/// a map or a nullable: only there may a `$ref` point to this component or a later one, so
/// that every cycle can end and every value is finite).
#[derive(Debug, Clone, Copy)]
struct At {
    components: usize,
    me: usize,
    depth: u32,
    guarded: bool,
}

impl At {
    fn deeper(self, guarded: bool) -> At {
        At {
            depth: self.depth.saturating_sub(1),
            guarded,
            ..self
        }
    }
}

/// One of `names`, or a name made of random words in a random case style.
fn name(names: &'static [&'static str]) -> BoxedStrategy<String> {
    let made = (
        prop::collection::vec(prop::sample::select(WORDS), 1..4),
        0..7_u8,
    )
        .prop_map(|(words, style)| {
            let cap = |word: &str| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            };
            match style {
                0 => words.join("_"),
                1 => words.join("-"),
                2 => words.iter().map(|w| cap(w)).collect(),
                3 => words.join("_").to_uppercase(),
                4 => words.join("."),
                5 => words.join(" "),
                _ => {
                    let (first, rest) = words.split_first().expect("at least one word");
                    std::iter::once(first.to_string())
                        .chain(rest.iter().map(|w| cap(w)))
                        .collect()
                }
            }
        });
    prop_oneof![
        1 => prop::sample::select(names).prop_map(str::to_owned),
        1 => made,
    ]
    .boxed()
}

/// Keeps the first of the items that have the same `key`.
fn first_of_each<T>(items: &mut Vec<T>, key: impl Fn(&T) -> String) {
    let mut seen = Vec::new();
    items.retain(|item| {
        let key = key(item);
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
}

/// A component name: OpenAPI allows `[A-Za-z0-9._-]` only (so it is its own JSON pointer
/// token).
fn component_name() -> BoxedStrategy<String> {
    name(COMPONENT_NAMES)
        .prop_map(|name| name.replace(' ', "_"))
        .boxed()
}

/// Any string: odd ones, and random characters of the whole of Unicode.
fn string() -> BoxedStrategy<String> {
    prop_oneof![
        1 => prop::sample::select(ODD_STRINGS).prop_map(str::to_owned),
        2 => prop::collection::vec(any::<char>(), 0..8).prop_map(String::from_iter),
    ]
    .boxed()
}

/// A schema drawn at `at`.
fn schema(at: At) -> BoxedStrategy<Schema> {
    let leaf = leaf(at);
    if at.depth == 0 {
        return leaf;
    }
    let guarded = at.deeper(true);
    prop_oneof![
        8 => leaf,
        2 => schema(guarded).prop_map(|items| Schema::Array(Box::new(items))),
        1 => schema(guarded).prop_map(|values| Schema::Map(Box::new(values))),
        3 => object(at.deeper(at.guarded)).prop_map(Schema::Object),
        3 => (schema(guarded), null_style()).prop_map(|(schema, style)| match schema {
            Schema::Nullable(..) => schema,
            schema => Schema::Nullable(Box::new(schema), style),
        }),
        2 => union(at.deeper(false)),
    ]
    .boxed()
}

fn null_style() -> impl Strategy<Value = NullStyle> {
    prop::sample::select(&[NullStyle::Nullable, NullStyle::TypeList, NullStyle::AnyOf][..])
}

/// A schema without subschemas, or a `$ref`.
fn leaf(at: At) -> BoxedStrategy<Schema> {
    let enum_values = prop::collection::vec(string(), 1..5).prop_map(|mut values| {
        first_of_each(&mut values, String::clone);
        Schema::Enum(values)
    });
    let constant = (
        prop_oneof![
            string().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::Bool),
        ],
        any::<bool>(),
    )
        .prop_map(|(value, typed)| Schema::Const { value, typed });
    let mut leaves = vec![
        (3, Just(Schema::String).boxed()),
        (2, Just(Schema::Int32).boxed()),
        (
            3,
            any::<bool>()
                .prop_map(|format| Schema::Int64 { format })
                .boxed(),
        ),
        (2, Just(Schema::Number).boxed()),
        (2, Just(Schema::Boolean).boxed()),
        (2, enum_values.boxed()),
        (2, constant.boxed()),
        (1, Just(Schema::FreeObject).boxed()),
    ];
    let refs = if at.guarded { at.components } else { at.me };
    if refs > 0 {
        leaves.push((4, (0..refs).prop_map(Schema::Ref).boxed()));
    }
    prop::strategy::Union::new_weighted(leaves).boxed()
}

/// An object with 1 to 4 properties (distinct names), each required or not.
fn object(at: At) -> BoxedStrategy<Object> {
    let property = prop_oneof![
        (name(PROPERTY_NAMES), schema(at)).prop_map(|(name, schema)| Property {
            name,
            required: true,
            schema,
        }),
        (
            name(PROPERTY_NAMES),
            schema(At {
                guarded: true,
                ..at
            })
        )
            .prop_map(|(name, schema)| {
                Property {
                    name,
                    required: false,
                    schema,
                }
            }),
    ];
    let extra = prop_oneof![
        3 => Just(Extra::Keep),
        1 => Just(Extra::Deny),
        1 => schema(At { guarded: true, ..at }).prop_map(|values| Extra::Typed(Box::new(values))),
    ];
    (prop::collection::vec(property, 1..5), extra)
        .prop_map(|(mut properties, extra)| {
            first_of_each(&mut properties, |property| property.name.clone());
            Object { properties, extra }
        })
        .boxed()
}

/// `oneOf`/`anyOf` of 2 or 3 members; [`distinct_unions`] drops members that overlap.
fn union(at: At) -> BoxedStrategy<Schema> {
    (
        prop::collection::vec(schema(at), 2..4),
        prop::sample::select(&["oneOf", "anyOf"][..]),
    )
        .prop_map(|(members, keyword)| Schema::Union(members, keyword))
        .boxed()
}

/// A recursive component: an object with a property that refers to the component itself,
/// through an array, an optional property, a nullable required one, or a map.
fn tree(at: At) -> BoxedStrategy<Schema> {
    let me = Schema::Ref(at.me);
    let link = prop_oneof![
        Just(("children", true, Schema::Array(Box::new(me.clone())))),
        Just(("children", false, Schema::Array(Box::new(me.clone())))),
        Just(("parent", false, me.clone())),
        null_style().prop_map(move |style| {
            let me = Schema::Nullable(Box::new(Schema::Ref(at.me)), style);
            ("next", true, me)
        }),
        Just(("byName", false, Schema::Map(Box::new(me)))),
    ];
    (object(at.deeper(false)), link)
        .prop_map(|(mut object, (name, required, schema))| {
            object.properties.retain(|property| property.name != name);
            object.properties.push(Property {
                name: name.to_owned(),
                required,
                schema,
            });
            Schema::Object(object)
        })
        .boxed()
}

/// A document of 1 to 4 components.
fn document() -> impl Strategy<Value = Document> {
    prop::collection::vec(component_name(), 1..5).prop_flat_map(|mut names| {
        first_of_each(&mut names, String::clone);
        let schemas: Vec<BoxedStrategy<Schema>> = (0..names.len())
            .map(|me| {
                let at = At {
                    components: names.len(),
                    me,
                    depth: SCHEMA_DEPTH,
                    guarded: false,
                };
                prop_oneof![4 => schema(at), 1 => tree(at)].boxed()
            })
            .collect();
        schemas.prop_map(move |schemas| {
            let mut document = Document {
                components: names.iter().cloned().zip(schemas).collect(),
            };
            distinct_unions(&mut document);
            document
        })
    })
}

/// Keeps in each union only members that take none of the JSON types an earlier member takes,
/// and never `null` (the first member that fits wins in an untagged union, so overlapping
/// members would not round-trip by design).
fn distinct_unions(document: &mut Document) {
    for index in 0..document.components.len() {
        let mut schema = std::mem::replace(&mut document.components[index].1, Schema::String);
        distinct(&mut schema, &document.components[..index]);
        document.components[index].1 = schema;
    }
}

fn distinct(schema: &mut Schema, earlier: &[(String, Schema)]) {
    match schema {
        Schema::Array(inner) | Schema::Map(inner) | Schema::Nullable(inner, _) => {
            distinct(inner, earlier);
        }
        Schema::Object(object) => {
            for property in &mut object.properties {
                distinct(&mut property.schema, earlier);
            }
            if let Extra::Typed(values) = &mut object.extra {
                distinct(values, earlier);
            }
        }
        Schema::Union(members, _) => {
            let mut taken = NULL;
            members.retain_mut(|member| {
                distinct(member, earlier);
                let kinds = kinds(member, earlier);
                let fits = kinds & taken == 0;
                taken |= kinds;
                fits
            });
            if members.is_empty() {
                *schema = Schema::String;
            }
        }
        _ => {}
    }
}

/// The JSON types `schema` takes; `earlier` are the components a `$ref` may name here.
fn kinds(schema: &Schema, earlier: &[(String, Schema)]) -> u8 {
    match schema {
        Schema::String | Schema::Enum(_) => STRING,
        Schema::Int32 | Schema::Int64 { .. } => INT,
        Schema::Number => INT | FLOAT,
        Schema::Boolean => BOOL,
        Schema::Const { value, .. } => kind(value),
        Schema::Array(_) => ARRAY,
        Schema::Map(_) | Schema::FreeObject | Schema::Object(_) => OBJECT,
        // A component only names earlier ones unguarded: anything else may loop, so may be
        // anything.
        Schema::Ref(index) => earlier
            .get(*index)
            .map_or(ANY, |(_, target)| kinds(target, &earlier[..*index])),
        Schema::Nullable(inner, _) => NULL | kinds(inner, earlier),
        Schema::Union(members, _) => members
            .iter()
            .fold(0, |all, member| all | kinds(member, earlier)),
    }
}

/// The JSON type of `value`.
fn kind(value: &Value) -> u8 {
    match value {
        Value::Null => NULL,
        Value::Bool(_) => BOOL,
        Value::Number(number) if number.is_f64() => FLOAT,
        Value::Number(_) => INT,
        Value::String(_) => STRING,
        Value::Array(_) => ARRAY,
        Value::Object(_) => OBJECT,
    }
}

impl Document {
    /// The document as JSON.
    fn to_json(&self, case: u64) -> Value {
        let schemas: Map<String, Value> = self
            .components
            .iter()
            .map(|(name, schema)| (name.clone(), schema.to_json(self)))
            .collect();
        json!({
            "openapi": "3.1.0",
            "info": {"title": format!("Random document {case}"), "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        })
    }
}

impl Schema {
    /// The schema as JSON.
    fn to_json(&self, document: &Document) -> Value {
        match self {
            Schema::String => json!({"type": "string"}),
            Schema::Int32 => json!({"type": "integer", "format": "int32"}),
            Schema::Int64 { format: true } => json!({"type": "integer", "format": "int64"}),
            Schema::Int64 { format: false } => json!({"type": "integer"}),
            Schema::Number => json!({"type": "number"}),
            Schema::Boolean => json!({"type": "boolean"}),
            Schema::Enum(values) => json!({"type": "string", "enum": values}),
            Schema::Const { value, typed } => {
                let mut schema = json!({"const": value});
                if *typed {
                    schema["type"] = json!(match kind(value) {
                        STRING => "string",
                        BOOL => "boolean",
                        _ => "integer",
                    });
                }
                schema
            }
            Schema::Array(items) => json!({"type": "array", "items": items.to_json(document)}),
            Schema::Map(values) => {
                json!({"type": "object", "additionalProperties": values.to_json(document)})
            }
            Schema::FreeObject => json!({"type": "object"}),
            Schema::Object(object) => {
                let properties: Map<String, Value> = object
                    .properties
                    .iter()
                    .map(|property| (property.name.clone(), property.schema.to_json(document)))
                    .collect();
                let mut schema = json!({"type": "object", "properties": properties});
                let required: Vec<&str> = object
                    .properties
                    .iter()
                    .filter(|property| property.required)
                    .map(|property| property.name.as_str())
                    .collect();
                if !required.is_empty() {
                    schema["required"] = json!(required);
                }
                match &object.extra {
                    Extra::Keep => {}
                    Extra::Deny => schema["additionalProperties"] = json!(false),
                    Extra::Typed(values) => {
                        schema["additionalProperties"] = values.to_json(document);
                    }
                }
                schema
            }
            Schema::Ref(index) => {
                let name = &document.components[*index].0;
                json!({"$ref": format!("#/components/schemas/{name}")})
            }
            Schema::Nullable(inner, style) => {
                let mut schema = inner.to_json(document);
                match inner.null_style(*style) {
                    NullStyle::AnyOf => json!({"anyOf": [schema, {"type": "null"}]}),
                    spelled => {
                        if let Some(Value::Array(values)) = schema.get_mut("enum") {
                            // A nullable enum lists `null` too (OpenAPI 3.0.3, JSON Schema).
                            values.push(Value::Null);
                        }
                        if spelled == NullStyle::Nullable {
                            schema["nullable"] = json!(true);
                        } else {
                            schema["type"] = json!([schema["type"], "null"]);
                        }
                        schema
                    }
                }
            }
            Schema::Union(members, keyword) => {
                let members: Vec<Value> = members.iter().map(|m| m.to_json(document)).collect();
                let mut schema = Map::new();
                schema.insert((*keyword).to_owned(), Value::Array(members));
                Value::Object(schema)
            }
        }
    }

    /// `style`, or `anyOf` where the schema has no `type` to mark.
    fn null_style(&self, style: NullStyle) -> NullStyle {
        match self {
            Schema::Ref(_) | Schema::Union(..) | Schema::Const { .. } => NullStyle::AnyOf,
            _ => style,
        }
    }

    /// Counts what the schema exercises into `census`; `me` is the component it is in.
    fn census(&self, me: usize, census: &mut BTreeMap<&'static str, usize>) {
        let mut features = vec![self.feature(me)];
        let mut inside: Vec<&Schema> = Vec::new();
        match self {
            Schema::Array(inner) | Schema::Map(inner) | Schema::Nullable(inner, _) => {
                inside.push(inner);
            }
            Schema::Union(members, _) => inside.extend(members),
            Schema::Object(object) => {
                for property in &object.properties {
                    features.push(if property.required {
                        "required property"
                    } else {
                        "optional property"
                    });
                    inside.push(&property.schema);
                }
                if let Extra::Typed(values) = &object.extra {
                    inside.push(values);
                }
            }
            _ => {}
        }
        for feature in features {
            *census.entry(feature).or_insert(0) += 1;
        }
        for schema in inside {
            schema.census(me, census);
        }
    }

    /// What the schema is, in the census.
    fn feature(&self, me: usize) -> &'static str {
        match self {
            Schema::String => "string",
            Schema::Int32 => "int32",
            Schema::Int64 { format: true } => "int64",
            Schema::Int64 { format: false } => "integer",
            Schema::Number => "number",
            Schema::Boolean => "boolean",
            Schema::Enum(_) => "open enum",
            Schema::Const { .. } => "const",
            Schema::FreeObject => "free-form object",
            Schema::Ref(index) if *index >= me => "$ref to itself or a later component",
            Schema::Ref(_) => "$ref",
            Schema::Array(_) => "array",
            Schema::Map(_) => "map",
            Schema::Nullable(inner, style) => match inner.null_style(*style) {
                NullStyle::Nullable => "nullable: true",
                NullStyle::TypeList => "type: [T, 'null']",
                NullStyle::AnyOf => "anyOf: [X, {type: 'null'}]",
            },
            Schema::Union(_, "oneOf") => "oneOf",
            Schema::Union(..) => "anyOf",
            Schema::Object(object) => match object.extra {
                Extra::Keep => "object keeping unknown fields",
                Extra::Deny => "additionalProperties: false",
                Extra::Typed(_) => "object with typed additionalProperties",
            },
        }
    }
}

/// A valid value and what the generated type must give back for it: the same JSON, but for
/// what the README documents as lossy. An optional property given as `null` reads as `None`
/// and is then omitted ("not required → `Option<T>`, omitted when `None`"), and an integer
/// given for a `number` comes back as that `f64` (`3` → `3.0`; see [`NUMBER_INTEGER`]).
/// Everything else must come back equal: integers
/// exactly, `f64` bit for bit (only decimals that serde_json, without its `float_roundtrip`
/// feature, parses exactly are drawn), strings, unknown fields, unlisted enum values. The order
/// of an object's members is not compared (a struct writes its fields in declaration order).
#[derive(Debug, Clone)]
struct Sample {
    input: Value,
    output: Value,
}

impl Sample {
    fn same(value: Value) -> Sample {
        Sample {
            input: value.clone(),
            output: value,
        }
    }
}

/// An `f64` that survives serde_json's default (fast) parsing exactly: at most 9 significant
/// digits and 6 decimals, so that both the text given and the text written back are parsed
/// with one correctly rounded operation.
fn decimal() -> impl Strategy<Value = f64> {
    (-999_999_999_i64..=999_999_999, 0_u32..=6).prop_map(|(mantissa, decimals)| {
        format!("{mantissa}e-{decimals}")
            .parse::<f64>()
            .expect("a decimal parses")
    })
}

/// Integers, the edges of `i64` and values beyond 2^53 among them.
fn integer() -> BoxedStrategy<i64> {
    prop_oneof![
        2 => any::<i64>(),
        1 => -1000_i64..1000,
        1 => prop::sample::select(&[
            0,
            F64_EXACT + 1,
            -(F64_EXACT + 1),
            i64::MAX,
            i64::MIN,
            339_034_939_613_184,
        ][..]),
    ]
    .boxed()
}

/// Any JSON value, `depth` levels deep at most (what unknown fields and free-form objects hold).
fn any_json(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        integer().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        decimal().prop_map(Value::from),
        string().prop_map(Value::String),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    prop_oneof![
        3 => leaf,
        1 => prop::collection::vec(any_json(depth - 1), 0..3).prop_map(Value::Array),
        1 => prop::collection::vec((string(), any_json(depth - 1)), 0..3)
            .prop_map(|members| Value::Object(members.into_iter().collect())),
    ]
    .boxed()
}

/// Values valid for `schema` (in `document`), `budget` levels deep: at 0, optional properties
/// are left out, arrays and maps are empty and nullables are `null`, so recursion ends.
fn value(schema: &Schema, document: &Document, budget: u32) -> BoxedStrategy<Sample> {
    let deeper = budget.saturating_sub(1);
    match schema {
        Schema::String => string()
            .prop_map(|s| Sample::same(Value::String(s)))
            .boxed(),
        Schema::Int32 => prop_oneof![
            any::<i32>(),
            prop::sample::select(&[i32::MIN, i32::MAX, 0][..]),
        ]
        .prop_map(|n| Sample::same(Value::from(n)))
        .boxed(),
        Schema::Int64 { .. } => integer().prop_map(|n| Sample::same(Value::from(n))).boxed(),
        Schema::Number => prop_oneof![
            decimal().prop_map(|x| Sample::same(Value::from(x))),
            (-NUMBER_INTEGER..=NUMBER_INTEGER).prop_map(|n| Sample {
                input: Value::from(n),
                output: Value::from(n as f64),
            }),
        ]
        .boxed(),
        Schema::Boolean => any::<bool>()
            .prop_map(|b| Sample::same(Value::Bool(b)))
            .boxed(),
        Schema::Enum(values) => {
            let listed = values.clone();
            let unlisted = string().prop_filter("not listed", move |s| !listed.contains(s));
            prop_oneof![
                2 => prop::sample::select(values.clone()),
                1 => unlisted,
            ]
            .prop_map(|s| Sample::same(Value::String(s)))
            .boxed()
        }
        Schema::Const { value, .. } => Just(Sample::same(value.clone())).boxed(),
        Schema::FreeObject => prop::collection::vec((string(), any_json(2)), 0..4)
            .prop_map(|members| Sample::same(Value::Object(members.into_iter().collect())))
            .boxed(),
        Schema::Array(_) | Schema::Map(_) | Schema::Nullable(..) if budget == 0 => {
            Just(Sample::same(match schema {
                Schema::Array(_) => json!([]),
                Schema::Map(_) => json!({}),
                _ => Value::Null,
            }))
            .boxed()
        }
        Schema::Array(items) => prop::collection::vec(value(items, document, deeper), 0..4)
            .prop_map(|items| Sample {
                input: items.iter().map(|item| item.input.clone()).collect(),
                output: items.into_iter().map(|item| item.output).collect(),
            })
            .boxed(),
        Schema::Map(values) => {
            prop::collection::vec((string(), value(values, document, deeper)), 0..4)
                .prop_map(|members| {
                    let members: BTreeMap<String, Sample> = members.into_iter().collect();
                    Sample {
                        input: members
                            .iter()
                            .map(|(k, v)| (k.clone(), v.input.clone()))
                            .collect(),
                        output: members.into_iter().map(|(k, v)| (k, v.output)).collect(),
                    }
                })
                .boxed()
        }
        Schema::Nullable(inner, _) => prop_oneof![
            1 => Just(Sample::same(Value::Null)),
            3 => value(inner, document, budget),
        ]
        .boxed(),
        Schema::Union(members, _) => {
            prop::strategy::Union::new(members.iter().map(|member| value(member, document, budget)))
                .boxed()
        }
        Schema::Ref(index) => {
            // Built when drawn: built now, every reference would build its target's strategies
            // again, level after level.
            let document = document.clone();
            let index = *index;
            Just(())
                .prop_flat_map(move |()| value(&document.components[index].1, &document, deeper))
                .boxed()
        }
        Schema::Object(object) => object_value(object, document, budget),
    }
}

/// Values valid for an object: its properties (each optional one present or not) and unknown
/// ones, unless it refuses them.
fn object_value(object: &Object, document: &Document, budget: u32) -> BoxedStrategy<Sample> {
    let deeper = budget.saturating_sub(1);
    let properties: Vec<BoxedStrategy<Option<(String, Sample, bool)>>> = object
        .properties
        .iter()
        .map(|property| {
            let name = property.name.clone();
            let required = property.required;
            let present = value(&property.schema, document, deeper)
                .prop_map(move |sample| Some((name.clone(), sample, required)));
            match (required, budget) {
                (true, _) => present.boxed(),
                (false, 0) => Just(None).boxed(),
                (false, _) => prop_oneof![1 => Just(None), 2 => present].boxed(),
            }
        })
        .collect();
    let names: Vec<String> = object.properties.iter().map(|p| p.name.clone()).collect();
    let unknown_name = string().prop_filter("unknown", move |name| !names.contains(name));
    let unknown: BoxedStrategy<Vec<(String, Sample)>> = match &object.extra {
        Extra::Deny => Just(Vec::new()).boxed(),
        Extra::Keep => {
            prop::collection::vec((unknown_name, any_json(1).prop_map(Sample::same)), 0..3).boxed()
        }
        Extra::Typed(_) if budget == 0 => Just(Vec::new()).boxed(),
        Extra::Typed(values) => {
            prop::collection::vec((unknown_name, value(values, document, deeper)), 0..3).boxed()
        }
    };
    (properties, unknown)
        .prop_map(|(properties, unknown)| {
            let mut input = Map::new();
            let mut output = Map::new();
            for (name, sample, required) in properties.into_iter().flatten() {
                // An optional `null` reads as `None`, which is omitted.
                if required || !sample.input.is_null() {
                    output.insert(name.clone(), sample.output);
                }
                input.insert(name, sample.input);
            }
            for (name, sample) in unknown {
                output.insert(name.clone(), sample.output);
                input.insert(name, sample.input);
            }
            Sample {
                input: Value::Object(input),
                output: Value::Object(output),
            }
        })
        .boxed()
}

/// Values of a JSON type `schema` does not take (and for `int32`, an integer out of its range;
/// for `const`, another value of its type).
fn wrong_values(schema: &Schema, document: &Document) -> Vec<Value> {
    let kinds = kinds(schema, &document.components);
    let mut wrong: Vec<Value> = [
        json!("wrong"),
        json!(7),
        json!(0.5),
        json!(true),
        json!([]),
        json!({}),
    ]
    .into_iter()
    .filter(|value| kind(value) & kinds == 0)
    .collect();
    match schema {
        Schema::Int32 => wrong.push(json!(i64::from(i32::MAX) + 1)),
        Schema::Const { value, .. } => wrong.push(match value {
            Value::String(s) => json!(format!("{s}!")),
            Value::Bool(b) => json!(!b),
            other => json!(other.as_i64().unwrap_or_default().wrapping_add(1)),
        }),
        _ => {}
    }
    wrong
}

/// What the program must do with an input.
#[derive(Debug, Clone)]
enum Expect {
    /// Give back this JSON.
    RoundTrip(Value),
    /// Refuse it, for this reason.
    Refuse(String),
}

/// One input for one type.
#[derive(Debug, Clone)]
struct Check {
    case: u64,
    ty: usize,
    input: Value,
    expect: Expect,
}

/// Draws one value of `strategy`.
#[track_caller]
fn draw<S: Strategy>(runner: &mut TestRunner, strategy: &S) -> S::Value {
    strategy
        .new_tree(runner)
        .unwrap_or_else(|reason| panic!("cannot draw a value: {reason}"))
        .current()
}

/// Invalid variants of `valid`, a value of the object `schema`.
fn refusals(
    runner: &mut TestRunner,
    schema: &Schema,
    document: &Document,
    valid: &Value,
) -> Vec<(Value, String)> {
    let Schema::Object(object) = schema else {
        if let Schema::Const { value, .. } = schema {
            return wrong_values(schema, document)
                .into_iter()
                .map(|wrong| (wrong, format!("not the `const` {value}")))
                .collect();
        }
        return Vec::new();
    };
    let mut refused = Vec::new();
    for property in object.properties.iter().filter(|p| p.required) {
        let name = &property.name;
        let mut missing = valid.clone();
        if let Some(members) = missing.as_object_mut() {
            members.remove(name);
        }
        // Not where the field takes `null`: serde reads a missing `Option` field as `None`, so
        // a required nullable property may be left out (a leniency, not a round-trip loss).
        if kinds(&property.schema, &document.components) & NULL == 0 {
            refused.push((missing, format!("required `{name}` is missing")));
        }
        let wrong = wrong_values(&property.schema, document);
        if !wrong.is_empty() {
            let wrong = draw(runner, &prop::sample::select(wrong));
            let mut mistyped = valid.clone();
            mistyped[name.as_str()] = wrong.clone();
            refused.push((mistyped, format!("required `{name}` is {wrong}")));
        }
    }
    if let Extra::Deny = object.extra {
        let mut more = valid.clone();
        more["unlisted"] = json!(1);
        refused.push((
            more,
            "`additionalProperties: false` yet `unlisted`".to_owned(),
        ));
    }
    let values: Vec<Value> = valid
        .as_object()
        .map(|members| members.values().cloned().collect())
        .unwrap_or_default();
    refused.push((
        Value::Array(values),
        "its fields' values as an array".to_owned(),
    ));
    refused
}

/// A `u64` from the environment variable `name`, or `default`.
#[track_caller]
fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text:?} is not a number")),
        Err(_) => default,
    }
}

/// The module of case `case`.
fn module_name(case: u64) -> String {
    format!("case_{case:03}")
}

/// The crate holding the modules (`src/case_NNN.rs`), their documents (`documents/`), the
/// values and the program that runs them.
struct Harness {
    dir: PathBuf,
    /// Rust path of each type values go through, by index.
    types: Vec<String>,
}

/// The program: runs each `(type index, JSON text)` of the file its argument names through its
/// type and prints, as JSON, `Ok(text written back)` or `Err(error)` for each.
const MAIN: &str = r#"//! Reads each value into its type and writes it back (see `tests/tests/properties.rs`).
#![deny(warnings)]

use serde::de::DeserializeOwned;
use serde::Serialize;

/// `input` read into `T` and written back, or why not.
fn round_trip<T: DeserializeOwned + Serialize>(input: &str) -> Result<String, String> {
    let typed: T = serde_json::from_str(input).map_err(|error| error.to_string())?;
    serde_json::to_string(&typed).map_err(|error| format!("cannot write it back: {error}"))
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: properties-cases VALUES");
    let text = std::fs::read_to_string(&path).expect("the values file is readable");
    let values: Vec<(usize, String)> = serde_json::from_str(&text).expect("the values are JSON");
    let results: Vec<Result<String, String>> =
        values.iter().map(|(ty, input)| TYPES[*ty](input)).collect();
    println!("{}", serde_json::to_string(&results).expect("the results are JSON"));
}
"#;

impl Harness {
    /// Writes the crate: the modules (case number, module text), the documents and the values.
    fn write(&self, modules: &[(u64, String, String)], checks: &[Check]) {
        let src = self.dir.join("src");
        let documents = self.dir.join("documents");
        for stale in [&src, &documents] {
            if stale.exists() {
                fs::remove_dir_all(stale).unwrap_or_else(|e| panic!("{}: {e}", stale.display()));
            }
            fs::create_dir_all(stale).unwrap_or_else(|e| panic!("{}: {e}", stale.display()));
        }
        let runtime = repo_root().join("runtime");
        // A generated crate's manifest (the modules' async clients are behind `client`, off:
        // they are not exercised here), built once from new sources each time: debug info and
        // incremental data would only slow it down.
        let manifest = vendor_codegen::manifest::standalone(
            "properties-cases",
            "tests/tests/properties.rs",
            &runtime,
            true,
        ) + "\n[profile.dev]\ndebug = false\nincremental = false\n";
        let mut lib = String::from(
            "//! Modules generated from random documents (see `tests/tests/properties.rs`).\n\
             #![deny(warnings, missing_docs)]\n",
        );
        for (case, module, document) in modules {
            let name = module_name(*case);
            writeln!(lib, "/// Random document {case}.\npub mod {name};").expect("a String");
            write_file(&src.join(format!("{name}.rs")), module);
            write_file(&documents.join(format!("{name}.json")), document);
        }
        let mut main = String::from(MAIN);
        main.push_str(
            "\n/// The types, by index.\nconst TYPES: &[fn(&str) -> Result<String, String>] = &[\n",
        );
        for ty in &self.types {
            writeln!(main, "    round_trip::<{ty}>,").expect("a String");
        }
        main.push_str("];\n");
        let values: Vec<(usize, String)> = checks
            .iter()
            .map(|check| (check.ty, check.input.to_string()))
            .collect();
        write_file(&self.dir.join("Cargo.toml"), &manifest);
        let lock = fs::read_to_string(repo_root().join("Cargo.lock")).expect("Cargo.lock");
        write_file(&self.dir.join("Cargo.lock"), &lock);
        write_file(&src.join("lib.rs"), &lib);
        write_file(&src.join("main.rs"), &main);
        write_file(
            &self.dir.join("values.json"),
            &serde_json::to_string(&values).expect("JSON"),
        );
    }

    /// Builds the crate (warnings denied, `RUSTFLAGS` unset) and runs it on the values.
    fn run(&self, target: &Path) -> (Vec<Result<String, String>>, f64) {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let started = Instant::now();
        let build = Command::new(cargo)
            .args(["build", "--quiet", "--manifest-path"])
            .arg(self.dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS")
            .output()
            .expect("cargo runs");
        let built = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&build.stderr);
        assert!(
            build.status.success() && !stderr.contains("warning"),
            "the generated modules do not build without a warning ({}; the documents are in \
             {}):\n{stderr}",
            build.status,
            self.dir.join("documents").display()
        );
        let program = target.join(format!(
            "debug/properties-cases{}",
            std::env::consts::EXE_SUFFIX
        ));
        let run = Command::new(&program)
            .arg(self.dir.join("values.json"))
            .output()
            .unwrap_or_else(|error| panic!("{}: {error}", program.display()));
        assert!(
            run.status.success(),
            "{} failed ({}):\n{}",
            program.display(),
            run.status,
            String::from_utf8_lossy(&run.stderr)
        );
        let results = serde_json::from_slice(&run.stdout).unwrap_or_else(|error| {
            panic!(
                "{} printed no results ({error}):\n{}",
                program.display(),
                String::from_utf8_lossy(&run.stdout)
            )
        });
        (results, built)
    }
}

/// What is wrong with what the program gave for an input, if anything.
fn problem(expect: &Expect, result: &Result<String, String>) -> Option<String> {
    match (expect, result) {
        (Expect::RoundTrip(expected), Ok(text)) => {
            let back: Value = serde_json::from_str(text).expect("the program writes JSON");
            difference(expected, &back, "").map(|at| {
                format!("came back different at {at}\n  expected: {expected}\n  got:      {text}")
            })
        }
        (Expect::RoundTrip(_), Err(error)) => Some(format!("was refused: {error}")),
        (Expect::Refuse(why), Ok(text)) => {
            Some(format!("was accepted ({why}), written back as {text}"))
        }
        (Expect::Refuse(_), Err(_)) => None,
    }
}

/// The JSON pointer (below `at`) of the first place where `got` is not `expected`, if any.
fn difference(expected: &Value, got: &Value, at: &str) -> Option<String> {
    let below = |key: &str| format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
    match (expected, got) {
        (Value::Object(expected), Value::Object(got)) => expected
            .iter()
            .find_map(|(key, value)| match got.get(key) {
                Some(other) => difference(value, other, &below(key)),
                None => Some(below(key)),
            })
            .or_else(|| {
                got.keys()
                    .find(|key| !expected.contains_key(*key))
                    .map(|key| below(key))
            }),
        (Value::Array(expected), Value::Array(got)) if expected.len() == got.len() => expected
            .iter()
            .zip(got)
            .enumerate()
            .find_map(|(index, (value, other))| {
                difference(value, other, &below(&index.to_string()))
            }),
        _ if expected == got => None,
        _ if at.is_empty() => Some("/".to_owned()),
        _ => Some(at.to_owned()),
    }
}

#[track_caller]
fn write_file(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
}

#[test]
fn generated_types_round_trip_random_valid_values() {
    let started = Instant::now();
    let seed = env_u64("PROPTEST_RNG_SEED", DEFAULT_SEED);
    let cases = env_u64("PROPTEST_CASES", DEFAULT_CASES);
    assert!(cases > 0, "PROPTEST_CASES=0: nothing to check");
    let mut runner = TestRunner::new(Config {
        rng_seed: RngSeed::Fixed(seed),
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    });
    let target = repo_root().join("target/proptest");
    let mut harness = Harness {
        dir: target.join("cases"),
        types: Vec::new(),
    };
    let mut census = BTreeMap::new();
    let mut failures = Vec::new();
    let mut modules = Vec::new();
    let mut checks = Vec::new();
    let strategy = document();
    for case in 0..cases {
        let document = draw(&mut runner, &strategy);
        let text = serde_json::to_string_pretty(&document.to_json(case)).expect("JSON");
        let name = module_name(case);
        let source = Source {
            name: name.clone(),
            file: format!("{name}.json"),
            text: text.clone(),
        };
        let output = match vendor_codegen::generate(
            &source,
            &vendor_tests::config(&format!("crate::{name}")),
        ) {
            Ok(output) => output,
            Err(diagnostics) => {
                failures.push(format!(
                    "case {case}: generation failed:\n{}\ndocument:\n{text}",
                    diagnostics_text(&diagnostics)
                ));
                continue;
            }
        };
        // Component names that collide once cased are drawn on purpose: the warning that one
        // is numbered (README, "Naming rules") is the only one a document may give.
        let warnings: Vec<_> = output
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .filter(|d| !d.message.contains("which another component already is"))
            .cloned()
            .collect();
        if !warnings.is_empty() {
            failures.push(format!(
                "case {case}: generation warns:\n{}\ndocument:\n{text}",
                diagnostics_text(&warnings)
            ));
        }
        for (index, (component, schema)) in document.components.iter().enumerate() {
            schema.census(index, &mut census);
            let origin = format!("/components/schemas/{component}");
            let Some(def) = output.api.types.iter().find(|def| def.origin == origin) else {
                failures.push(format!(
                    "case {case}: no type for {origin}\ndocument:\n{text}"
                ));
                continue;
            };
            let path = format!("properties_cases::{name}::{}", def.name);
            let ty = harness.types.len();
            harness.types.push(match schema {
                // A nullable component's type is what a `$ref` to it gives: `Option<Name>`.
                Schema::Nullable(..) => format!("::std::option::Option<{path}>"),
                _ => path,
            });
            let valid = value(schema, &document, VALUE_DEPTH);
            for _ in 0..VALUES_PER_SCHEMA {
                let sample = draw(&mut runner, &valid);
                checks.push(Check {
                    case,
                    ty,
                    input: sample.input,
                    expect: Expect::RoundTrip(sample.output),
                });
            }
            let base = checks.last().map(|check| check.input.clone());
            for (input, why) in base
                .map(|base| refusals(&mut runner, schema, &document, &base))
                .unwrap_or_default()
            {
                checks.push(Check {
                    case,
                    ty,
                    input,
                    expect: Expect::Refuse(why),
                });
            }
        }
        modules.push((case, output.module, text));
    }
    let generated = started.elapsed().as_secs_f64();
    harness.write(&modules, &checks);
    // Nothing to build when no document generated (each failure is reported below).
    let (results, built) = if checks.is_empty() {
        (Vec::new(), 0.0)
    } else {
        harness.run(&target)
    };
    assert_eq!(results.len(), checks.len(), "one result per value");
    let documents: BTreeMap<u64, &str> = modules
        .iter()
        .map(|(case, _, document)| (*case, document.as_str()))
        .collect();
    for (check, result) in checks.iter().zip(&results) {
        let ty = &harness.types[check.ty];
        let problem = problem(&check.expect, result);
        if let Some(problem) = problem {
            failures.push(format!(
                "case {} ({}): through `{ty}`, the value\n  {}\n{problem}\ndocument:\n{}",
                check.case,
                module_name(check.case),
                check.input,
                documents.get(&check.case).copied().unwrap_or_default()
            ));
        }
    }
    let refused = checks
        .iter()
        .filter(|check| matches!(check.expect, Expect::Refuse(_)))
        .count();
    println!(
        "properties: seed {seed}, {cases} documents, {} types, {} values ({refused} to refuse); \
         generated in {generated:.1} s, built in {built:.1} s, {:.1} s in all",
        harness.types.len(),
        checks.len(),
        started.elapsed().as_secs_f64()
    );
    println!("properties: schemas drawn: {census:?}");
    let shown = &failures[..failures.len().min(8)];
    assert!(
        failures.is_empty(),
        "{} of {} values (or documents) failed with PROPTEST_RNG_SEED={seed} PROPTEST_CASES={cases} \
         (the first {} below; the crate is {}):\n\n{}",
        failures.len(),
        checks.len(),
        shown.len(),
        harness.dir.display(),
        shown.join("\n\n")
    );
    if cases >= DEFAULT_CASES {
        for feature in COVERED {
            assert!(
                census.contains_key(feature),
                "no document drew {feature:?}: the strategies no longer cover it ({census:?})"
            );
        }
    }
}
