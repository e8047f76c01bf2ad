//! Schemas → the type space: every component and every inline schema that needs a name becomes
//! a pending type; names are given later, all at once, by `lower::names`.

use crate::diagnostic::{child, Diagnostics};
use crate::ir::{Constant, EnumVariant, Extra, Field, TypeId, TypeKind, TypeRef, UnionVariant};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema,
    SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// How deep inline schemas may nest before lowering gives up on a branch. Each inline object
/// is a struct holding the next by value, and rustc lays out such a chain within its recursion
/// limit of 128 (62 nested optional structs overflow it); real documents nest at most 10 deep.
const MAX_DEPTH: usize = 32;

/// How long a property name, or a value of a closed enum (`const`), may be, in characters.
/// serde's derive matches each as a byte string, which rustc checks in memory that grows with
/// the square of its length: 1,024 characters cost a few megabytes, 20,000 about 5 GB.
const MAX_WIRE_NAME: usize = 1_024;

/// Who asked for a type's name: a component keeps its own; a helper's is a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A component schema, named by its key.
    Component(String),
    /// An inline schema, named from its parent and property (words to be camel-cased).
    Helper(String),
}

/// A type before naming.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub origin: Origin,
    pub pointer: String,
    pub doc: Option<String>,
    pub kind: PendingKind,
}

/// The shape of a pending type; names of fields and variants are still raw.
#[derive(Debug, Clone)]
pub(crate) enum PendingKind {
    /// Not filled yet (a component whose schema is being lowered).
    Reserved,
    Struct {
        fields: Vec<PendingField>,
        extra: PendingExtra,
    },
    Enum {
        values: Vec<String>,
        open: bool,
    },
    Const(Constant),
    Union {
        members: Vec<TypeRef>,
        discriminator: Option<Discriminator>,
    },
    Newtype(TypeRef),
    Alias(TypeRef),
}

/// A union's `discriminator`: the property that names each member, and the names the
/// document maps to members (`mapping`), each with the type it names.
#[derive(Debug, Clone)]
pub(crate) struct Discriminator {
    pub property: String,
    pub mapping: Vec<(String, TypeRef)>,
    /// Where the `discriminator` is, for diagnostics.
    pub pointer: String,
}

/// A struct field before naming.
#[derive(Debug, Clone)]
pub(crate) struct PendingField {
    pub wire: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    /// Whether the property is a file: a string of `format: binary`, or an array of them (what
    /// a `multipart/form-data` body sends as file parts).
    pub binary: bool,
}

/// Unknown-field handling before naming.
#[derive(Debug, Clone)]
pub(crate) enum PendingExtra {
    Keep,
    Typed(TypeRef),
    Deny,
}

/// An example before naming: where it is, the type it must fit, the value.
#[derive(Debug, Clone)]
pub(crate) struct PendingExample {
    pub pointer: String,
    pub ty: TypeRef,
    pub value: Value,
}

/// The type space being built from one document.
pub(crate) struct TypeSpace<'d, 'g, 'a> {
    document: &'d OpenAPI,
    pub diagnostics: &'g mut Diagnostics<'a>,
    pub types: Vec<Pending>,
    pub examples: Vec<PendingExample>,
    components: IndexMap<String, (TypeId, bool)>,
    depth: usize,
}

