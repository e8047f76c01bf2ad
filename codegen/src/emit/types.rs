//! Named types: structs, string enums, untagged unions and newtypes.

use super::{doc, rename, unraw, Cx};
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

/// The derives of every serde type.
fn derives() -> TokenStream {
    quote! {
        #[derive(
            ::serde::Serialize,
            ::serde::Deserialize,
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq
        )]
    }
}

/// One named type.
pub(super) fn type_def(cx: &Cx, def: &ir::TypeDef) -> TokenStream {
    let name = cx.ident(&def.name);
    let fallback = format!("The {} schema.", doc::code(&def.origin));
    let docs = doc::attrs(def.doc.as_deref(), &fallback);
    let body = match &def.kind {
        ir::TypeKind::Struct { fields, extra } => structure(cx, &name, fields, extra),
        ir::TypeKind::Enum {
            variants,
            open: Some(other),
        } => open_enum(cx, &name, variants, other),
        ir::TypeKind::Enum {
            variants,
            open: None,
        } => closed_enum(cx, &name, variants),
        ir::TypeKind::Const(value) => constant(&name, *value),
        ir::TypeKind::Union { variants } => union(cx, &name, variants),
        ir::TypeKind::Alias(ty) => {
            let ty = cx.ty(ty);
            quote!(pub type #name = #ty;)
        }
        ir::TypeKind::Newtype(ty) => {
            let derives = derives();
            let ty = cx.ty(ty);
            quote! {
                #derives
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    };
    quote! {
        #docs
        #body
    }
}

/// A struct with named fields.
fn structure(cx: &Cx, name: &syn::Ident, fields: &[ir::Field], extra: &ir::Extra) -> TokenStream {
    // Each field's serde attributes, then its name and type.
    let wire: Vec<(TokenStream, TokenStream)> = fields
        .iter()
        .map(|field| {
            let ident = cx.ident(&field.name);
            let rename = rename(&field.name, &field.wire);
            let skip = if !field.required && matches!(field.ty, ir::TypeRef::Option(_)) {
                quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")])
            } else {
                TokenStream::new()
            };
            let ty = cx.ty(&field.ty);
            (quote!(#rename #skip), quote!(#ident: #ty,))
        })
        .collect();
    let public = fields
        .iter()
        .zip(&wire)
        .map(|(field, (attrs, field_type))| {
            let fallback = format!("The {} property.", doc::code(&field.wire));
            let docs = doc::attrs(field.doc.as_deref(), &fallback);
            quote! {
                #docs
                #attrs
                pub #field_type
            }
        });
    let extra = match extra {
        ir::Extra::Deny => {
            return denying(name, public.collect(), &wire);
        }
        ir::Extra::Keep { field } => {
            let ident = cx.ident(field);
            quote! {
                /// Fields the schema does not list, kept so that a round trip loses nothing.
                #[serde(flatten)]
                pub #ident: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            }
        }
        ir::Extra::Typed { field, ty } => {
            let ident = cx.ident(field);
            let ty = cx.ty(ty);
            quote! {
                /// Fields the schema does not list (its `additionalProperties`), by name.
                #[serde(flatten)]
                pub #ident: ::std::collections::BTreeMap<::std::string::String, #ty>,
            }
        }
    };
    let derives = derives();
    quote! {
        #derives
        pub struct #name {
            #(#public)*
            #extra
        }
    }
}

/// A struct that refuses unknown fields (`additionalProperties: false`). serde's derived
/// `Deserialize` would also read an array of the fields' values in order, so it reads through a
/// copy of its fields (`__Object`, a name no schema's type can have) from a JSON object only.
fn denying(
    name: &syn::Ident,
    public: Vec<TokenStream>,
    wire: &[(TokenStream, TokenStream)],
) -> TokenStream {
    let remote = name.to_string();
    let wire = wire.iter().map(|(attrs, field)| quote!(#attrs #field));
    quote! {
        #[derive(
            ::serde::Serialize,
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq
        )]
        pub struct #name {
            #(#public)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #[serde(deny_unknown_fields, remote = #remote)]
                struct __Object {
                    #(#wire)*
                }
                __Object::deserialize(::vendor_runtime::ObjectOnly(deserializer))
            }
        }
    }
}

/// The doc of the variant for `wire`.
fn variant_doc(wire: &str) -> TokenStream {
    doc::attrs(None, &format!("The value {}.", doc::code(wire)))
}

/// `as_str` and `Display` of a closed enum.
fn enum_str(name: &syn::Ident, arms: &[TokenStream]) -> TokenStream {
    quote! {
        impl #name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &'static str {
                match *self {
                    #(#arms)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    }
}

/// A string enum that keeps values it does not list in its `other` variant; its impls come
/// from `vendor_runtime::open_enum!`.
fn open_enum(cx: &Cx, name: &syn::Ident, variants: &[ir::EnumVariant], other: &str) -> TokenStream {
    let other = cx.ident(other);
    let mut decls = Vec::new();
    let mut wires = Vec::new();
    for variant in variants {
        let ident = cx.ident(&variant.name);
        let wire = &variant.wire;
        let docs = variant_doc(wire);
        decls.push(quote! {
            #docs
            #ident,
        });
        wires.push(quote!(#ident => #wire));
    }
    quote! {
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash
        )]
        pub enum #name {
            #(#decls)*
            /// A value this document does not list (the enum is open: new values do not break
            /// deserialization).
            #other(::std::string::String),
        }

        ::vendor_runtime::open_enum!(#name, #other, [#(#wires),*]);
    }
}

/// A string enum that rejects values it does not list (e.g. from `const`).
fn closed_enum(cx: &Cx, name: &syn::Ident, variants: &[ir::EnumVariant]) -> TokenStream {
    let single = variants.len() == 1;
    let default_derive = if single {
        quote!(, ::std::default::Default)
    } else {
        TokenStream::new()
    };
    let default_attr = if single {
        quote!(#[default])
    } else {
        TokenStream::new()
    };
    let mut decls = Vec::new();
    let mut to_str = Vec::new();
    for variant in variants {
        let ident = cx.ident(&variant.name);
        let wire = &variant.wire;
        let docs = variant_doc(wire);
        let rename = rename(&variant.name, wire);
        decls.push(quote! {
            #docs
            #rename
            #default_attr
            #ident,
        });
        to_str.push(quote!(Self::#ident => #wire,));
    }
    let strings = enum_str(name, &to_str);
    quote! {
        #[derive(
            ::serde::Serialize,
            ::serde::Deserialize,
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::marker::Copy,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash
            #default_derive
        )]
        pub enum #name {
            #(#decls)*
        }

        #strings
    }
}

/// A unit struct for a `const` that is not a string: it writes its value and reads that value
/// only.
fn constant(name: &syn::Ident, value: ir::Constant) -> TokenStream {
    let negative = |literal: proc_macro2::Literal, negative: bool| {
        if negative {
            quote!(-#literal)
        } else {
            quote!(#literal)
        }
    };
    let (ty, literal) = match value {
        ir::Constant::Bool(value) => (quote!(bool), quote!(#value)),
        ir::Constant::I32(value) => (
            quote!(i32),
            match value.checked_abs() {
                Some(abs) => negative(proc_macro2::Literal::i32_unsuffixed(abs), value < 0),
                None => quote!(::std::primitive::i32::MIN),
            },
        ),
        ir::Constant::I64(value) => (
            quote!(i64),
            match value.checked_abs() {
                Some(abs) => negative(proc_macro2::Literal::i64_unsuffixed(abs), value < 0),
                None => quote!(::std::primitive::i64::MIN),
            },
        ),
        ir::Constant::F32(value) => (
            quote!(f32),
            negative(
                proc_macro2::Literal::f32_unsuffixed(value.abs()),
                value.is_sign_negative(),
            ),
        ),
        ir::Constant::F64(value) => (
            quote!(f64),
            negative(
                proc_macro2::Literal::f64_unsuffixed(value.abs()),
                value.is_sign_negative(),
            ),
        ),
    };
    let doc = format!(" The value, `{}`.", value.text());
    let message = format!("expected the `const` value {}, found {{}}", value.text());
    quote! {
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::marker::Copy,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash,
            ::std::default::Default
        )]
        pub struct #name;

        impl #name {
            #[doc = #doc]
            pub const VALUE: ::std::primitive::#ty = #literal;
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&Self::VALUE, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: ::std::primitive::#ty = ::serde::Deserialize::deserialize(deserializer)?;
                if value == Self::VALUE {
                    ::std::result::Result::Ok(Self)
                } else {
                    ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
                        ::std::format_args!(#message, value),
                    ))
                }
            }
        }
    }
}

/// An untagged union.
fn union(cx: &Cx, name: &syn::Ident, variants: &[ir::UnionVariant]) -> TokenStream {
    let derives = derives();
    let variants = variants.iter().map(|variant| {
        let ident = cx.ident(&variant.name);
        let docs = doc::attrs(
            None,
            &format!("The {} form.", doc::code(unraw(&variant.name))),
        );
        let ty = cx.ty(&variant.ty);
        quote! {
            #docs
            #ident(#ty),
        }
    });
    quote! {
        #derives
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}
