//! The conform harness: a program, written only by `cargo xtask conform` into its work
//! directory, that builds each operation's request from JSON inputs and parses what a server
//! answers, through the generated code itself, so that an independent server (Prism) judges
//! the code and not a second copy of what the code knows.
//!
//! It reads one command per line on stdin and answers one JSON line on stdout:
//!
//! - `{"do": "build", "operation": NAME, "base": URL, "inputs": {"path": {..}, "query": {..},
//!   "header": {..}, "cookie": {..}, "body": VALUE}}` builds the request with `new` and the
//!   `with_` setters (each field read from its input by `serde_json`; a multipart body's parts
//!   are the body's properties, a file's bytes a string's UTF-8) and answers `{"method", "uri",
//!   "headers": [[name, value]…], "body": [bytes]}` or `{"error"}`;
//! - `{"do": "parse", "operation": NAME, "response": INDEX, "status", "headers": {..}, "body":
//!   [bytes]}` calls `parse_response` and answers `{"parsed": "Ok" | variant, "documented":
//!   whether that is what the operation's response `INDEX` (in IR order) is parsed as, "error",
//!   "round_trip"}`: for a response whose one kind of body is JSON, whether its type written
//!   back gives the JSON received (`null` members and `1.0` against `1` aside, as the
//!   examples test compares).

