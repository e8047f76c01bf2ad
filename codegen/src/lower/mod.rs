//! Stage 3: the OpenAPI model → [`ir::Api`], where every Rust name is decided.
//!
//! Order of work (typify's lesson: collect everything, then name, then finish): the type space
//! lowers every schema into pending types; operations add theirs; then `names` gives every type
//! its name (components first, so a generated helper yields on a collision, never a component);
//! then cycles get boxes, unions get their tags (`unions`), each parameter how it becomes text
//! (`param_text`, through aliases), examples are checked against the finished types, and types
//! are sorted by name. Emit decides nothing about the document: the HTTP method, each body's
//! encoding (media types are read here only) and every `Box` are in the IR as lowered.

mod cycles;
mod examples;
mod message;
pub mod names;
mod schema;
mod streaming;
mod unions;

use crate::diagnostic::{child, Diagnostics};
use crate::ir::{self, ParamLocation, Status, TypeId, TypeRef};
use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, SecurityScheme};
use schema::{join_doc, optional, Origin, PendingExample, TypeSpace};

/// Lowers a normalized document into the module `module` (its file stem); `None` when it
/// cannot (errors are in `diagnostics`).
pub fn lower(document: &OpenAPI, module: &str, diagnostics: &mut Diagnostics) -> Option<ir::Api> {
    let mut space = TypeSpace::new(document, diagnostics);
    let schemes = security_schemes(document);
    let operations = pending_operations(document, &schemes, &mut space);
    let TypeSpace {
        types,
        examples,
        diagnostics,
        ..
    } = space;

    // Names: components, then the client, then inline helpers; each claims in order. An
    // operation's types live in a module of its own (`names::operation_module`), so none of
    // them can meet a schema.
    let mut scope = names::Scope::new();
    let mut type_names = vec![String::new(); types.len()];
    name_types(&types, false, &mut scope, &mut type_names, diagnostics);
    // Operations are methods of the client too: its own methods are taken first.
    let mut operation_scope =
        names::Scope::with_reserved(&["new", "builder", "from_client", "inner"]);
    let mut operations: Vec<ir::Operation> = operations
        .into_iter()
        .map(|op| {
            let name = operation_scope.claim(&op.name);
            let successes = op.responses.iter().filter(|r| r.success).count();
            ir::Operation {
                module: names::operation_module(&name),
                request_type: names::REQUEST_TYPE.to_owned(),
                response_type: (successes > 1).then(|| names::RESPONSE_TYPE.to_owned()),
                error_type: names::ERROR_TYPE.to_owned(),
                name,
                ..op
            }
        })
        .collect();
    let client_type = scope.claim("Client");
    name_types(&types, true, &mut scope, &mut type_names, diagnostics);

    let mut defs: Vec<ir::TypeDef> = types
        .iter()
        .zip(&type_names)
        .map(|(pending, name)| ir::TypeDef {
            name: name.clone(),
            doc: pending.doc.clone(),
            origin: pending.pointer.clone(),
            kind: schema::finish_kind(&pending.kind, &type_names),
        })
        .collect();
    for index in cycles::untype_empty_cycles(&mut defs) {
        diagnostics.warn(
            &defs[index].origin,
            "this schema refers back to itself through `$ref`, `allOf`, `anyOf` or `oneOf` \
             alone, never inside an object or an array, so no value has its shape (reading one \
             would never end); it is typed as any JSON value: give the cycle a schema of its own",
        );
    }
    cycles::box_cycles(&mut defs);
    let nesting = cycles::nesting(&defs);
    let discriminators: Vec<_> = types
        .iter()
        .map(|pending| match &pending.kind {
            schema::PendingKind::Union { discriminator, .. } => discriminator.as_ref(),
            _ => None,
        })
        .collect();
    let components: Vec<Option<&str>> = types
        .iter()
        .map(|pending| match &pending.origin {
            Origin::Component(name) => Some(name.as_str()),
            Origin::Helper(_) => None,
        })
        .collect();
    unions::decide(&mut defs, &discriminators, &components, diagnostics);
    for param in operations.iter_mut().flat_map(|op| &mut op.params) {
        // `Members` so far only says the parameter is a query one of the `form` style,
        // exploded: it is sent so if its type is an object.
        let form = param.text == ir::ParamText::Members;
        (param.exploded, param.text) = param_text(&param.ty, &defs);
        if form && !param.exploded && is_object(&param.ty, &defs) {
            param.text = ir::ParamText::Members;
        }
    }
    for part in operations
        .iter_mut()
        .filter_map(|op| op.body.as_mut())
        .flat_map(|body| &mut body.parts)
    {
        if let ir::PartKind::Text(_) = part.kind {
            part.kind = part_kind(&part.ty, &defs);
        }
    }

    let mut example_scope = names::Scope::with_reserved(&names::EXAMPLE_TEST_RESERVED);
    let examples: Vec<ir::Example> = examples
        .into_iter()
        .map(|PendingExample { pointer, ty, value }| {
            let misfit = examples::misfit(&value, &ty, &defs);
            if let Some(ir::Misfit {
                kind, text: why, ..
            }) = &misfit
            {
                let reading = if kind.refused() {
                    "the generated type rejects it"
                } else {
                    "the generated type reads the missing property as `None`, as it reads `null`"
                };
                diagnostics.warn(
                    &pointer,
                    format!(
                        "this example does not fit its schema ({why}); {reading}: fix the example \
                         or the schema (an overlay can)"
                    ),
                );
            }
            ir::Example {
                name: example_scope.claim(&names::example_test_name(&pointer)),
                pointer,
                ty,
                value,
                misfit,
            }
        })
        .collect();

    // Sort types by name and renumber every reference.
    let mut order: Vec<usize> = (0..defs.len()).collect();
    order.sort_by(|a, b| defs[*a].name.cmp(&defs[*b].name));
    let mut new_id = vec![0; defs.len()];
    for (new, old) in order.iter().enumerate() {
        new_id[*old] = new;
    }
    let renumber = |ty: &mut TypeRef| ty.renumber(&new_id);
    let mut slots: Vec<Option<ir::TypeDef>> = defs.into_iter().map(Some).collect();
    let mut types: Vec<ir::TypeDef> = order.iter().filter_map(|old| slots[*old].take()).collect();
    for def in &mut types {
        def.kind.for_each_ref(renumber);
    }
    for op in &mut operations {
        op.params.iter_mut().for_each(|p| renumber(&mut p.ty));
        if let Some(body) = &mut op.body {
            renumber(&mut body.ty);
            body.parts.iter_mut().for_each(|p| renumber(&mut p.ty));
        }
        for response in &mut op.responses {
            for content in &mut response.content {
                match &mut content.kind {
                    ir::ContentKind::Json(ty)
                    | ir::ContentKind::Events(Some(ir::EventItem { ty, .. })) => renumber(ty),
                    ir::ContentKind::Events(None)
                    | ir::ContentKind::Text
                    | ir::ContentKind::Bytes => {}
                }
            }
        }
    }
    for op in &mut operations {
        op.streaming = streaming::method(op, &types, &mut operation_scope);
        for response in &mut op.responses {
            response.message = message::decide(response, &types);
        }
    }
    let mut examples = examples;
    examples.iter_mut().for_each(|e| renumber(&mut e.ty));

    if diagnostics.has_errors() {
        return None;
    }
    Some(ir::Api {
        module: module.to_owned(),
        client_type,
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone(),
        servers: document
            .servers
            .iter()
            .enumerate()
            .map(|(index, server)| ir::Server {
                const_name: names::server_const(index),
                url: server.url.clone(),
                description: server.description.clone(),
            })
            .collect(),
        security_schemes: schemes,
        types,
        operations,
        examples,
        nesting,
    })
}

