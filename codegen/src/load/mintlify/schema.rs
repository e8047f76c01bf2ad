//! Schemas of the page model → JSON Schema as OpenAPI 3.1 has it, and component schemas.
//!
//! Per schema: `requiredProperties` → `required`; the boolean `required` is taken off (on a property
//! it adds the property to its parent's `required`); `allOf` of inline partial schemas is merged
//! into one; Mintlify's types (`enum<string>`, `any`, `file`, one-element lists) become JSON
//! Schema's; a `refIdentifier: '#/components/schemas/X'` makes the schema component `X` and the
//! use a `$ref` to it.

use super::{child, kind, Rebuild};
use jsonptr::{Pointer, PointerBuf, Token};
use serde_json::{json, Map, Value};

/// The JSON Schema types.
const TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Keywords whose value maps names to schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords whose value is one schema.
const SCHEMA_SINGLES: [&str; 11] = [
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "contentSchema",
];

/// Keywords whose value is a list of schemas; for the combinators, a `required: true` on any
/// alternative is the required flag of the whole.
const SCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// A schema after cleaning.
pub(super) struct Cleaned {
    /// The JSON Schema.
    pub value: Value,
    /// Whether it carried Mintlify's boolean `required: true` ("this property or body is required").
    pub required: bool,
}

impl Rebuild<'_, '_> {
    /// Cleans one schema of the page model found at `at`.
    pub(super) fn schema(&mut self, value: Value, at: &Pointer) -> Cleaned {
        let mut object = match value {
            Value::Object(object) => object,
            Value::Bool(_) => {
                return Cleaned {
                    value,
                    required: false,
                }
            }
            other => {
                self.diagnostics.error(
                    at.as_str(),
                    format!(
                        "expected a schema (a mapping), found {}; fix the page",
                        kind(&other)
                    ),
                );
                return Cleaned {
                    value: other,
                    required: false,
                };
            }
        };
        let mut required = self.required_flag(&mut object, at);
        self.required_properties(&mut object, at);
        let identifier = object.shift_remove("refIdentifier");
        self.fix_type(&mut object, at);
        required |= self.subschemas(&mut object, at);
        self.merge_all_of(&mut object, at);
        let value = match identifier {
            Some(identifier) => self.identified(identifier, object, at),
            None => Value::Object(object),
        };
        Cleaned { value, required }
    }

    /// Takes the boolean `required` off `object` and returns it; keeps a `required` list.
    fn required_flag(&mut self, object: &mut Map<String, Value>, at: &Pointer) -> bool {
        match object.get("required") {
            Some(Value::Bool(flag)) => {
                let flag = *flag;
                object.shift_remove("required");
                flag
            }
            Some(Value::Array(names)) if names.iter().all(Value::is_string) => false,
            Some(other) => {
                self.diagnostics.warn(
                    child(at, "required").as_str(),
                    format!("`required` must be a boolean or a list of property names, found {}; dropped", kind(other)),
                );
                object.shift_remove("required");
                false
            }
            None => false,
        }
    }

    /// `requiredProperties: [..]` → `required: [..]`.
    fn required_properties(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        let Some(names) = object.shift_remove("requiredProperties") else {
            return;
        };
        let names_at = child(at, "requiredProperties");
        let names = match names {
            Value::Array(names) if names.iter().all(Value::is_string) => names,
            other => {
                self.diagnostics.warn(
                    names_at.as_str(),
                    format!(
                        "`requiredProperties` must be a list of property names, found {}; dropped",
                        kind(&other)
                    ),
                );
                return;
            }
        };
        for name in names {
            add_required(object, name);
        }
        self.diagnostics
            .note(names_at.as_str(), "`requiredProperties` → `required`");
    }

