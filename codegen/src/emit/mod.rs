//! Stage 4: [`ir::Api`] → Rust tokens. The only place `quote!` appears.
//!
//! Invariants of the emitted code:
//! - every path is fully qualified (`::std::…`, `::serde::…`), so a schema named `Option`,
//!   `String`, `Result` or `Box` cannot shadow what the code means; the std derives are the
//!   exception (`#[derive(Debug, Clone)]`): derive macros live in the macro namespace, where no
//!   generated item can shadow them (a type named `Clone` leaves `#[derive(Clone)]` as it is);
//! - structs, unions and closed enums implement `Deserialize` through
//!   `vendor_runtime`'s `Object`, `Union` and `one_of` (closed enums by `closed_enum!`, open
//!   ones by `open_enum!`, a line per value), compiled once there, rather than by serde's
//!   derive, which writes a visitor out per type (half of a large crate's compile time);
//! - every public item and field has a doc (a fallback when the document gives none), written
//!   by `doc.rs`, so no text from the document can break or inject code, or make rustdoc warn;
//! - every name comes from the IR as is; a name that is not a valid identifier (a bug in
//!   `lower`) becomes a `compile_error!` with a clear message, never a panic.
//!
//! Types are printed as the IR has them: `lower` boxes only a named type, never inside a `Vec`
//! or a map (the collection already breaks a cycle; `clippy::vec_box`), so emit has no box to
//! drop. Enum payloads are never boxed: a user matches `Ok(body)`, not `Ok(boxed)`, and the
//! size of a variant follows the document (`clippy::large_enum_variant` and
//! `clippy::result_large_err` are allowed per module).

mod client;
mod conform;
mod construct;
mod doc;
mod examples;
mod operations;
mod types;
mod usage;

pub use conform::conform_harness;
pub use examples::examples_test;

use crate::ir;
use crate::lower::names;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::cell::RefCell;

/// The module for one vendor as pieces of source text, each whole items, which in order are
/// the module: its inner doc and lints, then one piece per server constant, type and
/// operation, and the client with its methods. Each piece is emitted with a context of its own
/// and followed by a `compile_error!` for each invalid IR name met in it.
///
/// `crate_root` says whether the module is a crate's root (`src/lib.rs`), which carries the
/// crate's attributes.
pub fn module(api: &ir::Api, crate_root: bool, crate_path: &str) -> Vec<String> {
    let head = piece(api, |_| {
        let module_doc = module_doc(api, crate_root, crate_path);
        let limit = crate_root.then(|| recursion_limit(&[api])).flatten();
        quote! {
            #module_doc
            #limit
            #![allow(
                clippy::enum_variant_names,
                clippy::large_enum_variant,
                clippy::module_inception,
                clippy::result_large_err,
                clippy::type_complexity,
                reason = "names, sizes and nesting come from the document's values, schemas and operations"
            )]
        }
    });
    let servers = api
        .servers
        .iter()
        .map(|found| piece(api, |cx| server(cx, found)));
    let types = api
        .types
        .iter()
        .map(|def| piece(api, |cx| types::type_def(cx, def)));
    let operations = api.operations.iter().map(|operation| {
        piece_in(Cx::new_operation(api), |cx| {
            operations::operation(cx, operation)
        })
    });
    std::iter::once(head)
        .chain(servers)
        .chain(types)
        .chain(operations)
        .chain(std::iter::once(piece(api, |cx| client::client(cx, api))))
        .collect()
}

/// The items `emit` makes with a context of its own for the types of `api`, and a
/// `compile_error!` per invalid IR name met, as source text.
fn piece(api: &ir::Api, emit: impl FnOnce(&Cx) -> TokenStream) -> String {
    piece_in(Cx::new(api, None), emit)
}

