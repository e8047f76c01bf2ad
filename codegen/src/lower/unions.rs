//! Which variant of a union a value is: by its tag where the variants have one, else by fit.
//!
//! A union is *tagged* by a property when every variant is an object that fixes its own
//! values of that property and no two variants share one:
//!
//! - With a `discriminator`, its `propertyName`. A variant's tags are the `mapping` names that
//!   map to it; else the values its own schema allows for the property (an `enum`, a `const`);
//!   else its component name (OpenAPI's implicit mapping).
//! - Without one, the first property of the first variant that every variant fixes to one
//!   string (a `const`, or an `enum` of one value, as OpenAI's events fix `type`).
//!
//! A variant that is itself a union tagged by the same property has all of its tags. A tagged
//! union reads a value as the variant its tag names, and keeps a value whose tag no variant
//! has, whole, in an open variant (`Other`). Any other union is read by fit (see
//! `vendor_runtime::Union`): two object variants that can read one value with nothing left
//! over are a warning, since such a value is then read as the first of them.
//!
//! Each variant also gets its shape: the JSON kinds it reads and the keys it cannot do
//! without, so that a value is tried only on the variants that could read it.

use super::names::Scope;
use super::schema::Discriminator;
use crate::diagnostic::Diagnostics;
use crate::ir::{Extra, Kinds, Shape, Tag, TypeDef, TypeKind, TypeRef};
use std::collections::BTreeSet;

/// How deep [`kinds`] recurses (through unions, aliases and newtypes) before it says "any".
const MAX_HOPS: usize = 64;

/// A union's tag as decided: the property, and the tags of each variant, in order.
#[derive(Debug, Clone)]
struct Decided {
    property: String,
    tags: Vec<Vec<String>>,
}

/// Where a union is in the walk that decides tags: inner unions are decided first.
#[derive(Debug, Clone)]
enum State {
    Todo,
    Busy,
    Done(Option<Decided>),
}

/// Decides the tag of every union in `defs` (indexed as the pending types were): its
/// `discriminator`, if it has one, is `discriminators[index]`; a component's name is
/// `components[index]`.
pub(super) fn decide(
    defs: &mut [TypeDef],
    discriminators: &[Option<&Discriminator>],
    components: &[Option<&str>],
    diagnostics: &mut Diagnostics,
) {
    let mut states = vec![State::Todo; defs.len()];
    let walk = Walk {
        defs,
        discriminators,
        components,
    };
    for index in 0..defs.len() {
        walk.visit(index, &mut states, diagnostics);
    }
    for (index, state) in states.into_iter().enumerate() {
        let State::Done(decided) = state else {
            continue;
        };
        let TypeKind::Union { variants, tag } = &mut defs[index].kind else {
            continue;
        };
        if let Some(Decided { property, tags }) = decided {
            for (variant, tags) in variants.iter_mut().zip(tags) {
                variant.tags = tags;
            }
            let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
            *tag = Some(Tag {
                property,
                other: Scope::with_reserved(&names).claim("Other"),
            });
        }
        if let Some(why) = ambiguity(defs, index) {
            diagnostics.warn(&defs[index].origin, why);
        }
    }
    for index in 0..defs.len() {
        let TypeKind::Union { variants, .. } = &defs[index].kind else {
            continue;
        };
        let shapes: Vec<Shape> = variants.iter().map(|v| shape(defs, &v.ty)).collect();
        if let TypeKind::Union { variants, .. } = &mut defs[index].kind {
            for (variant, shape) in variants.iter_mut().zip(shapes) {
                variant.shape = shape;
            }
        }
    }
}

struct Walk<'w> {
    defs: &'w [TypeDef],
    discriminators: &'w [Option<&'w Discriminator>],
    components: &'w [Option<&'w str>],
}