    /// Mintlify's types → JSON Schema's.
    fn fix_type(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        let type_at = child(at, "type");
        let name = match object.get("type") {
            None => return,
            Some(Value::String(name)) => name.clone(),
            Some(Value::Array(names)) => match names.as_slice() {
                [Value::String(name)] => {
                    self.diagnostics.note(
                        type_at.as_str(),
                        format!("`type: [{name}]` → `type: {name}`"),
                    );
                    name.clone()
                }
                names
                    if names
                        .iter()
                        .all(|name| name.as_str().is_some_and(|name| TYPES.contains(&name))) =>
                {
                    return;
                }
                _ => {
                    self.diagnostics.warn(
                        type_at.as_str(),
                        "`type` lists something other than JSON Schema types; dropped, so any value is accepted",
                    );
                    object.shift_remove("type");
                    return;
                }
            },
            Some(other) => {
                self.diagnostics.warn(
                    type_at.as_str(),
                    format!(
                        "`type` must be a string or a list of strings, found {}; dropped",
                        kind(other)
                    ),
                );
                object.shift_remove("type");
                return;
            }
        };
        let inner = name
            .strip_prefix("enum<")
            .and_then(|rest| rest.strip_suffix('>'));
        match (name.as_str(), inner) {
            (_, Some(inner)) if TYPES.contains(&inner) => {
                self.diagnostics.note(
                    type_at.as_str(),
                    format!("`type: {name}` → `type: {inner}`"),
                );
                object.insert("type".into(), json!(inner));
            }
            (known, _) if TYPES.contains(&known) => {
                object.insert("type".into(), json!(known));
            }
            ("any", _) => {
                self.diagnostics
                    .note(type_at.as_str(), "`type: any` → no type (any value)");
                object.shift_remove("type");
            }
            ("file", _) => self.file_type(object, at),
            _ => {
                self.diagnostics.warn(
                    type_at.as_str(),
                    format!("`type: {name}` is not a JSON Schema type; dropped, so any value is accepted"),
                );
                object.shift_remove("type");
            }
        }
    }

    /// `type: file` → `type: string, format: binary`, without the now redundant
    /// `contentEncoding: binary` and `contentMediaType` (the media type says it).
    fn file_type(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        object.insert("type".into(), json!("string"));
        match object.get("format") {
            None => {
                object.insert("format".into(), json!("binary"));
            }
            Some(format) if format == "binary" => {}
            Some(format) => self.diagnostics.warn(
                child(at, "format").as_str(),
                format!("`type: file` with `format: {format}`; format kept"),
            ),
        }
        self.diagnostics.note(
            child(at, "type").as_str(),
            "`type: file` → `type: string, format: binary`",
        );
        if object
            .get("contentEncoding")
            .is_some_and(|encoding| encoding == "binary")
        {
            object.shift_remove("contentEncoding");
            self.diagnostics.note(
                child(at, "contentEncoding").as_str(),
                "`contentEncoding: binary` says what `format: binary` says; dropped",
            );
        }
        if let Some(media_type) = object.shift_remove("contentMediaType") {
            self.diagnostics.note(
                child(at, "contentMediaType").as_str(),
                format!(
                    "`contentMediaType: {}` on a file: the media type key says it; dropped",
                    media_type.as_str().unwrap_or_default()
                ),
            );
        }
    }

    /// Cleans the schemas inside `object`; returns whether an alternative of a combinator
    /// carried `required: true`.
    fn subschemas(&mut self, object: &mut Map<String, Value>, at: &Pointer) -> bool {
        for key in SCHEMA_MAPS {
            let map_at = child(at, key);
            let mut newly_required = Vec::new();
            match object.get_mut(key) {
                Some(Value::Object(map)) => {
                    for (name, schema) in std::mem::take(map) {
                        let cleaned = self.schema(schema, &child(&map_at, &name));
                        if cleaned.required && key == "properties" {
                            newly_required.push(name.clone());
                        } else if cleaned.required {
                            self.flag_dropped(&child(&map_at, &name));
                        }
                        map.insert(name, cleaned.value);
                    }
                }
                Some(other) => {
                    self.diagnostics.warn(
                        map_at.as_str(),
                        format!(
                            "`{key}` must map names to schemas, found {}; dropped",
                            kind(other)
                        ),
                    );
                    object.shift_remove(key);
                }
                None => {}
            }
            for name in newly_required {
                self.diagnostics.note(
                    child(&map_at, &name).as_str(),
                    format!("`required: true` on property `{name}` → `{name}` added to the object's `required`"),
                );
                add_required(object, Value::String(name));
            }
        }
        for key in SCHEMA_SINGLES {
            if let Some(schema) = object.get_mut(key) {
                let schema_at = child(at, key);
                let cleaned = self.schema(std::mem::take(schema), &schema_at);
                if cleaned.required {
                    self.flag_dropped(&schema_at);
                }
                *schema = cleaned.value;
            }
        }
        let mut required = false;
        if let Some(items) = object.get_mut("items") {
            let items_at = child(at, "items");
            if let Value::Array(list) = items {
                required |= self.schema_list(list, &items_at, false);
            } else {
                let cleaned = self.schema(std::mem::take(items), &items_at);
                if cleaned.required {
                    self.flag_dropped(&items_at);
                }
                *items = cleaned.value;
            }
        }
        for key in SCHEMA_LISTS {
            let list_at = child(at, key);
            match object.get_mut(key) {
                Some(Value::Array(list)) => {
                    required |= self.schema_list(list, &list_at, key != "prefixItems")
                }
                Some(other) => {
                    self.diagnostics.warn(
                        list_at.as_str(),
                        format!(
                            "`{key}` must be a list of schemas, found {}; dropped",
                            kind(other)
                        ),
                    );
                    object.shift_remove(key);
                }
                None => {}
            }
        }
        required
    }

