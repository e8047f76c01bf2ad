//! The async client of a module (cargo feature `client`): one method per operation, each
//! building the request, sending it with the runtime's client and parsing the response.

use super::{doc, Cx};
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

/// The `Client` type, and its `impl` block: what every client has, then a method per operation
/// that has a `to_http` ([`method`]).
pub(super) fn client(cx: &Cx, api: &ir::Api) -> TokenStream {
    let name = cx.ident(&api.client_type);
    let vendor = &api.module;
    let base = match api.servers.first() {
        None => {
            "This document names no server: give the base URL of yours to `builder`.".to_owned()
        }
        Some(first) => format!(
            "It sends to the document's server, [`{}`], unless `base_url` names another.",
            first.const_name
        ),
    };
    let type_docs = doc::line_attrs(&[
        "An async client of this API: one method per operation (cargo feature `client`)."
            .to_owned(),
        String::new(),
        format!(
            "Build it in one call with [`{}::builder`] (API key, timeout, user agent, retries, \
             your own `reqwest::Client`). {base}",
            api.client_type
        ),
        "Each success comes with its status and headers (`WithMeta`); errors name the vendor, \
         the operation, the status and the server's message, and keep the headers."
            .to_owned(),
    ]);
    let builder = match api.servers.first() {
        Some(first) => {
            let server = cx.ident(&first.const_name);
            let docs = doc::line_attrs(&[format!(
                "A builder of this client at the document's server, [`{}`] (another with \
                 `base_url`): set the API key, timeout, user agent, retries or your own \
                 `reqwest::Client`, and `build()` it.",
                first.const_name
            )]);
            quote! {
                #docs
                pub fn builder() -> ::vendor_runtime::client::ClientBuilder<Self> {
                    ::vendor_runtime::client::ClientBuilder::at_server(Self::VENDOR, #server)
                }
            }
        }
        None => quote! {
            /// A builder of this client at `base` (the document names no server): set the API
            /// key, timeout, user agent, retries or your own `reqwest::Client`, and `build()`
            /// it.
            pub fn builder(
                base: ::vendor_runtime::BaseUrl,
            ) -> ::vendor_runtime::client::ClientBuilder<Self> {
                ::vendor_runtime::client::ClientBuilder::new(Self::VENDOR, base)
            }
        },
    };
    let methods = api
        .operations
        .iter()
        .filter(|operation| super::operations::has_to_http(operation))
        .map(|operation| {
            let replaced = operation
                .streaming
                .as_ref()
                .is_some_and(|streaming| streaming.replaces);
            let method = match flagged(operation) {
                _ if replaced => TokenStream::new(),
                Some((flag, json)) => json_method(cx, operation, flag, json),
                None => method(cx, operation),
            };
            let streaming = operation
                .streaming
                .as_ref()
                .map(|streaming| stream_method(cx, operation, streaming));
            quote!(#method #streaming)
        });
    quote! {
        #type_docs
        #[cfg(feature = "client")]
        #[derive(Debug, Clone)]
        pub struct #name {
            inner: ::vendor_runtime::client::Client,
        }

        #[cfg(feature = "client")]
        impl #name {
            /// The vendor's name in errors: this module's name.
            pub const VENDOR: &str = #vendor;

            #builder

            /// This API's client over a runtime client (which keeps base URL, key and settings).
            pub fn from_client(inner: ::vendor_runtime::client::Client) -> Self {
                Self { inner }
            }

            /// The runtime client underneath, to send a request this module has no method for.
            pub fn inner(&self) -> &::vendor_runtime::client::Client {
                &self.inner
            }

            #(#methods)*
        }

        #[cfg(feature = "client")]
        impl ::std::convert::From<::vendor_runtime::client::Client> for #name {
            fn from(inner: ::vendor_runtime::client::Client) -> Self {
                Self { inner }
            }
        }
    }
}

/// The client's method for `operation`, a member of the `impl` block of [`client`].
fn method(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let method = cx.ident(&operation.name);
    let request = cx.operation_type(operation, &operation.request_type);
    let error = cx.operation_type(operation, &operation.error_type);
    let success = super::operations::success_type(cx, operation);
    let operation_name = &operation.name;
    let docs = doc::line_attrs(&[
        format!(
            "Sends [`{}`] ({} {}) and parses the response.",
            super::operation_path(operation, &operation.request_type),
            operation.method,
            doc::code(&operation.path)
        ),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "A request that cannot be built, a transport failure (timeout, connection, body \
         cut short), or a documented or unexpected error response."
            .to_owned(),
    ]);
    // An upload streams its files from disk (`File::from_path`).
    let (call, build) = if super::operations::uploads_files(operation) {
        (quote!(call_streamed), quote!(request_builder))
    } else {
        (quote!(call), quote!(to_http))
    };
    quote! {
        #docs
        pub async fn #method(
            &self,
            request: &#request,
        ) -> ::vendor_runtime::client::CallResult<#success, #error> {
            self.inner
                .#call(
                    #operation_name,
                    request.#build(self.inner.base_url(), self.inner.api_key()),
                    #request::parse_response,
                )
                .await
        }
    }
}

/// The flag of `operation`'s request body that asks for a stream, and the type of the JSON
/// body it answers when the flag is `false`, if it has both.
fn flagged(operation: &ir::Operation) -> Option<(&ir::Flag, &ir::TypeRef)> {
    let Some(ir::Streaming {
        kind: ir::StreamKind::Events {
            flag: Some(flag), ..
        },
        ..
    }) = &operation.streaming
    else {
        return None;
    };
    let json = operation
        .responses
        .iter()
        .filter(|response| response.success)
        .find_map(ir::Response::json)?;
    Some((flag, json))
}