/// Names in `scope`, in order, the components of `types` (or with `helpers`, its inline
/// schemas) into `type_names`. A component that yields to another is a warning; an inline
/// schema that yields (to a component, or to one before it) a note.
fn name_types(
    types: &[schema::Pending],
    helpers: bool,
    scope: &mut names::Scope,
    type_names: &mut [String],
    diagnostics: &mut Diagnostics,
) {
    for (index, pending) in types.iter().enumerate() {
        let raw = match (&pending.origin, helpers) {
            (Origin::Component(raw), false) | (Origin::Helper(raw), true) => raw,
            _ => continue,
        };
        let wanted = names::type_name(raw);
        let got = scope.claim(&wanted);
        if got != wanted && helpers {
            diagnostics.note(
                &pending.pointer,
                format!(
                    "this inline schema would be `{wanted}` in Rust, which a component or an \
                     inline schema before it already is; it is named `{got}`: give it a \
                     component of its own (an overlay can) to name it yourself"
                ),
            );
        } else if got != wanted {
            diagnostics.warn(
                &pending.pointer,
                format!(
                    "component `{raw}` would be `{wanted}` in Rust, which another component \
                     already is; it is named `{got}`"
                ),
            );
        }
        type_names[index] = got;
    }
}

impl TypeRef {
    /// Rewrites every [`TypeId`] through `new_id` (old index → new index).
    fn renumber(&mut self, new_id: &[usize]) {
        match self {
            TypeRef::Named(id) => *id = TypeId(new_id[id.0]),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Box(inner) => inner.renumber(new_id),
            _ => {}
        }
    }
}

