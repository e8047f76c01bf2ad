//! Diagnostics: what a stage changed, doubted or refused, with its location.

use hashbrown::HashTable;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A rewrite the user may want to know about; nothing is wrong.
    Note,
    /// The document is doubtful or was changed; code is still generated.
    Warning,
    /// The document cannot be turned into code.
    Error,
}

/// One message about one place of one document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The file as the user named it.
    pub file: String,
    /// JSON pointer into the document tree (RFC 6901), `""` for the whole document.
    pub pointer: String,
    /// 1-based line in `file`, where known.
    pub line: Option<u32>,
    /// 1-based column in `file`, where known.
    pub column: Option<u32>,
    /// What happened and, where it helps, what to do.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, " at {pointer}: {}", self.message)
    }
}

/// Where each node of a loaded document stands in its file: JSON pointer → (line, column), 1-based.
///
/// The nodes form a tree, as the document does: each node is its parent and its key (an object
/// key, or an array index in decimal) in one shared text, found by a hash table of node numbers.
/// A node costs about 25 bytes and no allocation of its own (a map from whole pointers cost
/// five times as much, and a string per node).
#[derive(Debug, Clone)]
pub struct LineMap {
    /// The nodes; the first is the document itself.
    nodes: Vec<Node>,
    /// Every node's key, one after another.
    keys: String,
    /// Each node but the root, by the hash of its parent and key.
    children: HashTable<u32>,
}

/// A node of a [`LineMap`], named by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NodeId(u32);

/// One node: its parent, where its key stands in [`LineMap::keys`], its position (line 0 when
/// not known).
#[derive(Debug, Clone, Copy)]
struct Node {
    parent: u32,
    key: (u32, u32),
    line: u32,
    column: u32,
}

impl Default for LineMap {
    /// A map that knows the position of nothing.
    fn default() -> Self {
        LineMap::new(None)
    }
}

impl LineMap {
    /// The document itself.
    pub(crate) const ROOT: NodeId = NodeId(0);

    /// A map whose document stands at `root`, if known.
    pub(crate) fn new(root: Option<(u32, u32)>) -> Self {
        let (line, column) = root.unwrap_or((0, 0));
        LineMap {
            nodes: vec![Node {
                parent: 0,
                key: (0, 0),
                line,
                column,
            }],
            keys: String::new(),
            children: HashTable::new(),
        }
    }

    /// Records child `key` of `parent` (an object key as it is, not escaped; an array index in
    /// decimal) at `position`, if known, and gives that child. A child recorded again keeps
    /// its node and takes the new position.
    pub(crate) fn insert(
        &mut self,
        parent: NodeId,
        key: &str,
        position: Option<(u32, u32)>,
    ) -> NodeId {
        let (line, column) = position.unwrap_or((0, 0));
        let hash = child_hash(parent.0, key);
        let (nodes, keys) = (&self.nodes, &self.keys);
        if let Some(&found) = self
            .children
            .find(hash, |&id| is_child(nodes, keys, id, parent.0, key))
        {
            let node = &mut self.nodes[found as usize];
            (node.line, node.column) = (line, column);
            return NodeId(found);
        }
        // Past 4 Gi nodes or bytes of keys (a document far beyond the loader's limits), the
        // node is not recorded and stands where its parent stands.
        let (Ok(id), Ok(start), Ok(end)) = (
            u32::try_from(self.nodes.len()),
            u32::try_from(self.keys.len()),
            u32::try_from(self.keys.len() + key.len()),
        ) else {
            return parent;
        };
        self.keys.push_str(key);
        self.nodes.push(Node {
            parent: parent.0,
            key: (start, end),
            line,
            column,
        });
        let (nodes, keys) = (&self.nodes, &self.keys);
        self.children.insert_unique(hash, id, |&id| {
            let node = nodes[id as usize];
            child_hash(node.parent, key_of(keys, node))
        });
        NodeId(id)
    }