    /// Cleans each schema of `list`; returns whether one carried `required: true` (when
    /// `propagate`; otherwise the flag is dropped with a note).
    fn schema_list(&mut self, list: &mut [Value], at: &Pointer, propagate: bool) -> bool {
        let mut required = false;
        for (index, schema) in list.iter_mut().enumerate() {
            let schema_at = child(at, index);
            let cleaned = self.schema(std::mem::take(schema), &schema_at);
            if cleaned.required && !propagate {
                self.flag_dropped(&schema_at);
            }
            required |= cleaned.required;
            *schema = cleaned.value;
        }
        required && propagate
    }

    /// Notes a boolean `required: true` dropped where it means nothing.
    fn flag_dropped(&mut self, at: &Pointer) {
        self.diagnostics.note(
            child(at, "required").as_str(),
            "`required: true` means nothing on this schema (it is not a property); dropped",
        );
    }

    /// Merges an `allOf` of inline partial schemas (and the keys beside it) into one schema; an
    /// `allOf` holding a `$ref` or parts that cannot be merged stays as it is.
    fn merge_all_of(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        let all_of_at = child(at, "allOf");
        let parts = match object.get("allOf") {
            Some(Value::Array(parts)) => parts,
            _ => return,
        };
        let holds_ref = |schema: &Value| !schema.is_object() || schema.get("$ref").is_some();
        if object.contains_key("$ref") || parts.iter().any(holds_ref) {
            return;
        }
        let count = parts.len();
        let mut base = object.clone();
        let Some(Value::Array(parts)) = base.shift_remove("allOf") else {
            return;
        };
        let mut merged = Map::new();
        let mut warnings = Vec::new();
        let sources =
            std::iter::once(base).chain(parts.into_iter().filter_map(|part| match part {
                Value::Object(part) => Some(part),
                _ => None,
            }));
        for part in sources {
            if let Err(key) = merge_into(&mut merged, part, "", &mut warnings) {
                self.diagnostics.note(
                    all_of_at.as_str(),
                    format!("`allOf` kept: its parts both have `{key}`, which cannot be merged"),
                );
                return;
            }
        }
        *object = merged;
        let message = match count {
            1 => "`allOf` of one schema unwrapped".to_owned(),
            count => format!("`allOf` of {count} partial schemas merged into one schema"),
        };
        self.diagnostics.note(all_of_at.as_str(), message);
        for warning in warnings {
            self.diagnostics.warn(all_of_at.as_str(), warning);
        }
    }

