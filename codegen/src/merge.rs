//! Stage 2½: a vendor's pages, each loaded and normalized on its own, merged into one document.
//!
//! Pages are merged in the order given (the xtask gives them sorted by file name, so the result
//! does not depend on the order a directory lists them). The rules:
//!
//! - **Operations**: the union. The same method and path on two pages is one operation when both
//!   say the same (docs aside: `description`, `summary`, `example`, `examples`, `externalDocs`;
//!   the first page's are kept, with a note); when they differ, an error names both places.
//! - **Components** (schemas, responses, parameters, …): the same name with the same shape (docs
//!   aside) is one entry, the first page's docs kept. The same name with another shape keeps
//!   both: the shape most pages give keeps the name (the first page's on a tie), another
//!   becomes `<name>_<page>` (the name of the first page that gives it; `_2`, `_3`… if that is
//!   taken too; later pages with the same shape share it), every `$ref` of those pages follows,
//!   and a warning names both places. A page pins a name of its own choosing with
//!   `x-merge-name: <name>` on the component (in the page's overlay).
//! - **Security**: schemes merge as components (a renamed scheme is renamed in the page's
//!   security requirements too). When the pages' top-level `security` differ, each page's goes
//!   down onto its operations that have none of their own, and the merged document has none.
//! - **Path items**: each page's path-level `parameters` go down onto its operations (an
//!   operation's own parameter of the same name and location wins, as OpenAPI says), so that two
//!   pages' operations under one path keep each their own; the other path-level keys: first
//!   page's.
//! - **Servers** (by URL): when the pages list different servers, the merged document lists
//!   every server once, the first page's first (the module's `BASE_URL`), with a warning on each
//!   page whose first server is another.
//! - **`info`**: the first page's, its title made of every page's distinct title in order,
//!   joined by `; ` (the module's heading then names what the pages cover).
//! - **Everything else at the top** (`openapi`, the rest of `info`, `tags` by name,
//!   `externalDocs`, `x-*`):
//!   the first page that has it; a later page that says otherwise gets a note.
//!
//! The merged document's every entry (an operation, a component, a path item, a top-level key)
//! is recorded in [`Places`] with the page it came from, so that later stages' diagnostics name
//! that page's file, pointer and line.

use crate::diagnostic::{child, Diagnostic, LineMap, Places, Severity};
use crate::ir::Method;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One page, normalized on its own.
#[derive(Debug)]
pub struct Page {
    /// Its file, as diagnostics name it.
    pub file: String,
    /// Its name, which a component renamed by a conflict takes as a suffix (`file_list`).
    pub name: String,
    /// The page as the typed model.
    pub document: openapiv3::OpenAPI,
    /// Where its nodes stand in its file.
    pub lines: LineMap,
}

/// The kinds of `components`, each a map of named entries.
const KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Keys whose value maps names (not keywords) to entries.
const NAME_MAPS: &[&str] = &[
    "paths",
    "components",
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "properties",
    "patternProperties",
    "content",
    "encoding",
    "variables",
    "mapping",
    "scopes",
];

/// Keys that document and do not shape: two entries that differ only in them are the same.
const DOCS: &[&str] = &[
    "description",
    "summary",
    "example",
    "examples",
    "externalDocs",
];

/// The extension by which a page pins the name its component takes in the merged document.
pub const MERGE_NAME: &str = "x-merge-name";

