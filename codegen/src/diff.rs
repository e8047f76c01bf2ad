//! What changed between two versions of one API, judged from their IRs (never from text): each
//! change with two verdicts, one for Rust code that uses the generated module and one on the
//! wire, for a client built from the old document talking to a server of the new one.
//!
//! Operations are matched by method and path (a new `operationId` is a rename), types by their
//! Rust name (what code names). The rules, as decided:
//!
//! **Rust code** (the generated types as they are built and matched: structs and enums are
//! `#[non_exhaustive]`, a struct is built by `new` from its required fields and a `with_` setter
//! per optional one, a `match` on an enum has a `_` arm):
//! - anything removed or renamed, a type changed, a required field, parameter or body added, a
//!   field, parameter or body made required or optional (`T` ↔ `Option<T>`): **breaks**
//!   compilation (`new` takes other arguments, or a field has another type);
//! - an optional field, parameter or body added, an enum value, a union variant or an error
//!   status added: **none** (a success status added breaks where the operation had one: its
//!   success type becomes an enum);
//! - a `const` that holds another value, an error reported inside a success body
//!   (`x-error-code`) added or changed: **changes meaning** (the code compiles, the value
//!   differs); that error removed, or a client streaming method removed: **breaks**;
//! - an operation, a type or a server added, docs: **none**; a server whose URL changed: its
//!   constant **changes meaning**.
//!
//! **The wire**, by where a type is used (in a request, in a response, or both):
//! - **breaks**: a request the old client builds is now refused (an operation removed, a
//!   parameter, body or request field added as required or made required, a value an old
//!   request may send removed from an enum or a union, a type or `const` changed), or a response
//!   it reads now fails (a response field it requires removed or made optional, a value a closed
//!   enum of a response refuses added, a member an untagged response union may need added, a
//!   response body retyped);
//!   (a union narrowed to one of its members breaks only requests; a type widened into a union
//!   of it and others, only responses);
//! - **degrades**: the old client still works but reads less, sends what is ignored, or sends to
//!   a server the document no longer names (a server removed or moved; a status
//!   added: read as `Unexpected`; a member added to a tagged union: read as its open variant; a
//!   parameter or request field removed);
//! - **none** otherwise (a field added to a response: kept as an unknown field; an optional
//!   parameter added; anything added to an open enum of a response).

use crate::ir;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How a change affects code or clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Nothing breaks.
    None,
    /// For Rust code: compiles, but a value means something else. On the wire: the old client
    /// still works, but reads less (an `Unexpected`, an open variant) or sends what is ignored.
    Degrades,
    /// Rust code no longer compiles; on the wire, a request is refused or a response no longer
    /// reads.
    Breaks,
}

impl Verdict {
    /// `breaks`, `degrades` (on the wire) or `changes meaning` (for Rust code), `none`.
    pub fn word(self, rust: bool) -> &'static str {
        match (self, rust) {
            (Verdict::None, _) => "none",
            (Verdict::Degrades, true) => "changes meaning",
            (Verdict::Degrades, false) => "degrades",
            (Verdict::Breaks, _) => "breaks",
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A server of the document, by the name of its constant.
    Server {
        /// `SERVER_PRODUCTION`, `BASE_URL`.
        name: String,
    },
    /// An operation, by its Rust name (the new one, if both have it) and endpoint.
    Operation {
        /// snake_case name.
        name: String,
        /// `POST /v1/files`.
        endpoint: String,
    },
    /// A named type.
    Type {
        /// UpperCamel name.
        name: String,
        /// Where the old API uses it: `requests`, `responses`, `requests and responses`, or
        /// `no operation`.
        used: &'static str,
    },
}

impl fmt::Display for Subject {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Operation { name, endpoint } => {
                write!(formatter, "operation `{name}` ({endpoint})")
            }
            Subject::Type { name, used } => write!(formatter, "type `{name}` (in {used})"),
            Subject::Server { name } => write!(formatter, "server `{name}`"),
        }
    }
}

/// One change, with its verdicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it is about.
    pub subject: Subject,
    /// What changed, e.g. ``response `429` added``.
    pub what: String,
    /// For Rust code that uses the generated module.
    pub rust: Verdict,
    /// On the wire: a client built from the old document against a server of the new one.
    pub wire: Verdict,
}

