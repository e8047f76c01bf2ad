//! Operations: a request struct that builds its HTTP request and parses the response into
//! `Result<success, error>`, an error enum, and a success enum when several 2xx are documented.

use super::construct::{default, methods, Member};
use super::{doc, Cx};
use crate::ir;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The module of one operation: its request, success and error types. `cx` is the context
/// inside it ([`Cx::new_operation`]).
pub(super) fn operation(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let module = cx.ident(&operation.module);
    // Inner doc, so that its links resolve inside the module.
    let docs = module_lines(operation).into_iter().map(|line| {
        let text = doc::attr_text(&line);
        quote!(#![doc = #text])
    });
    let request = request(cx, operation);
    let success = success_enum(cx, operation);
    let error = error_enum(cx, operation);
    quote! {
        pub mod #module {
            #(#docs)*
            #request
            #success
            #error
        }
    }
}

/// The doc of an operation's module: the operation, its endpoint and the types it holds.
fn module_lines(operation: &ir::Operation) -> Vec<String> {
    let endpoint = format!("{} {}", operation.method, operation.path);
    let mut types = vec![format!("[`{}`]", operation.request_type)];
    types.extend(
        operation
            .response_type
            .iter()
            .map(|name| format!("[`{name}`]")),
    );
    types.push(format!("[`{}`]", operation.error_type));
    let summary = operation
        .doc
        .as_deref()
        .map(doc::lines)
        .and_then(|lines| lines.into_iter().next())
        .filter(|first| first.starts_with(|c: char| c.is_alphabetic()) && !first.contains("```"));
    let mut lines = vec![format!(
        "The operation {} ({}): {}.",
        doc::code(&operation.name),
        doc::code(&endpoint),
        types.join(", ")
    )];
    if let Some(summary) = summary {
        lines.push(String::new());
        lines.push(summary);
    }
    lines
}

/// `prefix` then the document's `text` as one paragraph when `text` starts with plain text,
/// or as paragraphs of its own when it starts with a block (a list, a fence, a heading…).
fn lead(prefix: &str, text: Option<&str>) -> Vec<String> {
    let mut lines = doc::lines(prefix);
    let text = text.map(doc::lines).unwrap_or_default();
    let plain = text.first().is_some_and(|first| {
        first.starts_with(|c: char| c.is_alphabetic()) && !first.contains("```")
    });
    match (lines.last_mut(), plain) {
        (Some(last), true) => {
            if let Some(stripped) = last.strip_suffix('.') {
                *last = format!("{stripped}: {}", text.first().map_or("", String::as_str));
            }
            lines.extend(text.into_iter().skip(1));
        }
        _ if text.is_empty() => {}
        _ => {
            lines.push(String::new());
            lines.extend(text);
        }
    }
    lines
}

/// The doc of the request type: the operation's doc, the endpoint, deprecation and security.
fn request_lines(operation: &ir::Operation) -> Vec<String> {
    let endpoint = format!("{} {}", operation.method, operation.path);
    let mut lines = lead(
        &format!(
            "Request of {} ({}).",
            doc::code(&operation.name),
            doc::code(&endpoint)
        ),
        operation.doc.as_deref(),
    );
    if operation.deprecated {
        lines.push(String::new());
        lines.push("**Deprecated**: the document marks this operation deprecated.".to_owned());
    }
    lines.push(String::new());
    if operation.security.is_empty() {
        lines.push("Security: none needed.".to_owned());
    } else {
        let keys: Vec<String> = operation
            .security
            .iter()
            .map(|key| doc::code(key))
            .collect();
        let keys = match keys.as_slice() {
            [one] => one.clone(),
            many => format!("one of {}", many.join(", ")),
        };
        lines.extend(doc::lines(&format!("Security: {keys}.")));
    }
    lines
}

/// The doc of a response enum: `what` of the operation, a link to its request type (whose doc
/// is the operation's), rather than the operation's doc again.
fn of_request(operation: &ir::Operation, what: &str) -> Vec<String> {
    let endpoint = format!("{} {}", operation.method, operation.path);
    // Markdown of its own (the link), from code spans and an identifier only.
    vec![format!(
        "{what} of [`{}`]: {} ({}).",
        operation.request_type,
        doc::code(&operation.name),
        doc::code(&endpoint)
    )]
}