/// Merges `pages` (at least one) in order into one document tree; `whole` names the result
/// where no page does (the vendor's folder). Gives the tree, where each of its entries came
/// from, and the diagnostics of merging (errors among them when two pages disagree).
pub fn merge(pages: Vec<Page>, whole: &str) -> (Value, Places, Vec<Diagnostic>) {
    let mut places = Places::new(whole);
    let mut trees = Vec::new();
    for page in pages {
        let tree = serde_json::to_value(&page.document).unwrap_or(Value::Null);
        let index = places.page(&page.file, page.lines);
        trees.push((index, page.name, tree));
    }
    let shared = |key: &str| {
        let mut values = trees.iter().map(|(_, _, tree)| tree.get(key));
        let first = values.next().flatten();
        values.all(|value| value == first)
    };
    let shared_security = shared("security");
    let urls = |tree: &Value| -> Vec<Value> {
        let servers = tree.get("servers").and_then(Value::as_array);
        servers.map_or(Vec::new(), |servers| {
            servers
                .iter()
                .filter_map(|server| server.get("url").cloned())
                .collect()
        })
    };
    let shared_servers = trees
        .windows(2)
        .all(|pair| urls(&pair[0].2) == urls(&pair[1].2));
    let mut merger = Merger {
        merged: Map::new(),
        places,
        diagnostics: Vec::new(),
        titles: Vec::new(),
        winners: winners(&trees),
        aliases: BTreeMap::new(),
    };
    merger.places.route(String::new(), 0, String::new());
    for (page, name, mut tree) in trees {
        let Value::Object(_) = tree else { continue };
        let renames = merger.renames(&tree, page, &name);
        rename(&mut tree, &renames);
        if !shared_security {
            push_security(&mut tree);
        }
        push_path_parameters(&mut tree);
        let Value::Object(tree) = tree else { continue };
        merger.page(page, tree, &renames, shared_servers);
    }
    let Merger {
        mut merged,
        places,
        diagnostics,
        titles,
        ..
    } = merger;
    if let (true, Some(Value::Object(info))) = (titles.len() > 1, merged.get_mut("info")) {
        info.insert("title".to_owned(), Value::String(titles.join("; ")));
    }
    (Value::Object(merged), places, diagnostics)
}

/// The merged document so far, where its entries came from, and what merging said.
struct Merger {
    merged: Map<String, Value>,
    places: Places,
    diagnostics: Vec<Diagnostic>,
    /// Every page's distinct `info.title`, in order.
    titles: Vec<String>,
    /// Which shape (docs aside) each component name goes to: the one most pages give it, the
    /// first page's on a tie; with the first page that gives it.
    winners: BTreeMap<(String, String), (usize, Value)>,
    /// The names given to components renamed by a conflict, by their kind and name.
    aliases: BTreeMap<(String, String), Vec<String>>,
}

/// Component renames of one page: (kind, name in the page) → name in the merged document.
type Renames = BTreeMap<(String, String), String>;

impl Merger {
    /// Says `message` about `pointer` of page `page`.
    fn say(&mut self, page: usize, severity: Severity, pointer: &str, message: String) {
        let diagnostic = self.places.at(page, severity, pointer, message);
        self.diagnostics.push(diagnostic);
    }

    /// The page of the merged document's entry `merged` and its pointer there.
    fn origin(&self, merged: &str) -> (usize, String) {
        self.places
            .origin(merged)
            .map_or((0, merged.to_owned()), |(page, at)| (page, at.to_owned()))
    }

    /// The renames page `page` (named `name`) needs: the names it pins, then each component
    /// whose name goes to another shape (one the merged document already gives it, or the one
    /// most pages give it), until none is left. A component renamed the same way by an earlier
    /// page, with the same shape, takes that page's name.
    fn renames(&mut self, tree: &Value, page: usize, name: &str) -> Renames {
        let mut renames = self.pins(tree, page);
        loop {
            let mut renamed = tree.clone();
            rename(&mut renamed, &renames);
            let mut conflicts = Vec::new();
            for kind in KINDS {
                let Some(Value::Object(ours)) = renamed.pointer(&child("/components", kind)) else {
                    continue;
                };
                for (key, value) in ours {
                    let shape = stripped(value);
                    let conflict = match self.component(kind, key) {
                        Some(existing) => stripped(existing) != shape,
                        None => self
                            .winners
                            .get(&(kind.to_string(), key.clone()))
                            .is_some_and(|(_, winner)| *winner != shape),
                    };
                    if conflict {
                        conflicts.push((kind.to_string(), key.clone(), shape));
                    }
                }
            }
            if conflicts.is_empty() {
                return renames;
            }
            for (kind, key, shape) in conflicts {
                let original = original(&renames, &kind, &key);
                let earlier = self
                    .aliases
                    .get(&(kind.clone(), key.clone()))
                    .and_then(|names| {
                        names.iter().find(|alias| {
                            self.component(&kind, alias)
                                .is_some_and(|entry| stripped(entry) == shape)
                        })
                    });
                if let Some(earlier) = earlier.cloned() {
                    renames.insert((kind, original), earlier);
                    continue;
                }
                let fresh = self.fresh(&renamed, &kind, &format!("{key}_{name}"));
                let merged_at = child(&child("/components", &kind), &key);
                let (first, first_at) = match self.places.origin(&merged_at) {
                    Some((first, at)) => (first, at.to_owned()),
                    None => self
                        .winners
                        .get(&(kind.clone(), key.clone()))
                        .map_or((0, merged_at.clone()), |(first, _)| (*first, merged_at)),
                };
                let there = self.places.describe(first, &first_at);
                let at = child(&child("/components", &kind), &original);
                let singular = kind.trim_end_matches('s');
                self.say(
                    page,
                    Severity::Warning,
                    &at,
                    format!(
                        "the {singular} `{key}` is also in {there}, with another shape: both are \
                         kept, and this page's is named `{fresh}` in the vendor's module (the \
                         name goes to the shape most pages give, the first page's on a tie, \
                         pages in file-name order); to choose its name, give it \
                         `{MERGE_NAME}: <name>` in this page's overlay"
                    ),
                );
                self.aliases
                    .entry((kind.clone(), key))
                    .or_default()
                    .push(fresh.clone());
                renames.insert((kind, original), fresh);
            }
        }
    }