/// Every change between `old` and `new`, in a stable order (subject, then as found), and the
/// number of doc texts that changed (docs-only changes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// The changes.
    pub changes: Vec<Change>,
    /// Doc texts changed (of operations, parameters, types, fields), with nothing else.
    pub docs: usize,
}

impl Diff {
    /// The worst verdict of any change, for Rust code and on the wire.
    pub fn worst(&self) -> (Verdict, Verdict) {
        let rust = self.changes.iter().map(|c| c.rust).max();
        let wire = self.changes.iter().map(|c| c.wire).max();
        (rust.unwrap_or(Verdict::None), wire.unwrap_or(Verdict::None))
    }
}

/// Where a type is used: in a request, in a response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Usage {
    request: bool,
    response: bool,
}

impl Usage {
    /// A parameter or a request body.
    const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    /// A response body.
    const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };

    fn text(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "requests and responses",
            (true, false) => "requests",
            (false, true) => "responses",
            (false, false) => "no operation",
        }
    }
}

/// The changes from `old` to `new` (see the module's doc for the rules).
pub fn diff(old: &ir::Api, new: &ir::Api) -> Diff {
    let mut cx = Cx {
        old,
        new,
        usage: usage(old),
        out: Diff::default(),
    };
    cx.servers();
    cx.operations();
    cx.types();
    cx.out.changes.sort_by(|a, b| a.subject.cmp(&b.subject));
    cx.out
}

struct Cx<'a> {
    old: &'a ir::Api,
    new: &'a ir::Api,
    /// Where each type of the old API is used (the old client's view).
    usage: BTreeMap<String, Usage>,
    out: Diff,
}

