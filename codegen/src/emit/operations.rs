//! Operations: a request struct and a response enum each.

use super::{doc, Cx};
use crate::ir;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The request and response types of one operation.
pub(super) fn operation(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let request = request(cx, operation);
    let response = response(cx, operation);
    quote! {
        #request
        #response
    }
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

/// The doc lines shared by the request and response types: the operation's doc, the endpoint,
/// deprecation and security.
fn operation_lines(operation: &ir::Operation, what: &str) -> Vec<String> {
    let endpoint = format!("{} {}", operation.method, operation.path);
    let mut lines = lead(
        &format!(
            "{what} of {} ({}).",
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

/// The request struct, with its `METHOD` and `PATH`.
fn request(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let name = cx.ident(&operation.request_type);
    let docs = doc::line_attrs(&operation_lines(operation, "Request"));
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
        let ident = cx.ident(&body.name);
        let optional = if body.required { "" } else { " (optional)" };
        let prefix = format!("Request body, {}{optional}.", doc::code(&body.media_type));
        let docs = doc::line_attrs(&lead(&prefix, body.doc.as_deref()));
        let ty = cx.ty(&body.ty);
        quote! {
            #docs
            pub #ident: #ty,
        }
    });
    let method = &operation.method;
    let path = &operation.path;
    let method_doc = doc::attrs(None, &format!("The HTTP method, {}.", doc::code(method)));
    let path_doc = doc::attrs(
        None,
        &format!(
            "The path template, {}: each `{{name}}` segment takes the path parameter of that name.",
            doc::code(path)
        ),
    );
    quote! {
        #docs
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub struct #name {
            #(#params)*
            #body
        }

        impl #name {
            #method_doc
            pub const METHOD: &str = #method;
            #path_doc
            pub const PATH: &str = #path;
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

/// The response enum, with its `status` method.
fn response(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let name = cx.ident(&operation.response_type);
    let docs = doc::line_attrs(&operation_lines(operation, "Response"));
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for response in &operation.responses {
        let ident = cx.ident(&response.variant);
        let mut lines = lead(
            &format!("{}.", status_text(response.status)),
            response.doc.as_deref(),
        );
        match (&response.media_type, &response.body) {
            (Some(media_type), None) => {
                lines.push(String::new());
                lines.extend(doc::lines(&format!(
                    "Its body ({}) is not modeled.",
                    doc::code(media_type)
                )));
            }
            (Some(media_type), Some(_)) => {
                lines.push(String::new());
                lines.extend(doc::lines(&format!("Body: {}.", doc::code(media_type))));
            }
            (None, _) => {}
        }
        let docs = doc::line_attrs(&lines);
        let body = response.body.as_ref().map(|body| cx.ty(body));
        match (response.status, body) {
            (ir::Status::Code(code), Some(body)) => {
                let code = Literal::u16_unsuffixed(code);
                variants.push(quote!(#docs #ident(#body),));
                arms.push(quote!(Self::#ident(..) => #code,));
            }
            (ir::Status::Code(code), None) => {
                let code = Literal::u16_unsuffixed(code);
                variants.push(quote!(#docs #ident,));
                arms.push(quote!(Self::#ident => #code,));
            }
            (_, Some(body)) => {
                variants.push(quote! {
                    #docs
                    #ident {
                        /// The HTTP status.
                        status: u16,
                        /// The body.
                        body: #body,
                    },
                });
                arms.push(quote!(Self::#ident { status, .. } => status,));
            }
            (_, None) => {
                variants.push(quote! {
                    #docs
                    #ident {
                        /// The HTTP status.
                        status: u16,
                    },
                });
                arms.push(quote!(Self::#ident { status } => status,));
            }
        }
    }
    quote! {
        #docs
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The HTTP status of this response.
            pub fn status(&self) -> u16 {
                match *self {
                    #(#arms)*
                }
            }
        }
    }
}
