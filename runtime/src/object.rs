//! How generated structs read themselves: a struct implements [`Fields`] (its fields read off
//! the map as they come) and its `Deserialize` calls [`read_object`], both written by
//! [`object!`](crate::object!).
//!
//! serde's derived `Deserialize` writes out, per type, a field enum with its own visitor and a
//! visitor that reads a sequence as well as a map; in generated crates of hundreds of types that
//! was half of the compile time. A generated struct writes one function instead, a loop over
//! the map's keys with a line per field, and the steps it takes are compiled once, here: no
//! value is read twice and no object is buffered, so a body is parsed once, as serde's derive
//! parses it.

use crate::lenient::{self, Found, Mode};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A generated struct read field by field off a JSON object ([`read_object`] calls it).
///
/// ```
/// use serde::de::{Deserialize, Deserializer, MapAccess};
/// use vendor_runtime::{field, keep, read_object, take, Fields, Key};
///
/// #[derive(Debug, PartialEq)]
/// struct File {
///     id: String,
///     bytes: Option<u64>,
///     extra: serde_json::Map<String, serde_json::Value>,
/// }
///
/// impl<'de> Fields<'de> for File {
///     fn read<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
///         let (mut id, mut bytes, mut extra) = (None, None, serde_json::Map::new());
///         while let Some(key) = map.next_key::<Key<'de>>()? {
///             match key.as_str() {
///                 "id" => field(&mut map, &mut id, "id")?,
///                 "bytes" => field(&mut map, &mut bytes, "bytes")?,
///                 _ => keep(&mut map, &mut extra, key)?,
///             }
///         }
///         Ok(Self { id: take(id, "id")?, bytes: take(bytes, "bytes")?, extra })
///     }
/// }
///
/// impl<'de> Deserialize<'de> for File {
///     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         read_object(deserializer)
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
/// let error = serde_json::from_str::<File>(r#"{"id": "a", "id": "b"}"#).unwrap_err();
/// assert!(error.to_string().starts_with("duplicate field `id`"));
/// assert!(serde_json::from_str::<File>(r#"["f-1", 1]"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait Fields<'de>: Sized {
    /// Reads the struct off `map`, its keys in the order they come.
    ///
    /// # Errors
    ///
    /// As the struct's schema refuses the object: a required field missing, a key given
    /// twice, a value of another type (each naming the field), an unknown key where the
    /// schema allows none.
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Implements, for a struct that generated code declares, [`Fields`] (each field read off the
/// object by its wire name; a key no field takes kept in the struct's map of unknown fields
/// (`keep`), read into its map of `additionalProperties` (`keep_as`), or refused (`deny`)) and
/// `Deserialize` (through [`read_object`]).
///
/// Generated code calls it once per struct, so that a struct's reading costs a line per field
/// in the generated file; the caller needs `serde` as a dependency.
///
/// ```
/// use std::collections::BTreeMap;
///
/// #[derive(Debug, PartialEq)]
/// pub struct Usage {
///     pub total_tokens: i64,
///     pub r#type: Option<String>,
///     pub extra: serde_json::Map<String, serde_json::Value>,
/// }
/// vendor_runtime::object!(Usage, [total_tokens => "total_tokens", r#type => "type"], keep extra);
///
/// #[derive(Debug, PartialEq)]
/// pub struct Counts {
///     pub rest: BTreeMap<String, i64>,
/// }
/// vendor_runtime::object!(Counts, [], keep_as rest);
///
/// #[derive(Debug, PartialEq)]
/// pub struct Closed {
///     pub a: Option<bool>,
/// }
/// vendor_runtime::object!(Closed, [a => "a"], deny);
///
/// let usage: Usage = serde_json::from_str(r#"{"total_tokens": 3, "cached": 1}"#)?;
/// assert_eq!((usage.total_tokens, usage.r#type), (3, None));
/// assert_eq!(usage.extra["cached"], 1);
/// let counts: Counts = serde_json::from_str(r#"{"a": 1, "b": 2}"#)?;
/// assert_eq!(counts.rest["b"], 2);
/// let error = serde_json::from_str::<Closed>(r#"{"a": true, "b": 1}"#).unwrap_err();
/// assert!(error.to_string().starts_with("unknown field `b`, expected `a`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! object {
    ($name:ident, [], deny) => {
        impl<'de> $crate::Fields<'de> for $name {
            fn read<A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                while let ::std::option::Option::Some(key) = $crate::next_key(&mut map)? {
                    $crate::deny(&mut map, &key, &[])?;
                }
                ::std::result::Result::Ok(Self {})
            }
        }
        $crate::object!(@deserialize $name);
    };
    ($name:ident, [$($field:ident => $wire:literal),* $(,)?], $how:ident $($rest:ident)?) => {
        impl<'de> $crate::Fields<'de> for $name {
            fn read<A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                $(let mut $rest = ::std::default::Default::default();)?
                while let ::std::option::Option::Some(key) = $crate::next_key(&mut map)? {
                    match key.as_str() {
                        $($wire => $crate::field(&mut map, &mut $field, $wire)?,)*
                        _ => $crate::object!(@other $how, map, key, [$($wire),*] $(, $rest)?),
                    }
                }
                ::std::result::Result::Ok(Self {
                    $($field: $crate::take($field, $wire)?,)*
                    $($rest,)?
                })
            }
        }
        $crate::object!(@deserialize $name);
    };
    (@other keep, $map:ident, $key:ident, [$($wire:literal),*], $rest:ident) => {
        $crate::keep(&mut $map, &mut $rest, $key)?
    };
    (@other keep_as, $map:ident, $key:ident, [$($wire:literal),*], $rest:ident) => {
        $crate::keep_as(&mut $map, &mut $rest, $key)?
    };
    (@other deny, $map:ident, $key:ident, [$($wire:literal),*]) => {
        $crate::deny(&mut $map, &$key, &[$($wire),*])?
    };
    (@deserialize $name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::read_object(deserializer)
            }
        }
    };
}

