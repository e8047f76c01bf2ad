//! Values for a request's inputs, made from the JSON form of the normalized document's
//! schemas (OpenAPI 3.0), deterministically from a seed.
//!
//! What it follows: `$ref` (local, `#/…`), `const`, `enum` (a non-null value), `allOf` (each
//! part made and their objects merged), `oneOf`/`anyOf` (one variant, picked by the seed),
//! `type` (a 3.1 list: its first type but `null`), objects (every required property, a string
//! for one the schema does not describe, each
//! optional one with even odds, `readOnly` ones left out unless required; a map with
//! `additionalProperties` and no properties gets one entry), arrays (`minItems` to at most two
//! more, distinct items for `uniqueItems` as far as a few tries find them), strings
//! (`minLength`/`maxLength`, and the formats `date-time`, `date`, `time`, `uuid`, `email`,
//! `uri`/`url`, `ipv4`, `ipv6`, `hostname`, `byte`, `binary`), integers and numbers
//! (`minimum`/`maximum`, exclusive or not, `multipleOf`), booleans. A schema without a type is a string.
//!
//! What it does not: `pattern` (a string is letters and digits), `not`, `minProperties`,
//! `if`/`then`, `dependentRequired`, `format`s beyond those above, and schemas more than
//! [`MAX_DEPTH`] steps deep (a recursive schema stops with its required properties only,
//! then `null`). Depth counts every step into a schema: a property, an item, a member, a
//! reference.

use serde_json::{json, Map, Number, Value};

/// How deep a value may nest (properties, items, union members and references each count one)
/// before it stops growing, as `null`.
pub const MAX_DEPTH: usize = 40;

/// From this depth on, an object gets its required properties only, and an array its fewest
/// items.
const SHALLOW: usize = 8;

/// A deterministic source of choices (SplitMix64): the same seed gives the same values.
#[derive(Debug, Clone)]
pub struct Seed(u64);

impl Seed {
    /// The source for `seed`.
    pub fn new(seed: u64) -> Self {
        Seed(seed)
    }

    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// Even odds.
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

/// Makes values for the schemas of one document (`root`, as JSON).
pub struct Values<'a> {
    root: &'a Value,
    seed: Seed,
}

impl<'a> Values<'a> {
    /// Values for the schemas of `root`, chosen by `seed`.
    pub fn new(root: &'a Value, seed: Seed) -> Self {
        Values { root, seed }
    }