impl<'d, 'g, 'a> TypeSpace<'d, 'g, 'a> {
    /// Reserves a type for every component schema, then lowers each.
    pub fn new(document: &'d OpenAPI, diagnostics: &'g mut Diagnostics<'a>) -> Self {
        let mut space = TypeSpace {
            document,
            diagnostics,
            types: Vec::new(),
            examples: Vec::new(),
            components: IndexMap::new(),
            depth: 0,
        };
        let schemas = document.components.as_ref().map(|c| &c.schemas);
        for (name, schema) in schemas.into_iter().flatten() {
            let nullable = matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable);
            let id = space.push(
                Origin::Component(name.clone()),
                child("/components/schemas", name),
                None,
                PendingKind::Reserved,
            );
            space.components.insert(name.clone(), (id, nullable));
        }
        for (name, schema) in schemas.into_iter().flatten() {
            let (id, _) = space.components[name.as_str()];
            let pointer = child("/components/schemas", name);
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = space.reference(reference, &pointer);
                    space.types[id.0].kind = PendingKind::Alias(target);
                }
                ReferenceOr::Item(schema) => {
                    space.item(schema, name, &pointer, Some(id));
                }
            }
        }
        space
    }

    fn push(
        &mut self,
        origin: Origin,
        pointer: String,
        doc: Option<String>,
        kind: PendingKind,
    ) -> TypeId {
        self.types.push(Pending {
            origin,
            pointer,
            doc,
            kind,
        });
        TypeId(self.types.len() - 1)
    }

    /// The type of a `$ref` to a component schema.
    pub fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        match component_name(reference) {
            Some(name) => match self.component(&name) {
                Some(ty) => ty,
                None => {
                    self.diagnostics.error(
                        pointer,
                        format!("`$ref: {reference}` names no component schema: fix the reference"),
                    );
                    TypeRef::Json
                }
            },
            _ => {
                self.diagnostics.warn(
                    pointer,
                    format!(
                        "`$ref: {reference}` does not name a component schema; its value is \
                         typed as any JSON value"
                    ),
                );
                TypeRef::Json
            }
        }
    }

    /// The type of the component schema `name`, if there is one.
    fn component(&self, name: &str) -> Option<TypeRef> {
        let &(id, nullable) = self.components.get(name)?;
        Some(wrap_nullable(TypeRef::Named(id), nullable))
    }

    /// A union's `discriminator`, with each name of its `mapping` resolved to the component it
    /// names (by reference or by bare name); a name that maps to no component is a warning
    /// and is left out.
    fn discriminator(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        pointer: &str,
    ) -> Discriminator {
        let at = child(pointer, "discriminator");
        let mut mapping = Vec::new();
        for (tag, target) in &discriminator.mapping {
            // A mapping names a component by reference, or by its bare name.
            let name = match component_name(target) {
                None if !target.starts_with('#') => Some(target.clone()),
                name => name,
            };
            match name.and_then(|name| self.component(&name)) {
                Some(ty) => mapping.push((tag.clone(), ty)),
                None => self.diagnostics.warn(
                    &child(&child(&at, "mapping"), tag),
                    format!(
                        "the discriminator maps `{tag}` to `{target}`, which names no component \
                         schema; the mapping is left out: fix the name"
                    ),
                ),
            }
        }
        Discriminator {
            property: discriminator.property_name.clone(),
            mapping,
            pointer: at,
        }
    }

    /// The type of a schema or reference, an inline schema named from `hint` if it needs a name.
    pub fn schema(&mut self, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.item(schema, hint, pointer, None),
        }
    }

    fn boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, hint: &str, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.item(schema, hint, pointer, None),
        }
    }

    /// Lowers one schema. With `fixed`, the schema is a component and its type lives at that id
    /// (a newtype when the schema itself needs no name).
    fn item(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        fixed: Option<TypeId>,
    ) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            self.diagnostics.error(
                pointer,
                format!(
                    "schemas nest deeper than {MAX_DEPTH} levels: flatten them (move nested \
                     schemas to `components/schemas` and refer to them with `$ref`)"
                ),
            );
            return TypeRef::Json;
        }
        self.depth += 1;
        let data = &schema.schema_data;
        let doc = type_doc(data.title.as_deref(), data.description.as_deref(), hint);
        let shape = self.shape(schema, hint, pointer);
        self.depth -= 1;
        let inner = match (shape, fixed) {
            (Shape::Named(kind), Some(id)) => {
                self.types[id.0].kind = kind;
                self.types[id.0].doc = doc;
                TypeRef::Named(id)
            }
            (Shape::Named(kind), None) => TypeRef::Named(self.push(
                Origin::Helper(hint.to_owned()),
                pointer.to_owned(),
                doc,
                kind,
            )),
            (Shape::Plain(ty), Some(id)) => {
                self.types[id.0].kind = PendingKind::Newtype(ty);
                self.types[id.0].doc = doc;
                TypeRef::Named(id)
            }
            (Shape::Plain(ty), None) => ty,
        };
        let ty = wrap_nullable(inner, data.nullable);
        if let Some(example) = &data.example {
            self.examples.push(PendingExample {
                pointer: child(pointer, "example"),
                ty: ty.clone(),
                value: example.clone(),
            });
        }
        if let Some(Value::Array(more)) = data.extensions.get("x-examples") {
            for (index, example) in more.iter().enumerate() {
                self.examples.push(PendingExample {
                    pointer: child(&child(pointer, "x-examples"), &index.to_string()),
                    ty: ty.clone(),
                    value: example.clone(),
                });
            }
        }
        ty
    }

    /// What a schema is, before nullability.
    fn shape(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Shape {
        let data = &schema.schema_data;
        let strict = data.extensions.get("x-const") == Some(&Value::Bool(true));
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    Shape::Plain(TypeRef::String)
                } else {
                    self.enumeration(values, strict, pointer)
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                let int32 = integer.format == VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32);
                match (strict, integer.enumeration.as_slice()) {
                    // A value out of the `int32` range keeps its `i64`.
                    (true, &[Some(value)]) => constant(match i32::try_from(value) {
                        Ok(value) if int32 => Constant::I32(value),
                        _ => Constant::I64(value),
                    }),
                    _ if int32 => Shape::Plain(TypeRef::I32),
                    _ => Shape::Plain(TypeRef::I64),
                }
            }
            SchemaKind::Type(Type::Number(number)) => {
                let float = number.format == VariantOrUnknownOrEmpty::Item(NumberFormat::Float);
                match (strict, number.enumeration.as_slice()) {
                    // A value beyond the `f32` range keeps its `f64`.
                    (true, &[Some(value)]) if value.is_finite() => constant(match value as f32 {
                        single if float && single.is_finite() => Constant::F32(single),
                        _ => Constant::F64(value),
                    }),
                    _ if float => Shape::Plain(TypeRef::F32),
                    _ => Shape::Plain(TypeRef::F64),
                }
            }
            SchemaKind::Type(Type::Boolean(boolean)) => {
                match (strict, boolean.enumeration.as_slice()) {
                    (true, &[Some(value)]) => constant(Constant::Bool(value)),
                    _ => Shape::Plain(TypeRef::Bool),
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                Shape::Plain(self.array(array.items.as_ref(), hint, pointer))
            }
            SchemaKind::Type(Type::Object(object)) => self.object(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                hint,
                pointer,
            ),
            SchemaKind::OneOf { one_of } => self.union(one_of, "oneOf", data, hint, pointer),
            SchemaKind::AnyOf { any_of } => self.union(any_of, "anyOf", data, hint, pointer),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, hint, pointer),
            SchemaKind::Not { .. } => {
                self.diagnostics.warn(
                    pointer,
                    "`not` cannot be expressed as a Rust type; the value is typed as any JSON value",
                );
                Shape::Plain(TypeRef::Json)
            }
            SchemaKind::Any(any) => self.any(any, data, strict, hint, pointer),
        }
    }

    /// A string enum, open unless `strict`; the values of a closed one are matched by serde's
    /// derive, so each is at most [`MAX_WIRE_NAME`] characters long.
    fn enumeration(&mut self, values: Vec<String>, strict: bool, pointer: &str) -> Shape {
        if strict {
            for (index, value) in values.iter().enumerate() {
                let at = child(&child(pointer, "enum"), &index.to_string());
                self.too_long(value, "this value", &at);
            }
        }
        Shape::Named(PendingKind::Enum {
            values,
            open: !strict,
        })
    }

    /// An error at `pointer` if `wire` is longer than [`MAX_WIRE_NAME`] characters.
    fn too_long(&mut self, wire: &str, what: &str, pointer: &str) {
        let length = wire.chars().count();
        if length > MAX_WIRE_NAME {
            self.diagnostics.error(
                pointer,
                format!(
                    "{what} is {length} characters long, beyond the {MAX_WIRE_NAME} the \
                     generated code takes (serde's derive for a longer one would take rustc \
                     gigabytes of memory to compile): shorten it, in the document or with an \
                     overlay"
                ),
            );
        }
    }

    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        let item = match items {
            Some(items) => self.boxed(items, &format!("{hint} item"), &child(pointer, "items")),
            None => TypeRef::Json,
        };
        TypeRef::Vec(Box::new(item))
    }

    fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &str,
    ) -> Shape {
        let extra = match additional {
            None | Some(AdditionalProperties::Any(true)) => PendingExtra::Keep,
            Some(AdditionalProperties::Any(false)) => PendingExtra::Deny,
            Some(AdditionalProperties::Schema(schema)) => {
                let ty = self.schema(
                    schema,
                    &format!("{hint} value"),
                    &child(pointer, "additionalProperties"),
                );
                if ty == TypeRef::Json {
                    PendingExtra::Keep
                } else {
                    PendingExtra::Typed(ty)
                }
            }
        };
        if properties.is_empty() {
            return Shape::Plain(TypeRef::Map(Box::new(match extra {
                PendingExtra::Typed(ty) => ty,
                PendingExtra::Keep | PendingExtra::Deny => TypeRef::Json,
            })));
        }
        let properties_pointer = child(pointer, "properties");
        let fields = properties
            .iter()
            .map(|(wire, schema)| {
                let pointer = child(&properties_pointer, wire);
                self.too_long(wire, "this property name", &pointer);
                let ty = self.boxed(schema, &format!("{hint} {wire}"), &pointer);
                let doc = match schema {
                    ReferenceOr::Item(schema) => field_doc(&schema.schema_data),
                    ReferenceOr::Reference { .. } => None,
                };
                let required = required.iter().any(|r| r == wire);
                let ty = if required { ty } else { optional(ty) };
                let binary = self.is_binary(schema, true);
                PendingField {
                    wire: wire.clone(),
                    doc,
                    ty,
                    required,
                    binary,
                }
            })
            .collect();
        Shape::Named(PendingKind::Struct { fields, extra })
    }

    fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        data: &SchemaData,
        hint: &str,
        pointer: &str,
    ) -> Shape {
        let list = child(pointer, keyword);
        let mut types: Vec<TypeRef> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let ty = self.schema(
                member,
                &format!("{hint} {index}"),
                &child(&list, &index.to_string()),
            );
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        match types.len() {
            0 => Shape::Plain(TypeRef::Json),
            1 => Shape::Plain(types.remove(0)),
            _ => {
                let discriminator = data
                    .discriminator
                    .as_ref()
                    .map(|discriminator| self.discriminator(discriminator, pointer));
                Shape::Named(PendingKind::Union {
                    members: types,
                    discriminator,
                })
            }
        }
    }

    fn all_of(&mut self, members: &[ReferenceOr<Schema>], hint: &str, pointer: &str) -> Shape {
        let list = child(pointer, "allOf");
        let meaningful: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !is_doc_only(m))
            .collect();
        if let [(index, member)] = meaningful.as_slice() {
            return Shape::Plain(self.schema(member, hint, &child(&list, &index.to_string())));
        }
        // Several members: merge the objects among them into one struct.
        let mut properties: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        let mut additional: Option<AdditionalProperties> = None;
        for (index, member) in meaningful {
            let Some(schema) = self.resolve(member, 0) else {
                self.diagnostics.warn(
                    &child(&list, &index.to_string()),
                    "this `allOf` member cannot be resolved to an object; the value is typed as any \
                     JSON value",
                );
                return Shape::Plain(TypeRef::Json);
            };
            match object_parts(schema) {
                Some((props, req, add)) => {
                    for (name, prop) in props {
                        properties
                            .entry(name.clone())
                            .or_insert_with(|| prop.clone());
                    }
                    required.extend(req.iter().cloned());
                    if add.is_some() {
                        additional = add.cloned();
                    }
                }
                None => {
                    self.diagnostics.warn(
                        &child(&list, &index.to_string()),
                        "`allOf` of schemas that are not all objects cannot be merged into one \
                         type; the value is typed as any JSON value",
                    );
                    return Shape::Plain(TypeRef::Json);
                }
            }
        }
        self.object(&properties, &required, additional.as_ref(), hint, pointer)
    }

    /// A schema without one clear `type`.
    fn any(
        &mut self,
        any: &AnySchema,
        data: &SchemaData,
        strict: bool,
        hint: &str,
        pointer: &str,
    ) -> Shape {
        if !any.one_of.is_empty() {
            return self.union(&any.one_of, "oneOf", data, hint, pointer);
        }
        if !any.any_of.is_empty() {
            return self.union(&any.any_of, "anyOf", data, hint, pointer);
        }
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, hint, pointer);
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            return self.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                hint,
                pointer,
            );
        }
        let strings: Option<Vec<String>> = any
            .enumeration
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| v.as_str().map(str::to_owned))
            .collect();
        match (any.typ.as_deref(), strings) {
            (None | Some("string"), Some(values)) if !values.is_empty() => {
                self.enumeration(values, strict, pointer)
            }
            (Some("string"), _) => Shape::Plain(TypeRef::String),
            (Some("integer"), _) => Shape::Plain(TypeRef::I64),
            (Some("number"), _) => Shape::Plain(TypeRef::F64),
            (Some("boolean"), _) => Shape::Plain(TypeRef::Bool),
            (Some("array"), _) => Shape::Plain(self.array(any.items.as_ref(), hint, pointer)),
            _ => Shape::Plain(TypeRef::Json),
        }
    }

    /// Whether `schema` is a string of `format: binary` (a file), or with `array`, an array of
    /// them.
    fn is_binary(&self, schema: &ReferenceOr<Box<Schema>>, array: bool) -> bool {
        let resolved = match schema {
            ReferenceOr::Item(schema) => Some(&**schema),
            ReferenceOr::Reference { reference } => component_name(reference)
                .and_then(|name| self.document.components.as_ref()?.schemas.get(&name))
                .and_then(|target| self.resolve(target, 1)),
        };
        match resolved.map(|schema| &schema.schema_kind) {
            Some(SchemaKind::Type(Type::String(string))) => {
                string.format == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
            }
            Some(SchemaKind::Any(any)) if any.typ.as_deref() != Some("array") => {
                any.format.as_deref() == Some("binary")
            }
            Some(SchemaKind::Type(Type::Array(openapiv3::ArrayType {
                items: Some(items),
                ..
            }))) if array => self.is_binary(items, false),
            _ => false,
        }
    }

    /// The fields of the struct `ty` names (through aliases and `Option`), while types are
    /// still pending: how a `multipart/form-data` body's parts are found.
    pub fn fields_of(&self, ty: &TypeRef) -> Option<Vec<PendingField>> {
        self.struct_of(ty).map(|(fields, _)| fields.clone())
    }

    /// The type of the values of properties the struct `ty` names does not list, when its
    /// `additionalProperties` allows them: any JSON value (`None`) or its schema's type.
    pub fn extra_of(&self, ty: &TypeRef) -> Option<Option<TypeRef>> {
        match self.struct_of(ty)?.1 {
            PendingExtra::Keep => Some(None),
            PendingExtra::Typed(ty) => Some(Some(ty.clone())),
            PendingExtra::Deny => None,
        }
    }

    /// The fields and the extra of the struct `ty` names, through options, boxes and aliases.
    fn struct_of(&self, ty: &TypeRef) -> Option<(&Vec<PendingField>, &PendingExtra)> {
        let mut ty = ty;
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::Option(inner) | TypeRef::Box(inner) => ty = inner,
                TypeRef::Named(id) => match &self.types.get(id.0)?.kind {
                    PendingKind::Alias(target) => ty = target,
                    PendingKind::Struct { fields, extra } => return Some((fields, extra)),
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    /// Follows references to the schema they name (at most a few hops).
    fn resolve<'s>(&self, schema: &'s ReferenceOr<Schema>, hops: usize) -> Option<&'s Schema>
    where
        'd: 's,
    {
        match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } if hops < 16 => {
                let name = component_name(reference)?;
                let target = self.document.components.as_ref()?.schemas.get(&name)?;
                self.resolve(target, hops + 1)
            }
            ReferenceOr::Reference { .. } => None,
        }
    }
}