use super::construct::Member;
use super::operations::{has_to_http, sourced_members, Origin};
use super::Cx;
use crate::format::{self, Header};
use crate::ir;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The harness for `api`, whose module is the library `crate_name`, as a formatted file under
/// `header`.
pub fn conform_harness(api: &ir::Api, crate_name: &str, header: &Header) -> String {
    let krate = Cx::new_empty().ident(crate_name);
    let cx = Cx::new(api, Some(quote!(::#krate::)));
    let mut uses = Uses::default();
    let (builds, parses): (Vec<TokenStream>, Vec<TokenStream>) = api
        .operations
        .iter()
        .enumerate()
        .map(|(index, operation)| {
            let op = Op {
                cx: &cx,
                krate: &krate,
                index,
                operation,
            };
            (build(&op, &mut uses), parse(&op, &mut uses))
        })
        .unzip();
    let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
    let build_fns = (0..names.len()).map(|index| format_ident!("build_{index}"));
    let parse_fns = (0..names.len()).map(|index| format_ident!("parse_{index}"));
    let helpers = uses.helpers();
    let describe = (!names.is_empty()).then(|| {
        quote! {
        /// A built request as JSON: method, URI, headers, body bytes.
        fn describe(request: &::vendor_runtime::http::Request<::std::vec::Vec<u8>>) -> ::serde_json::Value {
            let headers: ::std::vec::Vec<[::std::string::String; 2]> = request
                .headers()
                .iter()
                .map(|(name, value)| [name.to_string(), ::std::string::String::from_utf8_lossy(value.as_bytes()).into_owned()])
                .collect();
            ::serde_json::json!({
                "method": request.method().as_str(),
                "uri": request.uri().to_string(),
                "headers": headers,
                "body": request.body(),
            })
        }

        }
    });
    // Without an operation, no command reads its fields (and none would be used).
    let commands = if names.is_empty() {
        quote! {
            ::std::option::Option::Some("build" | "parse") => ::serde_json::json!({ "error": ::std::format!("no operation `{operation}`: the document has none") }),
        }
    } else {
        quote! {
                ::std::option::Option::Some("build") => {
                    let base = match ::vendor_runtime::BaseUrl::parse(command["base"].as_str().unwrap_or_default()) {
                        ::std::result::Result::Ok(base) => base,
                        ::std::result::Result::Err(error) => {
                            return ::serde_json::json!({ "error": error.to_string() });
                        }
                    };
                    let inputs = &command["inputs"];
                    let built = match operation {
                        #(#names => #build_fns(inputs, &base),)*
                        other => ::std::result::Result::Err(::std::format!("no operation `{other}`")),
                    };
                    match built {
                        ::std::result::Result::Ok(request) => describe(&request),
                        ::std::result::Result::Err(error) => ::serde_json::json!({ "error": error }),
                    }
                }
                ::std::option::Option::Some("parse") => {
                    let status = command["status"].as_u64().and_then(|status| u16::try_from(status).ok()).unwrap_or_default();
                    let index = command["response"].as_u64().unwrap_or(u64::MAX);
                    let mut headers = ::vendor_runtime::http::HeaderMap::new();
                    if let ::std::option::Option::Some(given) = command["headers"].as_object() {
                        for (name, value) in given {
                            let name = ::vendor_runtime::http::HeaderName::from_bytes(name.as_bytes());
                            let value = ::vendor_runtime::http::HeaderValue::from_str(value.as_str().unwrap_or_default());
                            if let (::std::result::Result::Ok(name), ::std::result::Result::Ok(value)) = (name, value) {
                                headers.append(name, value);
                            }
                        }
                    }
                    let body: ::std::vec::Vec<u8> = ::serde_json::from_value(command["body"].clone()).unwrap_or_default();
                    match operation {
                        #(#names => #parse_fns(status, &headers, &body, index),)*
                        other => ::serde_json::json!({ "error": ::std::format!("no operation `{other}`") }),
                    }
                }
        }
    };
    let errors = cx.errors();
    let doc = format!(
        " The conform harness of `{crate_name}`: one command per line on stdin, one JSON answer \
         per line on stdout (written by `cargo xtask conform`)."
    );
    let tokens = quote! {
        #![doc = #doc]
        #errors

        fn main() {
            let stdin = ::std::io::stdin();
            let mut stdout = ::std::io::stdout().lock();
            for line in ::std::io::BufRead::lines(stdin.lock()) {
                let ::std::result::Result::Ok(line) = line else {
                    break;
                };
                let reply = match ::serde_json::from_str::<::serde_json::Value>(&line) {
                    ::std::result::Result::Ok(command) => answer(&command),
                    ::std::result::Result::Err(error) => {
                        ::serde_json::json!({ "error": ::std::format!("the command is not JSON: {error}") })
                    }
                };
                let written = ::std::io::Write::write_all(&mut stdout, ::std::format!("{reply}\n").as_bytes())
                    .and_then(|()| ::std::io::Write::flush(&mut stdout));
                if written.is_err() {
                    break;
                }
            }
        }

        /// The answer to one command.
        fn answer(command: &::serde_json::Value) -> ::serde_json::Value {
            let operation = command["operation"].as_str().unwrap_or_default();
            match command["do"].as_str() {
                #commands
                _ => ::serde_json::json!({ "error": "a command is `build` or `parse`" }),
            }
        }

        #describe
        #helpers
        #(#builds)*
        #(#parses)*
    };
    format::format(tokens, header)
}

/// Which helpers the operations' functions call, so that none is emitted unused.
#[derive(Default)]
struct Uses {
    read: bool,
    input: bool,
    bytes: bool,
    file: bool,
    files: bool,
    round_trip: bool,
}

impl Uses {
    fn helpers(&self) -> TokenStream {
        let read = (self.read || self.bytes || self.file || self.files).then(|| {
            quote! {
                /// `value` read as `T`, or why not, naming `what`.
                fn read<T: ::serde::de::DeserializeOwned>(value: &::serde_json::Value, what: &str) -> ::std::result::Result<T, ::std::string::String> {
                    ::serde_json::from_value(value.clone()).map_err(|error| ::std::format!("{what}: {error}"))
                }
            }
        });
        let input = self.input.then(|| {
            quote! {
                /// The input at `path` (`["query", "limit"]`, `["body"]`, `["body", "file"]`), if given.
                fn input<'v>(inputs: &'v ::serde_json::Value, path: &[&str]) -> ::std::option::Option<&'v ::serde_json::Value> {
                    path.iter().try_fold(inputs, |value, key| value.get(key))
                }
            }
        });
        let bytes = (self.bytes || self.file || self.files).then(|| {
            quote! {
                /// The bytes of a string input, as UTF-8.
                fn bytes(value: &::serde_json::Value, what: &str) -> ::std::result::Result<::std::vec::Vec<u8>, ::std::string::String> {
                    read::<::std::string::String>(value, what).map(::std::string::String::into_bytes)
                }
            }
        });
        let file = (self.file || self.files).then(|| {
            quote! {
                /// A file part of a string input's bytes.
                fn file(value: &::serde_json::Value, what: &str) -> ::std::result::Result<::vendor_runtime::File, ::std::string::String> {
                    ::std::result::Result::Ok(::vendor_runtime::File::from_bytes("conform.bin", bytes(value, what)?))
                }
            }
        });
        let files = self.files.then(|| {
            quote! {
                /// File parts of an array input of strings.
                fn files(value: &::serde_json::Value, what: &str) -> ::std::result::Result<::std::vec::Vec<::vendor_runtime::File>, ::std::string::String> {
                    value
                        .as_array()
                        .ok_or_else(|| ::std::format!("{what}: not an array"))?
                        .iter()
                        .map(|item| file(item, what))
                        .collect()
                }
            }
        });
        let round_trip = self.round_trip.then(|| {
            let normalize = super::examples::normalize_helper();
            quote! {
                /// Whether `body`, read as `T` and written back, is the JSON it was.
                fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(body: &[u8]) -> ::serde_json::Value {
                    let received: ::serde_json::Value = match ::serde_json::from_slice(body) {
                        ::std::result::Result::Ok(received) => received,
                        ::std::result::Result::Err(error) => return ::serde_json::json!({ "error": ::std::format!("the body is not JSON: {error}") }),
                    };
                    // Read from the bytes, as `parse_response` reads them.
                    let typed: T = match ::serde_json::from_slice(body) {
                        ::std::result::Result::Ok(typed) => typed,
                        ::std::result::Result::Err(error) => return ::serde_json::json!({ "error": ::std::format!("it does not read as its type: {error}") }),
                    };
                    let back = ::serde_json::to_string(&typed)
                        .map_err(|error| error.to_string())
                        .and_then(|text| ::serde_json::from_str::<::serde_json::Value>(&text).map_err(|error| error.to_string()));
                    match back {
                        ::std::result::Result::Ok(back) => ::serde_json::json!({ "same": normalize(back.clone()) == normalize(received), "back": back }),
                        ::std::result::Result::Err(error) => ::serde_json::json!({ "error": ::std::format!("it does not write back: {error}") }),
                    }
                }
                #normalize
            }
        });
        quote!(#read #input #bytes #file #files #round_trip)
    }
}

/// An operation whose harness functions are emitted, and what names its types.
struct Op<'a> {
    cx: &'a Cx<'a>,
    krate: &'a proc_macro2::Ident,
    /// Its place in the IR, which names its functions (`build_3`, `parse_3`).
    index: usize,
    operation: &'a ir::Operation,
}

/// `build_<index>`: the request of `operation` from its inputs, through `to_http`.
fn build(op: &Op, uses: &mut Uses) -> TokenStream {
    let Op {
        cx,
        krate,
        index,
        operation,
    } = *op;
    let name = format_ident!("build_{index}");
    let signature = |inputs: TokenStream, base: TokenStream| {
        quote! {
            (#inputs: &::serde_json::Value, #base: &::vendor_runtime::BaseUrl) -> ::std::result::Result<::vendor_runtime::http::Request<::std::vec::Vec<u8>>, ::std::string::String>
        }
    };
    if !has_to_http(operation) {
        let why = format!(
            "`{}` has no `to_http`: its body is not one the runtime sends",
            operation.name
        );
        let signature = signature(quote!(_inputs), quote!(_base));
        return quote! {
            fn #name #signature {
                ::std::result::Result::Err(#why.to_owned())
            }
        };
    }
    let module = cx.ident(&operation.module);
    let request = cx.ident(&operation.request_type);
    let members = sourced_members(cx, operation);
    let mut required = Vec::new();
    let mut setters = Vec::new();
    for (origin, member) in &members {
        let Some((path, what)) = place(origin) else {
            continue;
        };
        uses.input = true;
        let path = quote!(&[#(#path),*]);
        let mut read = |value: TokenStream| value_of(origin, member, value, &what, uses);
        if member.is_required() {
            let value = read(quote!(input(inputs, #path).unwrap_or(&::serde_json::Value::Null)));
            required.push(quote!(#value?));
        } else if let Some(setter) = member.setter() {
            let value = read(quote!(value));
            setters.push(quote! {
                if let ::std::option::Option::Some(value) = input(inputs, #path) {
                    request = request.#setter(#value?);
                }
            });
        }
    }
    // Without an input to read, the inputs are not looked at.
    let inputs = if required.is_empty() && setters.is_empty() {
        quote!(_inputs)
    } else {
        quote!(inputs)
    };
    let binding = if setters.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    let signature = signature(inputs, quote!(base));
    quote! {
        fn #name #signature {
            #binding = ::#krate::#module::#request::new(#(#required),*);
            #(#setters)*
            request
                .to_http(base, ::std::option::Option::Some(&::vendor_runtime::ApiKey::new("conform")))
                .map_err(|error| error.to_string())
        }
    }
}

/// Where a field's input is in the inputs object, and how an error names it; `None` for the
/// map of properties a schema does not list, which the harness leaves empty.
fn place(origin: &Origin) -> Option<(Vec<String>, String)> {
    let location = |location: ir::ParamLocation| match location {
        ir::ParamLocation::Path => "path",
        ir::ParamLocation::Query => "query",
        ir::ParamLocation::Header => "header",
        ir::ParamLocation::Cookie => "cookie",
    };
    Some(match origin {
        Origin::Param(param) => {
            let at = location(param.location);
            (
                vec![at.to_owned(), param.wire.clone()],
                format!("{at} parameter `{}`", param.wire),
            )
        }
        Origin::Body | Origin::Bytes => (vec!["body".to_owned()], "the body".to_owned()),
        Origin::Part(part) | Origin::Files(part) => (
            vec!["body".to_owned(), part.wire.clone()],
            format!("the part `{}`", part.wire),
        ),
        Origin::Rest => return None,
    })
}

/// The expression that reads `member` from the input `value` (a `&Value`), a `Result`.
fn value_of(
    origin: &Origin,
    member: &Member,
    value: TokenStream,
    what: &str,
    uses: &mut Uses,
) -> TokenStream {
    match origin {
        Origin::Bytes => {
            uses.bytes = true;
            quote!(bytes(#value, #what))
        }
        Origin::Files(part) if part.kind == ir::PartKind::Files => {
            uses.files = true;
            quote!(files(#value, #what))
        }
        Origin::Files(_) => {
            uses.file = true;
            quote!(file(#value, #what))
        }
        Origin::Param(_) | Origin::Body | Origin::Part(_) | Origin::Rest => {
            uses.read = true;
            let taken = member.taken();
            quote!(read::<#taken>(#value, #what))
        }
    }
}

/// `parse_<index>`: `parse_response` on what was received, the variant it gave, whether the
/// response asked for (by its index) is parsed so, and the round trip of its JSON body.
fn parse(op: &Op, uses: &mut Uses) -> TokenStream {
    let Op {
        cx,
        krate,
        index,
        operation,
    } = *op;
    let name = format_ident!("parse_{index}");
    let module = cx.ident(&operation.module);
    let request = cx.ident(&operation.request_type);
    let error = cx.ident(&operation.error_type);
    let unexpected = cx.ident(&operation.unexpected_variant);
    let unexpected_name = &operation.unexpected_variant;
    let mut variants: Vec<&str> = Vec::new();
    for response in &operation.responses {
        if !response.success {
            variants.push(&response.variant);
        }
        if let Some(reported) = &response.reported {
            variants.push(&reported.variant);
        }
    }
    variants.sort_unstable();
    variants.dedup();
    variants.retain(|variant| *variant != unexpected_name);
    let arms = variants.iter().map(|variant| {
        let ident = cx.ident(variant);
        quote! {
            ::std::result::Result::Err(error @ ::#krate::#module::#error::#ident { .. }) => (#variant, ::std::option::Option::Some(error.to_string())),
        }
    });
    let expected = operation
        .responses
        .iter()
        .enumerate()
        .map(|(at, response)| {
            let mut names = Vec::new();
            if response.success {
                names.push("Ok");
            } else {
                names.push(response.variant.as_str());
            }
            if let Some(reported) = &response.reported {
                names.push(&reported.variant);
            }
            quote!(#at => &[#(#names),*],)
        });
    let round_trips: Vec<TokenStream> = operation
        .responses
        .iter()
        .enumerate()
        .filter_map(|(at, response)| match response.content.as_slice() {
            [ir::Content {
                kind: ir::ContentKind::Json(ty),
                ..
            }] => {
                let ty = cx.ty(ty);
                Some(quote!(#at => round_trip::<#ty>(body),))
            }
            _ => None,
        })
        .collect();
    let round_trip = if round_trips.is_empty() {
        quote!(::serde_json::Value::Null)
    } else {
        uses.round_trip = true;
        quote! {
            match index {
                #(#round_trips)*
                _ => ::serde_json::Value::Null,
            }
        }
    };
    quote! {
        fn #name(status: u16, headers: &::vendor_runtime::http::HeaderMap, body: &[u8], index: u64) -> ::serde_json::Value {
            let (parsed, error): (&str, ::std::option::Option<::std::string::String>) =
                match ::#krate::#module::#request::parse_response(status, headers, body) {
                    ::std::result::Result::Ok(_) => ("Ok", ::std::option::Option::None),
                    #(#arms)*
                    ::std::result::Result::Err(::#krate::#module::#error::#unexpected(unexpected)) => (#unexpected_name, ::std::option::Option::Some(::std::format!("{unexpected:?}"))),
                    ::std::result::Result::Err(error) => ("an unknown variant", ::std::option::Option::Some(error.to_string())),
                };
            let index = usize::try_from(index).unwrap_or(usize::MAX);
            let expected: &[&str] = match index {
                #(#expected)*
                _ => &[],
            };
            ::serde_json::json!({
                "parsed": parsed,
                "documented": expected.contains(&parsed),
                "error": error,
                "round_trip": #round_trip,
            })
        }
    }
}
