//! The lowering stage alone: normalized documents (written as YAML here) → IR.

use vendor_codegen::diagnostic::{Diagnostic, Diagnostics, LineMap, Severity};
use vendor_codegen::ir::{
    Api, Encoding, Extra, Method, ParamText, PartKind, Status, TypeKind, TypeRef,
};

/// The typed model of a YAML document (through a JSON tree, as the pipeline does).
#[track_caller]
fn document(yaml: &str) -> openapiv3::OpenAPI {
    let tree: serde_json::Value = serde_saphyr::from_str(yaml).expect("test YAML parses");
    serde_json::from_value(tree).expect("test document is OpenAPI")
}

#[track_caller]
fn lower(yaml: &str) -> (Api, Vec<Diagnostic>) {
    let document = document(yaml);
    let lines = LineMap::default();
    let mut diagnostics = Diagnostics::new("test.yaml", &lines);
    let api = vendor_codegen::lower::lower(&document, "test", &mut diagnostics);
    let diagnostics = diagnostics.into_vec();
    (
        api.unwrap_or_else(|| panic!("lowering failed: {diagnostics:#?}")),
        diagnostics,
    )
}

#[track_caller]
fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    &api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name} in {names:?}"))
        .kind
}

fn name_of(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.types[id.0].name.clone(),
        TypeRef::Option(inner) => format!("Option<{}>", name_of(api, inner)),
        TypeRef::Box(inner) => format!("Box<{}>", name_of(api, inner)),
        TypeRef::Vec(inner) => format!("Vec<{}>", name_of(api, inner)),
        TypeRef::Map(inner) => format!("Map<{}>", name_of(api, inner)),
        other => format!("{other:?}"),
    }
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn const_is_a_closed_enum_and_enum_is_open() {
    let (api, _) = lower(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      required: [object]\n      properties:\n        object: {{type: string, enum: [file], x-const: true}}\n        kind: {{type: string, enum: [a, b]}}\n"
    ));
    match kind(&api, "ThingObject") {
        TypeKind::Enum { variants, open } => {
            assert_eq!(variants.len(), 1);
            assert_eq!(
                (variants[0].name.as_str(), variants[0].wire.as_str()),
                ("File", "file")
            );
            assert_eq!(*open, None);
        }
        other => panic!("{other:?}"),
    }
    match kind(&api, "ThingKind") {
        TypeKind::Enum { open, .. } => assert_eq!(open.as_deref(), Some("Other")),
        other => panic!("{other:?}"),
    }
    match kind(&api, "Thing") {
        TypeKind::Struct { fields, extra } => {
            assert_eq!(name_of(&api, &fields[0].ty), "ThingObject");
            assert!(fields[0].required);
            assert_eq!(name_of(&api, &fields[1].ty), "Option<ThingKind>");
            assert_eq!(
                *extra,
                Extra::Keep {
                    field: "extra".into()
                }
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nullable_allof_ref_integers_and_maps() {
    let (api, _) = lower(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      additionalProperties: false\n      properties:\n        b: {{allOf: [{{$ref: '#/components/schemas/B'}}], nullable: true, description: the b}}\n        n32: {{type: integer, format: int32}}\n        n64: {{type: integer}}\n        x: {{type: number}}\n        m: {{type: object, additionalProperties: {{type: integer}}}}\n    B:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/A'}}\n"
    ));
    let TypeKind::Struct { fields, extra } = kind(&api, "A") else {
        panic!()
    };
    assert_eq!(*extra, Extra::Deny);
    let tys: Vec<String> = fields.iter().map(|f| name_of(&api, &f.ty)).collect();
    // A and B hold each other by value through Option: both edges are boxed.
    assert_eq!(
        tys,
        [
            "Option<Box<B>>",
            "Option<I32>",
            "Option<I64>",
            "Option<F64>",
            "Option<Map<I64>>"
        ]
    );
    assert_eq!(fields[0].doc.as_deref(), Some("the b"));
    let TypeKind::Struct { fields, .. } = kind(&api, "B") else {
        panic!()
    };
    assert_eq!(name_of(&api, &fields[0].ty), "Option<Box<A>>");
}

#[test]
fn helpers_yield_to_components_and_collisions_are_resolved() {
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths:\n  /things/{{id}}:\n    get:\n      operationId: getThing\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n        - {{name: body, in: query, schema: {{type: string}}}}\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: object, properties: {{x: {{type: string}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/GetThingResponse'}}}}}}}}\n        '202': {{description: accepted}}\n        '4XX': {{description: client}}\n        default: {{description: other}}\ncomponents:\n  schemas:\n    GetThingResponse: {{type: string}}\n    foo_bar: {{type: string}}\n    FooBar: {{type: integer}}\n"
    ));
    assert!(matches!(
        kind(&api, "GetThingResponse"),
        TypeKind::Newtype(TypeRef::String)
    ));
    assert!(matches!(
        kind(&api, "FooBar"),
        TypeKind::Newtype(TypeRef::String)
    ));
    assert!(matches!(
        kind(&api, "FooBar2"),
        TypeKind::Newtype(TypeRef::I64)
    ));
    assert!(diagnostics
        .iter()
        .any(|d| d.pointer == "/components/schemas/FooBar" && d.message.contains("`FooBar2`")));
    let op = &api.operations[0];
    assert_eq!(
        (
            op.name.as_str(),
            op.request_type.as_str(),
            op.response_type.as_deref(),
            op.error_type.as_str(),
            op.unexpected_variant.as_str(),
        ),
        (
            "get_thing",
            "Request",
            Some("Response"),
            "Error",
            "Unexpected"
        )
    );
    assert_eq!(op.module, "get_thing");
    let fields: Vec<&str> = op
        .params
        .iter()
        .map(|p| p.name.as_str())
        .chain(op.body.iter().map(|b| b.name.as_str()))
        .collect();
    assert_eq!(fields, ["id", "body", "body_2"]);
    assert_eq!(
        name_of(&api, &op.body.as_ref().unwrap().ty),
        "Option<GetThingBody>"
    );
    let statuses: Vec<(Status, &str, bool)> = op
        .responses
        .iter()
        .map(|r| (r.status, r.variant.as_str(), r.success))
        .collect();
    assert_eq!(
        statuses,
        [
            (Status::Code(200), "Ok", true),
            (Status::Code(202), "Accepted", true),
            (Status::Range(4), "ClientError", false),
            (Status::Default, "Default", false)
        ]
    );
    assert!(op.responses[2].content.is_empty());
}

/// OpenAI names its request bodies `<Operation>Request` and its responses
/// `<Operation>Response`: the schemas keep those names, and the operation's own types are
/// `Request`, `Response` and `Error` in a module named as the operation, never a name with a
/// number a user would have to guess (`CreateChatCompletionRequest2`, as they once were).
#[test]
fn operation_types_never_meet_the_schemas() {
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths:\n  /chat/completions:\n    post:\n      operationId: createChatCompletion\n      requestBody:\n        required: true\n        content: {{application/json: {{schema: {{$ref: '#/components/schemas/CreateChatCompletionRequest'}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/CreateChatCompletionResponse'}}}}}}}}\n        '201': {{description: created, content: {{application/json: {{schema: {{$ref: '#/components/schemas/CreateChatCompletionError'}}}}}}}}\n        '400': {{description: bad, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Error'}}}}}}}}\n  /request:\n    get:\n      operationId: request\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  schemas:\n    CreateChatCompletionRequest: {{type: object, properties: {{model: {{type: string}}}}}}\n    CreateChatCompletionResponse: {{type: object, properties: {{id: {{type: string}}}}}}\n    CreateChatCompletionError: {{type: string}}\n    Error: {{type: object, properties: {{message: {{type: string}}}}}}\n    Request: {{type: string}}\n    Response: {{type: string}}\n"
    ));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let mut types: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    types.sort_unstable();
    assert_eq!(
        types,
        [
            "CreateChatCompletionError",
            "CreateChatCompletionRequest",
            "CreateChatCompletionResponse",
            "Error",
            "Request",
            "Response",
        ]
    );
    let ops: Vec<(&str, &str, Option<&str>, &str)> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.module.as_str(),
                op.request_type.as_str(),
                op.response_type.as_deref(),
                op.error_type.as_str(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            (
                "create_chat_completion",
                "Request",
                Some("Response"),
                "Error"
            ),
            ("request", "Request", None, "Error"),
        ]
    );
    let body = api.operations[0].body.as_ref().unwrap();
    assert_eq!(name_of(&api, &body.ty), "CreateChatCompletionRequest");
}

/// An inline schema whose name a component has yields (the component keeps its name), and a
/// note says so, naming both: the one `2` a user could not predict from the document alone.
#[test]
fn an_inline_schema_that_yields_is_noted() {
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Thing: {{type: object, properties: {{size: {{type: string, enum: [s, m]}}}}}}\n    ThingSize: {{type: integer}}\n"
    ));
    assert!(matches!(
        kind(&api, "ThingSize"),
        TypeKind::Newtype(TypeRef::I64)
    ));
    assert!(matches!(kind(&api, "ThingSize2"), TypeKind::Enum { .. }));
    let [note] = diagnostics.as_slice() else {
        panic!("{diagnostics:?}")
    };
    assert_eq!(note.severity, Severity::Note);
    assert_eq!(note.pointer, "/components/schemas/Thing/properties/size");
    assert!(
        note.message.contains("`ThingSize`") && note.message.contains("`ThingSize2`"),
        "{note:?}"
    );
}

#[test]
fn unresolvable_refs_are_errors() {
    let document = document(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{$ref: '#/components/schemas/Missing'}}}}}}\n"
    ));
    let lines = LineMap::default();
    let mut diagnostics = Diagnostics::new("test.yaml", &lines);
    assert!(vendor_codegen::lower::lower(&document, "test", &mut diagnostics).is_none());
    let diagnostics = diagnostics.into_vec();
    assert_eq!(diagnostics[0].pointer, "/components/schemas/A/properties/b");
    assert!(
        diagnostics[0]
            .message
            .contains("#/components/schemas/Missing"),
        "{diagnostics:?}"
    );
}