impl ir::TypeKind {
    /// Calls `f` on every type reference the kind holds directly.
    fn for_each_ref(&mut self, mut f: impl FnMut(&mut TypeRef)) {
        match self {
            ir::TypeKind::Struct { fields, extra } => {
                fields.iter_mut().for_each(|field| f(&mut field.ty));
                if let ir::Extra::Typed { ty, .. } = extra {
                    f(ty);
                }
            }
            ir::TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|v| f(&mut v.ty)),
            ir::TypeKind::Newtype(ty) | ir::TypeKind::Alias(ty) => f(ty),
            ir::TypeKind::Enum { .. } | ir::TypeKind::Const(_) => {}
        }
    }
}

/// Operations with their raw (unclaimed) names; types of their parameters and bodies are
/// lowered into `space`.
fn pending_operations(
    document: &OpenAPI,
    schemes: &[ir::SecurityScheme],
    space: &mut TypeSpace,
) -> Vec<ir::Operation> {
    let shared = Shared { document, schemes };
    let mut operations = Vec::new();
    for (path, item) in &document.paths.paths {
        let path_pointer = child("/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                space.diagnostics.warn(
                    &path_pointer,
                    format!(
                        "path item `$ref: {reference}` is not supported yet; the path is skipped"
                    ),
                );
                continue;
            }
        };
        let by_method = [
            &item.get,
            &item.put,
            &item.post,
            &item.delete,
            &item.options,
            &item.head,
            &item.patch,
            &item.trace,
        ];
        for (method, operation) in ir::Method::ALL.into_iter().zip(by_method) {
            let Some(operation) = operation else { continue };
            let pointer = child(&path_pointer, method.key());
            operations.push(lower_operation(
                &shared,
                space,
                path,
                method,
                operation,
                &item.parameters,
                &pointer,
            ));
        }
    }
    operations
}

/// What every operation reads of the document besides itself.
struct Shared<'a> {
    document: &'a OpenAPI,
    schemes: &'a [ir::SecurityScheme],
}

