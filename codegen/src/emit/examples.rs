//! The examples test: one `#[test]` per example of the document.

use super::Cx;
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

/// The test file that round-trips every example of `api` through its type, naming the module
/// by `crate_path` (e.g. `vendor_api::minimax`), as pieces of source text like
/// [`super::module`]'s: the file's inner doc and cfg with the comparison helper (when a test
/// uses it: nothing is emitted that no test uses, so nothing is dead code), then a piece per
/// test (their names, from lower, never take the helper's), then any emitter errors.
pub fn examples_test(api: &ir::Api, crate_path: &str) -> Vec<String> {
    let head = Cx::new_empty();
    let segments = crate_path
        .split("::")
        .filter(|segment| !segment.is_empty())
        .map(|segment| head.ident(segment));
    // The path before a type of the module (`::vendor_api::minimax::`), its segments checked
    // once, by `head`.
    let prefix = quote!(#(::#segments)* ::);
    let module = crate_path.rsplit("::").next().unwrap_or(crate_path);
    let file_doc = format!(
        " Round trips of the examples in the document of `{crate_path}`: each example \
         deserializes from its text into its type and serializes back to text that reads as \
         equal JSON, or, when the generator found it does not fit, fails to deserialize."
    );
    let examples = &api.examples;
    let helper = examples
        .iter()
        .any(|example| {
            example
                .misfit
                .as_ref()
                .is_none_or(|misfit| !misfit.kind.refused())
        })
        .then(normalize_helper);
    let cx = Cx::new(api, Some(prefix));
    // A piece per test, so that formatting holds one test's syntax tree at a time, not the
    // whole file's (GitHub's examples test is 1.4 MB of source).
    let tests: Vec<String> = examples
        .iter()
        .map(|example| test(&cx, example).to_string())
        .collect();
    let head_errors = head.errors();
    let errors = cx.errors();
    let mut pieces = vec![quote! {
        #![doc = #file_doc]
        #![cfg(feature = #module)]
        #head_errors
        #helper
    }
    .to_string()];
    pieces.extend(tests);
    pieces.push(errors.to_string());
    pieces
}

/// `normalize`, which the tests of examples that fit compare values with.
pub(super) fn normalize_helper() -> TokenStream {
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
    // The example's text, written once into the test and read from there.
    let example_text = quote!(let example: &str = #json;);
    match example
        .misfit
        .as_ref()
        .filter(|misfit| misfit.kind.refused())
    {
        None => {
            let fits = format!("the example at {pointer} deserializes into its type");
            let round_trip = format!("the example at {pointer} round-trips");
            quote! {
                #[test]
                fn #name() {
                    #example_text
                    let json: ::serde_json::Value =
                        ::serde_json::from_str(example).expect("the example is JSON");
                    let typed: #ty = ::serde_json::from_str(example).expect(#fits);
                    // Through text, as on the wire: an `f32` writes `0.92` as `0.92`, where
                    // `to_value` would widen it to `0.9200000166893005`.
                    let text = ::serde_json::to_string(&typed).expect("the value serializes");
                    let back: ::serde_json::Value =
                        ::serde_json::from_str(&text).expect("what it writes is JSON");
                    assert_eq!(normalize(back), normalize(json), "{}", #round_trip);
                }
            }
        }
        Some(ir::Misfit {
            text: why,
            kind,
            pointer: place,
        }) => {
            let message = format!(
                "the example at {pointer} does not fit its type ({why}), yet it deserializes"
            );
            let lenient = format!(
                "the example at {pointer}, read leniently, reads with a deviation at `{place}`"
            );
            // A union that no variant reads as it is: read leniently as the variant of the
            // value's kind, whose own deviations are inside it.
            let found = match (*kind == ir::Deviation::NoVariant, place.is_empty()) {
                (true, true) => quote!(!found.is_empty()),
                (true, false) => {
                    quote!(found.iter().any(|deviation| deviation.pointer.starts_with(#place)))
                }
                (false, true) => quote!(found.iter().any(|deviation| deviation.pointer.is_empty())),
                (false, false) => quote!(found.iter().any(|deviation| deviation.pointer == #place)),
            };
            quote! {
                #[test]
                fn #name() {
                    #example_text
                    let typed = ::serde_json::from_str::<#ty>(example);
                    assert!(typed.is_err(), "{}", #message);
                    let body = example.as_bytes();
                    let headers = ::vendor_runtime::http::HeaderMap::new();
                    let (read, found) = ::vendor_runtime::collect(|| {
                        ::vendor_runtime::parse_json::<#ty>(200, &headers, body)
                    });
                    assert!(
                        read.is_ok() && #found,
                        "{}: {:?}",
                        #lenient,
                        found
                    );
                }
            }
        }
    }
}