/// The request struct, with its `METHOD`, `PATH`, `to_http` and `parse_response`.
fn request(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let name = cx.ident(&operation.request_type);
    let docs = doc::line_attrs(&request_lines(operation));
    let params = operation.params.iter().map(|param| {
        let ident = cx.ident(&param.name);
        let location = match param.location {
            ir::ParamLocation::Path => "Path parameter",
            ir::ParamLocation::Query => "Query parameter",
            ir::ParamLocation::Header => "Header",
            ir::ParamLocation::Cookie => "Cookie",
        };
        let optional = if param.required { "" } else { " (optional)" };
        let prefix = format!("{location} {}{optional}.", doc::code(&param.wire));
        let docs = doc::line_attrs(&lead(&prefix, param.doc.as_deref()));
        let ty = cx.ty(&param.ty);
        quote! {
            #docs
            pub #ident: #ty,
        }
    });
    let body = operation.body.as_ref().map(|body| {
        if !body.parts.is_empty() {
            return part_fields(cx, body);
        }
        let ident = cx.ident(&body.name);
        let optional = if body.required { "" } else { " (optional)" };
        let prefix = format!("Request body, {}{optional}.", doc::code(&body.media_type));
        let docs = doc::line_attrs(&lead(&prefix, body.doc.as_deref()));
        let ty = match bytes(body) {
            Some(bytes) if matches!(body.ty, ir::TypeRef::Option(_)) => {
                quote!(::std::option::Option<#bytes>)
            }
            Some(bytes) => bytes,
            None => cx.ty(&body.ty),
        };
        quote! {
            #docs
            pub #ident: #ty,
        }
    });
    let method = operation.method.as_str();
    let path = &operation.path;
    let method_doc = doc::attrs(None, &format!("The HTTP method, {}.", doc::code(method)));
    let path_doc = doc::attrs(
        None,
        &format!(
            "The path template, {}: each `{{name}}` segment takes the path parameter of that name.",
            doc::code(path)
        ),
    );
    let to_http = to_http(cx, operation);
    let parse = parse_response(cx, operation);
    let members = members(cx, operation);
    let constructors = methods(&members);
    let default = default(&name, &members);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#params)*
            #body
        }

        impl #name {
            #constructors
            #method_doc
            pub const METHOD: &str = #method;
            #path_doc
            pub const PATH: &str = #path;
            #to_http
            #parse
        }
        #default
    }
}

/// Whether the request of `operation` has `to_http` (and the client a method for it): when it
/// has no body, or one the runtime's builder sends ([`ir::Body::is_sent`]).
pub(super) fn has_to_http(operation: &ir::Operation) -> bool {
    operation.body.as_ref().is_none_or(ir::Body::is_sent)
}

