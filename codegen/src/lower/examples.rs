//! Whether an example fits the type generated for its schema: the check behind the
//! "example does not fit" warning, done on finished types so it says what the Rust type accepts.

use crate::diagnostic::child;
use crate::ir::{Constant, Deviation, Extra, Misfit, TypeDef, TypeKind, TypeRef};
use serde_json::Value;

/// How deep the check follows a value; deeper parts are taken as fitting.
const MAX_DEPTH: usize = 128;

/// `None` when `value` fits `ty`; otherwise the first reason it does not, with its JSON pointer
/// inside the example.
pub(super) fn misfit(value: &Value, ty: &TypeRef, types: &[TypeDef]) -> Option<Misfit> {
    check(value, ty, types, "", 0)
}

fn describe(value: &Value) -> String {
    let text = value.to_string();
    let short: String = text.chars().take(40).collect();
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    if short.len() < text.len() {
        format!("{kind} {short}…")
    } else {
        format!("{kind} {short}")
    }
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}

fn check(
    value: &Value,
    ty: &TypeRef,
    types: &[TypeDef],
    path: &str,
    depth: usize,
) -> Option<Misfit> {
    if depth > MAX_DEPTH {
        return None;
    }
    let refused = |kind: Deviation, pointer: String, text: String| {
        Some(Misfit {
            kind,
            pointer,
            text,
        })
    };
    let expected_of = |kind: Deviation, what: &str| {
        let kind = if value.is_null() {
            Deviation::Null
        } else {
            kind
        };
        refused(
            kind,
            path.to_owned(),
            format!("{}: expected {what}, found {}", at(path), describe(value)),
        )
    };
    let expected = |what: &str| expected_of(Deviation::OtherType, what);
    match ty {
        TypeRef::Json => None,
        TypeRef::Bool => (!value.is_boolean())
            .then(|| expected("a boolean"))
            .flatten(),
        TypeRef::String => (!value.is_string()).then(|| expected("a string")).flatten(),
        TypeRef::I64 => (value.as_i64().is_none())
            .then(|| expected("an integer (i64)"))
            .flatten(),
        TypeRef::I32 => {
            let fits = value.as_i64().is_some_and(|n| i32::try_from(n).is_ok());
            (!fits).then(|| expected("an integer (i32)")).flatten()
        }
        TypeRef::F32 | TypeRef::F64 => (!value.is_number()).then(|| expected("a number")).flatten(),
        TypeRef::Option(inner) => {
            if value.is_null() {
                None
            } else {
                check(value, inner, types, path, depth + 1)
            }
        }
        TypeRef::Box(inner) => check(value, inner, types, path, depth + 1),
        TypeRef::Vec(inner) => match value {
            Value::Array(items) => first(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| check(item, inner, types, &format!("{path}/{i}"), depth + 1)),
            ),
            _ => expected("an array"),
        },
        TypeRef::Map(inner) => match value {
            Value::Object(map) => first(
                map.iter()
                    .map(|(key, item)| check(item, inner, types, &child(path, key), depth + 1)),
            ),
            _ => expected("an object"),
        },
        TypeRef::Named(id) => {
            let def = types.get(id.0)?;
            match &def.kind {
                TypeKind::Newtype(inner) | TypeKind::Alias(inner) => {
                    check(value, inner, types, path, depth + 1)
                }
                TypeKind::Enum { variants, open } => match value.as_str() {
                    Some(s) if open.is_some() || variants.iter().any(|v| v.wire == s) => None,
                    Some(_) => {
                        let allowed: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
                        expected_of(Deviation::OtherValue, &format!("one of {allowed:?}"))
                    }
                    None => expected("a string"),
                },
                TypeKind::Const(only) => {
                    let same = match *only {
                        Constant::Bool(only) => value.as_bool() == Some(only),
                        Constant::I32(only) => value.as_i64() == Some(i64::from(only)),
                        Constant::I64(only) => value.as_i64() == Some(only),
                        Constant::F32(only) => value.as_f64() == Some(f64::from(only)),
                        Constant::F64(only) => value.as_f64() == Some(only),
                    };
                    let kind = match (only, value) {
                        (Constant::Bool(_), Value::Bool(_)) | (_, Value::Number(_)) => {
                            Deviation::OtherValue
                        }
                        _ => Deviation::OtherType,
                    };
                    (!same)
                        .then(|| expected_of(kind, &format!("`{}`", only.text())))
                        .flatten()
                }
                TypeKind::Union { variants, tag } => {
                    // A value whose tag the union names is one of its variants'; an unknown
                    // tag is kept by the open variant; without a tag, any variant reads it.
                    let found = tag
                        .as_ref()
                        .and_then(|tag| value.get(&tag.property)?.as_str());
                    let candidates: Vec<_> = variants
                        .iter()
                        .filter(|v| found.is_none_or(|found| v.tags.iter().any(|t| t == found)))
                        .collect();
                    match (found, candidates.as_slice()) {
                        (Some(_), []) => return None,
                        // The one variant its tag names: why that variant refuses it.
                        (Some(_), [variant]) => {
                            return check(value, &variant.ty, types, path, depth + 1)
                        }
                        _ => {}
                    }
                    // A variant that reads the value: one it fits, else one that reads it
                    // with a deviation it does not refuse.
                    let mut read = None;
                    for variant in candidates {
                        match check(value, &variant.ty, types, path, depth + 1) {
                            None => return None,
                            Some(misfit) if !misfit.kind.refused() => {
                                read.get_or_insert(misfit);
                            }
                            Some(_) => {}
                        }
                    }
                    read.or_else(|| {
                        expected_of(
                            Deviation::NoVariant,
                            &format!("a value of one of the variants of `{}`", def.name),
                        )
                    })
                }
                TypeKind::Struct { fields, extra } => {
                    let Value::Object(map) = value else {
                        return expected("an object");
                    };
                    let missing = |field: &crate::ir::Field| {
                        let kind = if nullable(&field.ty, types) {
                            Deviation::MissingNullable
                        } else {
                            Deviation::Missing
                        };
                        refused(
                            kind,
                            child(path, &field.wire),
                            format!(
                                "{}: the required property `{}` is missing",
                                at(path),
                                field.wire
                            ),
                        )
                    };
                    let known = |key: &String| fields.iter().any(|f| &f.wire == key);
                    let in_fields = fields.iter().map(|field| match map.get(&field.wire) {
                        Some(item) => {
                            check(item, &field.ty, types, &child(path, &field.wire), depth + 1)
                        }
                        None if field.required => missing(field),
                        None => None,
                    });
                    let in_rest = map.iter().filter(|(k, _)| !known(k)).map(|(k, item)| match extra {
                        Extra::Keep { .. } => None,
                        Extra::Deny => refused(
                            Deviation::NotAllowed,
                            child(path, k),
                            format!(
                                "{}: the property `{k}` is not allowed (additionalProperties: false)",
                                at(path)
                            ),
                        ),
                        Extra::Typed { ty, .. } => check(item, ty, types, &child(path, k), depth + 1),
                    });
                    first(in_fields.chain(in_rest))
                }
            }
        }
    }
}