#[test]
fn examples_are_bound_and_misfits_reported() {
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Req:\n      type: object\n      required: [file_id]\n      properties:\n        file_id: {{type: integer, format: int64}}\n      example: {{file_id: '${{file_id}}'}}\n    Good:\n      type: object\n      properties:\n        n: {{type: integer, example: 3}}\n      example: {{n: 1}}\n"
    ));
    let found: Vec<(&str, bool)> = api
        .examples
        .iter()
        .map(|e| (e.name.as_str(), e.misfit.is_some()))
        .collect();
    assert_eq!(
        found,
        [
            ("req_example", true),
            ("good_properties_n_example", false),
            ("good_example", false)
        ]
    );
    let warning = diagnostics
        .iter()
        .find(|d| d.pointer == "/components/schemas/Req/example")
        .expect("a warning");
    assert!(
        warning.message.contains("expected an integer"),
        "{}",
        warning.message
    );
}

#[test]
fn a_component_that_is_only_a_ref_is_an_alias_unless_it_closes_a_cycle() {
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A0: {{$ref: '#/components/schemas/A1'}}\n    A1: {{$ref: '#/components/schemas/A2'}}\n    A2: {{type: string}}\n    X: {{$ref: '#/components/schemas/Y'}}\n    Y: {{$ref: '#/components/schemas/X'}}\n"
    ));
    let TypeKind::Alias(target) = kind(&api, "A0") else {
        panic!("{:?}", kind(&api, "A0"))
    };
    assert_eq!(name_of(&api, target), "A1");
    assert!(matches!(
        kind(&api, "A2"),
        TypeKind::Newtype(TypeRef::String)
    ));
    // A cycle of aliases describes no value (a type for it would be read forever): both are
    // any JSON value, each with a warning.
    for name in ["X", "Y"] {
        assert!(
            matches!(kind(&api, name), TypeKind::Newtype(TypeRef::Json)),
            "{name}: {:?}",
            kind(&api, name)
        );
        let pointer = format!("/components/schemas/{name}");
        assert!(
            diagnostics.iter().any(|d| d.severity == Severity::Warning
                && d.pointer == pointer
                && d.message.contains("refers back to itself")),
            "{diagnostics:#?}"
        );
    }
}

