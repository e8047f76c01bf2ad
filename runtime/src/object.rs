//! How generated types read themselves: [`Object`] for structs, [`Union`] for unions,
//! [`one_of`] for closed string enums.
//!
//! serde's derived `Deserialize` writes a visitor, a field enum and its visitor out for every
//! type; in generated crates of hundreds of types that was half of the compile time (nexus:
//! 22.7 s with it, 11.9 s with these instead). Generated impls call these instead: each type costs a
//! line per field, and the code that reads is compiled once, here. They read a type's JSON
//! whole (a `serde_json::Value`) and then take it apart, as serde itself does for untagged
//! enums and flattened fields.

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A JSON object read whole, from which a generated struct takes its fields by wire name.
///
/// It reads a map only (an array is refused, though serde's derived impls would read one as
/// the fields in order), refuses a key given twice, and leaves what no field takes to the
/// struct's map of unknown fields, in document order.
///
/// ```
/// use serde::de::{Deserialize, Deserializer};
/// use vendor_runtime::Object;
///
/// #[derive(Debug, PartialEq)]
/// struct File {
///     id: String,
///     bytes: Option<u64>,
///     extra: serde_json::Map<String, serde_json::Value>,
/// }
///
/// impl<'de> Deserialize<'de> for File {
///     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         let mut object = Object::read(deserializer)?;
///         Ok(Self {
///             id: object.field("id")?,
///             bytes: object.field("bytes")?,
///             extra: object.rest(),
///         })
///     }
/// }
///
/// let file: File = serde_json::from_str(r#"{"id": "f-1", "purpose": "batch"}"#)?;
/// assert_eq!((file.id.as_str(), file.bytes), ("f-1", None));
/// assert_eq!(file.extra["purpose"], "batch");
/// let error = serde_json::from_str::<File>(r#"{"bytes": 1}"#).unwrap_err();
/// assert!(error.to_string().starts_with("missing field `id`"));
/// let error = serde_json::from_str::<File>(r#"{"id": 1}"#).unwrap_err();
/// assert!(error.to_string().starts_with("field `id`: invalid type: integer `1`"));
/// assert!(serde_json::from_str::<File>(r#"["f-1", 1]"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug)]
pub struct Object<E> {
    map: Map<String, Value>,
    error: PhantomData<fn() -> E>,
}

impl<E: de::Error> Object<E> {
    /// Reads a JSON object.
    ///
    /// # Errors
    ///
    /// When the input is not an object, or names a key twice.
    pub fn read<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        let map = deserializer.deserialize_map(ObjectVisitor)?;
        Ok(Object {
            map,
            error: PhantomData,
        })
    }

    /// Takes the field `key` out of the object: its value read as `T`, or, when the object
    /// has no such key, what `T` makes of a missing field (`None` for an `Option`, an error
    /// for anything else).
    ///
    /// # Errors
    ///
    /// When the value does not read as `T` (the message names the field), or the field is
    /// missing and `T` is not an `Option`.
    pub fn field<T: DeserializeOwned>(&mut self, key: &'static str) -> Result<T, E> {
        match self.map.shift_remove(key) {
            Some(value) => T::deserialize(value).map_err(|error| in_field(key, &error)),
            None => T::deserialize(Missing {
                key,
                error: PhantomData,
            }),
        }
    }

    /// Refuses a key that is not among `fields` (the wire names of a struct that allows no
    /// other property).
    ///
    /// # Errors
    ///
    /// For the first key of the object that is not in `fields`.
    pub fn deny(&self, fields: &'static [&'static str]) -> Result<(), E> {
        match self.map.keys().find(|key| !fields.contains(&key.as_str())) {
            Some(key) => Err(E::unknown_field(key, fields)),
            None => Ok(()),
        }
    }

    /// What no field took, as JSON values in document order (each key counts as left over,
    /// for a [`Union`] that weighs its variants).
    pub fn rest(self) -> Map<String, Value> {
        fit::left_over(self.map.len());
        self.map
    }

    /// What no field took, each value read as `T` (`additionalProperties: <schema>`).
    ///
    /// # Errors
    ///
    /// For the first value that does not read as `T` (the message names its key).
    pub fn rest_as<T: DeserializeOwned>(self) -> Result<BTreeMap<String, T>, E> {
        self.map
            .into_iter()
            .map(|(key, value)| match T::deserialize(value) {
                Ok(value) => Ok((key, value)),
                Err(error) => Err(in_field(&key, &error)),
            })
            .collect()
    }
}