/// The first of `misfits` that its type refuses, else the first it reads anyway.
fn first(misfits: impl Iterator<Item = Option<Misfit>>) -> Option<Misfit> {
    let mut read = None;
    for misfit in misfits.flatten() {
        if misfit.kind.refused() {
            return Some(misfit);
        }
        read.get_or_insert(misfit);
    }
    read
}

/// Whether `ty` reads a missing value as `None`: an `Option`, through any aliases (a newtype
/// or any other type refuses it, as the runtime's `Object::field` does).
fn nullable(ty: &TypeRef, types: &[TypeDef]) -> bool {
    matches!(super::through_aliases(ty, types), TypeRef::Option(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumVariant, Field, TypeId};
    use serde_json::json;

    fn types() -> Vec<TypeDef> {
        vec![
            TypeDef {
                name: "DeleteFileReq".into(),
                doc: None,
                origin: String::new(),
                kind: TypeKind::Struct {
                    fields: vec![
                        Field {
                            name: "file_id".into(),
                            wire: "file_id".into(),
                            doc: None,
                            ty: TypeRef::I64,
                            required: true,
                        },
                        Field {
                            name: "purpose".into(),
                            wire: "purpose".into(),
                            doc: None,
                            ty: TypeRef::Named(TypeId(1)),
                            required: true,
                        },
                    ],
                    extra: Extra::Keep {
                        field: "extra".into(),
                    },
                },
            },
            TypeDef {
                name: "Object".into(),
                doc: None,
                origin: String::new(),
                kind: TypeKind::Enum {
                    variants: vec![EnumVariant {
                        name: "File".into(),
                        wire: "file".into(),
                    }],
                    open: None,
                },
            },
        ]
    }

    #[test]
    fn reports_the_first_misfit_with_its_place() {
        let ty = TypeRef::Named(TypeId(0));
        assert_eq!(
            misfit(&json!({"file_id": 1, "purpose": "file"}), &ty, &types()),
            None
        );
        assert_eq!(
            misfit(
                &json!({"file_id": "${file_id}", "purpose": "file"}),
                &ty,
                &types()
            )
            .map(|m| m.text)
            .as_deref(),
            Some("/file_id: expected an integer (i64), found a string \"${file_id}\"")
        );
        assert_eq!(
            misfit(&json!({"file_id": 1}), &ty, &types())
                .map(|m| m.text)
                .as_deref(),
            Some("/: the required property `purpose` is missing")
        );
        assert_eq!(
            misfit(&json!({"file_id": 1, "purpose": "folder"}), &ty, &types())
                .map(|m| m.text)
                .as_deref(),
            Some("/purpose: expected one of [\"file\"], found a string \"folder\"")
        );
        assert!(misfit(&json!(1.5), &TypeRef::I64, &[]).is_some());
        // Each refusal has its kind.
        let kind = |value: Value| misfit(&value, &ty, &types()).map(|m| m.kind);
        assert_eq!(kind(json!({"file_id": 1})), Some(Deviation::Missing));
        assert_eq!(
            kind(json!({"file_id": null, "purpose": "file"})),
            Some(Deviation::Null)
        );
        assert_eq!(
            kind(json!({"file_id": "1", "purpose": "file"})),
            Some(Deviation::OtherType)
        );
        assert_eq!(
            kind(json!({"file_id": 1, "purpose": "folder"})),
            Some(Deviation::OtherValue)
        );
        assert_eq!(
            kind(json!({"file_id": 1, "purpose": 2})),
            Some(Deviation::OtherType)
        );
        let constant = |value| TypeDef {
            name: "Const".into(),
            doc: None,
            origin: String::new(),
            kind: TypeKind::Const(value),
        };
        let ty = TypeRef::Named(TypeId(0));
        for (value, fits, misfits) in [
            (Constant::I64(i64::MIN), json!(i64::MIN), json!(i64::MAX)),
            (Constant::I32(-7), json!(-7), json!(-7.5)),
            (Constant::F64(0.5), json!(0.5), json!("0.5")),
            (Constant::F32(2.0), json!(2), json!(2.5)),
            (Constant::Bool(true), json!(true), json!(false)),
        ] {
            let types = [constant(value)];
            assert_eq!(misfit(&fits, &ty, &types), None, "{fits} fits {value:?}");
            assert_eq!(
                misfit(&misfits, &ty, &types).map(|m| m.text),
                Some(format!(
                    "/: expected `{}`, found {}",
                    value.text(),
                    describe(&misfits)
                )),
            );
        }
        assert_eq!(
            misfit(&json!(null), &TypeRef::Option(Box::new(TypeRef::I64)), &[]),
            None
        );
    }

    #[test]
    fn a_tagged_union_checks_an_example_against_the_variant_its_tag_names() {
        let mut types = types();
        let variant = |name: &str, id: usize, tag: &str| crate::ir::UnionVariant {
            name: name.into(),
            ty: TypeRef::Named(TypeId(id)),
            tags: vec![tag.into()],
            shape: crate::ir::Shape::ANY,
        };
        types.push(TypeDef {
            name: "Either".into(),
            doc: None,
            origin: String::new(),
            kind: TypeKind::Union {
                // Both variants read `{"purpose": "file", "file_id": 1}`; only the first takes
                // the tag `file`.
                variants: vec![variant("Req", 0, "file"), variant("Again", 0, "again")],
                tag: Some(crate::ir::Tag {
                    property: "purpose".into(),
                    other: "Other".into(),
                }),
            },
        });
        let ty = TypeRef::Named(TypeId(2));
        let check = |value: Value| misfit(&value, &ty, &types);
        assert_eq!(check(json!({"purpose": "file", "file_id": 1})), None);
        // Its variant's reason, not "one of the variants".
        assert_eq!(
            check(json!({"purpose": "file"})).map(|m| m.text).as_deref(),
            Some("/: the required property `file_id` is missing")
        );
        // A tag no variant has: the open variant keeps it.
        assert_eq!(check(json!({"purpose": "new", "x": []})), None);
        // `again` names a variant whose own enum refuses it.
        assert_eq!(
            check(json!({"purpose": "again", "file_id": 1}))
                .map(|m| m.text)
                .as_deref(),
            Some("/purpose: expected one of [\"file\"], found a string \"again\"")
        );
        // No tag: any variant that reads it.
        assert_eq!(
            check(json!({"file_id": 1})).map(|m| m.kind),
            Some(Deviation::NoVariant)
        );
    }

    #[test]
    fn a_missing_nullable_property_is_read_and_a_refusal_anywhere_comes_first() {
        let mut types = types();
        if let TypeKind::Struct { fields, .. } = &mut types[0].kind {
            fields[0].ty = TypeRef::Option(Box::new(TypeRef::I64));
        }
        let list = TypeRef::Vec(Box::new(TypeRef::Named(TypeId(0))));
        // Missing `file_id` is read (as `None`); the type reads the whole list.
        let read = misfit(&json!([{"purpose": "file"}]), &list, &types);
        assert_eq!(
            read,
            Some(Misfit {
                kind: Deviation::MissingNullable,
                pointer: "/0/file_id".into(),
                text: "/0: the required property `file_id` is missing".into()
            })
        );
        assert!(!Deviation::MissingNullable.refused());
        // A later item that the type refuses is what the check reports.
        let refused = misfit(&json!([{"purpose": "file"}, {"file_id": 1}]), &list, &types);
        assert_eq!(
            refused,
            Some(Misfit {
                kind: Deviation::Missing,
                pointer: "/1/purpose".into(),
                text: "/1: the required property `purpose` is missing".into()
            })
        );
    }

    #[test]
    fn a_closed_object_refuses_a_property_it_does_not_list() {
        let mut types = types();
        if let TypeKind::Struct { extra, .. } = &mut types[0].kind {
            *extra = Extra::Deny;
        }
        let refused = misfit(
            &json!({"file_id": 1, "purpose": "file", "mode": 1}),
            &TypeRef::Named(TypeId(0)),
            &types,
        );
        assert_eq!(
            refused,
            Some(Misfit {
                kind: Deviation::NotAllowed,
                pointer: "/mode".into(),
                text: "/: the property `mode` is not allowed (additionalProperties: false)".into()
            })
        );
    }
}