#[test]
fn a_cycle_through_a_struct_or_a_vec_is_boxed_or_kept() {
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    N: {{type: object, required: [next], properties: {{next: {{$ref: '#/components/schemas/M'}}}}}}\n    M: {{$ref: '#/components/schemas/N'}}\n    T: {{anyOf: [{{type: array, items: {{$ref: '#/components/schemas/T'}}}}, {{type: string}}]}}\n    U: {{anyOf: [{{$ref: '#/components/schemas/U'}}, {{type: string}}]}}\n"
    ));
    // N holds M by value, M is N: a box where the cycle closes, nothing untyped.
    let TypeKind::Newtype(inner) = kind(&api, "M") else {
        panic!("M: {:?}", kind(&api, "M"))
    };
    assert_eq!(name_of(&api, inner), "Box<N>");
    // T holds itself inside a Vec: kept; U is its own member: any JSON value.
    assert!(matches!(kind(&api, "T"), TypeKind::Union { .. }));
    assert!(matches!(kind(&api, "U"), TypeKind::Newtype(TypeRef::Json)));
    let warned: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(warned, ["/components/schemas/U"]);
}

/// Each variant of a union, by name, with its tags.
type Tagged = Vec<(String, Vec<String>)>;

/// The tag of the union `name`: its property, its open variant, and each variant's tags.
#[track_caller]
fn tags(api: &Api, name: &str) -> Option<(String, String, Tagged)> {
    match kind(api, name) {
        TypeKind::Union { variants, tag } => tag.as_ref().map(|tag| {
            let variants = variants
                .iter()
                .map(|v| (v.name.clone(), v.tags.clone()))
                .collect();
            (tag.property.clone(), tag.other.clone(), variants)
        }),
        other => panic!("{name} is not a union: {other:?}"),
    }
}

