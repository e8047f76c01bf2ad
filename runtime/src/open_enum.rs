//! [`open_enum!`](crate::open_enum): the impls every open string enum of generated code has.

/// Implements, for an open string enum that generated code declares, `as_str`, `Display`,
/// `From<&str>`, `Serialize` and `Deserialize`: each listed variant is its wire string, and
/// any other string goes to (and comes from) the catch-all variant, which holds it.
///
/// Generated code calls it once per open enum, so that each enum costs a line per value, not
/// five impls written out; the caller needs `serde` as a dependency.
///
/// ```
/// /// A file's purpose.
/// #[derive(Debug, Clone, PartialEq, Eq, Hash)]
/// pub enum Purpose {
///     /// `batch`.
///     Batch,
///     /// Any other value.
///     Other(String),
/// }
/// vendor_runtime::open_enum!(Purpose, Other, [Batch => "batch"]);
///
/// assert_eq!(Purpose::from("batch"), Purpose::Batch);
/// assert_eq!(Purpose::from("new"), Purpose::Other("new".to_owned()));
/// assert_eq!(serde_json::to_string(&Purpose::Other("new".to_owned()))?, r#""new""#);
/// assert_eq!(serde_json::from_str::<Purpose>(r#""batch""#)?, Purpose::Batch);
/// assert_eq!(Purpose::Batch.to_string(), "batch");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    ($name:ident, $other:ident, [$($variant:ident => $wire:literal),* $(,)?]) => {
        impl $name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                // `if`, not `match`: two variants of one wire string (the first wins) must not
                // make an unreachable pattern.
                $(if value == $wire {
                    return Self::$variant;
                })*
                Self::$other(::std::borrow::ToOwned::to_owned(value))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::read_str(deserializer, |value| {
                    let read = <Self as ::std::convert::From<&str>>::from(value);
                    if let Self::$other(_) = read {
                        // A value the enum does not list: what a union weighs its variants by.
                        $crate::fit::left_over(1);
                    }
                    ::std::result::Result::Ok(read)
                })
            }
        }
    };
}
