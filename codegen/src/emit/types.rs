//! Named types: structs, string enums, unions and newtypes.

use super::construct::{constructors, Member};
use super::{doc, rename, unraw, Cx};
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

/// The derives of every struct and union: `Deserialize` is written out ([`deserialize`]).
fn derives() -> TokenStream {
    quote! {
        #[derive(::serde::Serialize, Debug, Clone, PartialEq)]
    }
}

/// `impl Deserialize for name` whose body, given `deserializer`, is `body`: generated types
/// read themselves through `vendor_runtime`'s helpers rather than serde's derive, which writes
/// a visitor per type (most of the compile time of a generated crate).
fn deserialize(name: &syn::Ident, body: TokenStream) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #body
            }
        }
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
        ir::TypeKind::Union { variants, tag } => union(cx, &name, variants, tag.as_ref()),
        ir::TypeKind::Alias(ty) => {
            let ty = cx.ty(ty);
            quote!(pub type #name = #ty;)
        }
        ir::TypeKind::Newtype(ty) => {
            let ty = cx.ty(ty);
            quote! {
                #[derive(::serde::Serialize, ::serde::Deserialize, Debug, Clone, PartialEq)]
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
    let public = fields.iter().map(|field| {
        let fallback = format!("The {} property.", doc::code(&field.wire));
        let docs = doc::attrs(field.doc.as_deref(), &fallback);
        let ident = cx.ident(&field.name);
        let rename = rename(&field.name, &field.wire);
        let skip = (!field.required && matches!(field.ty, ir::TypeRef::Option(_)))
            .then(|| quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]));
        let ty = cx.ty(&field.ty);
        quote! {
            #docs
            #rename
            #skip
            pub #ident: #ty,
        }
    });
    let mut members: Vec<Member> = fields
        .iter()
        .map(|field| {
            let what = format!("the {} property", doc::code(&field.wire));
            Member::typed(cx, &field.name, what, &field.ty, field.required)
        })
        .collect();
    if let Some(field) = extra.field() {
        members.push(Member::rest(cx, field));
    }
    let constructors = constructors(name, &members);
    let extra_field = extra.field().zip(cx.extra_map(extra)).map(|(field, map)| {
        let ident = cx.ident(field);
        let doc = match extra {
            ir::Extra::Typed { .. } => {
                " Fields the schema does not list (its `additionalProperties`), by name."
            }
            _ => " Fields the schema does not list, kept so that a round trip loses nothing.",
        };
        quote! {
            #[doc = #doc]
            #[serde(flatten)]
            pub #ident: #map,
        }
    });
    let derives = derives();
    let read = read_fields(cx, name, fields, extra);
    quote! {
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#public)*
            #extra_field
        }

        #constructors
        #read
    }
}