fn warnings(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// A document of the component schemas `schemas` (YAML, indented as under `schemas:`).
fn components(schemas: &str) -> String {
    format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n{schemas}")
}

#[test]
fn unions_are_tagged_by_their_discriminator_or_by_a_property_every_variant_fixes() {
    let (api, diagnostics) = lower(&components(
        r"
    Message:
      oneOf: [$ref: '#/components/schemas/User', $ref: '#/components/schemas/Tool']
      discriminator: {propertyName: role}
    User:
      type: object
      properties: {role: {type: string, enum: [user]}, content: {type: string}}
    Tool:
      type: object
      properties: {role: {type: string, enum: [tool]}, content: {type: string}}
    Event:
      anyOf: [$ref: '#/components/schemas/Delta', $ref: '#/components/schemas/Done']
    Delta:
      type: object
      properties: {seq: {type: integer}, type: {type: string, enum: [delta]}}
    Done:
      type: object
      properties: {type: {type: string, enum: [done]}, seq: {type: integer}}
    Pet:
      oneOf: [$ref: '#/components/schemas/Cat', $ref: '#/components/schemas/Dog', $ref: '#/components/schemas/Other']
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', kitten: Cat}
    Cat:
      type: object
      properties: {kind: {type: string}}
    Dog:
      type: object
      properties: {kind: {type: string, enum: [dog, puppy]}}
    Other:
      type: object
      properties: {kind: {type: string}}
",
    ));
    assert_eq!(warnings(&diagnostics), Vec::<String>::new());
    assert_eq!(
        tags(&api, "Message"),
        Some((
            "role".into(),
            "Other".into(),
            vec![
                ("User".into(), strings(&["user"])),
                ("Tool".into(), strings(&["tool"]))
            ]
        ))
    );
    // The first property of the first variant that every variant fixes: `type`, not `seq`.
    assert_eq!(
        tags(&api, "Event"),
        Some((
            "type".into(),
            "Other".into(),
            vec![
                ("Delta".into(), strings(&["delta"])),
                ("Done".into(), strings(&["done"]))
            ]
        ))
    );
    // The mapping (by reference and by name), an enum of two values, the schema's name; a
    // variant named `Other` pushes the open variant's name aside.
    assert_eq!(
        tags(&api, "Pet"),
        Some((
            "kind".into(),
            "Other2".into(),
            vec![
                ("Cat".into(), strings(&["cat", "kitten"])),
                ("Dog".into(), strings(&["dog", "puppy"])),
                ("Other".into(), strings(&["Other"])),
            ]
        ))
    );
}

#[test]
fn a_union_nested_in_a_union_tagged_alike_lends_it_its_tags() {
    let (api, _) = lower(&components(
        r"
    Item:
      oneOf: [$ref: '#/components/schemas/Message', $ref: '#/components/schemas/Call']
    Call:
      oneOf: [$ref: '#/components/schemas/Function', $ref: '#/components/schemas/Search']
    Message:
      type: object
      properties: {type: {type: string, enum: [message]}}
    Function:
      type: object
      properties: {type: {type: string, enum: [function_call]}}
    Search:
      type: object
      properties: {type: {type: string, enum: [search_call]}}
",
    ));
    let (property, _, variants) = tags(&api, "Item").expect("Item is tagged");
    assert_eq!(property, "type");
    assert_eq!(
        variants,
        vec![
            ("Message".into(), strings(&["message"])),
            ("Call".into(), strings(&["function_call", "search_call"])),
        ]
    );
}

#[test]
fn no_tag_where_variants_share_a_fixed_value_or_one_fixes_none() {
    let (api, diagnostics) = lower(&components(
        r"
    Same:
      oneOf: [$ref: '#/components/schemas/A', $ref: '#/components/schemas/B']
    Unnamed:
      oneOf: [$ref: '#/components/schemas/A', {type: string}]
      discriminator: {propertyName: type}
    A:
      type: object
      required: [type, a]
      properties: {type: {type: string, enum: [x]}, a: {type: string}}
    B:
      type: object
      required: [type, b]
      properties: {type: {type: string, enum: [x]}, b: {type: string}}
",
    ));
    assert_eq!(tags(&api, "Same"), None);
    assert_eq!(tags(&api, "Unnamed"), None);
    let warnings = warnings(&diagnostics);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(
            "/components/schemas/Unnamed/discriminator: the discriminator `type` names no value \
             for the variant at 1 (not an object type of its own)"
        ),
        "{warnings:#?}"
    );
}