/// `request` with its body's stream flag set to `value`: a clone, as the caller's is borrowed.
fn with_flag(cx: &Cx, operation: &ir::Operation, flag: &ir::Flag, value: bool) -> TokenStream {
    let request = cx.operation_type(operation, &operation.request_type);
    let body = operation
        .body
        .as_ref()
        .map(|body| cx.ident(&body.name))
        .into_iter();
    let field = cx.ident(&flag.field);
    let value = if flag.optional {
        quote!(::std::option::Option::Some(#value))
    } else {
        quote!(#value)
    };
    quote! {
        let mut request: #request = ::std::clone::Clone::clone(request);
        #(request.#body.#field = #value;)*
    }
}

/// The method of an operation whose one success is JSON or an event stream, as its body's
/// flag asks: it sends the flag `false` and returns the JSON body.
fn json_method(
    cx: &Cx,
    operation: &ir::Operation,
    flag: &ir::Flag,
    json: &ir::TypeRef,
) -> TokenStream {
    let method = cx.ident(&operation.name);
    let request = cx.operation_type(operation, &operation.request_type);
    let error = cx.operation_type(operation, &operation.error_type);
    let success = cx.ty(json);
    let operation_name = &operation.name;
    let set = with_flag(cx, operation, flag, false);
    let docs = doc::line_attrs(&[
        format!(
            "Sends [`{}`] ({} {}) with {} set to `false`, and parses the JSON response.",
            super::operation_path(operation, &operation.request_type),
            operation.method,
            doc::code(&operation.path),
            doc::code(&flag.field)
        ),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "A request that cannot be built, a transport failure (timeout, connection, body \
         cut short), or a documented or unexpected error response (a success that is not \
         JSON is unexpected)."
            .to_owned(),
    ]);
    quote! {
        #docs
        pub async fn #method(
            &self,
            request: &#request,
        ) -> ::vendor_runtime::client::CallResult<#success, #error> {
            #set
            self.inner
                .call(
                    #operation_name,
                    request.to_http(self.inner.base_url(), self.inner.api_key()),
                    |status, headers, body| {
                        #request::parse_response(status, headers, body)
                            .and_then(|content| content.into_json(status, body))
                    },
                )
                .await
        }
    }
}

/// The client's streaming method of `operation`: its event stream's typed items, or its
/// download's chunks, as they arrive.
fn stream_method(cx: &Cx, operation: &ir::Operation, streaming: &ir::Streaming) -> TokenStream {
    let method = cx.ident(&streaming.method);
    let request = cx.operation_type(operation, &operation.request_type);
    let error = cx.operation_type(operation, &operation.error_type);
    let operation_name = &operation.name;
    let head = format!(
        "Sends [`{}`] ({} {})",
        super::operation_path(operation, &operation.request_type),
        operation.method,
        doc::code(&operation.path)
    );
    let errors = [
        String::new(),
        "Dropping the stream cancels the request; the client's idle timeout limits each wait \
         for bytes."
            .to_owned(),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "A request that cannot be built, a transport failure before the response, or a \
         documented or unexpected error response (read whole)."
            .to_owned(),
    ];
    match &streaming.kind {
        ir::StreamKind::Events { item, flag } => {
            let ty = cx.ty(&item.ty);
            let sentinel = &item.sentinel;
            let read = if item.envelope {
                quote!(::vendor_runtime::sse::read_envelope)
            } else {
                quote!(::vendor_runtime::sse::read)
            };
            let set = flag
                .as_ref()
                .map(|flag| with_flag(cx, operation, flag, true));
            let asks = match flag {
                Some(flag) => format!(" with {} set to `true`", doc::code(&flag.field)),
                None => String::new(),
            };
            let mut lines = vec![format!(
                "{head}{asks}, and gives the events of the stream, each read as the \
                 documented item type, as they arrive; the stream ends at {}.",
                doc::code(sentinel)
            )];
            lines.extend(errors);
            let docs = doc::line_attrs(&lines);
            quote! {
                #docs
                pub async fn #method(
                    &self,
                    request: &#request,
                ) -> ::vendor_runtime::client::CallResult<
                    ::vendor_runtime::client::EventStream<#ty>,
                    #error,
                > {
                    #set
                    self.inner
                        .stream(
                            #operation_name,
                            request.to_http(self.inner.base_url(), self.inner.api_key()),
                            #request::parse_response,
                            |event| #read::<#ty>(event, ::std::option::Option::Some(#sentinel)),
                        )
                        .await
                }
            }
        }
        ir::StreamKind::Chunks => {
            let mut lines = vec![format!(
                "{head}, and gives the body chunk by chunk as it arrives, never whole."
            )];
            lines.extend(errors);
            let docs = doc::line_attrs(&lines);
            quote! {
                #docs
                pub async fn #method(
                    &self,
                    request: &#request,
                ) -> ::vendor_runtime::client::CallResult<
                    ::vendor_runtime::client::ByteStream,
                    #error,
                > {
                    self.inner
                        .download(
                            #operation_name,
                            request.to_http(self.inner.base_url(), self.inner.api_key()),
                            #request::parse_response,
                        )
                        .await
                }
            }
        }
    }
}
