//! The intermediate representation: what `lower` decides and `emit` prints.
//!
//! Every Rust name is final here (decided once, in `lower::names`); the emitter never invents or
//! changes one. Nothing here refers to `openapiv3`.

use serde_json::Value;

/// One vendor's API, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The module's name (the document's file stem), e.g. `minimax`: it names the vendor in
    /// errors.
    pub module: String,
    /// UpperCamel name of the module's async client type (`Client`), behind the `client`
    /// feature.
    pub client_type: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The document's servers; empty when it names none (the caller must give a base URL).
    pub servers: Vec<Server>,
    /// Security schemes, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Every named type, indexed by [`TypeId`], sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by name.
    pub operations: Vec<Operation>,
    /// Examples found in the document, each bound to the type it must fit.
    pub examples: Vec<Example>,
    /// How deep the named types nest: the most types on a chain of types each holding the
    /// next (in any way, `Vec` and maps included), each type of a cycle counted once. The
    /// compiler's checks recurse that deep (see `emit::recursion_limit`).
    pub nesting: usize,
}

/// A server the document names.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Rust name of its constant, e.g. `SERVER_PRODUCTION` (decided in `lower::names`).
    pub const_name: String,
    /// The URL as written (server variables are not substituted).
    pub url: String,
    /// Its description.
    pub description: Option<String>,
}

/// A security scheme of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme's key in `components.securitySchemes`.
    pub key: String,
    /// What it asks of the caller.
    pub kind: SecurityKind,
    /// Its description.
    pub description: Option<String>,
}

/// The kinds of credentials a scheme takes.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// An API key in a header, query parameter or cookie with the given name.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// OAuth2, OpenID Connect, or an HTTP scheme other than bearer/basic: kept for documentation.
    Other(String),
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// UpperCamel Rust name, unique in the module.
    pub name: String,
    /// Doc text (title, description), unescaped Markdown from the spec.
    pub doc: Option<String>,
    /// JSON pointer of the schema it came from (for docs and diagnostics).
    pub origin: String,
    /// What the type is.
    pub kind: TypeKind,
}

/// The shapes a named type takes.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields; `extra` says what happens to unknown fields.
    Struct { fields: Vec<Field>, extra: Extra },
    /// A string enum. Open enums carry an extra variant that keeps an unknown value (its name is
    /// `open`); closed ones reject other strings (`const` gives a closed one-variant enum).
    Enum {
        variants: Vec<EnumVariant>,
        open: Option<String>,
    },
    /// A one-value type for a `const` that is not a string: the only value it reads or writes.
    Const(Constant),
    /// A union (`oneOf`, `anyOf`). With a `tag`, a value is the variant its tag property names
    /// (one look, no trial), and a tag no variant has is kept whole in the `other` variant;
    /// without one, the variant that reads the value with the least left over wins (see
    /// `vendor_runtime::Union`).
    Union {
        variants: Vec<UnionVariant>,
        tag: Option<Tag>,
    },
    /// A newtype around another type (a component schema that is a primitive or an array).
    Newtype(TypeRef),
    /// Another name for a type (a component schema that is only a `$ref`): `pub type Name =
    /// Target;`, so a long chain of references costs the compiler nothing.
    Alias(TypeRef),
}

/// The value of a `const` that is not a string (strings are one-variant closed enums), with
/// its Rust type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Constant {
    /// `bool`.
    Bool(bool),
    /// `i32` (`format: int32`).
    I32(i32),
    /// `i64` (`integer`, `format: int64`).
    I64(i64),
    /// `f32` (`format: float`).
    F32(f32),
    /// `f64` (`number`).
    F64(f64),
}

impl Constant {
    /// The value as JSON writes it: `true`, `-7`, `0.5`, `1e300`.
    pub fn text(self) -> String {
        match self {
            Constant::Bool(value) => value.to_string(),
            Constant::I32(value) => value.to_string(),
            Constant::I64(value) => value.to_string(),
            Constant::F32(value) => format!("{value:?}"),
            Constant::F64(value) => format!("{value:?}"),
        }
    }
}

