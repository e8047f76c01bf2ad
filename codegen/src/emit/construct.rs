//! How a user builds a generated struct (a schema's or an operation's request): `new` from its
//! required fields, a `with_` setter per optional one, `Default` where nothing is required.
//! With the structs `#[non_exhaustive]`, a field the document adds later is not a breaking
//! change for code that builds them so (a struct literal would be).

use super::{doc, Cx};
use crate::ir;
use crate::lower::names;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// A field of a struct a user builds, as its constructors take it.
pub(super) struct Member {
    ident: Ident,
    /// What the field is, for the docs (`` the `model` property ``).
    what: String,
    /// How `new` or the setter takes it: its parameter type, and whether the value goes through
    /// `Into` (`impl Into<String>` takes a `&str`; a number is taken as it is, so that a
    /// literal's type is inferred).
    param: TokenStream,
    into: bool,
    /// `new` takes it (`Required`), a setter sets it to `Some` (`Optional`), or it starts empty
    /// (`Empty`: the map of fields the schema does not list).
    role: Role,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Required,
    Optional,
    Empty,
}

impl Member {
    /// A field of type `ty` (with its `Option` where it is optional): `new` takes a required
    /// field, as `Option` if it is nullable; an optional one gets a setter.
    pub(super) fn typed(
        cx: &Cx,
        name: &str,
        what: String,
        ty: &ir::TypeRef,
        required: bool,
    ) -> Self {
        match ty {
            ir::TypeRef::Option(inner) if !required => Member::of(
                cx.ident(name),
                what,
                cx.ty(inner),
                into(inner),
                Role::Optional,
            ),
            _ => Member::of(cx.ident(name), what, cx.ty(ty), into(ty), Role::Required),
        }
    }

    /// A field whose type emit chose (bytes, files): `param` is its type, or its `Option`'s
    /// item where `optional`.
    pub(super) fn given(
        cx: &Cx,
        name: &str,
        what: String,
        param: TokenStream,
        optional: bool,
    ) -> Self {
        let role = if optional {
            Role::Optional
        } else {
            Role::Required
        };
        Member::of(cx.ident(name), what, param, true, role)
    }

    /// The map of fields the schema does not list: empty in `new`.
    pub(super) fn rest(cx: &Cx, name: &str) -> Self {
        Member::of(
            cx.ident(name),
            String::new(),
            TokenStream::new(),
            false,
            Role::Empty,
        )
    }

    fn of(ident: Ident, what: String, param: TokenStream, into: bool, role: Role) -> Self {
        Member {
            ident,
            what,
            param,
            into,
            role,
        }
    }

    /// The type `new` or its setter takes it as (inside the `Into`, if any): a value of it
    /// can always be passed.
    pub(super) fn taken(&self) -> &TokenStream {
        &self.param
    }

    /// Whether `new` takes it.
    pub(super) fn is_required(&self) -> bool {
        self.role == Role::Required
    }

    /// Its setter (`with_…`), when it is optional.
    pub(super) fn setter(&self) -> Option<Ident> {
        (self.role == Role::Optional)
            .then(|| syn::Ident::new(&names::setter(&self.ident.to_string()), self.ident.span()))
    }

    fn param(&self) -> TokenStream {
        let param = &self.param;
        if self.into {
            quote!(impl ::std::convert::Into<#param>)
        } else {
            param.clone()
        }
    }

    fn value(&self) -> TokenStream {
        let ident = &self.ident;
        if self.into {
            quote!(#ident.into())
        } else {
            quote!(#ident)
        }
    }
}

/// Whether a parameter of type `ty` goes through `Into`: not a number or a boolean, whose
/// literal would not infer its type through it, nor an `Option`, which `None` would not.
fn into(ty: &ir::TypeRef) -> bool {
    use ir::TypeRef as T;
    match ty {
        T::Bool | T::I32 | T::I64 | T::F32 | T::F64 | T::Option(_) => false,
        T::String | T::Json | T::Vec(_) | T::Map(_) | T::Box(_) | T::Named(_) => true,
    }
}

/// `impl name { new, with_… }`, and `Default` when `new` takes nothing.
pub(super) fn constructors(name: &Ident, members: &[Member]) -> TokenStream {
    let methods = methods(members);
    let default = default(name, members);
    quote! {
        impl #name {
            #methods
        }
        #default
    }
}

/// `impl Default for name` when `new` takes nothing (as clippy's `new_without_default` asks).
pub(super) fn default(name: &Ident, members: &[Member]) -> Option<TokenStream> {
    members
        .iter()
        .all(|member| member.role != Role::Required)
        .then(|| {
            quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        })
}

/// `new` and the setters, for an `impl` block of the struct.
pub(super) fn methods(members: &[Member]) -> TokenStream {
    let required: Vec<&Member> = members
        .iter()
        .filter(|m| m.role == Role::Required)
        .collect();
    let optional = members.iter().any(|m| m.role == Role::Optional);
    let params = required.iter().map(|member| {
        let ident = &member.ident;
        let param = member.param();
        quote!(#ident: #param)
    });
    let inits = members.iter().map(|member| {
        let ident = &member.ident;
        match member.role {
            Role::Required if member.into => quote!(#ident: #ident.into()),
            Role::Required => quote!(#ident),
            Role::Optional => quote!(#ident: ::std::option::Option::None),
            Role::Empty => quote!(#ident: ::std::default::Default::default()),
        }
    });
    let list: Vec<&str> = required.iter().map(|m| m.what.as_str()).collect();
    let new_doc = match (list.is_empty(), optional) {
        (false, true) => format!(
            "A value of its required fields ({}); the optional ones are `None` until their \
             `with_` methods set them.",
            list.join(", ")
        ),
        (false, false) => format!("A value of its fields ({}).", list.join(", ")),
        (true, true) => {
            "A value with every field `None`, until their `with_` methods set them.".to_owned()
        }
        (true, false) => "The value (its schema lists no field).".to_owned(),
    };
    let new_doc = doc::attrs(None, &new_doc);
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let setters = members
        .iter()
        .filter_map(|member| Some((member, member.setter()?)))
        .map(|(member, setter)| {
            let ident = &member.ident;
            let param = member.param();
            let value = member.value();
            let docs = doc::attrs(None, &format!("`self` with {} set.", member.what));
            quote! {
                #docs
                #[must_use]
                pub fn #setter(mut self, #ident: #param) -> Self {
                    self.#ident = ::std::option::Option::Some(#value);
                    self
                }
            }
        });
    quote! {
        #new_doc
        #[must_use]
        #many
        pub fn new(#(#params),*) -> Self {
            Self {
                #(#inits),*
            }
        }
        #(#setters)*
    }
}