    /// The names page `page` pins with [`MERGE_NAME`] on its components.
    fn pins(&mut self, tree: &Value, page: usize) -> Renames {
        let mut renames = Renames::new();
        let Some(Value::Object(components)) = tree.get("components") else {
            return renames;
        };
        for kind in KINDS {
            let Some(Value::Object(entries)) = components.get(*kind) else {
                continue;
            };
            for (key, value) in entries {
                let at = child(&child(&child("/components", kind), key), MERGE_NAME);
                match value.get(MERGE_NAME) {
                    None => {}
                    Some(Value::String(name))
                        if !name.trim().is_empty() && !entries.contains_key(name) =>
                    {
                        renames.insert((kind.to_string(), key.clone()), name.clone());
                    }
                    Some(other) => self.say(
                        page,
                        Severity::Warning,
                        &at,
                        format!(
                            "`{MERGE_NAME}` must be a name no other {kind} of the page has, not \
                             {other}: ignored; give a new name as a string"
                        ),
                    ),
                }
            }
        }
        renames
    }

    /// The merged document's component `name` of `kind`, if it has one.
    fn component(&self, kind: &str, name: &str) -> Option<&Value> {
        self.merged.get("components")?.get(kind)?.get(name)
    }

    /// `wanted`, or `wanted_2`, `wanted_3`…: a name of `kind` neither the merged document nor
    /// the page (`tree`) gives.
    fn fresh(&self, tree: &Value, kind: &str, wanted: &str) -> String {
        let taken = |name: &str| {
            let at = child(&child("/components", kind), name);
            tree.pointer(&at).is_some() || self.component(kind, name).is_some()
        };
        std::iter::once(wanted.to_owned())
            .chain((2..).map(|n| format!("{wanted}_{n}")))
            .find(|name| !taken(name))
            .unwrap_or_else(|| wanted.to_owned())
    }

    /// Merges page `page`'s tree (its renames applied, its security and path parameters down
    /// on its operations) into the merged document.
    fn page(
        &mut self,
        page: usize,
        tree: Map<String, Value>,
        renames: &Renames,
        shared_servers: bool,
    ) {
        for (key, value) in tree {
            let at = child("", &key);
            if let Some(Value::String(title)) = value.get("title").filter(|_| key == "info") {
                if !self.titles.contains(title) {
                    self.titles.push(title.clone());
                }
            }
            match key.as_str() {
                "paths" => self.paths(page, value),
                "components" => self.components(page, value, renames),
                "servers" if !shared_servers => self.servers(page, value),
                "tags" => self.tags(page, value),
                _ => self.first_wins(page, &at, key, value),
            }
        }
    }

