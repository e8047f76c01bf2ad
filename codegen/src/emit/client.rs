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
    let base = if api.servers.is_empty() {
        "This document names no server: give the base URL of yours.".to_owned()
    } else {
        let servers: Vec<String> = api
            .servers
            .iter()
            .map(|s| format!("[`{}`]", s.const_name))
            .collect();
        format!(
            "The document's server is {}: `{}.parse()?`.",
            servers.join(", "),
            api.servers[0].const_name
        )
    };
    let type_docs = doc::line_attrs(&[
        "An async client of this API: one method per operation (cargo feature `client`)."
            .to_owned(),
        String::new(),
        format!(
            "Build it with [`{}::builder`] (base URL, API key, timeout, user agent). {base}",
            api.client_type
        ),
        "Errors name the vendor, the operation and the status.".to_owned(),
    ]);
    let methods = api
        .operations
        .iter()
        .filter(|operation| super::operations::has_to_http(operation))
        .map(|operation| method(cx, operation));
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

            /// A builder of the runtime client for `base`, named after this vendor: set the API
            /// key, timeout and user agent, `build()` it, and wrap it with
            /// [`Self::from_client`].
            pub fn builder(base: ::vendor_runtime::BaseUrl) -> ::vendor_runtime::client::ClientBuilder {
                ::vendor_runtime::client::Client::builder(Self::VENDOR, base)
            }

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
    }
}

/// The client's method for `operation`, a member of the `impl` block of [`client`].
fn method(cx: &Cx, operation: &ir::Operation) -> TokenStream {
    let method = cx.ident(&operation.name);
    let request = cx.ident(&operation.request_type);
    let error = cx.ident(&operation.error_type);
    let success = super::operations::success_type(cx, operation);
    let operation_name = &operation.name;
    let docs = doc::line_attrs(&[
        format!(
            "Sends [`{}`] ({} {}) and parses the response.",
            operation.request_type,
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
                    #error::status,
                )
                .await
        }
    }
}
