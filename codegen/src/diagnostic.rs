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
    pub fn line(&self, offset: usize) -> u32 {
        let index = self.starts.partition_point(|&start| start <= offset);
        u32::try_from(index).unwrap_or(u32::MAX).max(1)
    }

    /// The 1-based line holding byte `offset`, and the number of characters before it on it.
    pub fn position(&self, offset: usize) -> (u32, u32) {
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
    pub fn line_text(&self, line: u32) -> Option<&'a str> {
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

#[cfg(test)]
mod tests {
    use super::LineIndex;

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