impl Cx<'_> {
    fn push(&mut self, subject: &Subject, what: String, rust: Verdict, wire: Verdict) {
        self.out.changes.push(Change {
            subject: subject.clone(),
            what,
            rust,
            wire,
        });
    }

    /// Servers, by their constant: one removed breaks code that names it, and an old client
    /// that uses it now sends to a URL the document no longer names; one whose URL changed
    /// changes what the constant means.
    fn servers(&mut self) {
        let new: BTreeMap<&str, &ir::Server> = self
            .new
            .servers
            .iter()
            .map(|s| (s.const_name.as_str(), s))
            .collect();
        for server in &self.old.servers {
            let subject = Subject::Server {
                name: server.const_name.clone(),
            };
            match new.get(server.const_name.as_str()) {
                None => self.push(
                    &subject,
                    format!("removed (`{}`)", server.url),
                    Verdict::Breaks,
                    Verdict::Degrades,
                ),
                Some(now) if now.url != server.url => self.push(
                    &subject,
                    format!("URL `{}` → `{}`", server.url, now.url),
                    Verdict::Degrades,
                    Verdict::Degrades,
                ),
                Some(now) => {
                    if now.description != server.description {
                        self.out.docs += 1;
                    }
                }
            }
        }
        let old: BTreeSet<&str> = self
            .old
            .servers
            .iter()
            .map(|s| s.const_name.as_str())
            .collect();
        for server in self
            .new
            .servers
            .iter()
            .filter(|s| !old.contains(s.const_name.as_str()))
        {
            let subject = Subject::Server {
                name: server.const_name.clone(),
            };
            self.push(
                &subject,
                format!("added (`{}`)", server.url),
                Verdict::None,
                Verdict::None,
            );
        }
    }

    fn operations(&mut self) {
        let key = |operation: &ir::Operation| (operation.path.clone(), operation.method.as_str());
        let old: BTreeMap<_, &ir::Operation> =
            self.old.operations.iter().map(|o| (key(o), o)).collect();
        let new: BTreeMap<_, &ir::Operation> =
            self.new.operations.iter().map(|o| (key(o), o)).collect();
        for (key, operation) in &old {
            let subject = Subject::Operation {
                name: operation.name.clone(),
                endpoint: format!("{} {}", key.1, key.0),
            };
            match new.get(key) {
                None => self.push(
                    &subject,
                    "removed".to_owned(),
                    Verdict::Breaks,
                    Verdict::Breaks,
                ),
                Some(now) => self.operation(operation, now),
            }
        }
        for (key, operation) in &new {
            if !old.contains_key(key) {
                let subject = Subject::Operation {
                    name: operation.name.clone(),
                    endpoint: format!("{} {}", key.1, key.0),
                };
                self.push(&subject, "added".to_owned(), Verdict::None, Verdict::None);
            }
        }
    }

    fn operation(&mut self, old: &ir::Operation, new: &ir::Operation) {
        let subject = Subject::Operation {
            name: new.name.clone(),
            endpoint: format!("{} {}", new.method, new.path),
        };
        if old.name != new.name {
            self.push(
                &subject,
                format!(
                    "renamed from `{}` (its types were in the module `{}`)",
                    old.name, old.module
                ),
                Verdict::Breaks,
                Verdict::None,
            );
        }
        if old.doc != new.doc {
            self.out.docs += 1;
        }
        if old.deprecated != new.deprecated {
            let what = if new.deprecated {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(&subject, what.to_owned(), Verdict::None, Verdict::None);
        }
        // Parameters, by location and wire name.
        let key = |param: &ir::Param| (location(param.location), param.wire.clone());
        let params: BTreeMap<_, &ir::Param> = new.params.iter().map(|p| (key(p), p)).collect();
        for param in &old.params {
            let (place, wire) = key(param);
            match params.get(&(place, wire.clone())) {
                None => self.push(
                    &subject,
                    format!("{place} parameter `{wire}` removed"),
                    Verdict::Breaks,
                    Verdict::Degrades,
                ),
                Some(now) => {
                    if param.doc != now.doc {
                        self.out.docs += 1;
                    }
                    self.presence(
                        &subject,
                        &format!("{place} parameter `{wire}`"),
                        param.required,
                        now.required,
                        Usage::REQUEST,
                    );
                    let what = format!("{place} parameter `{wire}`");
                    self.retype(&subject, &what, &param.ty, &now.ty, Usage::REQUEST);
                }
            }
        }
        let old_params: BTreeSet<_> = old.params.iter().map(key).collect();
        for param in &new.params {
            let (place, wire) = key(param);
            if !old_params.contains(&(place, wire.clone())) {
                // `new` takes a required one; an optional one has a setter of its own.
                let (what, verdict) = if param.required {
                    ("required", Verdict::Breaks)
                } else {
                    ("optional", Verdict::None)
                };
                self.push(
                    &subject,
                    format!("{place} parameter `{wire}` added, {what}"),
                    verdict,
                    verdict,
                );
            }
        }
        // The request body.
        match (&old.body, &new.body) {
            (None, None) => {}
            (Some(_), None) => self.push(
                &subject,
                "request body removed".to_owned(),
                Verdict::Breaks,
                Verdict::Degrades,
            ),
            (None, Some(body)) => {
                let verdict = breaks_if(body.required);
                self.push(
                    &subject,
                    format!("request body added (`{}`)", body.media_type),
                    verdict,
                    verdict,
                );
            }
            (Some(was), Some(is)) => {
                if was.doc != is.doc {
                    self.out.docs += 1;
                }
                if was.media_type != is.media_type {
                    self.push(
                        &subject,
                        format!(
                            "request body's media type: `{}` → `{}`",
                            was.media_type, is.media_type
                        ),
                        Verdict::None,
                        Verdict::Breaks,
                    );
                }
                self.presence(
                    &subject,
                    "request body",
                    was.required,
                    is.required,
                    Usage::REQUEST,
                );
                self.retype(&subject, "request body", &was.ty, &is.ty, Usage::REQUEST);
            }
        }
        // Responses, by status.
        let responses: BTreeMap<ir::Status, &ir::Response> =
            new.responses.iter().map(|r| (r.status, r)).collect();
        for response in &old.responses {
            let status = status_text(response.status);
            match responses.get(&response.status) {
                None => self.push(
                    &subject,
                    format!("response {status} removed"),
                    Verdict::Breaks,
                    Verdict::None,
                ),
                Some(now) => {
                    if response.doc != now.doc {
                        self.out.docs += 1;
                    }
                    let (was, is) = (
                        content_text(self.old, &response.content),
                        content_text(self.new, &now.content),
                    );
                    if was != is {
                        // Only the JSON type changed: judged as a retype; any other kind of
                        // body added, removed or changed: old clients read it otherwise.
                        let same_kinds = response.content.len() == now.content.len()
                            && response.content.iter().zip(&now.content).all(|(a, b)| {
                                a.media_type == b.media_type
                                    && std::mem::discriminant(&a.kind)
                                        == std::mem::discriminant(&b.kind)
                            });
                        let wire = match (response.json(), now.json()) {
                            (Some(was), Some(is)) if same_kinds => {
                                self.retyped(was, is, Usage::RESPONSE).0
                            }
                            _ => Verdict::Breaks,
                        };
                        self.push(
                            &subject,
                            format!("response {status}'s body: {was} → {is}"),
                            Verdict::Breaks,
                            wire,
                        );
                    }
                    self.reported(&subject, &status, &response.reported, &now.reported);
                }
            }
        }
        let old_statuses: BTreeSet<ir::Status> = old.responses.iter().map(|r| r.status).collect();
        // Responses are enums (`#[non_exhaustive]`): a variant added breaks no `match`, but a
        // second success turns the success type from its body into an enum of them.
        let successes = old.responses.iter().filter(|r| r.success).count();
        for response in &new.responses {
            if !old_statuses.contains(&response.status) {
                let kind = if response.success { "success" } else { "error" };
                let rust = breaks_if(response.success && successes <= 1);
                self.push(
                    &subject,
                    format!("response {} added ({kind})", status_text(response.status)),
                    rust,
                    Verdict::Degrades,
                );
            }
        }
        self.streaming(&subject, &old.streaming, &new.streaming);
        if old.auth != new.auth || old.security != new.security {
            let wire = if new.security.is_empty() || old.auth == new.auth {
                Verdict::None
            } else {
                Verdict::Breaks
            };
            self.push(
                &subject,
                format!(
                    "security: {} → {}",
                    list(&old.security),
                    list(&new.security)
                ),
                Verdict::None,
                wire,
            );
        }
    }

    /// A parameter, body or field made required or optional.
    /// An error reported inside a success body (`x-error-code`): added, it makes some bodies
    /// that read as a success errors (`Reported`); removed, code that names its variant breaks.
    fn reported(
        &mut self,
        subject: &Subject,
        status: &str,
        was: &Option<ir::Reported>,
        is: &Option<ir::Reported>,
    ) {
        let (what, rust, wire) = match (was, is) {
            (None, Some(is)) => (
                format!(
                    "response {status} reports errors in its body (at `{}`)",
                    is.code
                ),
                Verdict::Degrades,
                Verdict::Degrades,
            ),
            (Some(was), None) => (
                format!(
                    "response {status} no longer reports errors in its body (at `{}`)",
                    was.code
                ),
                Verdict::Breaks,
                Verdict::None,
            ),
            (Some(was), Some(is)) if was != is => (
                format!(
                    "response {status}'s error in its body: `{}` (success {}) → `{}` (success {})",
                    was.code,
                    was.success.join(", "),
                    is.code,
                    is.success.join(", ")
                ),
                Verdict::Degrades,
                Verdict::Degrades,
            ),
            _ => return,
        };
        self.push(subject, what, rust, wire);
    }

    /// The client's streaming method: added, nothing breaks; removed or renamed, code that calls
    /// it breaks, and a server that no longer streams breaks old streaming calls.
    fn streaming(
        &mut self,
        subject: &Subject,
        was: &Option<ir::Streaming>,
        is: &Option<ir::Streaming>,
    ) {
        let kind = |streaming: &ir::Streaming| match &streaming.kind {
            ir::StreamKind::Events { .. } => "events",
            ir::StreamKind::Chunks => "chunks",
        };
        let (what, rust, wire) = match (was, is) {
            (None, Some(is)) => (
                format!("streaming method `{}` added ({})", is.method, kind(is)),
                Verdict::None,
                Verdict::None,
            ),
            (Some(was), None) => (
                format!("streaming method `{}` removed", was.method),
                Verdict::Breaks,
                Verdict::Breaks,
            ),
            (Some(was), Some(is)) if kind(was) != kind(is) => (
                format!(
                    "streaming method `{}` ({}) → `{}` ({})",
                    was.method,
                    kind(was),
                    is.method,
                    kind(is)
                ),
                Verdict::Breaks,
                Verdict::Breaks,
            ),
            (Some(was), Some(is)) if was.method != is.method => (
                format!("streaming method `{}` → `{}`", was.method, is.method),
                Verdict::Breaks,
                Verdict::None,
            ),
            _ => return,
        };
        self.push(subject, what, rust, wire);
    }

    fn presence(&mut self, subject: &Subject, what: &str, was: bool, is: bool, usage: Usage) {
        // An old request may lack what is now required; a response may now lack what an old
        // client requires.
        let (made, wire) = match (was, is) {
            (false, true) => ("required", usage.request),
            (true, false) => ("optional", usage.response),
            _ => return,
        };
        self.push(
            subject,
            format!("{what} made {made}"),
            Verdict::Breaks,
            breaks_if(wire),
        );
    }

    fn types(&mut self) {
        let new: BTreeMap<&str, &ir::TypeDef> = self
            .new
            .types
            .iter()
            .map(|t| (t.name.as_str(), t))
            .collect();
        let old_names: BTreeSet<&str> = self.old.types.iter().map(|t| t.name.as_str()).collect();
        for def in &self.old.types {
            let used = self
                .usage
                .get(&def.name)
                .copied()
                .unwrap_or_default()
                .text();
            let subject = Subject::Type {
                name: def.name.clone(),
                used,
            };
            match new.get(def.name.as_str()) {
                None => self.push(
                    &subject,
                    "removed".to_owned(),
                    Verdict::Breaks,
                    Verdict::None,
                ),
                Some(now) => self.type_def(def, now),
            }
        }
        for def in &self.new.types {
            if !old_names.contains(def.name.as_str()) {
                let subject = Subject::Type {
                    name: def.name.clone(),
                    used: "the new version",
                };
                self.push(&subject, "added".to_owned(), Verdict::None, Verdict::None);
            }
        }
    }

    fn type_def(&mut self, old: &ir::TypeDef, new: &ir::TypeDef) {
        let usage = self.usage.get(&old.name).copied().unwrap_or_default();
        let subject = Subject::Type {
            name: new.name.clone(),
            used: usage.text(),
        };
        if old.doc != new.doc {
            self.out.docs += 1;
        }
        match (&old.kind, &new.kind) {
            (
                ir::TypeKind::Struct {
                    fields: was,
                    extra: was_extra,
                },
                ir::TypeKind::Struct {
                    fields: is,
                    extra: is_extra,
                },
            ) => {
                self.fields(&subject, was, is, usage);
                if std::mem::discriminant(was_extra) != std::mem::discriminant(is_extra) {
                    let wire = breaks_if(matches!(is_extra, ir::Extra::Deny) && usage.response);
                    self.push(
                        &subject,
                        "unknown fields: kept ↔ refused".to_owned(),
                        Verdict::Breaks,
                        wire,
                    );
                }
            }
            (
                ir::TypeKind::Enum {
                    variants: was,
                    open: was_open,
                },
                ir::TypeKind::Enum {
                    variants: is,
                    open: is_open,
                },
            ) => {
                let was_values: BTreeSet<&str> = was.iter().map(|v| v.wire.as_str()).collect();
                let is_values: BTreeSet<&str> = is.iter().map(|v| v.wire.as_str()).collect();
                for value in was_values.difference(&is_values) {
                    let wire = breaks_if(usage.request);
                    self.push(
                        &subject,
                        format!("value `{value}` removed"),
                        Verdict::Breaks,
                        wire,
                    );
                }
                for value in is_values.difference(&was_values) {
                    let wire = breaks_if(usage.response && was_open.is_none());
                    self.push(
                        &subject,
                        format!("value `{value}` added"),
                        Verdict::None,
                        wire,
                    );
                }
                if was_open.is_some() != is_open.is_some() {
                    let what = if is_open.is_some() {
                        "made open (keeps unknown values)"
                    } else {
                        "made closed (refuses unknown values)"
                    };
                    self.push(&subject, what.to_owned(), Verdict::Breaks, Verdict::None);
                }
            }
            (ir::TypeKind::Const(was), ir::TypeKind::Const(is)) => {
                if was.text() != is.text() {
                    self.push(
                        &subject,
                        format!("const `{}` → `{}`", was.text(), is.text()),
                        Verdict::Degrades,
                        Verdict::Breaks,
                    );
                }
            }
            (
                ir::TypeKind::Union {
                    variants: was,
                    tag: was_tag,
                },
                ir::TypeKind::Union {
                    variants: is,
                    tag: is_tag,
                },
            ) => {
                let members =
                    |variants: &[ir::UnionVariant], api: &ir::Api| -> BTreeMap<String, String> {
                        variants
                            .iter()
                            .map(|v| (v.name.clone(), text(api, &v.ty)))
                            .collect()
                    };
                let (was_members, is_members) = (members(was, self.old), members(is, self.new));
                for (name, ty) in &was_members {
                    match is_members.get(name) {
                        None => {
                            let wire = breaks_if(usage.request);
                            self.push(
                                &subject,
                                format!("variant `{name}` removed"),
                                Verdict::Breaks,
                                wire,
                            );
                        }
                        Some(now) if now != ty => self.push(
                            &subject,
                            format!("variant `{name}` retyped: `{ty}` → `{now}`"),
                            Verdict::Breaks,
                            Verdict::Breaks,
                        ),
                        Some(_) => {}
                    }
                }
                for name in is_members
                    .keys()
                    .filter(|name| !was_members.contains_key(*name))
                {
                    let wire = match (usage.response, was_tag) {
                        (false, _) => Verdict::None,
                        (true, Some(_)) => Verdict::Degrades,
                        (true, None) => Verdict::Breaks,
                    };
                    self.push(
                        &subject,
                        format!("variant `{name}` added"),
                        Verdict::None,
                        wire,
                    );
                }
                let property = |tag: &Option<ir::Tag>| tag.as_ref().map(|tag| tag.property.clone());
                if property(was_tag) != property(is_tag) {
                    let show =
                        |tag: Option<String>| tag.map_or("none".to_owned(), |p| format!("`{p}`"));
                    self.push(
                        &subject,
                        format!(
                            "tag property: {} → {}",
                            show(property(was_tag)),
                            show(property(is_tag))
                        ),
                        Verdict::Breaks,
                        Verdict::Degrades,
                    );
                }
            }
            (ir::TypeKind::Newtype(was), ir::TypeKind::Newtype(is))
            | (ir::TypeKind::Alias(was), ir::TypeKind::Alias(is)) => {
                let (was, is) = (self.old_text(was), self.new_text(is));
                if was != is {
                    self.push(
                        &subject,
                        format!("retyped: `{was}` → `{is}`"),
                        Verdict::Breaks,
                        Verdict::Breaks,
                    );
                }
            }
            (was, is) => self.push(
                &subject,
                format!("{} → {}", kind(was), kind(is)),
                Verdict::Breaks,
                Verdict::Breaks,
            ),
        }
    }

    fn fields(&mut self, subject: &Subject, was: &[ir::Field], is: &[ir::Field], usage: Usage) {
        let now: BTreeMap<&str, &ir::Field> = is.iter().map(|f| (f.wire.as_str(), f)).collect();
        let before: BTreeSet<&str> = was.iter().map(|f| f.wire.as_str()).collect();
        for field in was {
            let name = format!("field `{}`", field.wire);
            match now.get(field.wire.as_str()) {
                None => {
                    let wire = if usage.response && field.required {
                        Verdict::Breaks
                    } else if usage.request {
                        Verdict::Degrades
                    } else {
                        Verdict::None
                    };
                    self.push(subject, format!("{name} removed"), Verdict::Breaks, wire);
                }
                Some(field_now) => {
                    if field.doc != field_now.doc {
                        self.out.docs += 1;
                    }
                    self.presence(subject, &name, field.required, field_now.required, usage);
                    let (was_ty, is_ty) = (self.old_text(&field.ty), self.new_text(&field_now.ty));
                    if strip_option(&was_ty) != strip_option(&is_ty) {
                        self.retype(subject, &name, &field.ty, &field_now.ty, usage);
                    } else if was_ty != is_ty && field.required == field_now.required {
                        // Nullable or not: `T` ↔ `Option<T>` of a field whose presence stayed.
                        // A response may now hold a null the old client refuses; a request of
                        // the old client may hold a null the server now refuses.
                        let nullable = is_ty.len() > was_ty.len();
                        let wire =
                            breaks_if((nullable && usage.response) || (!nullable && usage.request));
                        let what = if nullable {
                            "made nullable"
                        } else {
                            "no longer nullable"
                        };
                        self.push(subject, format!("{name} {what}"), Verdict::Breaks, wire);
                    }
                }
            }
        }
        for field in is.iter().filter(|f| !before.contains(f.wire.as_str())) {
            // `new` takes a required field; an optional one has a setter of its own.
            let (what, rust, wire) = if field.required {
                ("required", Verdict::Breaks, breaks_if(usage.request))
            } else {
                ("optional", Verdict::None, Verdict::None)
            };
            self.push(
                subject,
                format!("field `{}` added, {what}", field.wire),
                rust,
                wire,
            );
        }
    }

    /// The wire verdict of a value of type `was` now of type `is`, used as `usage` says: a
    /// union narrowed to one of its members (OpenAI's `error: oneOf [object, string]` made the
    /// object) is read by old clients as before, but an old request may send a member the server
    /// no longer takes; a type widened into a union of it and others is the other way round;
    /// anything else breaks.
    /// A change ``{what} retyped: `old` → `new` `` when the type of `what` (a parameter, a body,
    /// a field) differs, as [`Cx::retyped`] judges it.
    fn retype(
        &mut self,
        subject: &Subject,
        what: &str,
        was: &ir::TypeRef,
        is: &ir::TypeRef,
        usage: Usage,
    ) {
        let (was_text, is_text) = (self.old_text(was), self.new_text(is));
        if strip_option(&was_text) != strip_option(&is_text) {
            let (wire, note) = self.retyped(was, is, usage);
            self.push(
                subject,
                format!("{what} retyped: `{was_text}` → `{is_text}`{note}"),
                Verdict::Breaks,
                wire,
            );
        }
    }

    fn retyped(
        &self,
        was: &ir::TypeRef,
        is: &ir::TypeRef,
        usage: Usage,
    ) -> (Verdict, &'static str) {
        let (was_text, is_text) = (self.old_text(was), self.new_text(is));
        let (was_text, is_text) = (strip_option(&was_text), strip_option(&is_text));
        let narrowed = members(self.old, was)
            .iter()
            .any(|member| member == is_text);
        let widened = members(self.new, is)
            .iter()
            .any(|member| member == was_text);
        if narrowed {
            let note = " (a union narrowed to one of its members: read by old clients as before; \
                        an old request may still send another member)";
            (breaks_if(usage.request), note)
        } else if widened {
            let note = " (widened into a union of it and others: old requests are still taken; \
                        an old client cannot read the other members)";
            (breaks_if(usage.response), note)
        } else {
            (Verdict::Breaks, "")
        }
    }

    fn old_text(&self, ty: &ir::TypeRef) -> String {
        text(self.old, ty)
    }

    fn new_text(&self, ty: &ir::TypeRef) -> String {
        text(self.new, ty)
    }
}