    /// A top-level key: the first page's; a later page that says otherwise gets a note.
    fn first_wins(&mut self, page: usize, at: &str, key: String, value: Value) {
        match self.merged.get(&key) {
            None => {
                self.places.route(at.to_owned(), page, at.to_owned());
                self.merged.insert(key, value);
            }
            Some(existing) if *existing == value => {}
            Some(_) => {
                let (first, first_at) = self.origin(at);
                let there = self.places.describe(first, &first_at);
                self.say(
                    page,
                    Severity::Note,
                    at,
                    format!(
                        "`{key}` differs from {there}'s: the vendor's module takes the first \
                         page's (pages in file-name order){}",
                        if key == "info" {
                            ", its title joining every page's"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
    }

    /// Every page's servers, each once, the first page's first.
    fn servers(&mut self, page: usize, value: Value) {
        let Value::Array(servers) = value else { return };
        let at = "/servers";
        let merged = self
            .merged
            .entry("servers")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(merged) = merged else { return };
        // A server is its URL: the same URL described otherwise is the same server.
        let url = |server: Option<&Value>| server.and_then(|server| server.get("url")).cloned();
        let first = merged.is_empty();
        let differs = !first && url(merged.first()) != url(servers.first());
        for server in servers {
            if !merged
                .iter()
                .any(|known| url(Some(known)) == url(Some(&server)))
            {
                merged.push(server);
            }
        }
        if first {
            self.places.route(at.to_owned(), page, at.to_owned());
        } else if differs {
            let (first, first_at) = self.origin(at);
            let there = self.places.describe(first, &first_at);
            self.say(
                page,
                Severity::Warning,
                at,
                "this page's first server is not the first of {there}: the vendor's module \
                 lists every page's servers, and its `BASE_URL` is the first page's (pages in \
                 file-name order); give this page's operations their base URL when you call them"
                    .replace("{there}", &there),
            );
        }
    }

    /// Tags by name, the first page's of each.
    fn tags(&mut self, page: usize, value: Value) {
        let Value::Array(tags) = value else { return };
        let at = "/tags";
        if !self.merged.contains_key("tags") {
            self.places.route(at.to_owned(), page, at.to_owned());
        }
        let merged = self
            .merged
            .entry("tags")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(merged) = merged else { return };
        for tag in tags {
            let name = tag.get("name");
            if !merged.iter().any(|known| known.get("name") == name) {
                merged.push(tag);
            }
        }
    }

    /// Page `page`'s components, after its renames: new ones added, the same ones kept once.
    fn components(&mut self, page: usize, value: Value, renames: &Renames) {
        let Value::Object(kinds) = value else { return };
        for (kind, entries) in kinds {
            let Value::Object(entries) = entries else {
                continue;
            };
            let kind_at = child("/components", &kind);
            for (key, value) in entries {
                let original = original(renames, &kind, &key);
                let at = child(&kind_at, &key);
                let page_at = child(&kind_at, &original);
                let merged = self
                    .merged
                    .entry("components")
                    .or_insert_with(|| Value::Object(Map::new()));
                let Value::Object(merged) = merged else {
                    return;
                };
                let merged = merged
                    .entry(kind.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                let Value::Object(merged) = merged else {
                    return;
                };
                match merged.get(&key) {
                    None => {
                        merged.insert(key, value);
                        self.places.route(at, page, page_at);
                    }
                    Some(existing) if *existing == value => {}
                    Some(_) => {
                        let (first, first_at) = self.origin(&at);
                        let there = self.places.describe(first, &first_at);
                        self.say(
                            page,
                            Severity::Note,
                            &page_at,
                            format!(
                                "the same as in {there} but documented otherwise: one entry, \
                                 with the docs of the first page (pages in file-name order)"
                            ),
                        );
                    }
                }
            }
        }
    }

    /// Page `page`'s paths: new operations added, the same operation kept once, two different
    /// ones under one method and path an error.
    fn paths(&mut self, page: usize, value: Value) {
        let Value::Object(paths) = value else { return };
        for (path, item) in paths {
            let Value::Object(item) = item else { continue };
            let item_at = child("/paths", &path);
            let merged = self
                .merged
                .entry("paths")
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(merged) = merged else {
                return;
            };
            if !merged.contains_key(&path) {
                merged.insert(path.clone(), Value::Object(Map::new()));
                self.places.route(item_at.clone(), page, item_at.clone());
            }
            for (key, value) in item {
                let at = child(&item_at, &key);
                let Some(Value::Object(merged)) = self
                    .merged
                    .get_mut("paths")
                    .and_then(|paths| paths.get_mut(&path))
                else {
                    return;
                };
                let Some(existing) = merged.get(&key) else {
                    merged.insert(key, value);
                    self.places.route(at.clone(), page, at);
                    continue;
                };
                if !is_method(&key) || *existing == value {
                    continue;
                }
                let same = stripped(existing) == stripped(&value);
                let (first, first_at) = self.origin(&at);
                let there = self.places.describe(first, &first_at);
                let operation = format!("`{} {path}`", key.to_uppercase());
                if same {
                    self.say(
                        page,
                        Severity::Note,
                        &at,
                        format!(
                            "{operation} is also in {there}, documented otherwise: one \
                             operation, with the docs of the first page (pages in file-name \
                             order)"
                        ),
                    );
                } else {
                    self.say(
                        page,
                        Severity::Error,
                        &at,
                        format!(
                            "{operation} is also in {there}, and the two differ: a vendor \
                             describes an operation once; remove one of the pages, or make them \
                             agree with an overlay on one of them"
                        ),
                    );
                }
            }
        }
    }
}

/// A component's shape (docs aside) and the pages that give it.
type Shape = (Value, Vec<usize>);

/// For each component name given by more than one shape (docs aside), the shape that keeps the
/// name: the one most pages give, the first page's on a tie; with the first page that gives it.
/// A component a page pins a name for ([`MERGE_NAME`]) does not count.
fn winners(trees: &[(usize, String, Value)]) -> BTreeMap<(String, String), (usize, Value)> {
    // (kind, name) → each shape with the pages that give it, in page order.
    let mut shapes: BTreeMap<(String, String), Vec<Shape>> = BTreeMap::new();
    for (page, _, tree) in trees {
        for kind in KINDS {
            let Some(Value::Object(entries)) = tree.pointer(&child("/components", kind)) else {
                continue;
            };
            for (name, value) in entries {
                if value.get(MERGE_NAME).is_some() {
                    continue;
                }
                let shape = stripped(value);
                let known = shapes.entry((kind.to_string(), name.clone())).or_default();
                match known.iter_mut().find(|(known, _)| *known == shape) {
                    Some((_, pages)) => pages.push(*page),
                    None => known.push((shape, vec![*page])),
                }
            }
        }
    }
    shapes
        .into_iter()
        .filter(|(_, shapes)| shapes.len() > 1)
        .filter_map(|(key, shapes)| {
            // The most pages; on a tie, the earliest first page (`max_by_key` keeps the last
            // maximum, so the earliest is made the largest).
            let (shape, pages) = shapes.into_iter().max_by_key(|(_, pages)| {
                (pages.len(), std::cmp::Reverse(pages.first().copied()))
            })?;
            Some((key, (*pages.first()?, shape)))
        })
        .collect()
}

/// The name in its page of the component of `kind` that `renames` call `name` (`name` itself when
/// it was not renamed).
fn original(renames: &Renames, kind: &str, name: &str) -> String {
    renames
        .iter()
        .find(|((k, _), new)| k == kind && *new == name)
        .map_or_else(|| name.to_owned(), |((_, original), _)| original.clone())
}

/// `value` without its docs ([`DOCS`]), where they are keywords and not names: what decides
/// whether two entries are the same.
fn stripped(value: &Value) -> Value {
    fn strip(value: &mut Value, names: bool) {
        match value {
            Value::Object(map) => {
                if !names {
                    map.retain(|key, _| !DOCS.contains(&key.as_str()));
                }
                for (key, value) in map.iter_mut() {
                    strip(value, !names && NAME_MAPS.contains(&key.as_str()));
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| strip(item, false)),
            _ => {}
        }
    }
    let mut value = value.clone();
    strip(&mut value, false);
    value
}

/// Applies `renames` to a page's tree: the components' keys (in place, order kept), every
/// `$ref` to them, bare schema names in discriminator mappings, and security schemes' names in
/// security requirements.
fn rename(tree: &mut Value, renames: &Renames) {
    if renames.is_empty() {
        return;
    }
    if let Some(Value::Object(components)) = tree.get_mut("components") {
        for (kind, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else {
                continue;
            };
            let renamed: Map<String, Value> = std::mem::take(entries)
                .into_iter()
                .map(|(key, mut value)| {
                    let new = renames.get(&(kind.clone(), key.clone()));
                    if let Value::Object(fields) = &mut value {
                        fields.remove(MERGE_NAME);
                    }
                    (new.cloned().unwrap_or(key), value)
                })
                .collect();
            *entries = renamed;
        }
    }
    let refs: BTreeMap<String, String> = renames
        .iter()
        .map(|((kind, from), to)| {
            let base = child("#/components", kind);
            (child(&base, from), child(&base, to))
        })
        .collect();
    let schemes: BTreeMap<&str, &str> = renames
        .iter()
        .filter(|((kind, _), _)| kind == "securitySchemes")
        .map(|((_, from), to)| (from.as_str(), to.as_str()))
        .collect();
    let names: BTreeMap<&str, &str> = renames
        .iter()
        .filter(|((kind, _), _)| kind == "schemas")
        .map(|((_, from), to)| (from.as_str(), to.as_str()))
        .collect();
    rewrite(tree, None, &refs, &schemes, &names);
}

/// Rewrites references under `value` (reached by `key`) as [`rename`] says.
fn rewrite(
    value: &mut Value,
    key: Option<&str>,
    refs: &BTreeMap<String, String>,
    schemes: &BTreeMap<&str, &str>,
    names: &BTreeMap<&str, &str>,
) {
    match value {
        Value::String(text) if matches!(key, Some("$ref") | Some("mapping")) => {
            let found = refs.iter().find_map(|(from, to)| {
                let rest = text.strip_prefix(from.as_str())?;
                (rest.is_empty() || rest.starts_with('/')).then(|| format!("{to}{rest}"))
            });
            if let Some(found) = found {
                *text = found;
            } else if let Some(to) = names.get(text.as_str()).filter(|_| key == Some("mapping")) {
                *text = (*to).to_owned();
            }
        }
        Value::Object(map) => {
            if key == Some("mapping") {
                for value in map.values_mut() {
                    rewrite(value, Some("mapping"), refs, schemes, names);
                }
                return;
            }
            for (key, value) in map.iter_mut() {
                rewrite(value, Some(key), refs, schemes, names);
            }
        }
        Value::Array(items) => {
            let requirements = key == Some("security");
            for item in items {
                if let (true, Value::Object(requirement)) = (requirements, &mut *item) {
                    let renamed: Map<String, Value> = std::mem::take(requirement)
                        .into_iter()
                        .map(|(name, scopes)| {
                            let new = schemes.get(name.as_str()).map(|to| (*to).to_owned());
                            (new.unwrap_or(name), scopes)
                        })
                        .collect();
                    *requirement = renamed;
                } else {
                    rewrite(item, None, refs, schemes, names);
                }
            }
        }
        _ => {}
    }
}

/// Puts the page's top-level `security` on each of its operations that has none, and removes it
/// from the top.
fn push_security(tree: &mut Value) {
    let Some(security) = tree.as_object_mut().and_then(|map| map.remove("security")) else {
        return;
    };
    for operation in operations(tree) {
        operation
            .entry("security")
            .or_insert_with(|| security.clone());
    }
}

/// Puts each path item's `parameters` on its operations (before their own, unless one of their
/// own has the same name and location), and removes them from the path item.
fn push_path_parameters(tree: &mut Value) {
    let Some(Value::Object(paths)) = tree.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Some(Value::Array(shared)) = item.as_object_mut().and_then(|i| i.remove("parameters"))
        else {
            continue;
        };
        let Value::Object(item) = item else { continue };
        for method in Method::ALL {
            let Some(Value::Object(operation)) = item.get_mut(method.key()) else {
                continue;
            };
            let own = match operation.get("parameters") {
                Some(Value::Array(own)) => own.clone(),
                _ => Vec::new(),
            };
            // A parameter is its name and location (or the reference it is).
            let identity =
                |parameter: &Value| ["name", "in", "$ref"].map(|key| parameter.get(key).cloned());
            let mut parameters: Vec<Value> = shared
                .iter()
                .filter(|parameter| !own.iter().any(|mine| identity(mine) == identity(parameter)))
                .cloned()
                .collect();
            parameters.extend(own);
            operation.insert("parameters".to_owned(), Value::Array(parameters));
        }
    }
}

/// Every operation of a tree, as a mutable map.
fn operations(tree: &mut Value) -> Vec<&mut Map<String, Value>> {
    let Some(Value::Object(paths)) = tree.get_mut("paths") else {
        return Vec::new();
    };
    paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| {
            item.iter_mut()
                .filter(|(key, _)| is_method(key))
                .filter_map(|(_, operation)| operation.as_object_mut())
        })
        .collect()
}

/// Whether `key` of a path item is an operation's.
fn is_method(key: &str) -> bool {
    Method::ALL.iter().any(|method| method.key() == key)
}