/// [`piece`] with the context `cx`.
fn piece_in(cx: Cx, emit: impl FnOnce(&Cx) -> TokenStream) -> String {
    let tokens = emit(&cx);
    let errors = cx.errors();
    quote!(#tokens #errors).to_string()
}

/// A server's URL as a constant.
fn server(cx: &Cx, server: &ir::Server) -> TokenStream {
    let name = cx.ident(&server.const_name);
    let url = &server.url;
    let mut lines = server
        .description
        .as_deref()
        .map(doc::lines)
        .unwrap_or_default();
    if lines.is_empty() {
        lines = doc::lines(&format!("A server of this API: {}.", doc::code(url)));
    } else {
        lines.push(String::new());
        lines.extend(doc::lines(&format!("URL: {}.", doc::code(url))));
    }
    let docs = doc::line_attrs(&lines);
    quote! {
        #docs
        pub const #name: &str = #url;
    }
}

/// Levels of the compiler's recursion per named type that a value holds in another: the
/// deepest wrapping is a map's value in an `Option` (`Option`, `BTreeMap`, `PhantomData`,
/// `Box`, `Unique`, `NonNull`, `*const`, the tuple, the type: 9), rounded up.
const LEVELS_PER_TYPE: usize = 10;

/// The compiler's default `recursion_limit`.
const DEFAULT_RECURSION_LIMIT: usize = 128;

/// `#![recursion_limit = "…"]` when the types of `apis` nest deeper than the compiler's default
/// lets it check: auto traits (rustdoc lists them for every type) and drop checking recurse
/// through every field, several levels per type. Nothing when the default is enough.
fn recursion_limit(apis: &[&ir::Api]) -> Option<TokenStream> {
    needed_recursion_limit(apis).map(|needed| {
        let limit = needed.to_string();
        quote!(#![recursion_limit = #limit])
    })
}

/// The recursion limit the types of `apis` need, when it is above the compiler's default.
fn needed_recursion_limit(apis: &[&ir::Api]) -> Option<usize> {
    let nesting = apis.iter().map(|api| api.nesting).max().unwrap_or(0);
    // Margin for an operation's request, response and error types around the body types.
    let needed = (nesting + 4).saturating_mul(LEVELS_PER_TYPE);
    (needed > DEFAULT_RECURSION_LIMIT).then_some(needed)
}

/// The `lib.rs` of the generated crate: one module per API in `apis`, each behind the cargo
/// feature of its name and kept from rustfmt (prettyplease is the formatter of record).
pub fn crate_root(crate_name: &str, apis: &[&ir::Api]) -> TokenStream {
    let cx = Cx::new_empty();
    let limit = recursion_limit(apis);
    let modules = apis.iter().map(|api| {
        let module = &api.module;
        let name = cx.ident(module);
        let docs = doc::attrs(
            None,
            &format!("The `{module}` API (cargo feature `{module}`)."),
        );
        quote! {
            #docs
            #[cfg(feature = #module)]
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    let modules: Vec<TokenStream> = modules.collect();
    let errors = cx.errors();
    let first = apis.first().map(|api| api.module.as_str());
    let example = usage::crate_example(crate_name, first)
        .into_iter()
        .map(|line| {
            let text = doc::attr_text(&line);
            quote!(#![doc = #text])
        });
    quote! {
        //! Typed models of LLM vendors' APIs, generated from their published documents.
        //!
        //! Each module is generated from one vendor's document and sits behind the cargo
        //! feature of its name (all are on by default).
        //!
        #(#example)*
        #![warn(missing_docs)]
        #![forbid(unsafe_code)]
        #limit
        /// The runtime the modules call: base URLs, API keys, the request builder and the
        /// response that fits no documented one (re-exported, so one dependency is enough).
        pub use ::vendor_runtime as runtime;
        #(#modules)*
        #errors
    }
}

/// The module's inner doc: title, version, description, servers, security schemes and an
/// example (naming the module by `crate_path`, and the runtime as a module of a crate or a
/// crate's root does).
fn module_doc(api: &ir::Api, crate_root: bool, crate_path: &str) -> TokenStream {
    let mut lines = Vec::new();
    let title = doc::lines(&api.title).join(" ");
    let title = if title.is_empty() {
        "API".to_owned()
    } else {
        title
    };
    lines.push(format!("# {title}"));
    lines.push(String::new());
    if !api.version.is_empty() {
        lines.extend(doc::lines(&format!("Version {}.", doc::code(&api.version))));
    }
    if let Some(description) = &api.description {
        let description = doc::lines(description);
        if !description.is_empty() {
            lines.push(String::new());
            lines.extend(description);
        }
    }
    lines.push(String::new());
    lines.push("## Servers".to_owned());
    lines.push(String::new());
    if api.servers.is_empty() {
        lines.push("This document names no server: give a base URL.".to_owned());
    }
    for server in &api.servers {
        let url = doc::code(&server.url);
        lines.extend(doc::lines(&format!("- `{}`: {url}", server.const_name)));
        if let Some(description) = &server.description {
            lines.extend(
                doc::lines(description)
                    .into_iter()
                    .map(|line| indent(&line)),
            );
        }
    }
    lines.push(String::new());
    lines.push("## Security".to_owned());
    lines.push(String::new());
    if api.security_schemes.is_empty() {
        lines.push("This document names no security scheme.".to_owned());
    }
    for scheme in &api.security_schemes {
        let key = doc::code(&scheme.key);
        let kind = match &scheme.kind {
            ir::SecurityKind::Bearer => "a bearer token (`Authorization: Bearer …`)".to_owned(),
            ir::SecurityKind::Basic => {
                "HTTP basic authentication (`Authorization: Basic …`)".to_owned()
            }
            ir::SecurityKind::ApiKey { location, name } => {
                let name = doc::code(name);
                format!("an API key in the {} {name}", location_name(*location))
            }
            ir::SecurityKind::Other(what) => doc::lines(what).join(" "),
        };
        lines.extend(doc::lines(&format!("- {key}: {kind}.")));
        if let Some(description) = &scheme.description {
            lines.extend(
                doc::lines(description)
                    .into_iter()
                    .map(|line| indent(&line)),
            );
        }
    }
    let runtime = match crate_path.split_once("::") {
        // `use hostile::hostile;` makes `hostile` the module: then only `::hostile` is the crate.
        Some((krate, _)) if !crate_root && krate == api.module => format!("::{krate}::runtime"),
        Some((krate, _)) if !crate_root => format!("{krate}::runtime"),
        _ => "vendor_runtime".to_owned(),
    };
    let example = usage::module_example(
        api,
        crate_root,
        crate_path,
        &runtime,
        needed_recursion_limit(&[api]),
    );
    if !example.is_empty() {
        lines.push(String::new());
        lines.extend(example);
    }
    lines
        .iter()
        .map(|line| {
            let text = doc::attr_text(line);
            quote!(#![doc = #text])
        })
        .collect()
}

/// `line` indented to continue a list item (blank lines stay blank).
fn indent(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!("  {line}")
    }
}

/// How a parameter or key location reads in a sentence.
fn location_name(location: ir::ParamLocation) -> &'static str {
    match location {
        ir::ParamLocation::Path => "path parameter",
        ir::ParamLocation::Query => "query parameter",
        ir::ParamLocation::Header => "header",
        ir::ParamLocation::Cookie => "cookie",
    }
}

/// What the emitter needs while it works: the API (to resolve type ids), how to name a type of
/// the module, and the errors (invalid IR names) found so far.
struct Cx<'a> {
    /// The types [`ir::TypeRef::Named`] refers to.
    types: &'a [ir::TypeDef],
    /// Path before a named type (`::vendor_api::minimax::`), empty inside the module
    /// (`super::` inside an operation's module).
    prefix: Option<TokenStream>,
    /// Whether the code is inside an operation's module, where its types need no path.
    in_operation: bool,
    /// Invalid names met, reported as `compile_error!`.
    errors: RefCell<Vec<String>>,
}

impl<'a> Cx<'a> {
    /// A context for the types of `api`, named with `prefix` (if any) before each.
    fn new(api: &'a ir::Api, prefix: Option<TokenStream>) -> Self {
        Cx {
            types: &api.types,
            prefix,
            in_operation: false,
            errors: RefCell::new(Vec::new()),
        }
    }

    /// A context with no types (for code that names none).
    fn new_empty() -> Cx<'static> {
        Cx {
            types: &[],
            prefix: None,
            in_operation: false,
            errors: RefCell::new(Vec::new()),
        }
    }

    /// A context for the code inside an operation's module: the module's types are named
    /// from `super::`, the operation's own without a path.
    fn new_operation(api: &'a ir::Api) -> Self {
        Cx {
            in_operation: true,
            ..Cx::new(api, Some(quote!(super::)))
        }
    }

    /// The path of `name`, a type of `operation`'s module, from where the code is:
    /// `delete_file::Request` in the vendor's module, `Request` in the operation's own.
    fn operation_type(&self, operation: &ir::Operation, name: &str) -> TokenStream {
        let name = self.ident(name);
        if self.in_operation {
            quote!(#name)
        } else {
            let module = self.ident(&operation.module);
            quote!(#module::#name)
        }
    }

    /// Records an error, reported by [`Cx::errors`].
    fn error(&self, message: String) {
        self.errors.borrow_mut().push(message);
    }

    /// The identifier `name` (a raw identifier when written `r#…`). An invalid name is recorded
    /// as an error and replaced by a placeholder, so emission goes on.
    fn ident(&self, name: &str) -> Ident {
        if names::is_identifier(name) {
            return match name.strip_prefix("r#") {
                Some(bare) => Ident::new_raw(bare, Span::call_site()),
                None => Ident::new(name, Span::call_site()),
            };
        }
        let mut errors = self.errors.borrow_mut();
        errors.push(format!(
            "vendor-codegen bug: the IR name {name:?} is not a valid Rust identifier \
             (names are decided in lower::names)"
        ));
        format_ident!("invalid_identifier_{}", errors.len())
    }

    /// A `compile_error!` per recorded error.
    fn errors(&self) -> TokenStream {
        self.errors
            .borrow()
            .iter()
            .map(|message| quote!(::std::compile_error!(#message);))
            .collect()
    }

    /// The type definition `id` refers to, if any.
    fn def(&self, id: ir::TypeId) -> Option<&'a ir::TypeDef> {
        self.types.get(id.0)
    }

    /// The map that keeps what a struct's schema does not list: JSON values by name, or values
    /// of the `additionalProperties` schema's type; `None` when it is refused.
    fn extra_map(&self, extra: &ir::Extra) -> Option<TokenStream> {
        match extra {
            ir::Extra::Keep { .. } => {
                Some(quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>))
            }
            ir::Extra::Typed { ty, .. } => {
                let ty = self.ty(ty);
                Some(quote!(::std::collections::BTreeMap<::std::string::String, #ty>))
            }
            ir::Extra::Deny => None,
        }
    }

    /// The tokens of a type.
    fn ty(&self, ty: &ir::TypeRef) -> TokenStream {
        use ir::TypeRef as T;
        match ty {
            T::Named(id) => match self.def(*id) {
                Some(def) => {
                    let name = self.ident(&def.name);
                    let prefix = &self.prefix;
                    quote!(#prefix #name)
                }
                None => {
                    self.error(format!(
                        "vendor-codegen bug: type id {} is out of range",
                        id.0
                    ));
                    quote!(::serde_json::Value)
                }
            },
            T::Bool => quote!(bool),
            T::I32 => quote!(i32),
            T::I64 => quote!(i64),
            T::F32 => quote!(f32),
            T::F64 => quote!(f64),
            T::String => quote!(::std::string::String),
            T::Json => quote!(::serde_json::Value),
            T::Vec(item) => {
                let item = self.ty(item);
                quote!(::std::vec::Vec<#item>)
            }
            T::Map(value) => {
                let value = self.ty(value);
                quote!(::std::collections::BTreeMap<::std::string::String, #value>)
            }
            T::Option(inner) => {
                let inner = self.ty(inner);
                quote!(::std::option::Option<#inner>)
            }
            T::Box(inner) => {
                let inner = self.ty(inner);
                quote!(::std::boxed::Box<#inner>)
            }
        }
    }
}

/// The path of `name`, a type of `operation`'s module, from the vendor's module, as doc text
/// and examples write it: `delete_file::Request`.
fn operation_path(operation: &ir::Operation, name: &str) -> String {
    format!("{}::{name}", operation.module)
}

/// `name` without its `r#` prefix: what serde sees as the field's name.
fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// `#[serde(rename = "wire")]` when the wire name differs from the Rust name.
fn rename(name: &str, wire: &str) -> TokenStream {
    if unraw(name) == wire {
        TokenStream::new()
    } else {
        quote!(#[serde(rename = #wire)])
    }
}
