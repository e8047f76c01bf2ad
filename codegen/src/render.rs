//! Diagnostics as a compiler prints them: severity and message, `file:line:column`, the source
//! line with a caret under the column, and the JSON pointer.
//!
//! ```text
//! warning: `default` `multipart/form-datan` is not one of `enum` [multipart/form-data]: ...
//!   --> specs/minimax.md:43:13
//!    |
//! 43 |             default: multipart/form-datan
//!    |             ^^^^^^^
//!    |
//!    = note: at /paths/~1v1~1files~1delete/post/parameters/0/schema/default
//! ```
//!
//! Columns are 1-based and count characters (Unicode scalar values), as `serde-saphyr` reports
//! them and as [`crate::load`] stores them in the [`crate::diagnostic::LineMap`].

use crate::diagnostic::{Diagnostic, LineIndex, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// Renders `diagnostic` about `source` (the lines of the whole text of `diagnostic.file`)
/// without colors.
///
/// With a line that `source` has, the snippet shows that line with a caret under the column
/// (under the token that starts there); without a line, or with one past the end of `source`,
/// only the title, the file (with the line and column, where known) and the pointer.
pub fn render(diagnostic: &Diagnostic, source: &LineIndex<'_>) -> String {
    let level = match diagnostic.severity {
        Severity::Note => Level::NOTE,
        Severity::Warning => Level::WARNING,
        Severity::Error => Level::ERROR,
    };
    let pointer = if diagnostic.pointer.is_empty() {
        "/"
    } else {
        &diagnostic.pointer
    };
    let at = format!("at {pointer}");
    let title = level.primary_title(diagnostic.message.as_str());
    let line = diagnostic
        .line
        .and_then(|line| Some((line, source.line_text(line)?)));
    let group = match line {
        Some((number, text)) => {
            let span = caret(text, diagnostic.column.unwrap_or(1));
            Group::with_title(title).element(
                Snippet::source(text)
                    .line_start(number as usize)
                    .path(diagnostic.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        None => {
            let mut origin = Origin::path(diagnostic.file.as_str());
            if let Some(line) = diagnostic.line {
                origin = origin.line(line as usize);
                if let Some(column) = diagnostic.column {
                    origin = origin.char_column(column as usize);
                }
            }
            Group::with_title(title).element(origin)
        }
    };
    Renderer::plain().render(&[group.element(Level::NOTE.message(at.as_str()))])
}

/// The byte range of `text` (one line) to put the caret under: the token that starts at the
/// 1-based character `column` (a quoted string whole, else up to a blank or `:,[]{}`), or an
/// empty range there when no token starts there. A column past the end of the line stands at
/// its end.
fn caret(text: &str, column: u32) -> std::ops::Range<usize> {
    let skip = usize::try_from(column)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let start = text
        .char_indices()
        .nth(skip)
        .map_or(text.len(), |(index, _)| index);
    let rest = &text[start..];
    let length = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |end| end + 2),
        _ => rest
            .find(|c: char| c.is_whitespace() || ":,[]{}".contains(c))
            .unwrap_or(rest.len()),
    };
    start..start + length
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(diagnostic: &Diagnostic, source: &str) -> String {
        render(diagnostic, &LineIndex::new(source))
    }

    fn diagnostic(severity: Severity, line: Option<u32>, column: Option<u32>) -> Diagnostic {
        Diagnostic {
            severity,
            file: "specs/x.yaml".to_owned(),
            pointer: "/components/schemas/A~1B".to_owned(),
            line,
            column,
            message: "the thing is odd: fix it".to_owned(),
        }
    }

    const SOURCE: &str = "openapi: 3.1.0\ncomponents:\n  schemas:\n    A/B: {type: strin}\n";

    #[test]
    fn the_caret_stands_under_the_column() {
        let text = rendered(&diagnostic(Severity::Warning, Some(4), Some(5)), SOURCE);
        assert_eq!(
            text,
            "warning: the thing is odd: fix it\n \
             --> specs/x.yaml:4:5\n  \
             |\n\
             4 |     A/B: {type: strin}\n  \
             |     ^^^\n  \
             |\n  \
             = note: at /components/schemas/A~1B"
        );
        let text = rendered(&diagnostic(Severity::Error, Some(4), Some(11)), SOURCE);
        assert!(text.starts_with("error: the thing is odd"), "{text}");
        assert!(text.contains("\n  |           ^^^^\n"), "{text}");
        let text = rendered(&diagnostic(Severity::Note, Some(4), Some(17)), SOURCE);
        assert!(text.starts_with("note: the thing is odd"), "{text}");
        assert!(text.contains("\n  |                 ^^^^^\n"), "{text}");
    }

    #[test]
    fn first_and_last_lines_are_shown() {
        let text = rendered(&diagnostic(Severity::Error, Some(1), Some(1)), SOURCE);
        assert!(
            text.contains("--> specs/x.yaml:1:1\n  |\n1 | openapi: 3.1.0\n  | ^^^^^^^\n"),
            "{text}"
        );
        let text = rendered(&diagnostic(Severity::Error, Some(4), Some(1)), SOURCE);
        assert!(text.contains("4 |     A/B: {type: strin}\n"), "{text}");
        // A file without a final line break: its last line is still found.
        let text = rendered(
            &diagnostic(Severity::Error, Some(2), Some(3)),
            "a: 1\nb: [\r\n",
        );
        assert!(text.contains("2 | b: [\n  |   ^\n"), "{text}");
    }

    #[test]
    fn no_line_or_a_line_past_the_end_gives_no_snippet() {
        let text = rendered(&diagnostic(Severity::Warning, None, None), SOURCE);
        assert_eq!(
            text,
            "warning: the thing is odd: fix it\n\
             --> specs/x.yaml\n \
             = note: at /components/schemas/A~1B"
        );
        for line in [5, 99, u32::MAX] {
            let text = rendered(&diagnostic(Severity::Error, Some(line), Some(3)), SOURCE);
            assert!(
                text.contains(&format!("--> specs/x.yaml:{line}:3\n")),
                "{text}"
            );
            assert!(!text.contains(" | "), "{text}");
        }
        let text = rendered(&diagnostic(Severity::Error, Some(0), Some(0)), "");
        assert!(text.contains("at /components/schemas/A~1B"), "{text}");
        let mut whole = diagnostic(Severity::Error, None, None);
        whole.pointer = String::new();
        assert!(rendered(&whole, SOURCE).ends_with("= note: at /"));
    }

    #[test]
    fn a_column_past_the_end_of_the_line_stands_at_its_end() {
        assert_eq!(caret("ab", 3), 2..2);
        assert_eq!(caret("ab", 40), 2..2);
        assert_eq!(caret("ab", 0), 0..2);
        assert_eq!(caret("  'a b': x", 3), 2..7);
        assert_eq!(caret("  \"open", 3), 2..7);
        let text = rendered(&diagnostic(Severity::Error, Some(1), Some(30)), SOURCE);
        assert!(text.contains("1 | openapi: 3.1.0\n"), "{text}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // `b` is the 12th character of its line (the 16th byte), shown at the 14th screen column
        // (each ideograph is two columns wide): the caret goes under it.
        let source = "名前: {a: 1, b: 2}\n";
        let loaded = crate::load::load(&crate::load::Source {
            name: "x".to_owned(),
            file: "x.yaml".to_owned(),
            text: source.to_owned(),
        })
        .unwrap();
        let (line, column) = loaded.lines.find("/名前/b").unwrap();
        assert_eq!((line, column), (1, 12));
        let text = rendered(
            &diagnostic(Severity::Warning, Some(line), Some(column)),
            source,
        );
        assert!(
            text.contains("1 | 名前: {a: 1, b: 2}\n  |              ^\n"),
            "{text}"
        );
    }
}