#[test]
fn object_variants_that_read_one_value_alike_are_a_warning() {
    let (api, diagnostics) = lower(&components(
        r"
    Alike:
      anyOf: [$ref: '#/components/schemas/Person', $ref: '#/components/schemas/Company']
    Apart:
      anyOf: [$ref: '#/components/schemas/Point2', $ref: '#/components/schemas/Point3']
    Roles:
      anyOf: [$ref: '#/components/schemas/Asks', $ref: '#/components/schemas/Answers', {type: string}]
    Person:
      type: object
      properties: {name: {type: string}, born: {type: string}}
    Company:
      type: object
      required: [name]
      properties: {name: {type: string}, size: {type: integer}}
    Point2:
      type: object
      required: [x, w]
      properties: {x: {type: number}, w: {type: number}}
    Point3:
      type: object
      required: [x, w, z]
      properties: {x: {type: number}, w: {type: number}, z: {type: number}}
    Asks:
      type: object
      required: [role]
      properties: {role: {type: string, enum: [user, system]}, content: {type: string}}
    Answers:
      type: object
      required: [role]
      properties: {role: {type: string, enum: [assistant]}, content: {type: string}}
",
    ));
    // `Roles` has a string variant, so it has no tag; its objects fix `role` apart.
    assert_eq!(tags(&api, "Roles"), None);
    assert_eq!(
        warnings(&diagnostics),
        vec![
            "/components/schemas/Alike: variants of this union can read the same value with \
             nothing left over: `Person` and `Company` (e.g. an object of `name`); such a value \
             is read as the first of them (a value is read as the variant that knows most of its \
             properties; among equals, the first). To tell them apart, give the union a \
             `discriminator`, or each variant a property it fixes with `const` (an overlay can)"
                .to_owned()
        ]
    );
}

#[test]
fn a_mapping_to_no_component_is_a_warning_and_left_out() {
    let (api, diagnostics) = lower(&components(
        r"
    Pet:
      oneOf: [$ref: '#/components/schemas/Cat', $ref: '#/components/schemas/Dog']
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', lion: Lion, dog: '#/components/schemas/Dog/properties/kind'}
    Cat:
      type: object
      properties: {kind: {type: string}}
    Dog:
      type: object
      properties: {kind: {type: string, enum: [dog]}}
",
    ));
    assert_eq!(
        warnings(&diagnostics),
        [
            "/components/schemas/Pet/discriminator/mapping/lion: the discriminator maps `lion` \
             to `Lion`, which names no component schema; the mapping is left out: fix the name",
            "/components/schemas/Pet/discriminator/mapping/dog: the discriminator maps `dog` to \
             `#/components/schemas/Dog/properties/kind`, which names no component schema; the \
             mapping is left out: fix the name",
        ]
    );
    let (_, _, variants) = tags(&api, "Pet").expect("Pet is tagged");
    assert_eq!(
        variants,
        vec![
            ("Cat".into(), strings(&["cat"])),
            ("Dog".into(), strings(&["dog"])),
        ]
    );
}

