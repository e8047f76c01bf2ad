//! Which operations the client streams, decided once the types are final: an operation whose
//! one success response is an event stream of a documented type (each event read into it), or
//! bytes (a download, chunk by chunk); and, for an event stream documented beside JSON, the
//! boolean `stream` field of the JSON request body that chooses between them. An operation
//! whose success is an event stream alone streams under its own name (no method reads it
//! whole); the others get a second method, `<operation>_stream`.

use super::{names, struct_fields};
use crate::ir::{self, TypeRef};

/// The streaming method of `operation`, named in `scope` (the client's method names), if it
/// has one; the envelope of its event item is decided here too (it needs the item's type).
pub(super) fn method(
    operation: &mut ir::Operation,
    types: &[ir::TypeDef],
    scope: &mut names::Scope,
) -> Option<ir::Streaming> {
    let mut successes = operation.responses.iter_mut().filter(|r| r.success);
    let response = successes.next()?;
    if successes.next().is_some() {
        return None;
    }
    let has_json = response
        .content
        .iter()
        .any(|content| matches!(content.kind, ir::ContentKind::Json(_)));
    let only_events = matches!(
        response.content.as_slice(),
        [ir::Content {
            kind: ir::ContentKind::Events(Some(_)),
            ..
        }]
    );
    let kind = match response.content.as_mut_slice() {
        [ir::Content {
            kind: ir::ContentKind::Bytes,
            ..
        }] => ir::StreamKind::Chunks,
        content => {
            let item = content
                .iter_mut()
                .find_map(|content| match &mut content.kind {
                    ir::ContentKind::Events(Some(item)) => Some(item),
                    _ => None,
                })?;
            item.envelope = is_envelope(&item.ty, types);
            let flag = if has_json {
                operation
                    .body
                    .as_ref()
                    .filter(|body| body.required && body.encoding == ir::Encoding::Json)
                    .and_then(|body| flag(&body.ty, types))
            } else {
                None
            };
            ir::StreamKind::Events {
                item: item.clone(),
                flag,
            }
        }
    };
    let method = if only_events {
        operation.name.clone()
    } else {
        scope.claim(&names::stream_method(&operation.name))
    };
    Some(ir::Streaming {
        method,
        replaces: only_events,
        kind,
    })
}

/// Whether the item type `ty` is a whole event: a struct with a `data` field and no field but
/// `event`, `data`, `id` and `retry`.
fn is_envelope(ty: &TypeRef, types: &[ir::TypeDef]) -> bool {
    struct_fields(ty, types).is_some_and(|fields| {
        fields.iter().any(|field| field.wire == "data")
            && fields
                .iter()
                .all(|field| matches!(field.wire.as_str(), "event" | "data" | "id" | "retry"))
    })
}

/// The boolean `stream` field of the request body type `ty`, if it has one.
fn flag(ty: &TypeRef, types: &[ir::TypeDef]) -> Option<ir::Flag> {
    let field = struct_fields(ty, types)?
        .iter()
        .find(|field| field.wire == "stream")?;
    let optional = match &field.ty {
        TypeRef::Bool => false,
        TypeRef::Option(inner) if **inner == TypeRef::Bool => true,
        _ => return None,
    };
    Some(ir::Flag {
        field: field.name.clone(),
        optional,
    })
}