/// The component a reference names (`#/components/schemas/<name>`, the name decoded); `None`
/// when it names something else, or is not a valid JSON pointer.
fn component_name(reference: &str) -> Option<String> {
    let rest = reference
        .strip_prefix("#/components/schemas/")
        .filter(|rest| !rest.contains('/'))?;
    let token = jsonptr::Token::from_encoded(rest).ok()?;
    Some(token.decoded().into_owned())
}

/// What a schema lowers to: a type that needs a name, or a plain type reference.
enum Shape {
    Named(PendingKind),
    Plain(TypeRef),
}

/// The one-value type of a `const` that is not a string (`enum: [value]` with `x-const: true`).
fn constant(value: Constant) -> Shape {
    Shape::Named(PendingKind::Const(value))
}

/// The parts of an object schema, for `allOf` merging.
type ObjectParts<'s> = (
    &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    &'s Vec<String>,
    Option<&'s AdditionalProperties>,
);

fn object_parts(schema: &Schema) -> Option<ObjectParts<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            Some((&o.properties, &o.required, o.additional_properties.as_ref()))
        }
        SchemaKind::Any(a) if !a.properties.is_empty() || a.typ.as_deref() == Some("object") => {
            Some((&a.properties, &a.required, a.additional_properties.as_ref()))
        }
        _ => None,
    }
}