impl Walk<'_> {
    /// Decides the union at `index` (after the unions among its variants), once.
    fn visit(&self, index: usize, states: &mut Vec<State>, diagnostics: &mut Diagnostics) {
        if !matches!(states[index], State::Todo) {
            return;
        }
        let TypeKind::Union { variants, .. } = &self.defs[index].kind else {
            states[index] = State::Done(None);
            return;
        };
        states[index] = State::Busy;
        for variant in variants {
            if let Some(inner) = resolve(self.defs, &variant.ty) {
                self.visit(inner, states, diagnostics);
            }
        }
        let types: Vec<&TypeRef> = variants.iter().map(|v| &v.ty).collect();
        let decided = match self.discriminators.get(index).copied().flatten() {
            Some(discriminator) => self.explicit(&types, discriminator, states, diagnostics),
            None => self.implicit(&types, states),
        };
        states[index] = State::Done(decided);
    }

    /// The tags a `discriminator` gives, or `None` (and a warning) when they do not tell the
    /// variants apart.
    fn explicit(
        &self,
        variants: &[&TypeRef],
        discriminator: &Discriminator,
        states: &[State],
        diagnostics: &mut Diagnostics,
    ) -> Option<Decided> {
        let property = &discriminator.property;
        let mut tags = Vec::new();
        for (index, &ty) in variants.iter().enumerate() {
            let target = resolve(self.defs, ty);
            let mapped: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, to)| target.is_some() && resolve(self.defs, to) == target)
                .map(|(tag, _)| tag.clone())
                .collect();
            let own = || self.variant_tags(ty, property, true, states);
            let named = || {
                let name = self.components.get(named_id(ty)?).copied().flatten()?;
                Some(vec![name.to_owned()])
            };
            let found = if mapped.is_empty() {
                own().or_else(named)
            } else {
                Some(mapped)
            };
            let Some(found) = found else {
                diagnostics.warn(
                    &discriminator.pointer,
                    format!(
                        "the discriminator `{property}` names no value for the variant {}: \
                         it is neither in the `mapping` nor fixed by the variant's schema; the \
                         union is read by fit instead: map the variant or fix its `{property}` \
                         (an overlay can)",
                        self.describe(index, ty)
                    ),
                );
                return None;
            };
            tags.push(found);
        }
        // Variants that share a tag are told apart by fit, among themselves (`ambiguity`
        // warns where that cannot work).
        Some(Decided {
            property: property.clone(),
            tags,
        })
    }

    /// The first property of the first variant that every variant fixes to a value of its
    /// own, if there is one.
    fn implicit(&self, variants: &[&TypeRef], states: &[State]) -> Option<Decided> {
        let first = resolve(self.defs, variants.first()?)?;
        let candidates: Vec<&str> = match &self.defs[first].kind {
            TypeKind::Struct { fields, .. } => fields.iter().map(|f| f.wire.as_str()).collect(),
            TypeKind::Union { .. } => match &states[first] {
                State::Done(Some(inner)) => vec![inner.property.as_str()],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        candidates.into_iter().find_map(|property| {
            let tags: Option<Vec<Vec<String>>> = variants
                .iter()
                .map(|ty| self.variant_tags(ty, property, false, states))
                .collect();
            let tags = tags?;
            (!share_a_tag(&tags)).then(|| Decided {
                property: property.to_owned(),
                tags,
            })
        })
    }

    /// The values of `property` that the variant `ty` fixes: the values of its enum (one
    /// only, unless `many`), or every tag of a union tagged by the same property.
    fn variant_tags(
        &self,
        ty: &TypeRef,
        property: &str,
        many: bool,
        states: &[State],
    ) -> Option<Vec<String>> {
        let index = resolve(self.defs, ty)?;
        match &self.defs[index].kind {
            TypeKind::Struct { fields, .. } => {
                let field = fields.iter().find(|f| f.wire == property)?;
                let values = fixed_strings(self.defs, &field.ty)?;
                (many || values.len() == 1).then_some(values)
            }
            TypeKind::Union { .. } => match &states[index] {
                State::Done(Some(inner)) if inner.property == property => Some(inner.tags.concat()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The variant at `index` for a message: its type's name, or its place.
    fn describe(&self, index: usize, ty: &TypeRef) -> String {
        match named_id(ty) {
            Some(id) => format!("`{}`", self.defs[id].name),
            None => format!("at {index} (not an object type of its own)"),
        }
    }
}

/// Whether two variants share a tag.
fn share_a_tag(tags: &[Vec<String>]) -> bool {
    tags.iter().enumerate().any(|(a, first)| {
        tags[a + 1..]
            .iter()
            .any(|second| first.iter().any(|tag| second.contains(tag)))
    })
}

/// The named type a reference stands for (through `Option` and `Box`), as written.
fn named_id(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Named(id) => Some(id.0),
        TypeRef::Option(inner) | TypeRef::Box(inner) => named_id(inner),
        _ => None,
    }
}

/// The type a reference reads as, through `Option`, `Box`, aliases and newtypes: the index
/// of a struct, enum, `const` or union. A chain has an end (`cycles` made every type on a cycle
/// of aliases and newtypes any JSON value), so it is followed whole: each type at most once.
fn resolve(defs: &[TypeDef], ty: &TypeRef) -> Option<usize> {
    let mut id = named_id(ty)?;
    for _ in 0..=defs.len() {
        match &defs.get(id)?.kind {
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => id = named_id(inner)?,
            _ => return Some(id),
        }
    }
    None
}

/// The strings a value of `ty` can be, when it is a string enum (open or closed).
fn fixed_strings(defs: &[TypeDef], ty: &TypeRef) -> Option<Vec<String>> {
    match &defs[resolve(defs, ty)?].kind {
        TypeKind::Enum { variants, .. } => Some(variants.iter().map(|v| v.wire.clone()).collect()),
        _ => None,
    }
}

/// JSON kinds, as bits: what a type can read.
/// The JSON kinds a value of `ty` can be.
fn kinds(defs: &[TypeDef], ty: &TypeRef, hops: usize) -> Kinds {
    if hops > MAX_HOPS {
        return Kinds::ANY;
    }
    match ty {
        TypeRef::Bool => Kinds::BOOL,
        TypeRef::I32 | TypeRef::I64 => Kinds::INTEGER,
        TypeRef::F32 | TypeRef::F64 => Kinds::INTEGER.or(Kinds::FRACTION),
        TypeRef::String => Kinds::STRING,
        TypeRef::Json => Kinds::ANY,
        TypeRef::Vec(_) => Kinds::ARRAY,
        TypeRef::Map(_) => Kinds::OBJECT,
        TypeRef::Option(inner) => Kinds::NULL.or(kinds(defs, inner, hops + 1)),
        TypeRef::Box(inner) => kinds(defs, inner, hops + 1),
        TypeRef::Named(id) => match &defs[id.0].kind {
            TypeKind::Struct { .. } => Kinds::OBJECT,
            TypeKind::Enum { .. } => Kinds::STRING,
            TypeKind::Const(crate::ir::Constant::Bool(_)) => Kinds::BOOL,
            TypeKind::Const(_) => Kinds::INTEGER.or(Kinds::FRACTION),
            TypeKind::Union { variants, .. } => variants
                .iter()
                .fold(Kinds::NONE, |all, v| all.or(kinds(defs, &v.ty, hops + 1))),
            TypeKind::Newtype(inner) | TypeKind::Alias(inner) => kinds(defs, inner, hops + 1),
        },
    }
}

/// The values a variant of type `ty` can read: its kinds and, for a struct, the properties it
/// requires that cannot be `null` (a missing one is refused; a missing nullable one reads as
/// `None`).
fn shape(defs: &[TypeDef], ty: &TypeRef) -> Shape {
    let own = kinds(defs, ty, 0);
    let required = match resolve(defs, ty).map(|index| &defs[index].kind) {
        Some(TypeKind::Struct { fields, .. }) => fields
            .iter()
            .filter(|field| field.required && !kinds(defs, &field.ty, 0).meets(Kinds::NULL))
            .map(|field| field.wire.clone())
            .collect(),
        _ => Vec::new(),
    };
    Shape {
        kinds: own,
        required,
    }
}

/// Whether one value can be of both types, as far as their kinds and fixed strings tell.
fn compatible(defs: &[TypeDef], a: &TypeRef, b: &TypeRef) -> bool {
    if !kinds(defs, a, 0).meets(kinds(defs, b, 0)) {
        return false;
    }
    match (fixed_strings(defs, a), fixed_strings(defs, b)) {
        (Some(a), Some(b)) => a.iter().any(|value| b.contains(value)),
        _ => true,
    }
}

/// An object a variant reads: the properties it knows (`None`: any) and those it requires.
struct ObjectShape<'d> {
    known: Option<BTreeSet<&'d str>>,
    required: BTreeSet<&'d str>,
    fields: &'d [crate::ir::Field],
}

fn object_shape<'d>(defs: &'d [TypeDef], ty: &TypeRef) -> Option<ObjectShape<'d>> {
    if matches!(ty, TypeRef::Map(_)) {
        return Some(ObjectShape {
            known: None,
            required: BTreeSet::new(),
            fields: &[],
        });
    }
    let TypeKind::Struct { fields, extra } = &defs[resolve(defs, ty)?].kind else {
        return None;
    };
    Some(ObjectShape {
        known: (!matches!(extra, Extra::Typed { .. }))
            .then(|| fields.iter().map(|f| f.wire.as_str()).collect()),
        required: fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.wire.as_str())
            .collect(),
        fields,
    })
}

