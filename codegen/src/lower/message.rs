//! Where an error response's body holds the server's message, so that an error can say it:
//! a string field the body's type has where common error bodies put theirs
//! (`{"error":{"message":…}}`, `{"message":…}`, `{"detail":…}`, `{"error":…}`…, the places
//! `vendor_runtime::message_in` looks at, in its order), else a look-up in the body written as
//! JSON when the type keeps what it does not describe (unknown fields, a union, any value).

use super::{struct_fields, unbox};
use crate::ir::{self, TypeRef};

/// The places, as wire names from the body's root, in the order `vendor_runtime::message_in`
/// looks at them (its array indexes aside: a list is no field).
const PLACES: [&[&str]; 5] = [
    &["error", "message"],
    &["message"],
    &["detail"],
    &["error"],
    &["error_description"],
];

/// Where the body of `response` holds its message, if it may hold one.
pub(super) fn decide(response: &ir::Response, types: &[ir::TypeDef]) -> Option<ir::Message> {
    if response.success {
        return None;
    }
    match response.content.as_slice() {
        [one] => match &one.kind {
            ir::ContentKind::Json(ty) => json(ty, types),
            ir::ContentKind::Text => Some(ir::Message::Text),
            ir::ContentKind::Bytes | ir::ContentKind::Events(_) => None,
        },
        _ => None,
    }
}

/// The message of a JSON body of type `ty`.
fn json(ty: &TypeRef, types: &[ir::TypeDef]) -> Option<ir::Message> {
    if let Some(path) = PLACES.iter().find_map(|place| field_path(ty, place, types)) {
        return Some(ir::Message::Field(path));
    }
    keeps_more(ty, types).then_some(ir::Message::Lookup)
}

/// The Rust fields of `place` in `ty`, the last a string, each through `Option`, `Box` and
/// aliases.
fn field_path(ty: &TypeRef, place: &[&str], types: &[ir::TypeDef]) -> Option<Vec<ir::MessageStep>> {
    let (wire, rest) = place.split_first()?;
    let fields = struct_fields(ty, types)?;
    let field = fields.iter().find(|field| field.wire == *wire)?;
    let (inner, optional) = match unbox(&field.ty) {
        TypeRef::Option(inner) => (unbox(inner), true),
        other => (other, false),
    };
    let step = ir::MessageStep {
        field: field.name.clone(),
        optional,
    };
    if rest.is_empty() {
        return (*inner == TypeRef::String).then(|| vec![step]);
    }
    let mut path = vec![step];
    path.extend(field_path(inner, rest, types)?);
    Some(path)
}

/// Whether a body of type `ty` may hold a message its type does not describe: any JSON value,
/// a map, a union, or a struct that keeps unknown fields.
fn keeps_more(ty: &TypeRef, types: &[ir::TypeDef]) -> bool {
    let mut ty = unbox(ty);
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Json | TypeRef::Map(_) => return true,
            TypeRef::Option(inner) => ty = unbox(inner),
            TypeRef::Named(id) => match types.get(id.0).map(|def| &def.kind) {
                Some(ir::TypeKind::Struct { extra, .. }) => {
                    return !matches!(extra, ir::Extra::Deny)
                }
                Some(ir::TypeKind::Union { .. }) => return true,
                Some(ir::TypeKind::Alias(target) | ir::TypeKind::Newtype(target)) => {
                    ty = unbox(target);
                }
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Extra, Field, TypeDef, TypeId, TypeKind};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.to_owned(),
            wire: name.to_owned(),
            doc: None,
            ty,
            required: true,
        }
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            doc: None,
            origin: String::new(),
            kind,
        }
    }

    fn response(ty: TypeRef) -> ir::Response {
        ir::Response {
            status: ir::Status::Code(404),
            variant: "NotFound".to_owned(),
            doc: None,
            content: vec![ir::Content {
                media_type: "application/json".to_owned(),
                kind: ir::ContentKind::Json(ty),
            }],
            success: false,
            reported: None,
            message: None,
        }
    }

    fn steps(path: &[(&str, bool)]) -> Option<ir::Message> {
        Some(ir::Message::Field(
            path.iter()
                .map(|(field, optional)| ir::MessageStep {
                    field: (*field).to_owned(),
                    optional: *optional,
                })
                .collect(),
        ))
    }

    #[test]
    fn the_message_field_is_found_where_error_bodies_put_it() {
        let keep = || Extra::Keep {
            field: "extra".to_owned(),
        };
        let types = vec![
            // 0: {error: {code, message}} (OpenRouter's)
            def(
                "NotFound",
                TypeKind::Struct {
                    fields: vec![field("error", TypeRef::Named(TypeId(1)))],
                    extra: keep(),
                },
            ),
            def(
                "ErrorData",
                TypeKind::Struct {
                    fields: vec![
                        field("code", TypeRef::I64),
                        field("message", TypeRef::String),
                    ],
                    extra: keep(),
                },
            ),
            // 2: {error?: Box<{message?}>}
            def(
                "Optional",
                TypeKind::Struct {
                    fields: vec![field(
                        "error",
                        TypeRef::Option(Box::new(TypeRef::Box(Box::new(TypeRef::Named(TypeId(
                            3,
                        )))))),
                    )],
                    extra: keep(),
                },
            ),
            def(
                "Inner",
                TypeKind::Struct {
                    fields: vec![field("message", TypeRef::Option(Box::new(TypeRef::String)))],
                    extra: Extra::Deny,
                },
            ),
            // 4: FastAPI's {detail: [..]}: no string field; kept unknowns are looked up.
            def(
                "Validation",
                TypeKind::Struct {
                    fields: vec![field("detail", TypeRef::Vec(Box::new(TypeRef::Json)))],
                    extra: keep(),
                },
            ),
            // 5: nothing, and nothing else kept.
            def(
                "Closed",
                TypeKind::Struct {
                    fields: vec![field("code", TypeRef::I64)],
                    extra: Extra::Deny,
                },
            ),
            def("Alias", TypeKind::Alias(TypeRef::Named(TypeId(0)))),
        ];
        let at = |id| decide(&response(TypeRef::Named(TypeId(id))), &types);
        assert_eq!(at(0), steps(&[("error", false), ("message", false)]));
        assert_eq!(at(2), steps(&[("error", true), ("message", true)]));
        assert_eq!(at(3), steps(&[("message", true)]));
        assert_eq!(at(4), Some(ir::Message::Lookup));
        assert_eq!(at(5), None);
        assert_eq!(at(6), at(0));
        assert_eq!(
            decide(&response(TypeRef::Json), &types),
            Some(ir::Message::Lookup)
        );
        let mut success = response(TypeRef::Named(TypeId(0)));
        success.success = true;
        assert_eq!(decide(&success, &types), None);
        let mut text = response(TypeRef::Json);
        text.content[0].kind = ir::ContentKind::Text;
        assert_eq!(decide(&text, &types), Some(ir::Message::Text));
    }
}