/// What a struct does with fields its schema does not list.
#[derive(Debug, Clone, PartialEq)]
pub enum Extra {
    /// Kept as JSON values in a flattened map field of the given name (`additionalProperties`
    /// absent or `true`): round trips are lossless.
    Keep { field: String },
    /// Kept in a flattened map of typed values (`additionalProperties: <schema>`).
    Typed { field: String, ty: TypeRef },
    /// Rejected (`additionalProperties: false`).
    Deny,
}

impl Extra {
    /// The field that keeps what the schema does not list, unless it is refused.
    pub fn field(&self) -> Option<&str> {
        match self {
            Extra::Keep { field } | Extra::Typed { field, .. } => Some(field),
            Extra::Deny => None,
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// snake_case Rust name; a keyword is given as a raw identifier (`r#type`).
    pub name: String,
    /// Name on the wire (the property name), for `serde(rename)`.
    pub wire: String,
    /// Doc text.
    pub doc: Option<String>,
    /// The field's type, `Option` already applied where the field is optional or nullable.
    pub ty: TypeRef,
    /// Whether the property is required; an optional field is skipped when `None`.
    pub required: bool,
}

/// A variant of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// UpperCamel Rust name.
    pub name: String,
    /// The string on the wire.
    pub wire: String,
}

/// A variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// UpperCamel Rust name.
    pub name: String,
    /// The type it carries.
    pub ty: TypeRef,
    /// The values of the union's tag property that select this variant (empty in a union
    /// without a tag).
    pub tags: Vec<String>,
    /// The values it can read, as far as their JSON kind and keys tell: a value outside it is
    /// not tried on it (`lower::unions` decides it).
    pub shape: Shape,
}

/// The JSON values a type can read, as far as their kind and keys tell: a union's reader
/// (`vendor_runtime::Shape`) does not try a variant on a value outside its shape, which the
/// variant could only refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The JSON kinds a value can be.
    pub kinds: Kinds,
    /// The keys an object must have: the required properties that are not nullable (a
    /// missing one is refused, where a missing nullable one reads as `None`).
    pub required: Vec<String>,
}

impl Shape {
    /// Any value: what a variant is tried on before its shape is decided.
    pub const ANY: Shape = Shape {
        kinds: Kinds::ANY,
        required: Vec::new(),
    };
}

/// A set of JSON kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(pub u8);

impl Kinds {
    /// `null`.
    pub const NULL: Kinds = Kinds(1);
    /// `true`, `false`.
    pub const BOOL: Kinds = Kinds(2);
    /// A number without a fraction.
    pub const INTEGER: Kinds = Kinds(4);
    /// A number with a fraction.
    pub const FRACTION: Kinds = Kinds(8);
    /// A string.
    pub const STRING: Kinds = Kinds(16);
    /// An array.
    pub const ARRAY: Kinds = Kinds(32);
    /// An object.
    pub const OBJECT: Kinds = Kinds(64);
    /// Any kind.
    pub const ANY: Kinds = Kinds(u8::MAX);
    /// No kind.
    pub const NONE: Kinds = Kinds(0);