/// The error of a field's value, naming the field.
fn in_field<E: de::Error>(key: &str, error: &serde_json::Error) -> E {
    E::custom(format_args!("field `{key}`: {error}"))
}

/// Reads a map into a [`Map`], refusing a key given twice.
struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Map<String, Value>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let value: Value = access.next_value()?;
            if map.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            map.insert(key, value);
        }
        Ok(map)
    }
}

/// A field the object does not have: an `Option` reads it as `None`, anything else fails with
/// serde's "missing field".
struct Missing<E> {
    key: &'static str,
    error: PhantomData<fn() -> E>,
}

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.key))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// A union being read: the JSON value read whole, then the variant it is found.
///
/// Two ways, which generated code chooses per union:
///
/// - **By tag** ([`Union::tagged`], then [`tag`](Union::tag) per variant and
///   [`other`](Union::other)): every variant fixes one property (`type`, `role`, …); the value's
///   tag names its variant, which alone reads it (by fit among them, where a document gives
///   one tag to several), and a tag no variant has is kept whole by the open variant, so that
///   a new kind of value never fails to read. A value without the tag (or with one that is
///   not a string) is read by fit, as below.
/// - **By fit** ([`Union::read`], then [`or`](Union::or) per variant and [`end`](Union::end)):
///   each variant is tried in order, and the one that reads the value with the least left
///   over wins: a key kept in a struct's map of unknown fields, a string kept by an open
///   enum's catch-all variant and a tag kept by a tagged union's open variant each count
///   one, at any depth. The first variant that leaves nothing over wins at once; among
///   variants that leave as much, the first. So an object is read as the variant that knows
///   most of its keys, never by its position alone.
///
/// ```
/// use serde::de::{Deserialize, Deserializer};
/// use vendor_runtime::{Object, Union};
///
/// #[derive(Debug, PartialEq)]
/// struct Text {
///     text: String,
///     extra: serde_json::Map<String, serde_json::Value>,
/// }
///
/// impl<'de> Deserialize<'de> for Text {
///     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         let mut object = Object::read(deserializer)?;
///         Ok(Self { text: object.field("text")?, extra: object.rest() })
///     }
/// }
///
/// #[derive(Debug, PartialEq)]
/// enum Part {
///     Text(Text),
///     Other(serde_json::Value),
/// }
///
/// impl<'de> Deserialize<'de> for Part {
///     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         Union::tagged(deserializer, "type")?.tag(&["text"], Self::Text).other(Self::Other)
///     }
/// }
///
/// let part: Part = serde_json::from_str(r#"{"type": "text", "text": "Hi"}"#)?;
/// assert!(matches!(part, Part::Text(Text { ref text, .. }) if text == "Hi"));
/// let part: Part = serde_json::from_str(r#"{"type": "hologram", "depth": 3}"#)?;
/// assert_eq!(part, Part::Other(serde_json::json!({"type": "hologram", "depth": 3})));
/// let error = serde_json::from_str::<Part>(r#"{"type": "text"}"#).unwrap_err();
/// assert!(error.to_string().starts_with("`type` `text`: missing field `text`"));
///
/// #[derive(Debug, PartialEq)]
/// enum Stop {
///     One(String),
///     Many(Vec<String>),
/// }
///
/// impl<'de> Deserialize<'de> for Stop {
///     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         Union::read(deserializer)?.or(Self::One).or(Self::Many).end()
///     }
/// }
///
/// assert_eq!(serde_json::from_str::<Stop>(r#"["a"]"#)?, Stop::Many(vec!["a".to_owned()]));
/// let error = serde_json::from_str::<Stop>("1").unwrap_err();
/// assert!(error.to_string().starts_with("no variant of untagged enum "));
/// assert!(error.to_string().contains("::Stop reads it"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug)]
pub struct Union<S, E> {
    value: Value,
    /// How a variant is found: by fit, or by the tag the value carries.
    tag: Tag,
    /// The best variant so far, and what it left over.
    found: Option<(S, usize)>,
    /// Whether a variant takes the value's tag.
    named: bool,
    /// Why the first variant that takes the value's tag could not read the value.
    failure: Option<String>,
    /// What the reading this union is part of had left over before it.
    outer: usize,
    error: PhantomData<fn() -> E>,
}