    /// The node `pointer` (`#/components/schemas/A`) refers to, in the document.
    pub fn resolve(&self, pointer: &str) -> Option<&'a Value> {
        self.root.pointer(pointer.strip_prefix('#')?)
    }

    /// `node`, followed through its `$ref`s (at most [`MAX_DEPTH`] of them).
    pub fn follow(&self, mut node: &'a Value) -> &'a Value {
        for _ in 0..MAX_DEPTH {
            match node.get("$ref").and_then(Value::as_str) {
                Some(pointer) => match self.resolve(pointer) {
                    Some(target) => node = target,
                    None => return node,
                },
                None => return node,
            }
        }
        node
    }

    /// Whether an optional member is included: even odds.
    pub fn include(&mut self) -> bool {
        self.seed.coin()
    }

    /// A value of `schema`.
    pub fn value(&mut self, schema: &'a Value) -> Value {
        self.at(schema, 0)
    }

    fn at(&mut self, schema: &'a Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(pointer) = schema.get("$ref").and_then(Value::as_str) {
            return match self.resolve(pointer) {
                Some(target) => self.at(target, depth + 1),
                None => Value::Null,
            };
        }
        let Some(object) = schema.as_object() else {
            // `true` (or a schema that is not an object): anything; a string will do.
            return json!("conform");
        };
        if let Some(value) = object.get("const") {
            return value.clone();
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let choices: Vec<&Value> = values.iter().filter(|value| !value.is_null()).collect();
            if let Some(choice) = self.pick(&choices) {
                return (*choice).clone();
            }
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            let mut last = Value::Null;
            for part in parts {
                match self.at(part, depth + 1) {
                    Value::Object(members) => merged.extend(members),
                    other => last = other,
                }
            }
            // The schema's own properties beside `allOf`.
            if object.contains_key("properties") {
                if let Value::Object(members) = self.object(object, depth) {
                    merged.extend(members);
                }
            }
            return if merged.is_empty() {
                last
            } else {
                Value::Object(merged)
            };
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = object.get(key).and_then(Value::as_array) {
                let choices: Vec<&'a Value> = variants
                    .iter()
                    .filter(|variant| !is_null_schema(self.follow(variant)))
                    .collect();
                if let Some(variant) = self.pick(&choices) {
                    return self.at(variant, depth + 1);
                }
            }
        }
        match type_of(object) {
            Some("object") => self.object(object, depth),
            Some("array") => self.array(object, depth),
            Some("integer") => integer(object, &mut self.seed),
            Some("number") => number(object, &mut self.seed),
            Some("boolean") => Value::Bool(self.seed.coin()),
            Some("null") => Value::Null,
            Some(_) => string(object, &mut self.seed),
            None if object.contains_key("properties") => self.object(object, depth),
            None if object.contains_key("items") => self.array(object, depth),
            None => string(object, &mut self.seed),
        }
    }

    fn pick<'v, T>(&mut self, choices: &'v [T]) -> Option<&'v T> {
        let at = self.seed.below(choices.len() as u64);
        choices.get(usize::try_from(at).ok()?)
    }

    fn object(&mut self, object: &'a Map<String, Value>, depth: usize) -> Value {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut members = Map::new();
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let needed = required.contains(&name.as_str());
                let read_only = self
                    .follow(property)
                    .get("readOnly")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if !needed && (read_only || depth >= SHALLOW || !self.seed.coin()) {
                    continue;
                }
                members.insert(name.clone(), self.at(property, depth + 1));
            }
        } else if let Some(values) = object
            .get("additionalProperties")
            .filter(|values| values.is_object())
        {
            members.insert("key".to_owned(), self.at(values, depth + 1));
        }
        // A required property the schema does not describe (a document's slip) is still
        // required: any value will do.
        for name in required {
            if !members.contains_key(name) {
                members.insert(name.to_owned(), json!("conform"));
            }
        }
        Value::Object(members)
    }

    fn array(&mut self, object: &'a Map<String, Value>, depth: usize) -> Value {
        let min = count(object, "minItems").unwrap_or(0);
        let max = count(object, "maxItems").unwrap_or(min + 2).max(min);
        let len = if depth >= SHALLOW {
            min
        } else {
            min + self.seed.below(max - min + 1).min(2)
        };
        let unique = object.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        let items = object.get("items").unwrap_or(&Value::Bool(true));
        let mut values: Vec<Value> = Vec::new();
        for _ in 0..len {
            for _ in 0..8 {
                let value = self.at(items, depth + 1);
                if !unique || !values.contains(&value) {
                    values.push(value);
                    break;
                }
            }
        }
        Value::Array(values)
    }
}

/// Whether `schema` only allows `null`.
fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

/// The schema's type: `type`, or the first of a list that is not `null`.
fn type_of(object: &Map<String, Value>) -> Option<&str> {
    match object.get("type")? {
        Value::String(name) => Some(name),
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .find(|name| *name != "null"),
        _ => None,
    }
}

/// A whole number at `key` that fits a `u64`.
fn count(object: &Map<String, Value>, key: &str) -> Option<u64> {
    object.get(key)?.as_u64()
}