    /// Makes the schema named by `refIdentifier` a component and returns the `$ref` to it; the
    /// schema itself when it cannot.
    fn identified(&mut self, identifier: Value, object: Map<String, Value>, at: &Pointer) -> Value {
        let identifier_at = child(at, "refIdentifier");
        let Value::String(reference) = identifier else {
            self.diagnostics.warn(
                identifier_at.as_str(),
                format!(
                    "`refIdentifier` must be a string, found {}; dropped",
                    kind(&identifier)
                ),
            );
            return Value::Object(object);
        };
        let Some(name) = component_name(&reference) else {
            self.diagnostics.warn(
                identifier_at.as_str(),
                format!("`refIdentifier: {reference}` does not name a component schema (`#/components/schemas/<name>`); no component made, schema kept inline"),
            );
            return Value::Object(object);
        };
        self.register(name, Value::Object(object), at)
    }

    /// Puts `schema` under `components.schemas.<name>` and returns a `$ref` to it; when another
    /// schema holds the name, keeps `schema` inline with a warning.
    fn register(&mut self, name: String, schema: Value, at: &Pointer) -> Value {
        self.clean_pending(&name);
        let reference =
            json!({ "$ref": format!("#/components/schemas/{}", Token::new(&name).encoded()) });
        match self.components.get(&name) {
            Some(existing) if *existing == schema => {
                self.diagnostics.note(
                    at.as_str(),
                    format!("the same schema as component `{name}`: replaced by a `$ref` to it"),
                );
                reference
            }
            Some(_) => {
                let origin = self.origins.get(&name).map_or("", |origin| origin.as_str());
                let origin = if origin.is_empty() { "/" } else { origin };
                self.diagnostics.warn(
                    at.as_str(),
                    format!("`refIdentifier` names component `{name}`, but this schema differs from the one at {origin}; kept inline"),
                );
                schema
            }
            None => {
                self.diagnostics.note(
                    at.as_str(),
                    format!("schema named by `refIdentifier` → component `{name}`, used through a `$ref`"),
                );
                self.origins.insert(name.clone(), at.to_buf());
                self.components.insert(name, schema);
                reference
            }
        }
    }

    /// Takes in the page's own `components`: schemas to clean, other kinds kept as they are.
    pub(super) fn page_components(&mut self, components: Value, at: &Pointer) {
        let Value::Object(components) = components else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "`components` must be a mapping, found {}",
                    kind(&components)
                ),
            );
            return;
        };
        for (key, value) in components {
            match (key.as_str(), value) {
                ("schemas", Value::Object(schemas)) => {
                    self.page_order = schemas.keys().cloned().collect();
                    self.pending = schemas;
                }
                ("securitySchemes", Value::Object(schemes)) => {
                    self.security_schemes.extend(schemes)
                }
                (_, value) => {
                    self.kept_components.insert(key, value);
                }
            }
        }
        while let Some(name) = self.pending.keys().next().cloned() {
            self.clean_pending(&name);
        }
    }

    /// Cleans the page's own component schema `name`, if it is still waiting.
    fn clean_pending(&mut self, name: &str) {
        let Some(mut schema) = self.pending.shift_remove(name) else {
            return;
        };
        let at = PointerBuf::from_tokens(["components", "schemas", name]);
        let own = format!("#/components/schemas/{}", Token::new(name).encoded());
        if schema
            .get("refIdentifier")
            .is_some_and(|identifier| *identifier == own)
        {
            if let Value::Object(object) = &mut schema {
                object.shift_remove("refIdentifier");
            }
        }
        let cleaned = self.schema(schema, &at);
        if cleaned.required {
            self.flag_dropped(&at);
        }
        if self
            .components
            .get(name)
            .is_some_and(|existing| *existing != cleaned.value)
        {
            self.diagnostics.warn(
                at.as_str(),
                format!("a `refIdentifier` inside component `{name}` names it with a different schema; the page's component is kept"),
            );
        }
        self.origins.insert(name.to_owned(), at);
        self.components.insert(name.to_owned(), cleaned.value);
    }

    /// The document's `components`: the page's schemas in page order, then the new ones; the
    /// security schemes; the other kinds the page had. `None` when all are empty.
    pub(super) fn finish_components(&mut self) -> Option<Value> {
        let mut schemas = Map::new();
        for name in &self.page_order {
            if let Some(schema) = self.components.shift_remove(name) {
                schemas.insert(name.clone(), schema);
            }
        }
        schemas.extend(std::mem::take(&mut self.components));
        let mut components = Map::new();
        if !schemas.is_empty() {
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if !self.security_schemes.is_empty() {
            components.insert(
                "securitySchemes".into(),
                Value::Object(std::mem::take(&mut self.security_schemes)),
            );
        }
        components.extend(std::mem::take(&mut self.kept_components));
        (!components.is_empty()).then_some(Value::Object(components))
    }
}