fn lower_operation(
    shared: &Shared,
    space: &mut TypeSpace,
    path: &str,
    method: ir::Method,
    operation: &openapiv3::Operation,
    path_parameters: &[ReferenceOr<Parameter>],
    pointer: &str,
) -> ir::Operation {
    let Shared { document, schemes } = *shared;
    let name = names::operation_name(operation.operation_id.as_deref(), method.key(), path);
    // A URL's fragment is never sent: a path documented twice (`/v1/conversations#stream`
    // beside `/v1/conversations`) is requested without it.
    let sent = match path.split_once('#') {
        Some((sent, fragment)) => {
            space.diagnostics.note(
                pointer,
                format!(
                    "the path `{path}` holds a fragment, `#{fragment}`, which no request sends: \
                     this operation requests `{sent}`"
                ),
            );
            sent
        }
        None => path,
    };

    // Operation-level parameters override path-level ones of the same name and location.
    let mut parameters: Vec<(&Parameter, String)> = Vec::new();
    let sources = [
        (path_parameters, child(&child("/paths", path), "parameters")),
        (
            operation.parameters.as_slice(),
            child(pointer, "parameters"),
        ),
    ];
    for (list, list_pointer) in &sources {
        for (index, parameter) in list.iter().enumerate() {
            let at = child(list_pointer, &index.to_string());
            let Some(parameter) = resolve_parameter(document, parameter) else {
                space
                    .diagnostics
                    .error(&at, "this parameter `$ref` names no component parameter");
                continue;
            };
            let key = parameter_key(parameter);
            parameters.retain(|(p, _)| parameter_key(p) != key);
            parameters.push((parameter, at));
        }
    }
    let mut field_scope = names::Scope::new();
    let mut params = Vec::new();
    for (parameter, at) in parameters {
        let (location, data) = match parameter {
            Parameter::Path { parameter_data, .. } => (ParamLocation::Path, parameter_data),
            Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data),
            Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data),
            Parameter::Cookie { parameter_data, .. } => (ParamLocation::Cookie, parameter_data),
        };
        let hint = format!("{name} {}", data.name);
        let ty = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                space.schema(schema, &hint, &child(&at, "schema"))
            }
            openapiv3::ParameterSchemaOrContent::Content(_) => {
                space.diagnostics.warn(
                    &at,
                    "a parameter described by `content` is typed as any JSON value",
                );
                TypeRef::Json
            }
        };
        if let Some(example) = &data.example {
            space.examples.push(PendingExample {
                pointer: child(&at, "example"),
                ty: ty.clone(),
                value: example.clone(),
            });
        }
        let required = data.required || location == ParamLocation::Path;
        // An object in the query is sent member by member unless its style says otherwise.
        let form = matches!(
            parameter,
            Parameter::Query {
                style: openapiv3::QueryStyle::Form,
                ..
            }
        ) && data.explode != Some(false);
        params.push(ir::Param {
            name: field_scope.claim(&names::field_name(&data.name)),
            wire: data.name.clone(),
            location,
            doc: data.description.clone(),
            ty: if required { ty } else { optional(ty) },
            required,
            // Decided once the types are final (`param_text`); `Members` marks a query
            // parameter of the `form` style, exploded, which an object is sent as.
            exploded: false,
            text: if form {
                ir::ParamText::Members
            } else {
                ir::ParamText::Serialized
            },
        });
    }

    let body = operation.request_body.as_ref().and_then(|body| {
        let at = child(pointer, "requestBody");
        let Some(body) = resolve_body(document, body) else {
            space.diagnostics.error(
                &at,
                "this request body `$ref` names no component request body",
            );
            return None;
        };
        lower_body(space, body, &name, &at, &mut field_scope)
    });

    let mut responses = Vec::new();
    // Every media type of the success responses, each once, in document order.
    let mut success_media: Vec<String> = Vec::new();
    let mut variant_scope = names::Scope::new();
    let unexpected_variant = variant_scope.claim("Unexpected");
    let listed = operation
        .responses
        .responses
        .iter()
        .map(|(status, response)| {
            let status = match status {
                openapiv3::StatusCode::Code(code) => Status::Code(*code),
                openapiv3::StatusCode::Range(range) => Status::Range(*range),
            };
            (status, status_key(status), response)
        });
    let default = operation
        .responses
        .default
        .iter()
        .map(|r| (Status::Default, "default".into(), r));
    for (status, key, response) in listed.chain(default) {
        let at = child(&child(pointer, "responses"), &key);
        let Some(response) = resolve_response(document, response) else {
            space
                .diagnostics
                .error(&at, "this response `$ref` names no component response");
            continue;
        };
        let variant = variant_scope.claim(&names::status_variant(status));
        let body = match json_media(&response.content) {
            Some((media, content)) => {
                let media_pointer = child(&child(&at, "content"), media);
                let ty = content.schema.as_ref().map(|schema| {
                    space.schema(
                        schema,
                        &format!("{name} {variant}"),
                        &child(&media_pointer, "schema"),
                    )
                });
                collect_media_examples(space, content, ty.as_ref(), &media_pointer);
                Some(ty.unwrap_or(TypeRef::Json))
            }
            None => None,
        };
        let events = response
            .content
            .iter()
            .find(|(media, _)| is_event_stream(media))
            .and_then(|(media, content)| {
                let media_pointer = child(&child(&at, "content"), media);
                let schema = content.schema.as_ref()?;
                let ty = space.schema(
                    schema,
                    &format!("{name} {variant} Event"),
                    &child(&media_pointer, "schema"),
                );
                let sentinel = content
                    .extensions
                    .get("x-speakeasy-sse-sentinel")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("[DONE]")
                    .to_owned();
                Some(ir::EventItem {
                    ty,
                    envelope: false,
                    sentinel,
                })
            });
        let content = response_content(response.content.keys(), body.as_ref(), events);
        let success = matches!(status, Status::Code(200..=299) | Status::Range(2));
        let reported = response
            .extensions
            .get("x-error-code")
            .and_then(|declared| {
                let at = child(&at, "x-error-code");
                if !success || body.is_none() || content.len() != 1 {
                    space.diagnostics.warn(
                    &at,
                    "`x-error-code` is for success responses with a JSON body; it is ignored here",
                );
                    return None;
                }
                reported(declared, &at, &mut variant_scope, space.diagnostics)
            });
        if success {
            for media in response.content.keys() {
                if !success_media.contains(media) {
                    success_media.push(media.clone());
                }
            }
        }
        responses.push(ir::Response {
            status,
            variant,
            doc: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            content,
            success,
            reported,
            message: None,
        });
    }

    let requirements = operation.security.as_ref().or(document.security.as_ref());
    let mut security: Vec<String> = Vec::new();
    for key in requirements.into_iter().flatten().flat_map(|r| r.keys()) {
        if !security.contains(key) {
            security.push(key.clone());
        }
    }
    let auth = security.iter().find_map(|key| {
        let scheme = schemes.iter().find(|s| &s.key == key)?;
        matches!(
            scheme.kind,
            ir::SecurityKind::Bearer | ir::SecurityKind::ApiKey { .. }
        )
        .then(|| scheme.kind.clone())
    });
    if auth.is_none() && !security.is_empty() {
        space.diagnostics.warn(
            pointer,
            format!(
                "none of the security schemes {security:?} takes a single key (bearer or API \
                 key): requests are built without credentials; add them yourself"
            ),
        );
    }

    ir::Operation {
        name,
        module: String::new(),
        request_type: String::new(),
        response_type: None,
        error_type: String::new(),
        unexpected_variant,
        method,
        path: sent.to_owned(),
        pointer: pointer.to_owned(),
        doc: join_doc(
            operation.summary.as_deref(),
            operation.description.as_deref(),
        ),
        deprecated: operation.deprecated,
        params,
        body,
        accept: accept(&responses, &success_media),
        streaming: None,
        responses,
        security,
        auth,
    }
}