/// The bounds of a number schema, inclusive, as `f64`s (an exclusive bound moved inward by
/// `step`), around `[low, high]` by default.
fn bounds(object: &Map<String, Value>, step: f64, low: f64, high: f64) -> (f64, f64) {
    let number = |key: &str| object.get(key).and_then(Value::as_f64);
    let flag = |key: &str| object.get(key).and_then(Value::as_bool) == Some(true);
    // 3.0: a boolean beside `minimum`; 3.1: the bound itself.
    let minimum = match (number("minimum"), number("exclusiveMinimum")) {
        (Some(min), _) if flag("exclusiveMinimum") => Some(min + step),
        (_, Some(min)) => Some(min + step),
        (min, None) => min,
    };
    let maximum = match (number("maximum"), number("exclusiveMaximum")) {
        (Some(max), _) if flag("exclusiveMaximum") => Some(max - step),
        (_, Some(max)) => Some(max - step),
        (max, None) => max,
    };
    let min = minimum.unwrap_or(low.min(maximum.unwrap_or(high)));
    let max = maximum.unwrap_or(high.max(min));
    (min, max.max(min))
}

fn integer(object: &Map<String, Value>, seed: &mut Seed) -> Value {
    let (min, max) = bounds(object, 1.0, 1.0, 100.0);
    let (min, max) = (min.ceil() as i64, max.floor() as i64);
    let span = u64::try_from(max.saturating_sub(min))
        .unwrap_or(0)
        .min(1000);
    let mut value = min.saturating_add(i64::try_from(seed.below(span + 1)).unwrap_or(0));
    if let Some(step) = object
        .get("multipleOf")
        .and_then(Value::as_i64)
        .filter(|step| *step > 0)
    {
        // The least multiple at or above `min`: inside the bounds when any is.
        value = min.div_euclid(step) * step;
        if value < min {
            value += step;
        }
    }
    Value::Number(value.into())
}

fn number(object: &Map<String, Value>, seed: &mut Seed) -> Value {
    let (min, max) = bounds(object, 0.001, 0.5, 100.0);
    // A quarter step keeps the number exact in binary and inside the bounds.
    let quarters = ((max - min) * 4.0).floor().clamp(0.0, 4000.0) as u64;
    let mut value = min + seed.below(quarters + 1) as f64 / 4.0;
    if let Some(step) = object
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|step| *step > 0.0)
    {
        value = (min / step).ceil() * step;
    }
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