/// How a union's variant is found.
#[derive(Debug)]
enum Tag {
    /// By fit: the union has no tag, or the value does not carry it.
    None,
    /// By the value's tag (the union's tag property and the value it has there).
    Is(&'static str, String),
}

impl<S, E: de::Error> Union<S, E> {
    /// Reads the JSON value of a union whose variant is found by fit.
    ///
    /// # Errors
    ///
    /// When the input is not JSON data (a deserializer's own error).
    pub fn read<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        let value = Value::deserialize(deserializer)?;
        Ok(Self::start(value, Tag::None))
    }

    /// Reads the JSON value of a union whose variants each fix the property `property`, and
    /// the value's tag there.
    ///
    /// # Errors
    ///
    /// When the input is not JSON data (a deserializer's own error).
    pub fn tagged<'de, D: Deserializer<'de, Error = E>>(
        deserializer: D,
        property: &'static str,
    ) -> Result<Self, E> {
        let value = Value::deserialize(deserializer)?;
        let tag = match value.get(property) {
            Some(Value::String(tag)) => Tag::Is(property, tag.clone()),
            _ => Tag::None,
        };
        Ok(Self::start(value, tag))
    }

    fn start(value: Value, tag: Tag) -> Self {
        Union {
            value,
            tag,
            found: None,
            named: false,
            failure: None,
            outer: fit::restart(),
            error: PhantomData,
        }
    }

    /// Tries the variant `variant` (its constructor), unless an earlier one read the value
    /// with nothing left over; it is kept if it leaves less over than the best so far.
    #[must_use]
    pub fn or<T: DeserializeOwned>(mut self, variant: fn(T) -> S) -> Self {
        if !self.perfect() {
            // A variant that does not read the value is simply not chosen.
            let _ = self.weigh(variant);
        }
        self
    }

    /// Whether a variant read the value with nothing left over.
    fn perfect(&self) -> bool {
        matches!(self.found, Some((_, 0)))
    }

    /// Reads the value as the variant `variant`, kept if it leaves less over than the best so
    /// far.
    fn weigh<T: DeserializeOwned>(&mut self, variant: fn(T) -> S) -> Result<(), serde_json::Error> {
        let read = T::deserialize(&self.value);
        let left = fit::restart();
        let read = read?;
        if self.found.as_ref().is_none_or(|(_, best)| left < *best) {
            self.found = Some((variant(read), left));
        }
        Ok(())
    }

    /// The variant `variant` of a tagged union, which the tags `tags` name: it is tried when
    /// the value's tag is one of them (by fit, should another variant take the same tag), and
    /// by fit when the value has no tag.
    #[must_use]
    pub fn tag<T: DeserializeOwned>(mut self, tags: &[&str], variant: fn(T) -> S) -> Self {
        let Tag::Is(_, tag) = &self.tag else {
            return self.or(variant);
        };
        if !tags.contains(&tag.as_str()) {
            return self;
        }
        self.named = true;
        if self.perfect() {
            return self;
        }
        if let Err(error) = self.weigh(variant) {
            if let (None, Tag::Is(property, tag)) = (&self.failure, &self.tag) {
                self.failure = Some(format!("`{property}` `{tag}`: {error}"));
            }
        }
        self
    }