    /// The position of `pointer`, or of its nearest ancestor that has one (a node a pass created
    /// stands where its parent stood).
    pub fn find(&self, pointer: &str) -> Option<(u32, u32)> {
        let known = |node: &Node| (node.line > 0).then_some((node.line, node.column));
        let mut node = self.nodes[0];
        let mut found = known(&node);
        let mut parent = 0;
        for encoded in pointer.split('/').skip(1) {
            let Ok(token) = jsonptr::Token::from_encoded(encoded) else {
                break;
            };
            let key = token.decoded();
            let (nodes, keys) = (&self.nodes, &self.keys);
            let Some(&child) = self.children.find(child_hash(parent, &key), |&id| {
                is_child(nodes, keys, id, parent, &key)
            }) else {
                break;
            };
            (parent, node) = (child, self.nodes[child as usize]);
            found = known(&node).or(found);
        }
        found
    }
}

/// The JSON pointer of child `token` (a key or an index) of the node at `parent`, the token
/// escaped (`~` as `~0`, `/` as `~1`): how every stage names a node it speaks of.
pub(crate) fn child(parent: &str, token: &str) -> String {
    format!("{parent}/{}", jsonptr::Token::new(token).encoded())
}

/// The hash of child `key` of node `parent`.
fn child_hash(parent: u32, key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    parent.hash(&mut hasher);
    key.hash(&mut hasher);
    hasher.finish()
}

/// Whether node `id` is child `key` of `parent`.
fn is_child(nodes: &[Node], keys: &str, id: u32, parent: u32, key: &str) -> bool {
    let node = nodes[id as usize];
    node.parent == parent && key_of(keys, node) == key
}

/// The key of `node`.
fn key_of(keys: &str, node: Node) -> &str {
    keys.get(node.key.0 as usize..node.key.1 as usize)
        .unwrap_or_default()
}

/// Where each line of a text starts, found once, so that a line is found by its number or by
/// a byte offset without reading the text again.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset at which each line starts, in order; line 1 starts at 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The index of `text`'s lines.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex {
            text,
            starts: starts.collect(),
        }
    }

    /// The 1-based line holding byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let index = self.starts.partition_point(|&start| start <= offset);
        u32::try_from(index).unwrap_or(u32::MAX).max(1)
    }

    /// The 1-based line holding byte `offset`, and the number of characters before it on it.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts.get(line as usize - 1).copied().unwrap_or(0);
        let before = self
            .text
            .get(start..offset)
            .map_or(0, |prefix| prefix.chars().count());
        (line, u32::try_from(before).unwrap_or(u32::MAX))
    }

    /// The text of 1-based line `line` without its line break (`\n` or `\r\n`), if the text
    /// has that line, as [`str::lines`] counts them (no line after a final line break).
    pub(crate) fn line_text(&self, line: u32) -> Option<&'a str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        if start == self.text.len() {
            return None;
        }
        match self.starts.get(index + 1) {
            Some(next) => {
                let text = self.text.get(start..next - 1)?;
                Some(text.strip_suffix('\r').unwrap_or(text))
            }
            None => self.text.get(start..),
        }
    }
}

/// Where the nodes of a document merged from several pages came from: each page's file and
/// line map, and, for each top-level entry of the merged document (an operation, a component,
/// a path item, a top-level key), the page it came from and its pointer there (a component
/// renamed by the merge has another name in its page).
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// Each page: its file and its line map.
    pages: Vec<(String, LineMap)>,
    /// Pointer of an entry in the merged document → its page and its pointer there.
    routes: BTreeMap<String, (usize, String)>,
    /// What names the merged document where no page does (the vendor's folder).
    whole: String,
}

impl Places {
    /// No page yet; `whole` names the merged document (the vendor's folder, `specs/minimax/`).
    pub(crate) fn new(whole: &str) -> Self {
        Places {
            whole: whole.to_owned(),
            ..Places::default()
        }
    }