/// Whether an `allOf` member only carries documentation (`{description: …}`).
fn is_doc_only(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Any(a) if *a == AnySchema::default()))
}

/// `Option<T>` for a nullable schema; any JSON value already holds `null`.
fn wrap_nullable(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable && ty != TypeRef::Json {
        optional(ty)
    } else {
        ty
    }
}

/// `Option<T>`, once.
pub(crate) fn optional(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(_) => ty,
        ty => TypeRef::Option(Box::new(ty)),
    }
}

/// A type's doc: its title (unless it only repeats the name) and its description.
fn type_doc(title: Option<&str>, description: Option<&str>, name: &str) -> Option<String> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    let title = title.filter(|t| squash(t) != squash(name) && !t.trim().is_empty());
    join_doc(title, description)
}

/// A field's doc: its description, else its title.
fn field_doc(data: &openapiv3::SchemaData) -> Option<String> {
    data.description
        .as_deref()
        .or(data.title.as_deref())
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

/// Joins a heading and a body into one doc, skipping empty or repeated parts.
pub(crate) fn join_doc(first: Option<&str>, second: Option<&str>) -> Option<String> {
    let first = first.map(str::trim).filter(|s| !s.is_empty());
    let second = second.map(str::trim).filter(|s| !s.is_empty());
    match (first, second) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}\n\n{b}")),
        (Some(a), _) => Some(a.to_owned()),
        (None, Some(b)) => Some(b.to_owned()),
        (None, None) => None,
    }
}