/// What a response's bodies are, as a reviewer reads them: `` `File` ``, `` text (`text/plain`) ``,
/// `` bytes (`audio/mpeg`) ``, `` events of `Chunk` ``, `no body`.
fn content_text(api: &ir::Api, content: &[ir::Content]) -> String {
    if content.is_empty() {
        return "no body".to_owned();
    }
    let kinds: Vec<String> = content
        .iter()
        .map(|content| match &content.kind {
            ir::ContentKind::Json(ty) => format!("`{}`", text(api, ty)),
            ir::ContentKind::Text => format!("text (`{}`)", content.media_type),
            ir::ContentKind::Bytes => format!("bytes (`{}`)", content.media_type),
            ir::ContentKind::Events(Some(item)) => format!("events of `{}`", text(api, &item.ty)),
            ir::ContentKind::Events(None) => "events".to_owned(),
        })
        .collect();
    kinds.join(" or ")
}

/// `Breaks` when `yes`, else `None`.
fn breaks_if(yes: bool) -> Verdict {
    if yes {
        Verdict::Breaks
    } else {
        Verdict::None
    }
}

/// A type as Rust code names it, with the names of `api`.
fn text(api: &ir::Api, ty: &ir::TypeRef) -> String {
    match ty {
        ir::TypeRef::Named(id) => api
            .types
            .get(id.0)
            .map_or_else(|| "?".to_owned(), |t| t.name.clone()),
        ir::TypeRef::Bool => "bool".to_owned(),
        ir::TypeRef::I32 => "i32".to_owned(),
        ir::TypeRef::I64 => "i64".to_owned(),
        ir::TypeRef::F32 => "f32".to_owned(),
        ir::TypeRef::F64 => "f64".to_owned(),
        ir::TypeRef::String => "String".to_owned(),
        ir::TypeRef::Json => "Value".to_owned(),
        ir::TypeRef::Vec(item) => format!("Vec<{}>", text(api, item)),
        ir::TypeRef::Map(item) => format!("BTreeMap<String, {}>", text(api, item)),
        ir::TypeRef::Option(item) => format!("Option<{}>", text(api, item)),
        // A box is how a cycle is broken, not a difference a user sees in values.
        ir::TypeRef::Box(item) => text(api, item),
    }
}