/// Reads an `x-error-code` extension: `{pointer: <JSON pointer>, success: [values], message:
/// <JSON pointer>}` (`success` defaults to `[0]`). Malformed → a warning, and it is ignored.
fn reported(
    declared: &serde_json::Value,
    at: &str,
    variants: &mut names::Scope,
    diagnostics: &mut Diagnostics,
) -> Option<ir::Reported> {
    let pointer = |key: &str| -> Result<Option<String>, String> {
        match declared.get(key) {
            None => Ok(None),
            Some(serde_json::Value::String(text)) => jsonptr::Pointer::parse(text)
                .map(|_| Some(text.clone()))
                .map_err(|error| format!("`{key}` is not a JSON pointer ({error})")),
            Some(_) => Err(format!("`{key}` must be a JSON pointer string")),
        }
    };
    let parsed = (|| {
        let code =
            pointer("pointer")?.ok_or("`pointer` (the JSON pointer of the code) is missing")?;
        let message = pointer("message")?;
        let success = match declared.get("success") {
            None => vec!["0".to_owned()],
            Some(serde_json::Value::Array(values)) if !values.is_empty() => {
                values.iter().map(serde_json::Value::to_string).collect()
            }
            Some(_) => return Err("`success` must be a non-empty list of values".to_owned()),
        };
        Ok((code, success, message))
    })();
    match parsed {
        Ok((code, success, message)) => Some(ir::Reported {
            variant: variants.claim("Reported"),
            code,
            success,
            message,
        }),
        Err(why) => {
            diagnostics.warn(at, format!("`x-error-code` is ignored: {why}"));
            None
        }
    }
}

fn lower_body(
    space: &mut TypeSpace,
    body: &RequestBody,
    operation: &str,
    pointer: &str,
    scope: &mut names::Scope,
) -> Option<ir::Body> {
    let json = json_media(&body.content);
    let (media, content) = json.or_else(|| body.content.first().map(|(m, c)| (m.as_str(), c)))?;
    let media_pointer = child(&child(pointer, "content"), media);
    let ty = match &content.schema {
        Some(schema) => space.schema(
            schema,
            &format!("{operation} body"),
            &child(&media_pointer, "schema"),
        ),
        None => TypeRef::Json,
    };
    collect_media_examples(space, content, Some(&ty), &media_pointer);
    let encoding = ir::Encoding::of(media);
    let parts = match encoding {
        ir::Encoding::Multipart => multipart_parts(space, &ty, content, scope),
        _ => Vec::new(),
    };
    // Properties the schema does not list, where it allows them: a part each.
    let extra = match space.extra_of(&ty) {
        Some(values) if !parts.is_empty() => {
            let field = scope.claim("extra");
            Some(match values {
                None => ir::Extra::Keep { field },
                Some(ty) => ir::Extra::Typed { field, ty },
            })
        }
        _ => None,
    };
    let body = ir::Body {
        name: scope.claim("body"),
        media_type: media.to_owned(),
        doc: body.description.clone().filter(|d| !d.trim().is_empty()),
        ty: if body.required { ty } else { optional(ty) },
        required: body.required,
        encoding,
        parts,
        extra,
    };
    if !body.is_sent() {
        space.diagnostics.warn(
            pointer,
            format!(
                "request body of media type `{media}`: the request type holds it, but the \
                 HTTP request is built for a multipart body only when its schema is an object, \
                 and for a text body only when it is a string: the operation has no `to_http`"
            ),
        );
    }
    Some(body)
}

