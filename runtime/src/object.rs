//! How generated types read themselves: [`Object`] for structs, [`Union`] for untagged unions,
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

    /// What no field took, as JSON values in document order.
    pub fn rest(self) -> Map<String, Value> {
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

/// An untagged union being read: the JSON value read whole, then each variant tried in
/// order, the first that reads it wins.
///
/// ```
/// use serde::de::{Deserialize, Deserializer};
/// use vendor_runtime::Union;
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
    found: Option<S>,
    error: PhantomData<fn() -> E>,
}

impl<S, E: de::Error> Union<S, E> {
    /// Reads the JSON value a variant is to be found for.
    ///
    /// # Errors
    ///
    /// When the input is not JSON data (a deserializer's own error).
    pub fn read<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        Ok(Union {
            value: Value::deserialize(deserializer)?,
            found: None,
            error: PhantomData,
        })
    }

    /// Tries the variant `variant` (its constructor), unless an earlier one read the value.
    #[must_use]
    pub fn or<T: DeserializeOwned>(mut self, variant: fn(T) -> S) -> Self {
        if self.found.is_none() {
            self.found = T::deserialize(&self.value).ok().map(variant);
        }
        self
    }

    /// The variant found.
    ///
    /// # Errors
    ///
    /// When no variant reads the value (the message names the union's type).
    pub fn end(self) -> Result<S, E> {
        self.found.ok_or_else(|| {
            E::custom(format_args!(
                "no variant of untagged enum {} reads it",
                std::any::type_name::<S>()
            ))
        })
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
    fn unions_take_the_first_variant_that_reads() {
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
             unions_take_the_first_variant_that_reads::Either reads it"
        );
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