/// The member types of `ty` (under its `Option`, if any), when it names a union of `api`, as
/// Rust code names them.
fn members(api: &ir::Api, ty: &ir::TypeRef) -> Vec<String> {
    let mut ty = ty;
    while let ir::TypeRef::Option(inner) | ir::TypeRef::Box(inner) = ty {
        ty = inner;
    }
    match ty {
        ir::TypeRef::Named(id) => match api.types.get(id.0).map(|def| &def.kind) {
            Some(ir::TypeKind::Union { variants, .. }) => variants
                .iter()
                .map(|variant| text(api, &variant.ty))
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// `T` for `Option<T>`, else the text as it is.
fn strip_option(text: &str) -> &str {
    text.strip_prefix("Option<")
        .and_then(|rest| rest.strip_suffix('>'))
        .unwrap_or(text)
}

fn kind(kind: &ir::TypeKind) -> &'static str {
    match kind {
        ir::TypeKind::Struct { .. } => "a struct",
        ir::TypeKind::Enum { .. } => "a string enum",
        ir::TypeKind::Const(_) => "a const",
        ir::TypeKind::Union { .. } => "a union",
        ir::TypeKind::Newtype(_) => "a newtype",
        ir::TypeKind::Alias(_) => "an alias",
    }
}

fn location(location: ir::ParamLocation) -> &'static str {
    match location {
        ir::ParamLocation::Path => "path",
        ir::ParamLocation::Query => "query",
        ir::ParamLocation::Header => "header",
        ir::ParamLocation::Cookie => "cookie",
    }
}

fn status_text(status: ir::Status) -> String {
    match status {
        ir::Status::Code(code) => format!("`{code}`"),
        ir::Status::Range(digit) => format!("`{digit}XX`"),
        ir::Status::Default => "`default`".to_owned(),
    }
}

fn list(keys: &[String]) -> String {
    if keys.is_empty() {
        "none".to_owned()
    } else {
        keys.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where each named type of `api` is used: reachable from a request (parameters, body) or from
/// a response body, through fields, items, members, aliases and typed extras.
fn usage(api: &ir::Api) -> BTreeMap<String, Usage> {
    let mut request = BTreeSet::new();
    let mut response = BTreeSet::new();
    for operation in &api.operations {
        for param in &operation.params {
            reach(api, &param.ty, &mut request);
        }
        if let Some(body) = &operation.body {
            reach(api, &body.ty, &mut request);
        }
        for content in operation.responses.iter().flat_map(|r| &r.content) {
            match &content.kind {
                ir::ContentKind::Json(ty) => reach(api, ty, &mut response),
                ir::ContentKind::Events(Some(item)) => reach(api, &item.ty, &mut response),
                ir::ContentKind::Events(None) | ir::ContentKind::Text | ir::ContentKind::Bytes => {}
            }
        }
    }
    api.types
        .iter()
        .enumerate()
        .map(|(id, def)| {
            let usage = Usage {
                request: request.contains(&id),
                response: response.contains(&id),
            };
            (def.name.clone(), usage)
        })
        .collect()
}

/// Adds every named type `ty` reaches to `seen` (each once, so cycles end).
fn reach(api: &ir::Api, ty: &ir::TypeRef, seen: &mut BTreeSet<usize>) {
    match ty {
        ir::TypeRef::Named(id) => {
            if !seen.insert(id.0) {
                return;
            }
            let Some(def) = api.types.get(id.0) else {
                return;
            };
            match &def.kind {
                ir::TypeKind::Struct { fields, extra } => {
                    for field in fields {
                        reach(api, &field.ty, seen);
                    }
                    if let ir::Extra::Typed { ty, .. } = extra {
                        reach(api, ty, seen);
                    }
                }
                ir::TypeKind::Union { variants, .. } => {
                    for variant in variants {
                        reach(api, &variant.ty, seen);
                    }
                }
                ir::TypeKind::Newtype(inner) | ir::TypeKind::Alias(inner) => {
                    reach(api, inner, seen)
                }
                ir::TypeKind::Enum { .. } | ir::TypeKind::Const(_) => {}
            }
        }
        ir::TypeRef::Vec(inner)
        | ir::TypeRef::Map(inner)
        | ir::TypeRef::Option(inner)
        | ir::TypeRef::Box(inner) => reach(api, inner, seen),
        ir::TypeRef::Bool
        | ir::TypeRef::I32
        | ir::TypeRef::I64
        | ir::TypeRef::F32
        | ir::TypeRef::F64
        | ir::TypeRef::String
        | ir::TypeRef::Json => {}
    }
}
