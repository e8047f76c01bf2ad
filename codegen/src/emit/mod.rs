//! Stage 4: [`ir::Api`] → Rust tokens. The only place `quote!` appears.

use crate::ir;
use proc_macro2::TokenStream;

/// The module for one vendor.
pub fn module(api: &ir::Api) -> TokenStream {
    let _ = api;
    todo!("emit")
}

/// A test file that round-trips every example of `api` through its type, naming the module
/// by `crate_path` (e.g. `vendor_api::minimax`).
pub fn examples_test(api: &ir::Api, crate_path: &str) -> TokenStream {
    let _ = (api, crate_path);
    todo!("emit examples")
}

/// The `lib.rs` of a generated crate: one module per name in `modules`, each behind the cargo
/// feature of the same name.
pub fn crate_root(modules: &[&str]) -> TokenStream {
    let _ = modules;
    todo!("emit crate root")
}