    /// Both sets.
    #[must_use]
    pub const fn or(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    /// Whether the two sets share a kind.
    pub const fn meets(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether every kind of `other` is in this set.
    pub const fn contains(self, other: Kinds) -> bool {
        self.0 & other.0 == other.0
    }
}

/// How a tagged union tells its variants apart: the property every variant fixes.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The property's name on the wire, e.g. `type`.
    pub property: String,
    /// UpperCamel name of the variant that keeps a value whose tag no variant has, whole
    /// (a `serde_json::Value`), so that a new kind of value never fails to read.
    pub other: String,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A named type of this module.
    Named(TypeId),
    /// `bool`.
    Bool,
    /// `i32` (`format: int32`).
    I32,
    /// `i64` (`integer`, `format: int64`).
    I64,
    /// `f32` (`format: float`).
    F32,
    /// `f64` (`number`).
    F64,
    /// `String`.
    String,
    /// Any JSON value (`serde_json::Value`).
    Json,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`.
    Option(Box<TypeRef>),
    /// `Box<T>`, inserted to break a cycle: only ever around a named type (or in an `Option`),
    /// never inside a `Vec` or a map, whose heap already breaks one (`lower::cycles`).
    Box(Box<TypeRef>),
}

/// An HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// snake_case name, e.g. `delete_file` (from `operationId`, or method and path; see `lower::names`).
    pub name: String,
    /// snake_case name of the module that holds the operation's types, e.g. `delete_file`: a
    /// namespace of its own, so that they never meet the document's schemas.
    pub module: String,
    /// UpperCamel name of the request type in [`Operation::module`]: `Request`.
    pub request_type: String,
    /// UpperCamel name of the enum of success responses in [`Operation::module`]: `Response`;
    /// `None` when at most one success (2xx) response is documented: its body type is the
    /// success.
    pub response_type: Option<String>,
    /// UpperCamel name of the error enum in [`Operation::module`]: `Error`, a variant per
    /// documented non-success response, and one that keeps anything else.
    pub error_type: String,
    /// The error variant that keeps an undocumented or unparsable response (`Unexpected`).
    pub unexpected_variant: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as requested, e.g. `/v1/files/{file_id}` (as written, without a fragment).
    pub path: String,
    /// Where it is in the (normalized) document, e.g. `/paths/~1v1~1files/get`.
    pub pointer: String,
    /// Summary and description.
    pub doc: Option<String>,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// Path, query, header and cookie parameters, in document order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// The `accept` header its requests send: the media types of its success responses, when
    /// one of them is not JSON or a status documents several kinds, then those only its errors
    /// document, at `q=0.9` (`None` otherwise: JSON is what every server sends by default).
    pub accept: Option<String>,
    /// One entry per documented status (and `default`), in document order.
    pub responses: Vec<Response>,
    /// The client's streaming method, when its one success response is an event stream of
    /// a documented type or bytes.
    pub streaming: Option<Streaming>,
    /// Keys of the security schemes that may authorize it (empty: none needed).
    pub security: Vec<String>,
    /// How a request applies the caller's key: the first scheme of `security` that takes a
    /// single key (bearer or an API key); `None` when there is none.
    pub auth: Option<SecurityKind>,
}

/// An HTTP method an OpenAPI path item can have an operation for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Method {
    /// Every method, in the order of a path item's fields.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// Its key in a path item, e.g. `get`.
    pub const fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// Its name on the wire (and of its constant in `http::Method`), e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// snake_case field name in the request type.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Doc text.
    pub doc: Option<String>,
    /// Its type, `Option` already applied where it is not required.
    pub ty: TypeRef,
    /// Whether it is required.
    pub required: bool,
    /// Whether it is an array (`Vec`, within the `Option` of `ty` if any): sent as one
    /// parameter per item (OpenAPI's default style, `explode`), each item as `text` says.
    pub exploded: bool,
    /// How its value (each item, when `exploded`) becomes text, decided through aliases.
    pub text: ParamText,
}

/// How a parameter value becomes the text of a path segment, query value, header or cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamText {
    /// A string: as it is.
    Str,
    /// A number or a boolean: as Rust prints it.
    Display,
    /// A string enum: its wire value.
    Enum,
    /// Anything else (a newtype, a union, an array, an object, any JSON value): through
    /// `vendor_runtime::param_text`.
    Serialized,
    /// An object in the query with OpenAPI's default style (`form`, exploded): each member its
    /// own `key=value`, through `vendor_runtime::RequestBuilder::query_members`.
    Members,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// snake_case field name in the request type (usually `body`); a multipart body with
    /// parts has a field per part instead.
    pub name: String,
    /// Its media type, e.g. `application/json`.
    pub media_type: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Its type, `Option` already applied where it is not required. A binary body (and one of
    /// a media type the runtime does not know) is held as bytes (`Vec<u8>`, `Option` as here)
    /// whatever its schema says.
    pub ty: TypeRef,
    /// Whether it is required.
    pub required: bool,
    /// What the media type says of how the body is written.
    pub encoding: Encoding,
    /// A `multipart/form-data` body's parts, one per property of its object schema, each a
    /// field of the request type in place of `ty` (empty for other encodings, and for a
    /// multipart body whose schema is not an object: that one is not sent).
    pub parts: Vec<Part>,
    /// The field of the request that holds the properties a multipart body's schema does not
    /// list, where its `additionalProperties` allows them, each sent as a part (`None` for
    /// other encodings, and where the schema denies them).
    pub extra: Option<Extra>,
}

impl Body {
    /// Whether the request's `to_http` sends this body (and the client has a method for it):
    /// every one but a multipart body whose schema is not an object, and a text body whose
    /// schema is not a string.
    pub fn is_sent(&self) -> bool {
        match self.encoding {
            Encoding::Json | Encoding::Form | Encoding::Binary | Encoding::Other => true,
            Encoding::Multipart => !self.parts.is_empty(),
            Encoding::Text => {
                matches!(&self.ty, TypeRef::String)
                    || matches!(&self.ty, TypeRef::Option(inner) if **inner == TypeRef::String)
            }
        }
    }

    /// The `content-type` a text, binary or other body is sent with: its media type, or
    /// `application/octet-stream` where the document gives a range (`*/*`, `image/*`).
    pub fn content_type(&self) -> &str {
        if self.media_type.contains('*') {
            "application/octet-stream"
        } else {
            &self.media_type
        }
    }
}

/// A part of a `multipart/form-data` body: a property of the body's object schema, a field of
/// the request type.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// snake_case field name in the request type.
    pub name: String,
    /// The part's name on the wire (the property name).
    pub wire: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Its type as the schema says, `Option` already applied where it is not required. A file
    /// part's field holds the runtime's `File` in place of the schema's string (a `Vec` of
    /// them for `Files`), `Option` as here.
    pub ty: TypeRef,
    /// Whether it is required.
    pub required: bool,
    /// How it is written.
    pub kind: PartKind,
}

/// How a multipart part is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A text field, its value as a parameter's would be.
    Text(ParamText),
    /// An array of scalars: a text field per item, all of the part's name.
    Texts(ParamText),
    /// A JSON value with `content-type: application/json` (the document's `encoding` says so,
    /// or the value is an object, a union, or an array that is not of scalars).
    Json,
    /// A file (`format: binary`): `vendor_runtime::File`, with its filename and content type.
    File,
    /// An array of files: a file part per item, all of the part's name.
    Files,
}

/// How a body is written on the wire, as its media type says (`lower` reads the media type;
/// nothing after it does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON: `application/json`, `text/json`, `*/*+json`.
    Json,
    /// `multipart/*` (`multipart/form-data`…).
    Multipart,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Bytes as they are: `application/octet-stream`, `image/*`, `audio/*`, `video/*`.
    Binary,
    /// Other text: `text/*` (`text/plain`, `text/event-stream`…).
    Text,
    /// Any other media type.
    Other,
}

impl Encoding {
    /// How a body of the media type `media` is written (parameters such as `; charset=utf-8`
    /// and case aside): the one reading of a media type, for `lower` and the passes before it.
    pub(crate) fn of(media: &str) -> Self {
        let essence = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let (kind, _) = essence.split_once('/').unwrap_or((&essence, ""));
        match essence.as_str() {
            "application/json" | "text/json" => Encoding::Json,
            _ if essence.ends_with("+json") => Encoding::Json,
            "application/x-www-form-urlencoded" => Encoding::Form,
            "application/octet-stream" => Encoding::Binary,
            _ => match kind {
                "multipart" => Encoding::Multipart,
                "image" | "audio" | "video" => Encoding::Binary,
                "text" => Encoding::Text,
                _ => Encoding::Other,
            },
        }
    }
}

/// Which status a response stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// A range such as `4XX` (the digit).
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Its status.
    pub status: Status,
    /// UpperCamel variant name in the response enum, e.g. `NotFound`.
    pub variant: String,
    /// Doc text (the response's description).
    pub doc: Option<String>,
    /// Every kind of body documented for this status, each kind once, in document order:
    /// empty when none is; with several, the response's `content-type` chooses at parse time.
    pub content: Vec<Content>,
    /// Whether the status is a success (2xx): such a response is the `Ok` of parsing.
    pub success: bool,
    /// An error the server may report inside this success response (`x-error-code`).
    pub reported: Option<Reported>,
    /// Where an error response's body holds the server's message (`lower::message`); `None`
    /// for a success, and for a body that cannot hold one.
    pub message: Option<Message>,
}

/// Where the body of an error response holds the server's message.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A string field of the body's type, at this path of Rust fields from its root.
    Field(Vec<MessageStep>),
    /// No field of its type is one, but the body keeps what its type does not describe
    /// (unknown fields, a union, any JSON value): looked up in the body written as JSON.
    Lookup,
    /// The body is text: it is the message.
    Text,
}

/// A field on the way to an error body's message.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageStep {
    /// Its Rust name.
    pub field: String,
    /// Whether it is an `Option` (boxes are looked through).
    pub optional: bool,
}

impl Response {
    /// The type of its JSON body, if it documents one.
    pub fn json(&self) -> Option<&TypeRef> {
        self.content.iter().find_map(|content| match &content.kind {
            ContentKind::Json(ty) => Some(ty),
            _ => None,
        })
    }
}

/// A kind of body a response documents, and the media type that first named it.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The media type as written, e.g. `audio/mpeg`.
    pub media_type: String,
    /// What the body is read as.
    pub kind: ContentKind,
}

/// What a response body is read as (`lower` reads the media type; nothing after it does).
#[derive(Debug, Clone, PartialEq)]
pub enum ContentKind {
    /// JSON of this type (`application/json`, `text/json`, `*/*+json`).
    Json(TypeRef),
    /// Text, decoded by the charset of the `content-type` (`text/*` but an event stream).
    Text,
    /// An event stream (`text/event-stream`), with the type of its events when the document
    /// gives one.
    Events(Option<EventItem>),
    /// Bytes as they are (`application/octet-stream`, `image/*`, `audio/*`, `video/*`,
    /// `application/pdf`, any other media type).
    Bytes,
}

/// What each event of a stream holds.
#[derive(Debug, Clone, PartialEq)]
pub struct EventItem {
    /// The item type (the media type's `schema`).
    pub ty: TypeRef,
    /// Whether `ty` describes the whole event (an object of `data`, and maybe `event`, `id`,
    /// `retry`, as Speakeasy's documents write it) rather than its data (as OpenAI's do).
    pub envelope: bool,
    /// The data that ends the stream: the document's `x-speakeasy-sse-sentinel`, else
    /// `[DONE]` (no JSON item reads as it).
    pub sentinel: String,
}

/// A client method that streams an operation's success body instead of reading it whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Streaming {
    /// snake_case name of the method, e.g. `create_chat_completion_stream`; the operation's
    /// own name when it `replaces` the method that reads the body whole.
    pub method: String,
    /// Whether it is the operation's only client method: its one success is an event stream
    /// and nothing else, which no caller wants whole.
    pub replaces: bool,
    /// What it streams.
    pub kind: StreamKind,
}

/// What a streaming method yields.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamKind {
    /// Typed events of an event stream.
    Events {
        /// What each event holds.
        item: EventItem,
        /// The boolean field of the JSON request body that asks for a stream (`stream`),
        /// when the same status documents JSON too: the streaming method sets it to `true`,
        /// the other method to `false` and returns the JSON body.
        flag: Option<Flag>,
    },
    /// The bytes of a download, chunk by chunk as they arrive.
    Chunks,
}

/// The boolean field of a request body that chooses between JSON and a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// Its Rust name in the body struct, e.g. `stream`.
    pub field: String,
    /// Whether it is an `Option<bool>`.
    pub optional: bool,
}

/// How a success body reports an error (the `x-error-code` extension of a response): the value
/// at `code` is not one of `success`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reported {
    /// UpperCamel variant of the error enum that carries such a response, e.g. `Reported`.
    pub variant: String,
    /// JSON pointer of the code in the body, e.g. `/base_resp/status_code`.
    pub code: String,
    /// The codes that mean success, as JSON texts (`0`).
    pub success: Vec<String>,
    /// JSON pointer of the message beside the code, if any.
    pub message: Option<String>,
}

/// An example the document gives, and the type it must fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// snake_case name, unique in the module, for the generated test.
    pub name: String,
    /// JSON pointer of the example in the normalized document.
    pub pointer: String,
    /// The type it is an example of.
    pub ty: TypeRef,
    /// The example itself.
    pub value: Value,
    /// `None` when it fits the type; otherwise the first reason the type refuses it, or, when
    /// it refuses nothing, the first deviation it reads anyway (reported as a warning too).
    pub misfit: Option<Misfit>,
}

/// Why a value does not fit its type: the first place in it that the type refuses, or, when it
/// refuses none, the first place that strays from the schema all the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Misfit {
    /// What kind of refusal it is.
    pub kind: Deviation,
    /// Where, as a JSON pointer inside the value, as the runtime's lenient reading names the
    /// place (`vendor_runtime::Deviation`): a missing property's own pointer, a union's where no
    /// variant reads it.
    pub pointer: String,
    /// Where, as a JSON pointer inside the value, and what the type expected there.
    pub text: String,
}

/// The kinds of place where a value strays from its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Deviation {
    /// A required property is missing.
    Missing,
    /// A required property that may be `null` is missing: the generated type reads it as `None`,
    /// as it reads `null` (the one deviation it does not refuse).
    MissingNullable,
    /// `null` where the schema does not allow it.
    Null,
    /// A value of another JSON type than the schema's.
    OtherType,
    /// A value of the right type that the schema does not allow (an enum's, a `const`'s).
    OtherValue,
    /// A property that `additionalProperties: false` refuses.
    NotAllowed,
    /// A value that no variant of a union reads.
    NoVariant,
}

impl Deviation {
    /// Every kind, in the order tables list them.
    pub const ALL: [Deviation; 7] = [
        Deviation::Missing,
        Deviation::MissingNullable,
        Deviation::Null,
        Deviation::OtherType,
        Deviation::OtherValue,
        Deviation::NotAllowed,
        Deviation::NoVariant,
    ];

    /// How a table names the kind.
    pub fn label(self) -> &'static str {
        match self {
            Deviation::Missing => "required field missing",
            Deviation::MissingNullable => "required nullable missing",
            Deviation::Null => "unexpected null",
            Deviation::OtherType => "another type",
            Deviation::OtherValue => "a value not allowed",
            Deviation::NotAllowed => "a property not allowed",
            Deviation::NoVariant => "no variant fits",
        }
    }

    /// Whether the generated type refuses a value that strays so (every kind but
    /// [`Deviation::MissingNullable`]).
    pub fn refused(self) -> bool {
        self != Deviation::MissingNullable
    }
}