/// How a struct reads itself: `vendor_runtime::object!` implements `Fields` (each field by its
/// wire name; a key no field takes kept, read into the map of `additionalProperties`, or
/// refused) and `Deserialize`.
fn read_fields(cx: &Cx, name: &syn::Ident, fields: &[ir::Field], extra: &ir::Extra) -> TokenStream {
    let pairs = fields.iter().map(|field| {
        let ident = cx.ident(&field.name);
        let wire = &field.wire;
        quote!(#ident => #wire)
    });
    let rest = match extra {
        ir::Extra::Keep { field } => {
            let ident = cx.ident(field);
            quote!(keep #ident)
        }
        ir::Extra::Typed { field, .. } => {
            let ident = cx.ident(field);
            quote!(keep_as #ident)
        }
        ir::Extra::Deny => quote!(deny),
    };
    quote!(::vendor_runtime::object!(#name, [#(#pairs),*], #rest);)
}

/// The doc of the variant for `wire`.
fn variant_doc(wire: &str) -> TokenStream {
    doc::attrs(None, &format!("The value {}.", doc::code(wire)))
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
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value this document does not list (the enum is open: new values do not break
            /// deserialization).
            #other(::std::string::String),
        }

        ::vendor_runtime::open_enum!(#name, #other, [#(#wires),*]);
    }
}

/// A string enum that rejects values it does not list (e.g. from `const`); its `as_str`,
/// `Display` and `Deserialize` come from `vendor_runtime::closed_enum!`.
fn closed_enum(cx: &Cx, name: &syn::Ident, variants: &[ir::EnumVariant]) -> TokenStream {
    let single = variants.len() == 1;
    let default_derive = if single {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    let default_attr = if single {
        quote!(#[default])
    } else {
        TokenStream::new()
    };
    let mut decls = Vec::new();
    let mut wires = Vec::new();
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
        wires.push(quote!(#ident => #wire));
    }
    quote! {
        #[derive(::serde::Serialize, Debug, Clone, Copy, PartialEq, Eq, Hash #default_derive)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
        }

        ::vendor_runtime::closed_enum!(#name, [#(#wires),*]);
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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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

/// A union: with a tag, the variant its tag names reads a value, and a tag no variant has is
/// kept whole in the open variant; without one, the variant that fits best (see
/// `vendor_runtime::Union`). It writes its variant's value as is (the tag is a field of each).
fn union(
    cx: &Cx,
    name: &syn::Ident,
    variants: &[ir::UnionVariant],
    tag: Option<&ir::Tag>,
) -> TokenStream {
    let derives = derives();
    let mut decls = Vec::new();
    let mut tries = Vec::new();
    for variant in variants {
        let ident = cx.ident(&variant.name);
        let (fallback, step) = match tag {
            Some(tag) => {
                let wires: Vec<String> = variant.tags.iter().map(|t| doc::code(t)).collect();
                let tags = &variant.tags;
                (
                    format!(
                        "A value whose {} is {}.",
                        doc::code(&tag.property),
                        wires.join(" or ")
                    ),
                    quote!(.tag(&[#(#tags),*], Self::#ident)),
                )
            }
            None => {
                let shape = shape(&variant.shape);
                (
                    format!("The {} form.", doc::code(unraw(&variant.name))),
                    quote!(.or(#shape, Self::#ident)),
                )
            }
        };
        let docs = doc::attrs(None, &fallback);
        let ty = cx.ty(&variant.ty);
        decls.push(quote! {
            #docs
            #ident(#ty),
        });
        tries.push(step);
    }
    let read = match tag {
        Some(tag) => {
            let other = cx.ident(&tag.other);
            let property = &tag.property;
            let docs = doc::attrs(
                None,
                &format!(
                    "A value whose {} no variant above has (a kind of value this document does \
                     not list), kept whole, so that it reads and writes back unchanged.",
                    doc::code(property)
                ),
            );
            decls.push(quote! {
                #docs
                #other(::serde_json::Value),
            });
            quote!(::vendor_runtime::Union::tagged(deserializer, #property)? #(#tries)* .other(Self::#other))
        }
        None => quote!(::vendor_runtime::Union::read(deserializer)? #(#tries)* .end()),
    };
    let deserialize = deserialize(name, read);
    quote! {
        #derives
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
        }

        #deserialize
    }
}

/// A variant's shape as `vendor_runtime::Shape` spells it: its kinds, then the keys an object
/// must have.
fn shape(shape: &ir::Shape) -> TokenStream {
    use ir::Kinds;
    let kinds = shape.kinds;
    let mut parts: Vec<TokenStream> = Vec::new();
    if kinds == Kinds::ANY || kinds == Kinds::NONE {
        parts.push(quote!(ANY));
    } else {
        let named = [
            (Kinds::NULL, quote!(NULL)),
            (Kinds::BOOL, quote!(BOOL)),
            (Kinds::STRING, quote!(STRING)),
            (Kinds::ARRAY, quote!(ARRAY)),
            (Kinds::OBJECT, quote!(OBJECT)),
        ];
        for (kind, name) in named {
            if kinds.contains(kind) {
                parts.push(name);
            }
        }
        if kinds.meets(Kinds::FRACTION) {
            parts.push(quote!(NUMBER));
        } else if kinds.meets(Kinds::INTEGER) {
            parts.push(quote!(INTEGER));
        }
    }
    let mut parts = parts.into_iter();
    let first = parts.next().unwrap_or_else(|| quote!(ANY));
    let rest = parts.map(|part| quote!(.or(::vendor_runtime::Shape::#part)));
    let required = &shape.required;
    let requiring = (!required.is_empty()).then(|| quote!(.requiring(&[#(#required),*])));
    quote!(::vendor_runtime::Shape::#first #(#rest)* #requiring)
}