    /// The variant found.
    ///
    /// # Errors
    ///
    /// When no variant reads the value (the message names the union's type), or no variant
    /// its tag names does (the message names the tag, and says why).
    pub fn end(self) -> Result<S, E> {
        // What the reading around this union left over, and what the variant found did.
        let left = self.found.as_ref().map_or(0, |(_, left)| *left);
        fit::restart_at(self.outer.saturating_add(left));
        match (self.found, self.failure) {
            (Some((found, _)), _) => Ok(found),
            (None, Some(failure)) => Err(E::custom(failure)),
            (None, None) => Err(E::custom(format_args!(
                "no variant of untagged enum {} reads it",
                std::any::type_name::<S>()
            ))),
        }
    }

    /// The variant found, or, when the value's tag is one no variant has, the open variant
    /// `other`, which keeps the whole value (and counts one left over).
    ///
    /// # Errors
    ///
    /// As [`end`](Union::end).
    pub fn other(mut self, other: fn(Value) -> S) -> Result<S, E> {
        if matches!(self.tag, Tag::Is(..)) && !self.named {
            self.found = Some((other(std::mem::take(&mut self.value)), 1));
        }
        self.end()
    }
}

/// How much of a value the types reading it left over (kept as unknown fields, values of an
/// open enum it does not list, tags no variant has), counted per thread while a [`Union`]
/// tries its variants, so that it can keep the one that fits best.
#[doc(hidden)]
pub mod fit {
    use std::cell::Cell;

    thread_local! {
        static LEFT_OVER: Cell<usize> = const { Cell::new(0) };
    }

    /// Counts `count` parts of the value being read as left over.
    pub fn left_over(count: usize) {
        LEFT_OVER.with(|left| left.set(left.get().saturating_add(count)));
    }

    /// Starts counting again from zero; gives what was counted.
    pub(crate) fn restart() -> usize {
        restart_at(0)
    }

    /// Starts counting again from `count`; gives what was counted.
    pub(crate) fn restart_at(count: usize) -> usize {
        LEFT_OVER.with(|left| left.replace(count))
    }
}