/// Reads a [`Fields`] struct from a JSON object, and from nothing else: an array of its
/// fields' values, which serde's derived impls would read, is refused.
///
/// # Errors
///
/// When the input is not an object, or the struct refuses it ([`Fields::read`]).
pub fn read_object<'de, D: Deserializer<'de>, T: Fields<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Fields<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// A key of a JSON object, borrowed from the input where the input allows it (a body read by
/// `serde_json::from_slice` or `from_str` whose key has no escape), so that a struct matches
/// its known keys without allocating.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// The next key of `map` ([`Key`]), if it has one more.
///
/// # Errors
///
/// When the input is not JSON, or its key not a string.
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// Reads the value of the field `key` into `slot`, which holds nothing yet.
///
/// # Errors
///
/// When the object gave the key before (`duplicate field`), or its value does not read as `T`
/// (the message names the field).
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(duplicate(key));
    }
    *slot = Some(match map.next_value() {
        Ok(value) => value,
        Err(error) if lenient::lenient() => {
            lenient::found(Some(key), Found::Refused(error.to_string()));
            lenient::stand_in().map_err(de::Error::custom)?
        }
        Err(error) => return Err(in_field(key, &error)),
    });
    Ok(())
}

/// The value of the field `key` the object gave, or, when it gave none, what `T` makes of a
/// missing field: `None` for an `Option` (a required property that may be `null` is `None`
/// when missing, as when `null`), an error for anything else.
///
/// # Errors
///
/// When the field is missing and `T` is not an `Option` (`missing field`).
pub fn take<'de, T: Deserialize<'de>, E: de::Error>(
    slot: Option<T>,
    key: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => match T::deserialize(Missing {
            key,
            error: PhantomData,
        }) {
            Ok(value) => Ok(value),
            Err(error) => match lenient::mode() {
                Mode::Strict => Err(error),
                Mode::Lenient => {
                    lenient::found(Some(key), Found::Missing);
                    lenient::stand_in().map_err(de::Error::custom)
                }
                Mode::Standing => lenient::stand_in().map_err(de::Error::custom),
            },
        },
    }
}