    /// Adds a page, giving its number.
    pub(crate) fn page(&mut self, file: &str, lines: LineMap) -> usize {
        self.pages.push((file.to_owned(), lines));
        self.pages.len() - 1
    }

    /// Records that the merged document's `merged` (an entry at most three tokens deep) is
    /// `pointer` of page `page`; the first record of an entry stands.
    pub(crate) fn route(&mut self, merged: String, page: usize, pointer: String) {
        self.routes.entry(merged).or_insert((page, pointer));
    }

    /// The page the merged document's entry `merged` came from, and its pointer there.
    pub(crate) fn origin(&self, merged: &str) -> Option<(usize, &str)> {
        let (page, at) = self.routes.get(merged)?;
        Some((*page, at.as_str()))
    }

    /// A diagnostic about `pointer` of page `page` (a pointer in that page, not in the merged
    /// document).
    pub(crate) fn at(
        &self,
        page: usize,
        severity: Severity,
        pointer: &str,
        message: String,
    ) -> Diagnostic {
        let (file, position) = match self.pages.get(page) {
            Some((file, lines)) => (file.as_str(), lines.find(pointer)),
            None => (self.whole.as_str(), None),
        };
        Diagnostic {
            severity,
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            message,
        }
    }

    /// `specs/minimax/file-list.md:12:5`: where `pointer` of page `page` stands, for a message
    /// that names a second place.
    pub(crate) fn describe(&self, page: usize, pointer: &str) -> String {
        let Some((file, lines)) = self.pages.get(page) else {
            return self.whole.clone();
        };
        match lines.find(pointer) {
            Some((line, column)) => format!("{file}:{line}:{column}"),
            None => file.clone(),
        }
    }

    /// The file, the pointer in it and the position of the merged document's `pointer`: by the
    /// deepest recorded entry that holds it.
    fn locate(&self, pointer: &str) -> (&str, String, Option<(u32, u32)>) {
        // Where the pointer's first one, two and three tokens end, then the document itself.
        let cuts: Vec<usize> = pointer
            .match_indices('/')
            .skip(1)
            .map(|(at, _)| at)
            .chain([pointer.len()])
            .take(3)
            .collect();
        for cut in cuts.into_iter().rev().chain([0]) {
            let (entry, rest) = pointer.split_at(cut);
            let found = self.routes.get(entry).and_then(|(page, at)| {
                let (file, lines) = self.pages.get(*page)?;
                let translated = format!("{at}{rest}");
                let position = lines.find(&translated);
                Some((file.as_str(), translated, position))
            });
            if let Some(found) = found {
                return found;
            }
        }
        (&self.whole, pointer.to_owned(), None)
    }
}

/// How a [`Diagnostics`] places a pointer: in one file, or in the page a merged node came from.
#[derive(Debug, Clone, Copy)]
enum Placing<'a> {
    /// Every node in `file`, placed by `lines`.
    One { file: &'a str, lines: &'a LineMap },
    /// A merged document's nodes, each in its own page.
    Merged(&'a Places),
}

/// Collects the diagnostics of one document, placing each by its JSON pointer.
#[derive(Debug)]
pub struct Diagnostics<'a> {
    placing: Placing<'a>,
    list: Vec<Diagnostic>,
}

impl<'a> Diagnostics<'a> {
    /// An empty collection for `file`, placed with `lines`.
    pub fn new(file: &'a str, lines: &'a LineMap) -> Self {
        Diagnostics {
            placing: Placing::One { file, lines },
            list: Vec::new(),
        }
    }

    /// An empty collection for a document merged from pages, each diagnostic placed in the page
    /// its node came from (its file, its pointer there, its line).
    pub fn merged(places: &'a Places) -> Self {
        Diagnostics {
            placing: Placing::Merged(places),
            list: Vec::new(),
        }
    }