/// The parts of a `multipart/form-data` body of type `ty`: a part per field of its struct
/// (none when it is not a struct). A file is a file part; a property whose `encoding` names a
/// JSON `contentType` is a JSON part; the others are decided once the types are final
/// ([`part_kind`]).
fn multipart_parts(
    space: &TypeSpace,
    ty: &TypeRef,
    content: &openapiv3::MediaType,
    scope: &mut names::Scope,
) -> Vec<ir::Part> {
    let Some(fields) = space.fields_of(ty) else {
        return Vec::new();
    };
    fields
        .into_iter()
        .map(|field| {
            let json = content
                .encoding
                .get(&field.wire)
                .and_then(|encoding| encoding.content_type.as_deref())
                .is_some_and(|media| ir::Encoding::of(media) == ir::Encoding::Json);
            let many = matches!(unwrap_option(&field.ty), TypeRef::Vec(_));
            let kind = match (field.binary, many) {
                (true, true) => ir::PartKind::Files,
                (true, false) => ir::PartKind::File,
                (false, _) if json => ir::PartKind::Json,
                // Decided by `part_kind` once the types are final.
                (false, _) => ir::PartKind::Text(ir::ParamText::Serialized),
            };
            ir::Part {
                name: scope.claim(&names::field_name(&field.wire)),
                wire: field.wire,
                doc: field.doc,
                ty: field.ty,
                required: field.required,
                kind,
            }
        })
        .collect()
}

fn unwrap_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        ty => ty,
    }
}

/// `ty` without the `Box`es around it.
fn unbox(mut ty: &TypeRef) -> &TypeRef {
    while let TypeRef::Box(inner) = ty {
        ty = inner;
    }
    ty
}