#[test]
fn operations_never_take_the_names_of_the_clients_own_methods() {
    let mut yaml = format!("{HEAD}paths:\n");
    for name in ["new", "builder", "from_client", "inner", "other"] {
        yaml.push_str(&format!(
            "  /{name}:\n    get:\n      operationId: {name}\n      responses: {{'204': {{description: none}}}}\n"
        ));
    }
    let (api, _) = lower(&yaml);
    let mut names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["builder_2", "from_client_2", "inner_2", "new_2", "other"]
    );
}

#[test]
fn how_each_parameter_becomes_text_is_decided_through_aliases() {
    let (api, _) = lower(&format!(
        "{HEAD}paths:\n  /things/{{id}}:\n    patch:\n      operationId: paint\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n        - {{name: count, in: query, schema: {{type: integer}}}}\n        - {{name: shade, in: query, schema: {{$ref: '#/components/schemas/Shade'}}}}\n        - {{name: shades, in: query, schema: {{type: array, items: {{$ref: '#/components/schemas/Shade'}}}}}}\n        - {{name: label, in: header, schema: {{$ref: '#/components/schemas/Label'}}}}\n        - {{name: labels, in: query, schema: {{$ref: '#/components/schemas/Labels'}}}}\n      responses: {{'204': {{description: none}}}}\ncomponents:\n  schemas:\n    Color: {{type: string, enum: [red, blue]}}\n    Tint: {{$ref: '#/components/schemas/Color'}}\n    Shade: {{$ref: '#/components/schemas/Tint'}}\n    Label: {{type: string}}\n    Labels: {{type: array, items: {{type: string}}}}\n"
    ));
    let [operation] = api.operations.as_slice() else {
        panic!("{:#?}", api.operations)
    };
    assert_eq!(operation.method, Method::Patch);
    assert_eq!(operation.method.as_str(), "PATCH");
    let sent: Vec<(&str, bool, ParamText)> = operation
        .params
        .iter()
        .map(|param| (param.wire.as_str(), param.exploded, param.text))
        .collect();
    assert_eq!(
        sent,
        [
            ("id", false, ParamText::Str),
            ("count", false, ParamText::Display),
            // An alias of an alias of an enum is the enum.
            ("shade", false, ParamText::Enum),
            ("shades", true, ParamText::Enum),
            // A newtype (of a string, of an array) is serialized whole.
            ("label", false, ParamText::Serialized),
            ("labels", false, ParamText::Serialized),
        ]
    );
}

#[test]
fn each_body_has_the_encoding_its_media_type_says() {
    let body = |media: &str| {
        let (api, _) = lower(&format!(
            "{HEAD}paths:\n  /upload:\n    post:\n      requestBody:\n        content:\n          '{media}': {{schema: {{type: string}}}}\n      responses: {{'204': {{description: none}}}}\n"
        ));
        let operation = &api.operations[0];
        assert_eq!(operation.method, Method::Post);
        operation.body.as_ref().map(|body| body.encoding)
    };
    for (media, encoding) in [
        ("application/json", Encoding::Json),
        (
            "application/merge-patch+json; charset=utf-8",
            Encoding::Json,
        ),
        ("Text/JSON", Encoding::Json),
        ("multipart/form-data", Encoding::Multipart),
        ("application/x-www-form-urlencoded", Encoding::Form),
        ("application/octet-stream", Encoding::Binary),
        ("audio/mpeg", Encoding::Binary),
        ("text/plain", Encoding::Text),
        ("application/xml", Encoding::Other),
    ] {
        assert_eq!(body(media), Some(encoding), "{media}");
    }
}