/// The fields of a multipart body's parts: each its own field of the request, a file as the
/// runtime's `File`.
fn part_fields(cx: &Cx, body: &ir::Body) -> TokenStream {
    let media = doc::code(&body.media_type);
    let fields = body.parts.iter().map(|part| {
        let ident = cx.ident(&part.name);
        let what = match part.kind {
            ir::PartKind::File => "File part",
            ir::PartKind::Files => "File parts",
            ir::PartKind::Json => "JSON part",
            ir::PartKind::Text(_) => "Part",
            ir::PartKind::Texts(_) => "Parts",
        };
        let optional = if part.required { "" } else { " (optional)" };
        let prefix = format!(
            "{what} {} of the {media} body{optional}.",
            doc::code(&part.wire)
        );
        let docs = doc::line_attrs(&lead(&prefix, part.doc.as_deref()));
        let ty = match files(part) {
            Some(files) if matches!(part.ty, ir::TypeRef::Option(_)) => {
                quote!(::std::option::Option<#files>)
            }
            Some(files) => files,
            None => cx.ty(&part.ty),
        };
        quote! {
            #docs
            pub #ident: #ty,
        }
    });
    let extra = body.extra.as_ref().and_then(|extra| {
        let docs = doc::line_attrs(&[format!(
            "Properties of the {media} body its schema does not list, a part each: a string \
             as text, a number or a boolean as its JSON text, an object or an array as a JSON \
             part, `null` left out."
        )]);
        let ident = cx.ident(extra.field()?);
        let ty = cx.extra_map(extra)?;
        Some(quote! {
            #docs
            pub #ident: #ty,
        })
    });
    quote!(#(#fields)* #extra)
}

/// `Vec<u8>`, for a body held as bytes whatever its schema says (a binary one, or one of a
/// media type the runtime does not know); `None` for a body of its schema's type.
fn bytes(body: &ir::Body) -> Option<TokenStream> {
    matches!(body.encoding, ir::Encoding::Binary | ir::Encoding::Other)
        .then(|| quote!(::std::vec::Vec<u8>))
}

/// The runtime's `File`, or a list of them, for a part of files; `None` for a part of its
/// schema's type.
fn files(part: &ir::Part) -> Option<TokenStream> {
    let file = quote!(::vendor_runtime::File);
    match part.kind {
        ir::PartKind::File => Some(file),
        ir::PartKind::Files => Some(quote!(::std::vec::Vec<#file>)),
        ir::PartKind::Json | ir::PartKind::Text(_) | ir::PartKind::Texts(_) => None,
    }
}

/// The request struct's fields as its constructors take them: its parameters, then its body
/// or the body's parts.
fn members(cx: &Cx, operation: &ir::Operation) -> Vec<Member> {
    sourced_members(cx, operation)
        .into_iter()
        .map(|(_, member)| member)
        .collect()
}

/// Where a field of an operation's request comes from in the document.
pub(super) enum Origin<'a> {
    /// A parameter.
    Param(&'a ir::Param),
    /// The whole body, of its schema's type.
    Body,
    /// The whole body, held as bytes.
    Bytes,
    /// A part of a multipart body, of its schema's type.
    Part(&'a ir::Part),
    /// A part of files (one or a list) of a multipart body.
    Files(&'a ir::Part),
    /// The map of a multipart body's properties its schema does not list.
    Rest,
}

/// [`members`], each with where it comes from: what the conform harness builds a request from.
pub(super) fn sourced_members<'a>(
    cx: &Cx,
    operation: &'a ir::Operation,
) -> Vec<(Origin<'a>, Member)> {
    let mut members: Vec<(Origin, Member)> = operation
        .params
        .iter()
        .map(|param| {
            let what = format!("the parameter {}", doc::code(&param.wire));
            let member = Member::typed(cx, &param.name, what, &param.ty, param.required);
            (Origin::Param(param), member)
        })
        .collect();
    let Some(body) = &operation.body else {
        return members;
    };
    if body.parts.is_empty() {
        let what = "the request body".to_owned();
        let optional = matches!(body.ty, ir::TypeRef::Option(_));
        members.push(match bytes(body) {
            Some(bytes) => (
                Origin::Bytes,
                Member::given(cx, &body.name, what, bytes, optional),
            ),
            None => (
                Origin::Body,
                Member::typed(cx, &body.name, what, &body.ty, body.required),
            ),
        });
        return members;
    }
    members.extend(body.parts.iter().map(|part| {
        let what = format!("the part {}", doc::code(&part.wire));
        let optional = matches!(part.ty, ir::TypeRef::Option(_));
        match files(part) {
            Some(files) => (
                Origin::Files(part),
                Member::given(cx, &part.name, what, files, optional),
            ),
            None => (
                Origin::Part(part),
                Member::typed(cx, &part.name, what, &part.ty, part.required),
            ),
        }
    }));
    if let Some(field) = body.extra.as_ref().and_then(ir::Extra::field) {
        members.push((Origin::Rest, Member::rest(cx, field)));
    }
    members
}

/// The builder calls that send the body, as its encoding says.
fn body_steps(cx: &Cx, body: &ir::Body) -> TokenStream {
    if body.encoding == ir::Encoding::Multipart {
        let parts = body.parts.iter().map(|part| {
            let ident = cx.ident(&part.name);
            match &part.ty {
                ir::TypeRef::Option(_) => {
                    let step = part_step(part, &Place::binding(quote!(value)));
                    quote! {
                        if let ::std::option::Option::Some(value) = &self.#ident {
                            #step
                        }
                    }
                }
                _ => part_step(part, &Place::field(&ident)),
            }
        });
        let extra = body.extra.as_ref().and_then(ir::Extra::field).map(|field| {
            let ident = cx.ident(field);
            quote! {
                for (name, value) in &self.#ident {
                    form.value(name, value);
                }
            }
        });
        return quote! {
            let mut form = ::vendor_runtime::Multipart::new();
            #(#parts)*
            #extra
            request = request.multipart(form);
        };
    }
    let ident = cx.ident(&body.name);
    let media = body.content_type();
    let call = |value: TokenStream| match body.encoding {
        // A multipart body here has no parts, and is never sent (`is_sent`).
        ir::Encoding::Json | ir::Encoding::Multipart => {
            quote!(request = request.json_body(#value);)
        }
        ir::Encoding::Form => quote!(request = request.form_body(#value);),
        ir::Encoding::Text => {
            let bytes = quote!(::std::string::String::as_bytes(#value));
            quote!(request = request.raw_body(#media, ::std::vec::Vec::from(#bytes));)
        }
        ir::Encoding::Binary | ir::Encoding::Other => {
            quote!(request = request.raw_body(#media, ::std::clone::Clone::clone(#value));)
        }
    };
    if body.required {
        call(quote!(&self.#ident))
    } else {
        let step = call(quote!(body));
        quote! {
            if let ::std::option::Option::Some(body) = &self.#ident {
                #step
            }
        }
    }
}

/// The multipart calls for the value of `part` at `value`: one part, or one per item.
fn part_step(part: &ir::Part, value: &Place) -> TokenStream {
    let wire = &part.wire;
    let (receiver, reference) = (&value.receiver, &value.reference);
    match part.kind {
        ir::PartKind::Text(how) => {
            let text = text(how, value);
            quote!(form.text(#wire, #text);)
        }
        ir::PartKind::Texts(how) => {
            let text = text(how, &Place::binding(quote!(item)));
            quote! {
                for item in #receiver.iter() {
                    form.text(#wire, #text);
                }
            }
        }
        ir::PartKind::Json => quote!(form.json(#wire, #reference);),
        ir::PartKind::File => quote!(form.file(#wire, #reference);),
        ir::PartKind::Files => quote! {
            for item in #receiver.iter() {
                form.file(#wire, item);
            }
        },
    }
}

/// `to_http`: the request against a base URL, with the caller's key applied as the document's
/// security scheme says. Absent when the body is one the builder does not send.
fn to_http(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    if !has_to_http(operation) {
        return TokenStream::new();
    }
    // `http::Method`'s constants are named as the methods are on the wire.
    let method = format_ident!("{}", operation.method.as_str());
    let steps = operation.params.iter().map(|param| {
        let ident = cx.ident(&param.name);
        let wire = &param.wire;
        let call = |value: TokenStream| match param.location {
            ir::ParamLocation::Path => quote!(request = request.path_param(#wire, #value);),
            ir::ParamLocation::Query => quote!(request = request.query(#wire, #value);),
            ir::ParamLocation::Header => quote!(request = request.header(#wire, #value);),
            ir::ParamLocation::Cookie => quote!(request = request.cookie(#wire, #value);),
        };
        match &param.ty {
            ir::TypeRef::Option(_) => {
                let step = param_steps(param, &Place::binding(quote!(value)), &call);
                quote! {
                    if let ::std::option::Option::Some(value) = &self.#ident {
                        #step
                    }
                }
            }
            // The field itself, not a binding of a reference to it.
            _ => param_steps(param, &Place::field(&ident), &call),
        }
    });
    let body = operation.body.as_ref().map(|body| body_steps(cx, body));
    let accept = accept(operation);
    let (key, auth) = match &operation.auth {
        Some(ir::SecurityKind::Bearer) => (
            quote!(key),
            quote! {
                if let ::std::option::Option::Some(key) = key {
                    request = request.bearer(key);
                }
            },
        ),
        Some(ir::SecurityKind::ApiKey { location, name }) => {
            let location = match location {
                ir::ParamLocation::Query => quote!(Query),
                ir::ParamLocation::Cookie => quote!(Cookie),
                ir::ParamLocation::Header | ir::ParamLocation::Path => quote!(Header),
            };
            (
                quote!(key),
                quote! {
                    if let ::std::option::Option::Some(key) = key {
                        request = request.api_key(::vendor_runtime::KeyLocation::#location, #name, key);
                    }
                },
            )
        }
        _ => (quote!(_key), TokenStream::new()),
    };
    let key_doc = match &operation.auth {
        Some(_) => "`key` is applied as the document's security scheme says; `None` sends none.",
        None => "The document asks no key of this operation: `key` is ignored.",
    };
    let docs = doc::line_attrs(&[
        "The HTTP request against `base` (any base URL: a vendor's server, a proxy, a gateway)."
            .to_owned(),
        String::new(),
        key_doc.to_owned(),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "When a parameter makes an invalid header, or the body cannot be serialized.".to_owned(),
    ]);
    let steps: Vec<TokenStream> = steps.collect();
    let adds = !steps.is_empty() || body.is_some() || !auth.is_empty() || !accept.is_empty();
    let binding = if adds {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    let signature = quote! {
        &self,
        base: &::vendor_runtime::BaseUrl,
        #key: ::std::option::Option<&::vendor_runtime::ApiKey>,
    };
    let start = quote! {
        #binding = ::vendor_runtime::RequestBuilder::new(
            ::vendor_runtime::http::Method::#method,
            base,
            Self::PATH,
        );
        #(#steps)*
        #accept
        #body
        #auth
    };
    if !uploads_files(operation) {
        return quote! {
            #docs
            pub fn to_http(#signature) -> ::std::result::Result<
                ::vendor_runtime::http::Request<::std::vec::Vec<u8>>,
                ::vendor_runtime::RequestError,
            > {
                #start
                request.build()
            }
        };
    }
    // With files, which may come from disk: the builder too, for the client to stream them.
    let builder_docs = doc::line_attrs(&[
        "The request builder of [`Self::to_http`], before its body is written: the async \
         client builds its segments and streams each file from a path \
         (`vendor_runtime::File::from_path`) from disk, or from its async reader \
         (`File::from_reader`)."
            .to_owned(),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "When a parameter makes an invalid header, or a part cannot be serialized.".to_owned(),
    ]);
    quote! {
        #docs
        ///
        /// A file from a path or an async reader is refused here (`RequestError::StreamedFile`,
        /// `StreamedReader`): the body is built in memory; the client streams it.
        pub fn to_http(#signature) -> ::std::result::Result<
            ::vendor_runtime::http::Request<::std::vec::Vec<u8>>,
            ::vendor_runtime::RequestError,
        > {
            self.request_builder(base, #key)?.build()
        }

        #builder_docs
        pub fn request_builder(#signature) -> ::std::result::Result<
            ::vendor_runtime::RequestBuilder,
            ::vendor_runtime::RequestError,
        > {
            #start
            ::std::result::Result::Ok(request)
        }
    }
}

/// The `accept` header of `operation`'s requests, where lower decided one.
fn accept(operation: &ir::Operation) -> TokenStream {
    match &operation.accept {
        Some(accept) => quote!(request = request.header("accept", #accept);),
        None => TokenStream::new(),
    }
}

/// Whether `operation` sends a multipart body with file parts, which the client streams
/// (through the request's `request_builder`).
pub(super) fn uploads_files(operation: &ir::Operation) -> bool {
    operation.body.as_ref().is_some_and(|body| {
        body.parts
            .iter()
            .any(|part| matches!(part.kind, ir::PartKind::File | ir::PartKind::Files))
    })
}

/// A parameter value as generated code names it: a binding of a reference (`value`, `item`),
/// or a field of the request (`self.id`).
struct Place {
    /// As the receiver of a method call: `value`, `self.id`.
    receiver: TokenStream,
    /// As a reference: `value`, `&self.id`.
    reference: TokenStream,
}

impl Place {
    /// A binding whose type is already a reference.
    fn binding(name: TokenStream) -> Self {
        Place {
            receiver: name.clone(),
            reference: name,
        }
    }

    /// The request's field `ident`.
    fn field(ident: &syn::Ident) -> Self {
        Place {
            receiver: quote!(self.#ident),
            reference: quote!(&self.#ident),
        }
    }
}

/// The builder calls for the value of `param` at `value`: one call, or one per item of an
/// array (exploded, as OpenAPI's default style says).
fn param_steps(
    param: &ir::Param,
    value: &Place,
    call: &dyn Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    if param.exploded {
        let step = call(text(param.text, &Place::binding(quote!(item))));
        let items = &value.receiver;
        quote! {
            for item in #items.iter() {
                #step
            }
        }
    } else if param.text == ir::ParamText::Members {
        let wire = &param.wire;
        let reference = &value.reference;
        quote!(request = request.query_members(#wire, #reference)?;)
    } else {
        call(text(param.text, value))
    }
}

/// A `&str` expression for a parameter value at `value`, as `how` says: strings as they are,
/// numbers and booleans as Rust prints them, string enums by their wire value, anything else
/// (a newtype, a union, an array, an object) through `vendor_runtime::param_text`.
fn text(how: ir::ParamText, value: &Place) -> TokenStream {
    let (receiver, reference) = (&value.receiver, &value.reference);
    match how {
        ir::ParamText::Str | ir::ParamText::Enum => quote!(#receiver.as_str()),
        ir::ParamText::Display => quote!(&::std::string::ToString::to_string(#reference)),
        ir::ParamText::Serialized | ir::ParamText::Members => {
            quote!(&::vendor_runtime::param_text(#reference)?)
        }
    }
}

/// How a status reads in a doc.
fn status_text(status: ir::Status) -> String {
    match status {
        ir::Status::Code(code) => format!("`{code}`"),
        ir::Status::Range(digit) => format!("`{digit}XX`"),
        ir::Status::Default => "`default` (any status not listed)".to_owned(),
    }
}

/// What a response's body is, in Rust.
enum Payload {
    /// No body is documented.
    None,
    /// A JSON body of this type.
    Typed(TokenStream),
    /// A body read by a call of `vendor_runtime::Response` (`text()`, `bytes()`, `events()`,
    /// `content(…)`) into this type.
    Read {
        /// The Rust type.
        ty: TokenStream,
        /// The call on `response` that reads it.
        call: TokenStream,
    },
}

fn payload(cx: &Cx, response: &ir::Response) -> Payload {
    let read = |ty: TokenStream, call: TokenStream| Payload::Read { ty, call };
    match response.content.as_slice() {
        [] => Payload::None,
        [one] => match &one.kind {
            ir::ContentKind::Json(ty) => Payload::Typed(cx.ty(ty)),
            ir::ContentKind::Text => read(quote!(::std::string::String), quote!(text())),
            ir::ContentKind::Bytes => read(quote!(::std::vec::Vec<u8>), quote!(bytes())),
            ir::ContentKind::Events(_) => read(
                quote!(::std::vec::Vec<::vendor_runtime::sse::Event>),
                quote!(events()),
            ),
        },
        many => {
            let json = many.iter().find_map(|content| match &content.kind {
                ir::ContentKind::Json(ty) => Some(cx.ty(ty)),
                _ => None,
            });
            let json = json.unwrap_or_else(|| quote!(::vendor_runtime::NoJson));
            let kinds = many.iter().map(|content| match content.kind {
                ir::ContentKind::Json(_) => quote!(::vendor_runtime::ContentKind::Json),
                ir::ContentKind::Text => quote!(::vendor_runtime::ContentKind::Text),
                ir::ContentKind::Events(_) => quote!(::vendor_runtime::ContentKind::Events),
                ir::ContentKind::Bytes => quote!(::vendor_runtime::ContentKind::Bytes),
            });
            read(
                quote!(::vendor_runtime::Content<#json>),
                quote!(content(&[#(#kinds),*])),
            )
        }
    }
}

/// What a doc says of the body of `content`.
fn content_line(content: &[ir::Content]) -> Option<String> {
    let one = |content: &ir::Content| match content.kind {
        ir::ContentKind::Json(_) => format!("JSON ({})", doc::code(&content.media_type)),
        ir::ContentKind::Text => format!(
            "text ({}), decoded by its charset",
            doc::code(&content.media_type)
        ),
        ir::ContentKind::Events(_) => format!(
            "an event stream ({}), decoded into its events",
            doc::code(&content.media_type)
        ),
        ir::ContentKind::Bytes => format!("bytes ({})", doc::code(&content.media_type)),
    };
    match content {
        [] => None,
        // The body's type says it; only another JSON media type is worth a line.
        [json] if matches!(json.kind, ir::ContentKind::Json(_)) => (json.media_type
            != "application/json")
            .then(|| format!("Body: {}.", doc::code(&json.media_type))),
        [one_kind] => Some(format!("Body: {}.", one(one_kind))),
        many => {
            let kinds: Vec<String> = many.iter().map(one).collect();
            Some(format!(
                "Body, as its `content-type` says: {}.",
                kinds.join(", or ")
            ))
        }
    }
}

/// The doc of a response variant: status, description, and the media type unless it is
/// `application/json`.
fn response_docs(response: &ir::Response) -> TokenStream {
    let mut lines = lead(
        &format!("{}.", status_text(response.status)),
        response.doc.as_deref(),
    );
    if let Some(line) = content_line(&response.content) {
        lines.push(String::new());
        lines.extend(doc::lines(&line));
    }
    doc::line_attrs(&lines)
}

/// A variant of the success or error enum for `response`, and its arm of `status()`.
fn variant(cx: &Cx, response: &ir::Response) -> (TokenStream, TokenStream) {
    let ident = cx.ident(&response.variant);
    let docs = response_docs(response);
    let body = match payload(cx, response) {
        Payload::None => None,
        Payload::Typed(ty) | Payload::Read { ty, .. } => Some(ty),
    };
    match (response.status, body) {
        (ir::Status::Code(code), Some(body)) => {
            let code = Literal::u16_unsuffixed(code);
            (
                quote!(#docs #ident(#body),),
                quote!(Self::#ident(..) => #code,),
            )
        }
        (ir::Status::Code(code), None) => {
            let code = Literal::u16_unsuffixed(code);
            (quote!(#docs #ident,), quote!(Self::#ident => #code,))
        }
        (_, Some(body)) => (
            quote! {
                #docs
                #ident {
                    /// The HTTP status.
                    status: u16,
                    /// The body.
                    body: #body,
                },
            },
            quote!(Self::#ident { status, .. } => *status,),
        ),
        (_, None) => (
            quote! {
                #docs
                #ident {
                    /// The HTTP status.
                    status: u16,
                },
            },
            quote!(Self::#ident { status } => *status,),
        ),
    }
}

/// The type of a successful parse: the body of the one success response, or the success enum.
pub(super) fn success_type(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    if let Some(name) = &operation.response_type {
        return cx.operation_type(operation, name);
    }
    match operation
        .responses
        .iter()
        .find(|r| r.success)
        .map(|r| payload(cx, r))
    {
        Some(Payload::Typed(ty) | Payload::Read { ty, .. }) => ty,
        Some(Payload::None) | None => quote!(()),
    }
}

/// The success enum, when several 2xx responses are documented.
fn success_enum(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let Some(name) = &operation.response_type else {
        return TokenStream::new();
    };
    let name = cx.ident(name);
    let docs = doc::line_attrs(&of_request(operation, "Success response"));
    let (variants, arms): (Vec<_>, Vec<_>) = operation
        .responses
        .iter()
        .filter(|r| r.success)
        .map(|r| variant(cx, r))
        .unzip();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The HTTP status of this response.
            pub fn status(&self) -> u16 {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// The error enum: a variant per documented non-success response, and one for anything else.
fn error_enum(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let name = cx.ident(&operation.error_type);
    let unexpected = cx.ident(&operation.unexpected_variant);
    let docs = doc::line_attrs(&of_request(operation, "Error response"));
    let errors: Vec<&ir::Response> = operation.responses.iter().filter(|r| !r.success).collect();
    let (variants, mut arms): (Vec<_>, Vec<_>) = errors.iter().map(|r| variant(cx, r)).unzip();
    // Each description once, with the patterns of all the variants it describes.
    let mut described: Vec<(String, Vec<TokenStream>)> = Vec::new();
    for response in &errors {
        let ident = cx.ident(&response.variant);
        let what = response
            .doc
            .as_deref()
            .and_then(|d| d.lines().next())
            .unwrap_or("documented error")
            .to_owned();
        let pattern = match (response.status, payload(cx, response)) {
            (ir::Status::Code(_), Payload::None) => quote!(Self::#ident),
            (ir::Status::Code(_), _) => quote!(Self::#ident(..)),
            _ => quote!(Self::#ident { .. }),
        };
        match described.iter_mut().find(|(text, _)| *text == what) {
            Some((_, patterns)) => patterns.push(pattern),
            None => described.push((what, vec![pattern])),
        }
    }
    let described = described
        .iter()
        .map(|(what, patterns)| quote!(#(#patterns)|* => #what,));
    let operation_name = format!(
        "`{}` ({} {})",
        operation.name, operation.method, operation.path
    );
    let mut reported_variants = Vec::new();
    let mut reported_display = Vec::new();
    let mut messages: Vec<TokenStream> = errors.iter().map(|r| message_arm(cx, r)).collect();
    for response in &operation.responses {
        let (Some(reported), Some(body)) = (&response.reported, response.json()) else {
            continue;
        };
        let ident = cx.ident(&reported.variant);
        let body = cx.ty(body);
        let success: Vec<String> = reported.success.iter().map(|s| doc::code(s)).collect();
        let docs = doc::line_attrs(&doc::lines(&format!(
            "{} whose body reports an error: the value at {} is not one of {}.",
            status_text(response.status),
            doc::code(&reported.code),
            success.join(", "),
        )));
        reported_variants.push(quote! {
            #docs
            #ident {
                /// The HTTP status (a success).
                status: u16,
                /// The code and message the body reports.
                error: ::vendor_runtime::ReportedError,
                /// The whole body.
                body: #body,
            },
        });
        arms.push(quote!(Self::#ident { status, .. } => *status,));
        reported_display.push((
            quote!(Self::#ident { status, error, .. }),
            quote!(::std::format!("HTTP {status} but {error}")),
        ));
        messages.push(quote! {
            Self::#ident { error, .. } => error
                .message
                .as_deref()
                .map(::std::borrow::Cow::Borrowed),
        });
    }
    reported_display.push((
        quote!(Self::#unexpected(unexpected)),
        quote!(::vendor_runtime::ApiError::summary(unexpected)),
    ));
    messages.push(quote!(Self::#unexpected(unexpected) => unexpected.message(),));
    let (patterns, summaries): (Vec<_>, Vec<_>) = reported_display.into_iter().unzip();
    // One summary for every documented error: the variant only picks its description.
    let summary = if errors.is_empty() {
        quote! {
            match self {
                #(#patterns => #summaries,)*
            }
        }
    } else {
        let described: Vec<TokenStream> = described.collect();
        quote! {
            let what = match self {
                #(#described)*
                #(#patterns => return #summaries,)*
            };
            ::vendor_runtime::summary(self.status(), self.message().as_deref(), ::std::option::Option::Some(what))
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #(#reported_variants)*
            /// A response the document does not describe, or whose body does not parse as
            /// documented (an HTML error page, a truncated body): status and bytes are kept.
            #unexpected(::vendor_runtime::Unexpected),
        }

        impl #name {
            /// The HTTP status of this response.
            pub fn status(&self) -> u16 {
                match self {
                    #(#arms)*
                    Self::#unexpected(unexpected) => unexpected.status,
                }
            }

            /// What the server said went wrong, in its own words, if its body says it (never
            /// made up): see `vendor_runtime::ApiError::message`.
            pub fn message(&self) -> ::std::option::Option<::std::borrow::Cow<'_, str>> {
                match self {
                    #(#messages)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            /// The operation, the status and the server's message, on one line.
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                const OPERATION: &str = #operation_name;
                ::std::write!(formatter, "{OPERATION} failed: {}", ::vendor_runtime::ApiError::summary(self))
            }
        }

        impl ::std::error::Error for #name {}

        impl ::vendor_runtime::ApiError for #name {
            fn status(&self) -> u16 {
                Self::status(self)
            }

            fn message(&self) -> ::std::option::Option<::std::borrow::Cow<'_, str>> {
                Self::message(self)
            }

            fn summary(&self) -> ::std::string::String {
                #summary
            }
        }

        impl ::std::convert::From<::vendor_runtime::Unexpected> for #name {
            fn from(unexpected: ::vendor_runtime::Unexpected) -> Self {
                Self::#unexpected(unexpected)
            }
        }
    }
}

/// The arm of an error enum's `message()` for the variant of `response`: the server's message
/// where `lower` found its body holds one ([`ir::Message`]), else none.
fn message_arm(cx: &Cx, response: &ir::Response) -> TokenStream {
    let ident = cx.ident(&response.variant);
    let has_body = !matches!(payload(cx, response), Payload::None);
    let coded = matches!(response.status, ir::Status::Code(_));
    let pattern = match (coded, has_body) {
        (true, true) => quote!(Self::#ident(body)),
        (true, false) => quote!(Self::#ident),
        (false, true) => quote!(Self::#ident { body, .. }),
        (false, false) => quote!(Self::#ident { .. }),
    };
    let borrowed = |text: TokenStream| quote!(::std::option::Option::Some(::std::borrow::Cow::Borrowed(#text)));
    let value = match (&response.message, has_body) {
        (Some(ir::Message::Field(path)), true) => {
            let mut text = quote!(body);
            for (index, step) in path.iter().enumerate() {
                let field = cx.ident(&step.field);
                let last = index + 1 == path.len();
                text = match (step.optional, last) {
                    (false, false) => quote!(#text.#field),
                    (true, false) => quote!(#text.#field.as_ref()?),
                    (false, true) => quote!(#text.#field.as_str()),
                    (true, true) => quote!(#text.#field.as_deref()?),
                };
            }
            borrowed(text)
        }
        (Some(ir::Message::Text), true) => borrowed(quote!(body.as_str())),
        (Some(ir::Message::Lookup), true) => quote!(::vendor_runtime::message_of(body)),
        _ => {
            let pattern = match (coded, has_body) {
                (true, true) => quote!(Self::#ident(..)),
                (true, false) => pattern,
                (false, _) => quote!(Self::#ident { .. }),
            };
            return quote!(#pattern => ::std::option::Option::None,);
        }
    };
    quote!(#pattern => #value,)
}

/// `parse_response`: status, headers and body bytes → the typed success or error. Nothing is
/// lost: a body that does not parse as documented is kept in the unexpected variant. Each arm
/// that reads a body is a call of `vendor_runtime::Response` (`json`, `text`, `bytes`, `events`,
/// or `content` for a status of several kinds; the error type converts from `Unexpected`).
fn parse_response(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let success = success_type(cx, operation);
    let error = cx.operation_type(operation, &operation.error_type);
    let many = operation
        .response_type
        .as_ref()
        .map(|name| cx.operation_type(operation, name));
    // Headers and body are read through `response` only.
    let mut uses_response = false;
    let mut arm = |response: &ir::Response| -> TokenStream {
        let ident = cx.ident(&response.variant);
        let status_field = !matches!(response.status, ir::Status::Code(_));
        // The variant (of the success enum or the error enum) built from `value`.
        let build = |owner: &TokenStream, has_value: bool| match (has_value, status_field) {
            (false, false) => quote!(#owner::#ident),
            (false, true) => quote!(#owner::#ident { status }),
            (true, false) => quote!(#owner::#ident(value)),
            (true, true) => quote!(#owner::#ident { status, body: value }),
        };
        // The variant's constructor from a parsed body.
        let from_body = |owner: &TokenStream| {
            if status_field {
                quote!(|body| #owner::#ident { status, body })
            } else {
                quote!(#owner::#ident)
            }
        };
        let owner = if response.success {
            many.as_ref().map(|many| quote!(#many))
        } else {
            Some(quote!(#error))
        };
        let done = |built: TokenStream| {
            if response.success {
                quote!(::std::result::Result::Ok(#built))
            } else {
                quote!(::std::result::Result::Err(#built))
            }
        };
        match (payload(cx, response), owner) {
            // The single success without a body, or with bytes: the value itself.
            (Payload::None, None) => quote!(::std::result::Result::Ok(())),
            (Payload::None, Some(owner)) => done(build(&owner, false)),
            (Payload::Read { call, .. }, owner) => {
                uses_response = true;
                match owner {
                    None => quote!(response.#call),
                    Some(owner) if response.success => {
                        let variant = from_body(&owner);
                        quote!(response.#call.map(#variant))
                    }
                    Some(owner) => {
                        let built = build(&owner, true);
                        quote!(response.#call.and_then(|value| ::std::result::Result::Err(#built)))
                    }
                }
            }
            (Payload::Typed(ty), owner) if response.reported.is_some() => {
                uses_response = true;
                let Some(reported) = &response.reported else {
                    return TokenStream::new();
                };
                let variant = cx.ident(&reported.variant);
                let code = &reported.code;
                let success = &reported.success;
                let message = match &reported.message {
                    Some(pointer) => quote!(::std::option::Option::Some(#pointer)),
                    None => quote!(::std::option::Option::None),
                };
                let ok = match owner {
                    None => quote!(value),
                    Some(owner) => build(&owner, true),
                };
                // Parsed as every JSON body is; then the value at `code` decides.
                quote! {
                    response.json().and_then(|value: #ty| {
                        match ::vendor_runtime::reported_error(body, #code, &[#(#success),*], #message) {
                            ::std::option::Option::Some(error) => ::std::result::Result::Err(
                                #error::#variant { status, error, body: value },
                            ),
                            ::std::option::Option::None => ::std::result::Result::Ok(#ok),
                        }
                    })
                }
            }
            (Payload::Typed(_), owner) => {
                uses_response = true;
                match owner {
                    None => quote!(response.json()),
                    Some(owner) if response.success => {
                        let variant = from_body(&owner);
                        quote!(response.json().map(#variant))
                    }
                    Some(owner) => {
                        let variant = from_body(&owner);
                        quote!(response.error(#variant))
                    }
                }
            }
        }
    };
    let default = operation
        .responses
        .iter()
        .find(|r| r.status == ir::Status::Default);
    // A success status the document does not list, when it lists one success, of one status,
    // with a JSON body and no `default`: read as that body, with a deviation (when the caller
    // collects them), in the arm of the documented status, after every other.
    let successes: Vec<&ir::Response> = operation.responses.iter().filter(|r| r.success).collect();
    let strays = matches!(
        (successes.as_slice(), default),
        ([only], None) if matches!(only.status, ir::Status::Code(_))
            && matches!(payload(cx, only), Payload::Typed(_))
    );
    let mut arms = Vec::new();
    let mut stray_arm = None;
    for response in &operation.responses {
        if let ir::Status::Code(code) = response.status {
            let code = Literal::u16_unsuffixed(code);
            let result = arm(response);
            if strays && response.success {
                stray_arm = Some(quote! {
                    200..=299 if status == #code || response.undocumented_success() => #result,
                });
            } else {
                arms.push(quote!(#code => #result,));
            }
        }
    }
    for response in &operation.responses {
        if let ir::Status::Range(digit) = response.status {
            let low = Literal::u16_unsuffixed(digit * 100);
            let high = Literal::u16_unsuffixed(digit * 100 + 99);
            let result = arm(response);
            arms.push(quote!(#low..=#high => #result,));
        }
    }
    arms.extend(stray_arm);
    let fallback = match default {
        Some(response) => arm(response),
        None => {
            uses_response = true;
            quote!(response.undocumented())
        }
    };
    let headers = if uses_response {
        quote!(headers)
    } else {
        quote!(_headers)
    };
    let body = if uses_response {
        quote!(body)
    } else {
        quote!(_body)
    };
    let response = uses_response
        .then(|| quote!(let response = ::vendor_runtime::Response::new(status, headers, body);));
    let dispatch = if arms.is_empty() {
        fallback
    } else {
        quote! {
            match status {
                #(#arms)*
                _ => #fallback,
            }
        }
    };
    quote! {
        /// The typed response for `status`, `headers` and `body` as received: the success body,
        /// a documented error, or the unexpected variant that keeps what does not fit.
        ///
        /// # Errors
        ///
        /// Every non-success status, and any body that does not parse as documented.
        pub fn parse_response(
            status: u16,
            #headers: &::vendor_runtime::http::HeaderMap,
            #body: &[u8],
        ) -> ::std::result::Result<#success, #error> {
            #response
            #dispatch
        }
    }
}