/// Keeps the value of a key that no field takes in `rest`, the struct's map of unknown
/// fields (in the order they come), and counts it as left over (for a
/// [`Union`](crate::Union) that weighs its variants).
///
/// # Errors
///
/// When the object gave the key before, or its value is not JSON.
pub fn keep<'de, A: MapAccess<'de>>(
    map: &mut A,
    rest: &mut Map<String, Value>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    crate::fit::left_over(1);
    match rest.entry(key.0.into_owned()) {
        serde_json::map::Entry::Vacant(entry) => {
            entry.insert(value);
            Ok(())
        }
        serde_json::map::Entry::Occupied(entry) => Err(duplicate(entry.key())),
    }
}

/// Reads the value of a key that no field takes as `T` into `rest`, the struct's map of
/// `additionalProperties: <schema>`.
///
/// # Errors
///
/// When the object gave the key before, or its value does not read as `T` (the message names
/// the key).
pub fn keep_as<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    rest: &mut BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let key = key.0.into_owned();
    let value: T = match map.next_value() {
        Ok(value) => value,
        Err(error) if lenient::lenient() => {
            // Left out of the map, which has no stand-in to give: the deviation keeps it.
            lenient::found(Some(&key), Found::Refused(error.to_string()));
            return Ok(());
        }
        Err(error) => return Err(in_field(&key, &error)),
    };
    match rest.entry(key) {
        std::collections::btree_map::Entry::Vacant(entry) => {
            entry.insert(value);
            Ok(())
        }
        std::collections::btree_map::Entry::Occupied(entry) => Err(duplicate(entry.key())),
    }
}

/// Refuses `key`, which is not among `fields` (the wire names of a struct whose schema allows
/// no other property); read leniently, it is left out, and written down.
///
/// # Errors
///
/// The error that names the key and the fields, unless the reading is lenient.
pub fn deny<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: &Key<'de>,
    fields: &'static [&'static str],
) -> Result<(), A::Error> {
    if lenient::lenient() {
        lenient::found(Some(key.as_str()), Found::Unknown);
        map.next_value::<de::IgnoredAny>()?;
        return Ok(());
    }
    Err(de::Error::unknown_field(key.as_str(), fields))
}

/// The error of a key the object gave twice.
fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate field `{key}`"))
}

/// The error of a field's value, naming the field (an error is rare: out of the way of the
/// reading that succeeds): `field `key`: <why>`; a field of a field
/// is named by its path, `field `choices.message.role`: <why>`. The position the parser gave
/// the inner error is left to the outer one, which the parser places again.
#[cold]
fn in_field<E: de::Error>(key: &str, error: &E) -> E {
    let message = error.to_string();
    let message = without_position(&message);
    match message
        .strip_prefix("field `")
        .and_then(|rest| rest.split_once("`: "))
    {
        Some((inner, why)) => E::custom(format_args!("field `{key}.{inner}`: {why}")),
        None => E::custom(format_args!("field `{key}`: {message}")),
    }
}