/// `ty` with the aliases it names followed to what they stand for (each at most once: the
/// cycle pass leaves no cyclic chain of aliases).
fn through_aliases<'a>(mut ty: &'a TypeRef, defs: &'a [ir::TypeDef]) -> &'a TypeRef {
    for _ in 0..=defs.len() {
        match ty {
            TypeRef::Named(id) => match defs.get(id.0).map(|def| &def.kind) {
                Some(ir::TypeKind::Alias(target)) => ty = target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// The fields of the struct `ty` names, through boxes and aliases.
fn struct_fields<'a>(ty: &'a TypeRef, defs: &'a [ir::TypeDef]) -> Option<&'a [ir::Field]> {
    let TypeRef::Named(id) = through_aliases(unbox(ty), defs) else {
        return None;
    };
    match &defs.get(id.0)?.kind {
        ir::TypeKind::Struct { fields, .. } => Some(fields),
        _ => None,
    }
}

/// How a part that is neither a file nor declared JSON is written, once the types are final:
/// a scalar (through aliases) as text, an array of scalars as a text per item, a struct, a
/// map, any JSON value or an array of anything else as JSON; a newtype or a union as the text
/// of its value.
fn part_kind(ty: &TypeRef, defs: &[ir::TypeDef]) -> ir::PartKind {
    let (exploded, text) = param_text(ty, defs);
    if text != ir::ParamText::Serialized {
        return if exploded {
            ir::PartKind::Texts(text)
        } else {
            ir::PartKind::Text(text)
        };
    }
    if exploded {
        return ir::PartKind::Json;
    }
    let mut value = unwrap_option(ty);
    for _ in 0..=defs.len() {
        match value {
            TypeRef::Named(id) => match defs.get(id.0).map(|def| &def.kind) {
                Some(ir::TypeKind::Alias(target)) => value = target,
                Some(ir::TypeKind::Struct { .. }) => return ir::PartKind::Json,
                _ => return ir::PartKind::Text(text),
            },
            TypeRef::Box(inner) | TypeRef::Option(inner) => value = inner,
            TypeRef::Map(_) | TypeRef::Json => return ir::PartKind::Json,
            _ => return ir::PartKind::Text(text),
        }
    }
    ir::PartKind::Text(text)
}

/// The media-type examples of a body, bound to its type.
fn collect_media_examples(
    space: &mut TypeSpace,
    content: &openapiv3::MediaType,
    ty: Option<&TypeRef>,
    pointer: &str,
) {
    let Some(ty) = ty else { return };
    if let Some(example) = &content.example {
        space.examples.push(PendingExample {
            pointer: child(pointer, "example"),
            ty: ty.clone(),
            value: example.clone(),
        });
    }
    for (name, example) in &content.examples {
        if let ReferenceOr::Item(openapiv3::Example {
            value: Some(value),
            extensions,
            ..
        }) = example
        {
            // Where the example was written, when a pass moved it here.
            let source = extensions.get(crate::normalize::EXAMPLE_SOURCE);
            space.examples.push(PendingExample {
                pointer: match source.and_then(serde_json::Value::as_str) {
                    Some(source) => source.to_owned(),
                    None => child(&child(&child(pointer, "examples"), name), "value"),
                },
                ty: ty.clone(),
                value: value.clone(),
            });
        }
    }
}

/// The kinds of body a response documents under `media_types`, each kind once, in document
/// order: JSON (read as `json`, the type of its first JSON media type), an event stream, text,
/// or bytes (any other media type).
fn response_content<'a>(
    media_types: impl Iterator<Item = &'a String>,
    json: Option<&TypeRef>,
    events: Option<ir::EventItem>,
) -> Vec<ir::Content> {
    let mut content: Vec<ir::Content> = Vec::new();
    for media in media_types {
        let kind = match ir::Encoding::of(media) {
            ir::Encoding::Json => ir::ContentKind::Json(json.cloned().unwrap_or(TypeRef::Json)),
            ir::Encoding::Text if is_event_stream(media) => ir::ContentKind::Events(events.clone()),
            ir::Encoding::Text => ir::ContentKind::Text,
            ir::Encoding::Binary
            | ir::Encoding::Multipart
            | ir::Encoding::Form
            | ir::Encoding::Other => ir::ContentKind::Bytes,
        };
        let same = |known: &ir::Content| {
            std::mem::discriminant(&known.kind) == std::mem::discriminant(&kind)
        };
        if !content.iter().any(same) {
            content.push(ir::Content {
                media_type: media.clone(),
                kind,
            });
        }
    }
    content
}

/// Whether `media` is `text/event-stream` (parameters and case aside).
fn is_event_stream(media: &str) -> bool {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("text/event-stream")
}

/// The `accept` header of an operation whose `responses` are these: `success_media`, the media
/// types of its success responses, when one of them is not JSON or a status documents several
/// kinds, then, at a lower preference (`;q=0.9`), the media types its error responses document
/// that a success does not (so that a server that negotiates can send its JSON error to a
/// request for bytes); `None` when every success is JSON or has no body, since JSON is what
/// servers send unasked (the runtime's builder asks for it) and a header of ours on every
/// request would be noise.
fn accept(responses: &[ir::Response], success_media: &[String]) -> Option<String> {
    let negotiated = responses
        .iter()
        .filter(|response| response.success)
        .any(|response| {
            response.content.len() > 1
                || response
                    .content
                    .iter()
                    .any(|content| !matches!(content.kind, ir::ContentKind::Json(_)))
        });
    if !negotiated {
        return None;
    }
    // Only what a header value can hold: a media type is document text.
    let fits = |media: &&str| {
        media
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b',')
    };
    let mut media_types: Vec<String> = success_media
        .iter()
        .map(String::as_str)
        .filter(fits)
        .map(str::to_owned)
        .collect();
    if media_types.is_empty() {
        return None;
    }
    let mut errors: Vec<&str> = Vec::new();
    for content in responses
        .iter()
        .filter(|response| !response.success)
        .flat_map(|response| &response.content)
    {
        let media = content.media_type.as_str();
        if fits(&media) && !success_media.iter().any(|s| s == media) && !errors.contains(&media) {
            errors.push(media);
        }
    }
    media_types.extend(errors.into_iter().map(|media| format!("{media};q=0.9")));
    Some(media_types.join(", "))
}

/// The first JSON media type of a content map (`application/json`, `*/*+json`, `text/json`).
fn json_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .map(|(m, c)| (m.as_str(), c))
        .find(|(media, _)| ir::Encoding::of(media) == ir::Encoding::Json)
}

/// How a parameter of type `ty` is sent: whether it is an array sent item by item, and how
/// its value (or each item) becomes text. An alias is its target (the same value, the same
/// text); a chain of aliases is followed to its end (it has one: `cycles` made every alias on a
/// cycle a newtype).
fn param_text(ty: &TypeRef, defs: &[ir::TypeDef]) -> (bool, ir::ParamText) {
    let ty = match ty {
        TypeRef::Option(inner) => inner,
        ty => ty,
    };
    let (exploded, mut value) = match ty {
        TypeRef::Vec(item) => (true, &**item),
        ty => (false, ty),
    };
    // Each type at most once on an acyclic chain.
    for _ in 0..=defs.len() {
        let text = match value {
            TypeRef::String => ir::ParamText::Str,
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
                ir::ParamText::Display
            }
            TypeRef::Named(id) => match defs.get(id.0).map(|def| &def.kind) {
                Some(ir::TypeKind::Enum { .. }) => ir::ParamText::Enum,
                Some(ir::TypeKind::Alias(target)) => {
                    value = target;
                    continue;
                }
                _ => ir::ParamText::Serialized,
            },
            _ => ir::ParamText::Serialized,
        };
        return (exploded, text);
    }
    (exploded, ir::ParamText::Serialized)
}