fn string(object: &Map<String, Value>, seed: &mut Seed) -> Value {
    let formatted = match object.get("format").and_then(Value::as_str) {
        Some("date-time") => Some("2024-01-02T03:04:05Z"),
        Some("date") => Some("2024-01-02"),
        Some("time") => Some("03:04:05Z"),
        Some("uuid") => Some("123e4567-e89b-12d3-a456-426614174000"),
        Some("email") => Some("conform@example.com"),
        Some("uri" | "url") => Some("https://example.com/conform"),
        Some("ipv4") => Some("192.0.2.1"),
        Some("ipv6") => Some("2001:db8::1"),
        Some("hostname") => Some("example.com"),
        Some("byte") => Some("Y29uZm9ybQ=="),
        _ => None,
    };
    if let Some(text) = formatted {
        return json!(text);
    }
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let min = count(object, "minLength").unwrap_or(1);
    let max = count(object, "maxLength")
        .unwrap_or(min.max(8) + 4)
        .max(min);
    let len = (min.max(4) + seed.below(5)).min(max).min(min.max(64));
    let text: String = (0..len)
        .map(|_| {
            let at = seed.below(LETTERS.len() as u64) as usize;
            char::from(LETTERS[at])
        })
        .collect();
    json!(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value of `schema` (inside `root`'s components), for each of a few seeds.
    #[track_caller]
    fn values(root: &Value, schema: &Value) -> Vec<Value> {
        (0..20)
            .map(|seed| Values::new(root, Seed::new(seed)).value(schema))
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_values() {
        let root = json!({});
        let schema = json!({"type": "object", "properties": {
            "a": {"type": "string"}, "b": {"type": "integer"}, "c": {"type": "boolean"}}});
        assert_eq!(values(&root, &schema), values(&root, &schema));
        let distinct: std::collections::BTreeSet<String> = values(&root, &schema)
            .iter()
            .map(Value::to_string)
            .collect();
        assert!(distinct.len() > 5, "{distinct:?}");
    }

    #[test]
    fn objects_have_their_required_properties_and_no_read_only_optional_one() {
        let root = json!({"components": {"schemas": {"Id": {"type": "string", "format": "uuid"}}}});
        let schema = json!({"type": "object", "required": ["id", "n", "slip"], "properties": {
            "id": {"$ref": "#/components/schemas/Id"},
            "n": {"type": "integer", "minimum": 10, "maximum": 12},
            "created": {"type": "integer", "readOnly": true},
            "note": {"type": "string", "maxLength": 3}}});
        let mut notes = 0;
        for value in values(&root, &schema) {
            assert_eq!(value["id"], "123e4567-e89b-12d3-a456-426614174000");
            assert_eq!(value["slip"], "conform");
            let n = value["n"].as_i64().unwrap();
            assert!((10..=12).contains(&n), "{value}");
            assert!(value.get("created").is_none(), "{value}");
            if let Some(note) = value.get("note") {
                notes += 1;
                assert!((1..=3).contains(&note.as_str().unwrap().len()), "{value}");
            }
        }
        assert!(
            notes > 0 && notes < 20,
            "optional members come and go: {notes}"
        );
    }

    #[test]
    fn enums_consts_unions_and_bounds_are_kept() {
        let root = json!({});
        for value in values(&root, &json!({"type": "string", "enum": ["a", "b", null]})) {
            assert!(value == "a" || value == "b", "{value}");
        }
        for value in values(&root, &json!({"const": 7})) {
            assert_eq!(value, 7);
        }
        let union = json!({"oneOf": [{"type": "integer", "minimum": 5, "exclusiveMinimum": true,
            "maximum": 6}, {"type": "array", "items": {"type": "boolean"}, "minItems": 1,
            "maxItems": 2}, {"type": "null"}]});
        let (mut numbers, mut arrays) = (0, 0);
        for value in values(&root, &union) {
            match value {
                Value::Number(n) => {
                    numbers += 1;
                    assert_eq!(n.as_i64(), Some(6));
                }
                Value::Array(items) => {
                    arrays += 1;
                    assert!((1..=2).contains(&items.len()));
                    assert!(items.iter().all(Value::is_boolean));
                }
                other => panic!("no variant is {other}"),
            }
        }
        assert!(numbers > 0 && arrays > 0);
        for value in values(
            &root,
            &json!({"type": "number", "minimum": 0.5, "maximum": 0.75}),
        ) {
            let x = value.as_f64().unwrap();
            assert!((0.5..=0.75).contains(&x), "{value}");
        }
        for value in values(
            &root,
            &json!({"type": "integer", "minimum": 3, "multipleOf": 5}),
        ) {
            assert_eq!(value, 5);
        }
    }

    #[test]
    fn all_of_merges_and_recursion_stops() {
        let root = json!({"components": {"schemas": {
            "Node": {"type": "object", "required": ["next"], "properties": {
                "next": {"$ref": "#/components/schemas/Node"}}},
            "Named": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "minLength": 2}}}}}});
        let schema = json!({"allOf": [{"$ref": "#/components/schemas/Named"},
            {"type": "object", "required": ["size"], "properties": {"size": {"type": "integer"}}}]});
        for value in values(&root, &schema) {
            assert!(value["name"].as_str().unwrap().len() >= 2, "{value}");
            assert!(value["size"].is_i64(), "{value}");
        }
        // A chain of required references ends in `null`, not in a stack overflow.
        let node =
            Values::new(&root, Seed::new(1)).value(&json!({"$ref": "#/components/schemas/Node"}));
        let mut depth = 0;
        let mut at = &node;
        while let Some(next) = at.get("next") {
            depth += 1;
            at = next;
        }
        assert!(at.is_null() && depth > 3, "{node}");
    }
}