/// Adds `name` to the `required` list of `object`, creating it if needed.
fn add_required(object: &mut Map<String, Value>, name: Value) {
    match object.get_mut("required") {
        Some(Value::Array(names)) => {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        _ => {
            object.insert("required".into(), Value::Array(vec![name]));
        }
    }
}

/// The component name `X` of `#/components/schemas/X`.
fn component_name(reference: &str) -> Option<String> {
    let pointer = Pointer::parse(reference.strip_prefix('#')?).ok()?;
    let tokens: Vec<_> = pointer.tokens().collect();
    match tokens.as_slice() {
        [components, schemas, name]
            if components.decoded() == "components" && schemas.decoded() == "schemas" =>
        {
            Some(name.decoded().into_owned())
        }
        _ => None,
    }
}

/// Merges schema `part` into `target` (the parts of an `allOf`): keys are united, `properties`
/// merged by name, `required` united, `enum` intersected; on other conflicts the first value is
/// kept and a warning pushed. `Err(key)` when a combinator (`anyOf`, `oneOf`, `not`, …) conflicts.
fn merge_into(
    target: &mut Map<String, Value>,
    part: Map<String, Value>,
    path: &str,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    for (key, value) in part {
        let Some(existing) = target.get_mut(&key) else {
            target.insert(key, value);
            continue;
        };
        if *existing == value {
            continue;
        }
        let key_path = format!("{path}{key}");
        match (key.as_str(), existing, value) {
            (map, Value::Object(existing), Value::Object(value)) if SCHEMA_MAPS.contains(&map) => {
                for (name, schema) in value {
                    match existing.get_mut(&name) {
                        None => {
                            existing.insert(name, schema);
                        }
                        Some(current) => merge_schemas(
                            current,
                            schema,
                            &format!("{key_path}/{name}/"),
                            warnings,
                        )?,
                    }
                }
            }
            ("required", Value::Array(existing), Value::Array(value)) => {
                for name in value {
                    if !existing.contains(&name) {
                        existing.push(name);
                    }
                }
            }
            ("enum", Value::Array(existing), Value::Array(value)) => {
                let common: Vec<Value> = existing
                    .iter()
                    .filter(|item| value.contains(item))
                    .cloned()
                    .collect();
                if common.is_empty() {
                    warnings.push(format!(
                        "the `allOf` parts have no `{key_path}` value in common; the later list {} is kept",
                        Value::Array(value.clone())
                    ));
                    *existing = value;
                } else {
                    *existing = common;
                }
            }
            ("allOf", Value::Array(existing), Value::Array(value)) => existing.extend(value),
            (
                "items" | "additionalProperties" | "propertyNames" | "unevaluatedProperties",
                existing,
                value,
            ) => {
                merge_schemas(existing, value, &format!("{key_path}/"), warnings)?;
            }
            (
                "anyOf" | "oneOf" | "not" | "if" | "then" | "else" | "discriminator" | "$ref"
                | "prefixItems",
                _,
                _,
            ) => {
                return Err(key_path);
            }
            (_, existing, value) => warnings.push(format!(
                "the `allOf` parts disagree on `{key_path}`: kept {}, dropped {}",
                short(existing),
                short(&value)
            )),
        }
    }
    Ok(())
}

/// Merges two schemas met at the same place of two `allOf` parts.
fn merge_schemas(
    existing: &mut Value,
    value: Value,
    path: &str,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    match (existing, value) {
        (Value::Object(existing), Value::Object(value)) => {
            merge_into(existing, value, path, warnings)
        }
        (existing, value) => {
            warnings.push(format!(
                "the `allOf` parts disagree on `{}`: kept {}, dropped {}",
                path.trim_end_matches('/'),
                short(existing),
                short(&value)
            ));
            Ok(())
        }
    }
}

/// `value` as compact JSON, cut to a readable length.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}