    /// Adds a diagnostic at `pointer`.
    pub fn push(&mut self, severity: Severity, pointer: &str, message: impl Into<String>) {
        let (file, pointer, position) = match self.placing {
            Placing::One { file, lines } => (file, pointer.to_owned(), lines.find(pointer)),
            Placing::Merged(places) => places.locate(pointer),
        };
        self.list.push(Diagnostic {
            severity,
            file: file.to_owned(),
            pointer,
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            message: message.into(),
        });
    }

    /// Adds a note at `pointer`.
    pub fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Note, pointer, message);
    }

    /// Adds a warning at `pointer`.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Warning, pointer, message);
    }

    /// Adds an error at `pointer`.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Error, pointer, message);
    }

    /// Adds diagnostics made elsewhere (about another file, such as an overlay), in order.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(diagnostics);
    }

    /// Whether an error has been added.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics, in the order they were added.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::{child, LineIndex, LineMap};

    #[test]
    fn child_escapes_its_token() {
        assert_eq!(child("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(child("", "x"), "/x");
        assert_eq!(child("/items", "0"), "/items/0");
    }

    #[test]
    fn pointers_find_their_node_or_its_nearest_placed_ancestor() {
        let mut lines = LineMap::new(Some((1, 1)));
        let paths = lines.insert(LineMap::ROOT, "paths", Some((2, 1)));
        let path = lines.insert(paths, "/files/{id}", Some((3, 3)));
        let tilde = lines.insert(path, "a~b", None);
        let item = lines.insert(tilde, "0", Some((5, 7)));
        assert_eq!(lines.find(""), Some((1, 1)));
        assert_eq!(lines.find("/paths"), Some((2, 1)));
        assert_eq!(lines.find("/paths/~1files~1{id}"), Some((3, 3)));
        assert_eq!(
            lines.find("/paths/~1files~1{id}/a~0b"),
            Some((3, 3)),
            "not placed"
        );
        assert_eq!(lines.find("/paths/~1files~1{id}/a~0b/0"), Some((5, 7)));
        assert_eq!(lines.find("/paths/~1files~1{id}/a~0b/0/new"), Some((5, 7)));
        assert_eq!(lines.find("/paths/missing/0"), Some((2, 1)));
        assert_eq!(
            lines.find("/paths/~2"),
            Some((2, 1)),
            "a broken escape ends the walk"
        );
        assert_eq!(lines.find("/other"), Some((1, 1)));
        assert_ne!(item, tilde);
        // The same child again is the same node, at its new place.
        assert_eq!(lines.insert(tilde, "0", Some((6, 1))), item);
        assert_eq!(lines.find("/paths/~1files~1{id}/a~0b/0"), Some((6, 1)));
        // A key is looked up under its own parent only.
        lines.insert(LineMap::ROOT, "0", Some((9, 9)));
        assert_eq!(lines.find("/0"), Some((9, 9)));
        assert_eq!(lines.find("/paths/0"), Some((2, 1)));
        assert_eq!(LineMap::default().find("/paths"), None);
    }

    #[test]
    fn lines_are_found_as_str_lines_finds_them() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\n",
            "a\n\r",
            "名前\r\n\r\nx\ry\n",
        ] {
            let index = LineIndex::new(text);
            let found: Vec<&str> = (1..).map_while(|line| index.line_text(line)).collect();
            assert_eq!(found, text.lines().collect::<Vec<_>>(), "{text:?}");
            assert_eq!(index.line_text(0), None);
            assert_eq!(index.line_text(u32::MAX), None);
        }
    }

    #[test]
    fn offsets_give_line_and_characters_before() {
        let index = LineIndex::new("ab\n名前: x\n");
        assert_eq!(index.position(0), (1, 0));
        assert_eq!(index.position(3), (2, 0));
        assert_eq!(index.position("ab\n名前".len()), (2, 2));
        assert_eq!(index.line(usize::MAX), 3);
    }
}