/// Whether a value of `ty` is a JSON object (a struct or a map, through `Option`, `Box` and
/// aliases).
fn is_object(ty: &TypeRef, defs: &[ir::TypeDef]) -> bool {
    let mut ty = ty;
    // Each type at most once on an acyclic chain.
    for _ in 0..=defs.len() {
        ty = match ty {
            TypeRef::Option(inner) | TypeRef::Box(inner) => inner,
            TypeRef::Map(_) => return true,
            TypeRef::Named(id) => match defs.get(id.0).map(|def| &def.kind) {
                Some(ir::TypeKind::Struct { .. }) => return true,
                Some(ir::TypeKind::Alias(target)) => target,
                _ => return false,
            },
            _ => return false,
        };
    }
    false
}

fn status_key(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(range) => format!("{range}XX"),
        Status::Default => "default".into(),
    }
}

fn parameter_key(parameter: &Parameter) -> (&str, &'static str) {
    match parameter {
        Parameter::Path { parameter_data, .. } => (&parameter_data.name, "path"),
        Parameter::Query { parameter_data, .. } => (&parameter_data.name, "query"),
        Parameter::Header { parameter_data, .. } => (&parameter_data.name, "header"),
        Parameter::Cookie { parameter_data, .. } => (&parameter_data.name, "cookie"),
    }
}

/// Resolves `#/components/<section>/<name>` references to an item of `section`.
fn resolve_component<'a, T>(
    item: &'a ReferenceOr<T>,
    section: &str,
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
) -> Option<&'a T> {
    let mut current = item;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/")?
                    .strip_prefix(section)?;
                let name = jsonptr::Token::from_encoded(name.strip_prefix('/')?).ok()?;
                current = lookup(&name.decoded())?;
            }
        }
    }
    None
}

fn resolve_parameter<'a>(
    document: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    resolve_component(parameter, "parameters", |name| {
        document.components.as_ref()?.parameters.get(name)
    })
}

fn resolve_body<'a>(
    document: &'a OpenAPI,
    body: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    resolve_component(body, "requestBodies", |name| {
        document.components.as_ref()?.request_bodies.get(name)
    })
}

fn resolve_response<'a>(
    document: &'a OpenAPI,
    response: &'a ReferenceOr<Response>,
) -> Option<&'a Response> {
    resolve_component(response, "responses", |name| {
        document.components.as_ref()?.responses.get(name)
    })
}

fn security_schemes(document: &OpenAPI) -> Vec<ir::SecurityScheme> {
    let Some(components) = &document.components else {
        return Vec::new();
    };
    components
        .security_schemes
        .iter()
        .filter_map(|(key, scheme)| {
            let scheme = resolve_component(scheme, "securitySchemes", |name| {
                components.security_schemes.get(name)
            })?;
            let (kind, description) = match scheme {
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => {
                    let kind = match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => ir::SecurityKind::Bearer,
                        "basic" => ir::SecurityKind::Basic,
                        other => ir::SecurityKind::Other(format!("HTTP {other}")),
                    };
                    (kind, description)
                }
                SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (
                        ir::SecurityKind::ApiKey {
                            location,
                            name: name.clone(),
                        },
                        description,
                    )
                }
                SecurityScheme::OAuth2 { description, .. } => {
                    (ir::SecurityKind::Other("OAuth 2.0".into()), description)
                }
                SecurityScheme::OpenIDConnect { description, .. } => (
                    ir::SecurityKind::Other("OpenID Connect".into()),
                    description,
                ),
            };
            Some(ir::SecurityScheme {
                key: key.clone(),
                kind,
                description: description.clone(),
            })
        })
        .collect()
}