#[test]
fn each_multipart_property_is_a_part_of_the_kind_its_schema_says() {
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths:
  /files:
    post:
      parameters:
        - {{name: file, in: query, schema: {{type: string}}}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {{$ref: '#/components/schemas/Upload'}}
            encoding:
              meta: {{contentType: application/json}}
      responses: {{'204': {{description: none}}}}
components:
  schemas:
    Purpose: {{type: string, enum: [batch, fine-tune]}}
    PurposeAlias: {{$ref: '#/components/schemas/Purpose'}}
    Audio: {{type: string, format: binary}}
    Options:
      type: object
      properties: {{n: {{type: integer}}}}
    Upload:
      type: object
      required: [file, purpose]
      properties:
        file: {{$ref: '#/components/schemas/Audio'}}
        images: {{type: array, items: {{type: string, format: binary}}}}
        purpose: {{$ref: '#/components/schemas/PurposeAlias'}}
        meta: {{type: string}}
        options: {{$ref: '#/components/schemas/Options'}}
        list: {{type: array, items: {{$ref: '#/components/schemas/Options'}}}}
        tags: {{type: array, items: {{type: string}}}}
        n: {{type: integer}}
        anything: {{}}
"
    ));
    let body = api.operations[0].body.as_ref().unwrap();
    assert!(body.is_sent());
    let parts: Vec<(&str, &str, PartKind, bool)> = body
        .parts
        .iter()
        .map(|p| (p.name.as_str(), p.wire.as_str(), p.kind, p.required))
        .collect();
    assert_eq!(
        parts,
        [
            // The query parameter took `file` first.
            ("file_2", "file", PartKind::File, true),
            ("images", "images", PartKind::Files, false),
            ("purpose", "purpose", PartKind::Text(ParamText::Enum), true),
            ("meta", "meta", PartKind::Json, false),
            ("options", "options", PartKind::Json, false),
            ("list", "list", PartKind::Json, false),
            ("tags", "tags", PartKind::Texts(ParamText::Str), false),
            ("n", "n", PartKind::Text(ParamText::Display), false),
            ("anything", "anything", PartKind::Json, false),
        ]
    );
    assert!(warnings(&diagnostics).is_empty(), "{diagnostics:#?}");

    // A multipart body that is not an object has no parts, is not sent, and says so.
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths:\n  /raw:\n    post:\n      requestBody:\n        content:\n          multipart/mixed: {{schema: {{type: string}}}}\n      responses: {{'204': {{description: none}}}}\n"
    ));
    let body = api.operations[0].body.as_ref().unwrap();
    assert!(body.parts.is_empty() && !body.is_sent());
    assert!(
        warnings(&diagnostics)
            .iter()
            .any(|w| w.contains("`multipart/mixed`") && w.contains("no `to_http`")),
        "{diagnostics:#?}"
    );
}

#[test]
fn form_text_and_binary_bodies_are_sent() {
    let sent = |media: &str, schema: &str| {
        let (api, _) = lower(&format!(
            "{HEAD}paths:\n  /x:\n    post:\n      requestBody:\n        content:\n          '{media}': {{schema: {schema}}}\n      responses: {{'204': {{description: none}}}}\n"
        ));
        api.operations[0].body.as_ref().unwrap().is_sent()
    };
    assert!(sent("application/x-www-form-urlencoded", "{type: object}"));
    assert!(sent("text/plain", "{type: string}"));
    assert!(!sent("text/plain", "{type: integer}"));
    assert!(sent(
        "application/octet-stream",
        "{type: string, format: binary}"
    ));
    assert!(sent("*/*", "{type: string}"));
}

#[test]
fn boxes_are_only_where_a_cycle_closes_by_value_never_in_a_collection() {
    let (api, _) = lower(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Node: {{type: object, properties: {{parent: {{$ref: '#/components/schemas/Node'}}, children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}, named: {{type: object, additionalProperties: {{$ref: '#/components/schemas/Node'}}}}}}}}\n"
    ));
    let TypeKind::Struct { fields, .. } = kind(&api, "Node") else {
        panic!("{:?}", kind(&api, "Node"))
    };
    let types: Vec<String> = fields.iter().map(|f| name_of(&api, &f.ty)).collect();
    assert_eq!(
        types,
        [
            "Option<Box<Node>>",
            "Option<Vec<Node>>",
            "Option<Map<Node>>"
        ]
    );
}