/// Reads a closed string enum: the variant whose wire string the input is.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq)]
/// enum Order {
///     Asc,
///     Desc,
/// }
///
/// impl<'de> serde::Deserialize<'de> for Order {
///     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         vendor_runtime::one_of(deserializer, &[("asc", Self::Asc), ("desc", Self::Desc)])
///     }
/// }
///
/// assert_eq!(serde_json::from_str::<Order>(r#""desc""#)?, Order::Desc);
/// let error = serde_json::from_str::<Order>(r#""up""#).unwrap_err();
/// assert!(error.to_string().starts_with("unknown variant `up`, expected one of `asc`, `desc`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
///
/// When the input is not a string, or not one of `values`.
pub fn one_of<'de, D: Deserializer<'de>, T: Copy>(
    deserializer: D,
    values: &[(&'static str, T)],
) -> Result<T, D::Error> {
    let text = String::deserialize(deserializer)?;
    match values.iter().find(|(wire, _)| *wire == text) {
        Some((_, value)) => Ok(*value),
        None => {
            let expected: Vec<String> =
                values.iter().map(|(wire, _)| format!("`{wire}`")).collect();
            Err(de::Error::custom(format_args!(
                "unknown variant `{text}`, expected one of {}",
                expected.join(", ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{one_of, Object, Union};
    use serde::de::{Deserialize, Deserializer};
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    /// As generated for `additionalProperties: false` and one optional property.
    #[derive(Debug, PartialEq)]
    struct Closed {
        a: Option<String>,
    }

    impl<'de> Deserialize<'de> for Closed {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut object = Object::read(deserializer)?;
            object.deny(&["a"])?;
            Ok(Self {
                a: object.field("a")?,
            })
        }
    }

    /// As generated for `additionalProperties: {type: integer}` and a nullable required
    /// property.
    #[derive(Debug, PartialEq)]
    struct Counts {
        total: Option<i64>,
        rest: BTreeMap<String, i64>,
    }

    impl<'de> Deserialize<'de> for Counts {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut object = Object::read(deserializer)?;
            Ok(Self {
                total: object.field("total")?,
                rest: object.rest_as()?,
            })
        }
    }

    fn error<T: for<'de> Deserialize<'de> + std::fmt::Debug>(value: Value) -> String {
        serde_json::from_value::<T>(value).unwrap_err().to_string()
    }

    #[test]
    fn reads_objects_only_and_refuses_unknown_fields() {
        assert_eq!(
            serde_json::from_value::<Closed>(json!({"a": "x"})).unwrap(),
            Closed {
                a: Some("x".to_owned())
            }
        );
        assert_eq!(
            serde_json::from_value::<Closed>(json!({})).unwrap(),
            Closed { a: None }
        );
        assert_eq!(
            error::<Closed>(json!({"b": 1})),
            "unknown field `b`, expected `a`"
        );
        assert_eq!(
            error::<Closed>(json!(["x"])),
            "invalid type: sequence, expected a JSON object"
        );
        assert_eq!(
            error::<Closed>(json!("x")),
            "invalid type: string \"x\", expected a JSON object"
        );
    }

    #[test]
    fn refuses_a_key_given_twice() {
        let error = serde_json::from_str::<Closed>(r#"{"a": "x", "a": "y"}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("duplicate field `a`"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_nullable_field_is_none_and_typed_rest_names_its_key() {
        assert_eq!(
            serde_json::from_value::<Counts>(json!({"b": 2, "a": 1})).unwrap(),
            Counts {
                total: None,
                rest: BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]),
            }
        );
        assert_eq!(
            error::<Counts>(json!({"total": 1, "b": "two"})),
            "field `b`: invalid type: string \"two\", expected i64"
        );
        assert_eq!(
            error::<Counts>(json!({"total": "one"})),
            "field `total`: invalid type: string \"one\", expected i64"
        );
    }

    #[test]
    fn unions_by_fit_tell_json_types_apart() {
        #[derive(Debug, PartialEq)]
        enum Either {
            Int(i64),
            Float(f64),
            Closed(Closed),
        }
        impl<'de> Deserialize<'de> for Either {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Union::read(deserializer)?
                    .or(Self::Int)
                    .or(Self::Float)
                    .or(Self::Closed)
                    .end()
            }
        }
        assert_eq!(
            serde_json::from_value::<Either>(json!(1)).unwrap(),
            Either::Int(1)
        );
        assert_eq!(
            serde_json::from_value::<Either>(json!(1.5)).unwrap(),
            Either::Float(1.5)
        );
        assert_eq!(
            serde_json::from_value::<Either>(json!({})).unwrap(),
            Either::Closed(Closed { a: None })
        );
        assert_eq!(
            error::<Either>(json!({"b": 1})),
            "no variant of untagged enum vendor_runtime::object::tests::\
             unions_by_fit_tell_json_types_apart::Either reads it"
        );
    }

    /// As generated for an object of one optional property that keeps unknown fields.
    #[derive(Debug, PartialEq)]
    struct Loose {
        a: Option<String>,
        rest: serde_json::Map<String, Value>,
    }

    impl<'de> Deserialize<'de> for Loose {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut object = Object::read(deserializer)?;
            Ok(Self {
                a: object.field("a")?,
                rest: object.rest(),
            })
        }
    }

    /// As generated for an object of two optional properties, one a `Loose`.
    #[derive(Debug, PartialEq)]
    struct Pair {
        a: Option<String>,
        b: Option<Loose>,
        rest: serde_json::Map<String, Value>,
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut object = Object::read(deserializer)?;
            Ok(Self {
                a: object.field("a")?,
                b: object.field("b")?,
                rest: object.rest(),
            })
        }
    }

    #[derive(Debug, PartialEq)]
    enum Fit {
        Loose(Loose),
        Pair(Pair),
    }

    impl<'de> Deserialize<'de> for Fit {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Union::read(deserializer)?
                .or(Self::Loose)
                .or(Self::Pair)
                .end()
        }
    }

    fn variant(value: Value) -> &'static str {
        match serde_json::from_value::<Fit>(value).unwrap() {
            Fit::Loose(_) => "Loose",
            Fit::Pair(_) => "Pair",
        }
    }

    #[test]
    fn unions_by_fit_keep_the_variant_that_leaves_least_over_at_any_depth() {
        // Both read it with nothing left over: the first.
        assert_eq!(variant(json!({"a": "x"})), "Loose");
        // Loose keeps `b` as unknown; Pair knows it.
        assert_eq!(variant(json!({"a": "x", "b": {}})), "Pair");
        // Loose leaves `b` and `z` over, Pair only `z`.
        assert_eq!(variant(json!({"b": {"a": "y"}, "z": 1})), "Pair");
        // Loose leaves `b` over (one key), Pair the two keys inside `b`.
        assert_eq!(variant(json!({"b": {"c": 1, "d": 2}})), "Loose");
        // What a union inside a struct leaves over counts for the struct in an outer union:
        // each `Fit` below leaves nothing over but its unknown keys.
        let list: Vec<Fit> =
            serde_json::from_value(json!([{"a": "x", "b": {}}, {"b": {"c": 1, "d": 2}}])).unwrap();
        assert!(
            matches!(list[..], [Fit::Pair(_), Fit::Loose(_)]),
            "{list:?}"
        );
    }

    #[test]
    fn what_a_union_left_over_adds_to_the_reading_around_it() {
        super::fit::restart();
        let _: Fit = serde_json::from_value(json!({"b": {"c": 1, "d": 2}, "e": 3})).unwrap();
        // Loose leaves `b` and `e`; Pair leaves `c`, `d` and `e`: the union adds Loose's two.
        assert_eq!(super::fit::restart(), 2);
        let _: Fit = serde_json::from_value(json!({"a": "x"})).unwrap();
        assert_eq!(super::fit::restart(), 0);
    }

    #[test]
    fn tagged_unions_read_the_variant_their_tag_names() {
        #[derive(Debug, PartialEq)]
        enum Tagged {
            Loose(Loose),
            Pair(Pair),
            Other(Value),
        }
        impl<'de> Deserialize<'de> for Tagged {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Union::tagged(deserializer, "t")?
                    .tag(&["loose", "free"], Self::Loose)
                    .tag(&["pair"], Self::Pair)
                    .other(Self::Other)
            }
        }
        let read = |value: Value| serde_json::from_value::<Tagged>(value);
        // The tag decides, though Loose would read it with less left over.
        assert!(matches!(
            read(json!({"t": "pair", "b": {"c": 1, "d": 2}})),
            Ok(Tagged::Pair(_))
        ));
        assert!(matches!(
            read(json!({"t": "free", "a": "x"})),
            Ok(Tagged::Loose(_))
        ));
        assert_eq!(
            read(json!({"t": "triple", "a": "x"})).unwrap(),
            Tagged::Other(json!({"t": "triple", "a": "x"}))
        );
        // No tag, or not a string: by fit.
        assert!(matches!(
            read(json!({"a": "x", "b": {}})),
            Ok(Tagged::Pair(_))
        ));
        assert!(matches!(
            read(json!({"t": 1, "a": "x"})),
            Ok(Tagged::Loose(_))
        ));
        // The variant the tag names does not read it: its error, with the tag.
        assert_eq!(
            read(json!({"t": "pair", "a": 1})).unwrap_err().to_string(),
            "`t` `pair`: field `a`: invalid type: integer `1`, expected a string"
        );
        assert!(read(json!([1])).is_err());
    }

    #[test]
    fn closed_enums_name_what_they_expect() {
        let read = |value: Value| one_of(value, &[("a", 1), ("b", 2)]);
        assert_eq!(read(json!("b")).unwrap(), 2);
        assert_eq!(
            read(json!("c")).unwrap_err().to_string(),
            "unknown variant `c`, expected one of `a`, `b`"
        );
        assert!(read(json!(1)).is_err());
    }
}