/// Why the union at `index` may read a value as the wrong variant: the pairs of its object
/// variants that one value can be (any two without a tag; two that share a tag) and that can
/// read it with nothing left over.
fn ambiguity(defs: &[TypeDef], index: usize) -> Option<String> {
    let TypeKind::Union { variants, tag } = &defs[index].kind else {
        return None;
    };
    let rivals = |a: usize, b: usize| {
        tag.is_none()
            || variants[a]
                .tags
                .iter()
                .any(|t| variants[b].tags.contains(t))
    };
    let shapes: Vec<Option<ObjectShape>> =
        variants.iter().map(|v| object_shape(defs, &v.ty)).collect();
    let mut pairs = Vec::new();
    for (a, first) in shapes.iter().enumerate() {
        for (b, second) in shapes.iter().enumerate().skip(a + 1) {
            let (Some(first), Some(second)) = (first, second) else {
                continue;
            };
            if !rivals(a, b) {
                continue;
            }
            let keys: BTreeSet<&str> = first.required.union(&second.required).copied().collect();
            let known = |shape: &ObjectShape, key: &str| {
                shape.known.as_ref().is_none_or(|known| known.contains(key))
            };
            let both_know = keys
                .iter()
                .all(|key| known(first, key) && known(second, key));
            let agree = keys.iter().all(|key| {
                let one = first.fields.iter().find(|f| f.wire == *key);
                let other = second.fields.iter().find(|f| f.wire == *key);
                match (one, other) {
                    (Some(one), Some(other)) => compatible(defs, &one.ty, &other.ty),
                    _ => true,
                }
            });
            if both_know && agree {
                let value = if keys.is_empty() {
                    "`{}`".to_owned()
                } else {
                    let keys: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
                    format!("an object of {}", keys.join(", "))
                };
                pairs.push(format!(
                    "`{}` and `{}` (e.g. {value})",
                    variants[a].name, variants[b].name
                ));
            }
        }
    }
    if pairs.is_empty() {
        return None;
    }
    Some(format!(
        "variants of this union can read the same value with nothing left over: {}; such a \
         value is read as the first of them (a value is read as the variant that knows most of \
         its properties; among equals, the first). To tell them apart, give the union a \
         `discriminator`, or each variant a property it fixes with `const` (an overlay can)",
        pairs.join("; ")
    ))
}