#[test]
fn each_response_has_the_kinds_its_media_types_say_and_accept_lists_them() {
    let lowered = |content: &str| {
        let (api, _) = lower(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {{{content}}}\n"
        ));
        let operation = api.operations[0].clone();
        let kinds: Vec<String> = operation.responses[0]
            .content
            .iter()
            .map(|content| {
                let kind = match &content.kind {
                    vendor_codegen::ir::ContentKind::Json(_) => "json",
                    vendor_codegen::ir::ContentKind::Text => "text",
                    vendor_codegen::ir::ContentKind::Events(Some(_)) => "events of a type",
                    vendor_codegen::ir::ContentKind::Events(None) => "events",
                    vendor_codegen::ir::ContentKind::Bytes => "bytes",
                };
                format!("{} {kind}", content.media_type)
            })
            .collect();
        (kinds, operation.accept)
    };
    // JSON alone: no `accept` of ours (the builder's `application/json` stays).
    assert_eq!(
        lowered("application/json: {schema: {type: string}}"),
        (vec!["application/json json".to_owned()], None)
    );
    // Each kind once, the first media type of each; every success media type in `accept`.
    assert_eq!(
        lowered(
            "application/json: {schema: {type: string}}, application/problem+json: {}, \
             text/event-stream: {schema: {type: string}}, text/plain: {}, TEXT/CSV: {}, \
             audio/mpeg: {}, application/pdf: {}"
        ),
        (
            vec![
                "application/json json".to_owned(),
                "text/event-stream events of a type".to_owned(),
                "text/plain text".to_owned(),
                "audio/mpeg bytes".to_owned(),
            ],
            Some(
                "application/json, application/problem+json, text/event-stream, text/plain, \
                 TEXT/CSV, audio/mpeg, application/pdf"
                    .to_owned()
            )
        )
    );
    assert_eq!(
        lowered("text/event-stream: {}"),
        (
            vec!["text/event-stream events".to_owned()],
            Some("text/event-stream".to_owned())
        )
    );
}

/// A path documented twice with a fragment (`#stream`): the fragment is never sent, so the
/// operation requests the path before it, with a note; its name still comes from its own id.
#[test]
fn a_path_fragment_is_not_requested() {
    let (api, diagnostics) = lower(&format!(
        "{HEAD}paths:\n  /v1/chat:\n    post: {{operationId: start, responses: {{'204': {{description: none}}}}}}\n  /v1/chat#stream:\n    post: {{operationId: start_stream, responses: {{'204': {{description: none}}}}}}\n"
    ));
    let operations: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|operation| (operation.name.as_str(), operation.path.as_str()))
        .collect();
    assert_eq!(
        operations,
        [("start", "/v1/chat"), ("start_stream", "/v1/chat")]
    );
    let [note] = diagnostics.as_slice() else {
        panic!("{diagnostics:?}")
    };
    assert_eq!(note.severity, Severity::Note);
    assert_eq!(note.pointer, "/paths/~1v1~1chat#stream/post");
    assert!(note.message.contains("`#stream`"), "{note:?}");
}

/// An object in the query is sent member by member (OpenAPI's default, `form` exploded), unless
/// its style or `explode: false` says otherwise; a scalar or an array stays as it was.
#[test]
fn an_object_query_parameter_is_sent_by_its_members() {
    let (api, _) = lower(&format!(
        "{HEAD}paths:\n  /items:\n    get:\n      operationId: list\n      parameters:\n        - {{name: filters, in: query, schema: {{$ref: '#/components/schemas/Filters'}}}}\n        - {{name: inline, in: query, required: true, schema: {{type: object, properties: {{a: {{type: string}}}}}}}}\n        - {{name: map, in: query, schema: {{type: object, additionalProperties: {{type: integer}}}}}}\n        - {{name: packed, in: query, explode: false, schema: {{$ref: '#/components/schemas/Filters'}}}}\n        - {{name: deep, in: query, style: deepObject, schema: {{$ref: '#/components/schemas/Filters'}}}}\n        - {{name: tags, in: query, schema: {{type: array, items: {{type: string}}}}}}\n        - {{name: limit, in: query, schema: {{type: integer}}}}\n        - {{name: x-filters, in: header, schema: {{$ref: '#/components/schemas/Filters'}}}}\n      responses: {{'204': {{description: none}}}}\ncomponents:\n  schemas:\n    Filters: {{type: object, properties: {{active: {{type: boolean}}}}}}\n"
    ));
    let texts: Vec<(&str, ParamText)> = api.operations[0]
        .params
        .iter()
        .map(|param| (param.wire.as_str(), param.text))
        .collect();
    assert_eq!(
        texts,
        [
            ("filters", ParamText::Members),
            ("inline", ParamText::Members),
            ("map", ParamText::Members),
            ("packed", ParamText::Serialized),
            ("deep", ParamText::Serialized),
            ("tags", ParamText::Str),
            ("limit", ParamText::Display),
            ("x-filters", ParamText::Serialized),
        ]
    );
}
