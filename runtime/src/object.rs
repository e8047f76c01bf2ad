//! [`ObjectOnly`]: a struct read from a JSON object, never from an array.

use serde::de::{Deserializer, Visitor};

/// A deserializer that reads a struct only from a map (a JSON object).
///
/// A struct that derives `Deserialize` also reads a sequence of its fields' values, in order:
/// `["x", 1]` as `{"a": "x", "b": 1}`. A type generated for an object schema must refuse an
/// array instead (and in an untagged union, leave it to a variant that takes arrays), so each
/// generated struct that has no flattened map of unknown fields (`additionalProperties:
/// false`) reads through this wrapper; the others read maps only already. Everything but
/// `deserialize_struct` goes to the wrapped deserializer as it is.
///
/// ```
/// use serde::Deserialize;
/// use vendor_runtime::ObjectOnly;
///
/// #[derive(Debug, Deserialize)]
/// struct Pair {
///     a: String,
///     b: i64,
/// }
///
/// let mut json = serde_json::Deserializer::from_str(r#"{"a": "x", "b": 1}"#);
/// assert_eq!(Pair::deserialize(ObjectOnly(&mut json))?.b, 1);
/// let mut json = serde_json::Deserializer::from_str(r#"["x", 1]"#);
/// assert!(Pair::deserialize(ObjectOnly(&mut json)).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug)]
pub struct ObjectOnly<D>(pub D);

/// Methods that take only a visitor, forwarded as they are.
macro_rules! forward {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    /// Reads a map, and refuses a sequence as the wrong type.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(visitor)
    }

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use super::ObjectOnly;
    use serde::{Deserialize, Deserializer};
    use serde_json::json;

    /// As generated for `additionalProperties: false` and one optional property.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Optional {
        #[serde(default)]
        a: Option<String>,
    }

    fn read(value: serde_json::Value) -> Result<Optional, serde_json::Error> {
        Optional::deserialize(ObjectOnly(value))
    }

    #[test]
    fn reads_objects_and_refuses_arrays() {
        // Without the wrapper, serde reads both arrays as the struct.
        assert!(serde_json::from_value::<Optional>(json!([])).is_ok());
        assert!(serde_json::from_value::<Optional>(json!(["x"])).is_ok());
        assert_eq!(read(json!({"a": "x"})).unwrap().a.as_deref(), Some("x"));
        assert_eq!(read(json!({})).unwrap(), Optional { a: None });
        for refused in [json!([]), json!(["x"]), json!("x"), json!({"b": 1})] {
            assert!(read(refused.clone()).is_err(), "{refused} was read");
        }
    }

    #[test]
    fn forwards_everything_else() {
        assert_eq!(String::deserialize(ObjectOnly(json!("x"))).unwrap(), "x");
        assert_eq!(
            <Vec<u8>>::deserialize(ObjectOnly(json!([1, 2]))).unwrap(),
            [1, 2]
        );
        assert_eq!(
            <Option<i64>>::deserialize(ObjectOnly(json!(null))).unwrap(),
            None
        );
        assert!(ObjectOnly(json!(null)).is_human_readable());
    }
}
