//! Stage 5: tokens → formatted source text with an `@generated` header.

use proc_macro2::TokenStream;

/// What the header of a generated file says.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    /// The spec file it was generated from.
    pub spec: &'a str,
    /// The command that regenerates it.
    pub command: &'a str,
}

/// Formats `tokens` with prettyplease and puts `header` on top.
pub fn format(tokens: TokenStream, header: &Header) -> String {
    let _ = (tokens, header);
    todo!("format")
}
