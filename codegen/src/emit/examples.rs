//! The examples test: one `#[test]` per example of the document.

use super::Cx;
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

/// A test file that round-trips every example of `api` through its type (see
/// [`super::examples_test`]).
pub(super) fn examples_test(api: &ir::Api, crate_path: &str) -> TokenStream {
    let empty = Cx::new_empty();
    let segments: Vec<_> = crate_path
        .split("::")
        .filter(|segment| !segment.is_empty())
        .map(|segment| empty.ident(segment))
        .collect();
    let module = crate_path.rsplit("::").next().unwrap_or(crate_path);
    let cx = Cx::new(api, Some(quote!(#(::#segments)* ::)));
    let tests: Vec<TokenStream> = api
        .examples
        .iter()
        .map(|example| test(&cx, example))
        .collect();
    let file_doc = format!(
        " Round trips of the examples in the document of `{crate_path}`: each example \
         deserializes into its type and serializes back to equal JSON, or, when the generator \
         found it does not fit, fails to deserialize."
    );
    let errors = empty.errors();
    let more_errors = cx.errors();
    let any_fits = api.examples.iter().any(|example| example.misfit.is_none());
    let body = if tests.is_empty() {
        TokenStream::new()
    } else {
        round_trip_helpers(&tests, any_fits)
    };
    quote! {
        #![doc = #file_doc]
        #![cfg(feature = #module)]
        #body
        #errors
        #more_errors
    }
}

/// The `examples` module holding `tests`, and the comparison helper when an example round-trips
/// (nothing is emitted that no test uses, so nothing is dead code).
fn round_trip_helpers(tests: &[TokenStream], any_fits: bool) -> TokenStream {
    let module = quote! {
        mod examples {
            #(#tests)*
        }
    };
    if !any_fits {
        return module;
    }
    quote! {
        /// `value` with every number as `f64` (so that `1` and `1.0` compare equal) and without
        /// `null` object members (an optional field that is `None` is not serialized).
        fn normalize(value: ::serde_json::Value) -> ::serde_json::Value {
            match value {
                ::serde_json::Value::Number(number) => ::serde_json::Value::Number(
                    number.as_f64().and_then(::serde_json::Number::from_f64).unwrap_or(number),
                ),
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

        #module
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
