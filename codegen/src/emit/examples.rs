//! The examples test: one `#[test]` per example of the document.

use super::{Cx, Piece};
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

/// The examples test of one API, in pieces like [`super::Module`]: piece 0 is the file's
/// inner doc and cfg, the comparison helper and the (empty) `examples` module, then one piece
/// per example holding its test, a member of that module.
#[derive(Debug, Clone)]
pub struct ExamplesTest<'a> {
    api: &'a ir::Api,
    /// The path of the generated module, e.g. `vendor_api::minimax`.
    crate_path: &'a str,
}

impl<'a> ExamplesTest<'a> {
    /// The test file that round-trips every example of `api` through its type, naming the
    /// module by `crate_path` (e.g. `vendor_api::minimax`).
    pub fn new(api: &'a ir::Api, crate_path: &'a str) -> Self {
        ExamplesTest { api, crate_path }
    }

    /// The path before a type of the module (`::vendor_api::minimax::`), its segments checked
    /// by `cx`.
    fn prefix(&self, cx: &Cx) -> TokenStream {
        let segments = self
            .crate_path
            .split("::")
            .filter(|segment| !segment.is_empty())
            .map(|segment| cx.ident(segment));
        quote!(#(::#segments)* ::)
    }

    /// The file's head: inner doc and cfg, then, when there are tests, the comparison helper
    /// (when one of them uses it: nothing is emitted that no test uses, so nothing is dead
    /// code) and the `examples` module the tests go into.
    fn head(&self) -> TokenStream {
        let cx = Cx::new_empty();
        let crate_path = self.crate_path;
        // The path's segments are checked here, once: the tests' pieces use it unchecked.
        self.prefix(&cx);
        let module = crate_path.rsplit("::").next().unwrap_or(crate_path);
        let file_doc = format!(
            " Round trips of the examples in the document of `{crate_path}`: each example \
             deserializes into its type and serializes back to equal JSON, or, when the \
             generator found it does not fit, fails to deserialize."
        );
        let examples = &self.api.examples;
        let helper = examples
            .iter()
            .any(|example| example.misfit.is_none())
            .then(normalize_helper);
        let tests = (!examples.is_empty()).then(|| {
            quote!(
                mod examples {}
            )
        });
        let errors = cx.errors();
        quote! {
            #![doc = #file_doc]
            #![cfg(feature = #module)]
            #errors
            #helper
            #tests
        }
    }
}

impl super::Pieces for ExamplesTest<'_> {
    fn count(&self) -> usize {
        1 + self.api.examples.len()
    }

    fn piece(&self, index: usize) -> Piece {
        let Some(at) = index.checked_sub(1) else {
            return Piece::Items(self.head());
        };
        let Some(example) = self.api.examples.get(at) else {
            return Piece::Members(TokenStream::new());
        };
        let prefix = self.prefix(&Cx::new_empty());
        let cx = Cx::new(self.api, Some(prefix));
        let tokens = test(&cx, example);
        let errors = cx.errors();
        Piece::Members(quote!(#tokens #errors))
    }
}

/// `normalize`, which the tests of examples that fit compare values with.
fn normalize_helper() -> TokenStream {
    quote! {
        /// `value` without `null` object members (an optional field that is `None` is not
        /// serialized), each number as [`whole`] writes it.
        fn normalize(value: ::serde_json::Value) -> ::serde_json::Value {
            match value {
                ::serde_json::Value::Number(number) => ::serde_json::Value::Number(whole(number)),
                ::serde_json::Value::Array(items) => {
                    ::serde_json::Value::Array(items.into_iter().map(normalize).collect())
                }
                ::serde_json::Value::Object(members) => ::serde_json::Value::Object(
                    members
                        .into_iter()
                        .filter(|(_, member)| !member.is_null())
                        .map(|(key, member)| (key, normalize(member)))
                        .collect(),
                ),
                other => other,
            }
        }

        /// `number`, or the integer it is when it is a float with a whole value that an `i64`
        /// or a `u64` holds: numbers then compare exactly. `1` and `1.0` are equal, as a float
        /// type writes an example's `1` back as `1.0` (only a float type, or an any-JSON value
        /// that keeps the example as it is, gives back a float), while an integer that a float
        /// cannot hold (an int64 beyond 2^53, read into an `f64`) differs from what comes back.
        fn whole(number: ::serde_json::Number) -> ::serde_json::Number {
            let Some(float) = number
                .as_f64()
                .filter(|float| number.is_f64() && float.fract() == 0.0)
            else {
                return number;
            };
            if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&float) {
                ::serde_json::Number::from(float as i64)
            } else if (0.0..18_446_744_073_709_551_616.0).contains(&float) {
                ::serde_json::Number::from(float as u64)
            } else {
                number
            }
        }
    }
}

/// The test of one example.
fn test(cx: &Cx, example: &ir::Example) -> TokenStream {
    let name = cx.ident(&example.name);
    let ty = cx.ty(&example.ty);
    let json = example.value.to_string();
    let pointer = &example.pointer;
    let parse = quote! {
        let json: ::serde_json::Value =
            ::serde_json::from_str(#json).expect("the example is JSON");
    };
    match &example.misfit {
        None => {
            let fits = format!("the example at {pointer} deserializes into its type");
            let round_trip = format!("the example at {pointer} round-trips");
            quote! {
                #[test]
                fn #name() {
                    #parse
                    let typed: #ty = ::serde_json::from_value(json.clone()).expect(#fits);
                    let back = ::serde_json::to_value(&typed).expect("the value serializes");
                    assert_eq!(super::normalize(back), super::normalize(json), "{}", #round_trip);
                }
            }
        }
        Some(why) => {
            let message = format!(
                "the example at {pointer} does not fit its type ({why}), yet it deserializes"
            );
            quote! {
                #[test]
                fn #name() {
                    #parse
                    let typed = ::serde_json::from_value::<#ty>(json);
                    assert!(typed.is_err(), "{}", #message);
                }
            }
        }
    }
}
