//! [`closed_enum!`](crate::closed_enum): the impls every closed string enum of generated code
//! has.

/// Implements, for a closed string enum that generated code declares (each variant a unit
/// variant, the enum `Copy`), `as_str`, `Display` and `Deserialize`: each listed variant is its
/// wire string, and any other string is refused (through [`one_of`](crate::one_of), so the
/// error names the values the enum takes).
///
/// Generated code calls it once per closed enum, so that each enum costs a line per value, not
/// three impls written out; it derives `Serialize` itself (with a `serde(rename)` per variant
/// whose wire string is not its name). The caller needs `serde` as a dependency.
///
/// ```
/// /// A sort order.
/// #[derive(serde::Serialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// pub enum Order {
///     /// `asc`.
///     #[serde(rename = "asc")]
///     Asc,
///     /// `desc`.
///     #[serde(rename = "desc")]
///     Desc,
/// }
/// vendor_runtime::closed_enum!(Order, [Asc => "asc", Desc => "desc"]);
///
/// assert_eq!(Order::Desc.as_str(), "desc");
/// assert_eq!(Order::Asc.to_string(), "asc");
/// assert_eq!(serde_json::from_str::<Order>(r#""desc""#)?, Order::Desc);
/// let error = serde_json::from_str::<Order>(r#""up""#).unwrap_err();
/// assert!(error.to_string().starts_with("unknown variant `up`, expected one of `asc`, `desc`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! closed_enum {
    ($name:ident, [$($variant:ident => $wire:literal),* $(,)?]) => {
        impl $name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &'static str {
                match *self {
                    $(Self::$variant => $wire,)*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::one_of(deserializer, &[$(($wire, Self::$variant)),*])
            }
        }
    };
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
pub fn one_of<'de, D: serde::Deserializer<'de>, T: Copy>(
    deserializer: D,
    values: &[(&'static str, T)],
) -> Result<T, D::Error> {
    crate::object::read_str(deserializer, |text| {
        match values.iter().find(|(wire, _)| *wire == text) {
            Some((_, value)) => Ok(*value),
            // A stand-in (`crate::lenient`): the first value.
            None if crate::lenient::mode() == crate::lenient::Mode::Standing => values
                .first()
                .map(|(_, value)| *value)
                .ok_or_else(|| "a closed enum of no value".to_owned()),
            None => {
                let expected: Vec<String> =
                    values.iter().map(|(wire, _)| format!("`{wire}`")).collect();
                Err(format!(
                    "unknown variant `{text}`, expected one of {}",
                    expected.join(", ")
                ))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::one_of;
    use serde_json::{json, Value};

    #[test]
    fn closed_enums_name_what_they_expect() {
        let read = |value: Value| one_of(value, &[("a", 1), ("b", 2)]);
        assert_eq!(read(json!("b")).unwrap(), 2);
        assert_eq!(
            read(json!("c")).unwrap_err().to_string(),
            "unknown variant `c`, expected one of `a`, `b`"
        );
        assert_eq!(
            read(json!(1)).unwrap_err().to_string(),
            "invalid type: integer `1`, expected a string"
        );
        // Borrowed from the input, or not.
        assert_eq!(one_of(&json!("a"), &[("a", 1)]).unwrap(), 1);
        let mut from_reader = serde_json::Deserializer::from_reader(&br#""\u0062""#[..]);
        assert_eq!(one_of(&mut from_reader, &[("b", 2)]).unwrap(), 2);
    }
}