/// `message` without the ` at line L column C` serde_json ends a positioned error with.
fn without_position(message: &str) -> &str {
    let Some((head, tail)) = message.rsplit_once(" at line ") else {
        return message;
    };
    let positioned = tail.split_once(" column ").is_some_and(|(line, column)| {
        !line.is_empty()
            && !column.is_empty()
            && line
                .bytes()
                .chain(column.bytes())
                .all(|b| b.is_ascii_digit())
    });
    if positioned {
        head
    } else {
        message
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

/// Reads a string without allocating where the input lends it, and hands it to `read` (an
/// open or closed enum's lookup of its wire strings).
///
/// # Errors
///
/// When the input is not a string, or `read` refuses it.
pub fn read_str<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    read: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(StrVisitor(read, PhantomData))
}

struct StrVisitor<F, T>(F, PhantomData<fn() -> T>);

impl<'de, F: FnOnce(&str) -> Result<T, String>, T> Visitor<'de> for StrVisitor<F, T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        (self.0)(value).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde::de::Deserialize;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    /// As generated for `additionalProperties: false` and one optional property.
    #[derive(Debug, PartialEq)]
    struct Closed {
        a: Option<String>,
    }

    crate::object!(Closed, [a => "a"], deny);

    /// As generated for `additionalProperties: {type: integer}` and a nullable required
    /// property.
    #[derive(Debug, PartialEq)]
    struct Counts {
        total: Option<i64>,
        rest: BTreeMap<String, i64>,
    }

    crate::object!(Counts, [total => "total"], keep_as rest);

    /// As generated for a required `Closed` and unknown fields kept.
    #[derive(Debug, PartialEq)]
    struct Outer {
        inner: Closed,
        list: Option<Vec<Counts>>,
        rest: serde_json::Map<String, Value>,
    }

    crate::object!(Outer, [inner => "inner", list => "list"], keep rest);

    fn error<T: for<'de> Deserialize<'de> + std::fmt::Debug>(value: Value) -> String {
        serde_json::from_value::<T>(value).unwrap_err().to_string()
    }

    fn error_str<T: for<'de> Deserialize<'de> + std::fmt::Debug>(text: &str) -> String {
        serde_json::from_str::<T>(text).unwrap_err().to_string()
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
    fn refuses_a_key_given_twice_known_or_not() {
        assert_eq!(
            error_str::<Closed>(r#"{"a": "x", "a": "y"}"#),
            "duplicate field `a` at line 1 column 14"
        );
        assert_eq!(
            error_str::<Outer>(r#"{"inner": {}, "z": 1, "z": 2}"#),
            "duplicate field `z` at line 1 column 29"
        );
        assert_eq!(
            error_str::<Counts>(r#"{"b": 1, "b": 2}"#),
            "duplicate field `b` at line 1 column 16"
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
    fn errors_name_the_path_of_fields_and_the_position_once() {
        assert_eq!(
            error_str::<Outer>(r#"{"inner": {"a": 1}}"#),
            "field `inner.a`: invalid type: integer `1`, expected a string at line 1 column 19"
        );
        assert_eq!(
            error_str::<Outer>(r#"{"inner": {}, "list": [{"total": 1}, {"total": true}]}"#),
            "field `list.total`: invalid type: boolean `true`, expected i64 \
             at line 1 column 54"
        );
        assert_eq!(
            error_str::<Outer>(r#"{"list": []}"#),
            "missing field `inner` at line 1 column 12"
        );
        assert_eq!(
            error_str::<Outer>(r#"{"inner": {"b": 1}}"#),
            "field `inner`: unknown field `b`, expected `a` at line 1 column 14"
        );
    }

    #[test]
    fn unknown_fields_are_kept_in_order_and_counted_as_left_over() {
        crate::fit::restart();
        let outer: Outer =
            serde_json::from_str(r#"{"z": [1, {"q": null}], "inner": {}, "b": "x"}"#).unwrap();
        assert_eq!(crate::fit::restart(), 2);
        let keys: Vec<&str> = outer.rest.keys().map(String::as_str).collect();
        assert_eq!(keys, ["z", "b"]);
        assert_eq!(outer.rest["z"], json!([1, {"q": null}]));
    }

    #[test]
    fn keys_with_escapes_and_from_readers_are_read_too() {
        let outer: Outer =
            serde_json::from_reader(&br#"{"in\u006eer": {"a": "\u0078"}, "\n": 1}"#[..]).unwrap();
        assert_eq!(outer.inner.a.as_deref(), Some("x"));
        assert_eq!(outer.rest["\n"], 1);
    }
}
