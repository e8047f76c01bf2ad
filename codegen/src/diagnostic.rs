//! Diagnostics: what a stage changed, doubted or refused, with its location.

use std::collections::HashMap;
use std::fmt;

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
#[derive(Debug, Clone, Default)]
pub struct LineMap {
    positions: HashMap<String, (u32, u32)>,
}

impl LineMap {
    /// Records the position of the node at `pointer`.
    pub fn insert(&mut self, pointer: String, line: u32, column: u32) {
        self.positions.insert(pointer, (line, column));
    }

    /// The position of `pointer`, or of its nearest ancestor that has one (a node a pass created
    /// stands where its parent stood).
    pub fn find(&self, pointer: &str) -> Option<(u32, u32)> {
        let mut current = pointer;
        loop {
            if let Some(position) = self.positions.get(current) {
                return Some(*position);
            }
            match current.rfind('/') {
                Some(index) => current = &current[..index],
                None => return None,
            }
        }
    }
}

/// Collects the diagnostics of one document, placing each by its JSON pointer.
#[derive(Debug)]
pub struct Diagnostics<'a> {
    file: &'a str,
    lines: &'a LineMap,
    list: Vec<Diagnostic>,
}

impl<'a> Diagnostics<'a> {
    /// An empty collection for `file`, placed with `lines`.
    pub fn new(file: &'a str, lines: &'a LineMap) -> Self {
        Diagnostics {
            file,
            lines,
            list: Vec::new(),
        }
    }

    /// Adds a diagnostic at `pointer`.
    pub fn push(&mut self, severity: Severity, pointer: &str, message: impl Into<String>) {
        let position = self.lines.find(pointer);
        self.list.push(Diagnostic {
            severity,
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
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