/// Fields, variants and extras of a pending type, resolved to IR once names are known.
pub(crate) fn finish_kind(kind: &PendingKind, type_names: &[String]) -> TypeKind {
    use super::names::{field_name, variant_name, Scope};
    match kind {
        PendingKind::Reserved => TypeKind::Newtype(TypeRef::Json),
        PendingKind::Newtype(ty) => TypeKind::Newtype(ty.clone()),
        PendingKind::Alias(ty) => TypeKind::Alias(ty.clone()),
        PendingKind::Struct { fields, extra } => {
            let mut scope = Scope::new();
            let fields: Vec<Field> = fields
                .iter()
                .map(|f| Field {
                    name: scope.claim(&field_name(&f.wire)),
                    wire: f.wire.clone(),
                    doc: f.doc.clone(),
                    ty: f.ty.clone(),
                    required: f.required,
                })
                .collect();
            let extra = match extra {
                PendingExtra::Keep => Extra::Keep {
                    field: scope.claim("extra"),
                },
                PendingExtra::Typed(ty) => Extra::Typed {
                    field: scope.claim("extra"),
                    ty: ty.clone(),
                },
                PendingExtra::Deny => Extra::Deny,
            };
            TypeKind::Struct { fields, extra }
        }
        PendingKind::Enum { values, open } => {
            let mut scope = Scope::new();
            let variants: Vec<EnumVariant> = values
                .iter()
                .map(|v| EnumVariant {
                    name: scope.claim(&variant_name(v)),
                    wire: v.clone(),
                })
                .collect();
            let open = open.then(|| scope.claim("Other"));
            TypeKind::Enum { variants, open }
        }
        PendingKind::Const(value) => TypeKind::Const(*value),
        PendingKind::Union { members, .. } => {
            let mut scope = Scope::new();
            let variants = members
                .iter()
                .map(|ty| UnionVariant {
                    name: scope.claim(&variant_of(ty, type_names)),
                    ty: ty.clone(),
                    tags: Vec::new(),
                    shape: crate::ir::Shape::ANY,
                })
                .collect();
            // Its tag and its variants' shapes are decided once every type is finished
            // (`unions`).
            TypeKind::Union {
                variants,
                tag: None,
            }
        }
    }
}

/// The variant name of an untagged-union member, from its type.
fn variant_of(ty: &TypeRef, type_names: &[String]) -> String {
    match ty {
        TypeRef::Named(id) => type_names
            .get(id.0)
            .cloned()
            .unwrap_or_else(|| "Named".into()),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::String => "String".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_of(inner, type_names)),
        TypeRef::Map(inner) => format!("{}Map", variant_of(inner, type_names)),
        TypeRef::Option(inner) | TypeRef::Box(inner) => variant_of(inner, type_names),
    }
}
