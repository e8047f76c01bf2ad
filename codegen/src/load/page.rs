//! Finds the fenced YAML and JSON blocks of a Mintlify page (Markdown with MDX tags).

use super::place::Placement;
use crate::diagnostic::LineIndex;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A fenced code block whose language is `yaml`, `yml` or `json`.
#[derive(Debug)]
pub(super) struct Block {
    /// The block's content, without its fences and without the indentation the fence had.
    pub(super) text: String,
    /// Where the block's lines stand in the page.
    pub(super) placement: Placement,
}

/// The fenced `yaml`/`yml`/`json` blocks of `page`, in page order.
///
/// MDX is not Markdown: a line holding only a JSX tag such as `<Accordion title="…">` would start
/// a CommonMark HTML block that swallows the fences after it. Such lines (outside code blocks) are
/// read as blank lines, as MDX does, so a fence inside `<Accordion>`, `<Tabs>` etc. is found.
pub(super) fn blocks(page: &str) -> Vec<Block> {
    let code = code_ranges(page);
    let markdown = blank_tag_lines(page, &code);
    let lines = LineIndex::new(page);
    let mut found = Vec::new();
    let mut current: Option<Builder> = None;
    for (event, range) in Parser::new_ext(&markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_data(&info) => {
                current = Some(Builder::default());
            }
            Event::Text(text) => {
                if let Some(builder) = current.as_mut() {
                    builder.push(page, &lines, &text, range);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(builder) = current.take() {
                    found.push(Block {
                        text: builder.text,
                        placement: Placement::with_lines(builder.lines),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether a fence's info string names YAML or JSON (its first word; the rest is Mintlify's
/// method, path and options).
fn is_data(info: &str) -> bool {
    let language = info.split_whitespace().next().unwrap_or_default();
    ["yaml", "yml", "json"]
        .iter()
        .any(|name| language.eq_ignore_ascii_case(name))
}

/// The byte ranges of the code blocks CommonMark sees in `page`.
fn code_ranges(page: &str) -> Vec<Range<usize>> {
    Parser::new_ext(page, Options::empty())
        .into_offset_iter()
        .filter_map(|(event, range)| {
            matches!(event, Event::Start(Tag::CodeBlock(_))).then_some(range)
        })
        .collect()
}

/// `page` with every line that holds only a JSX/HTML tag, outside `code`, turned into spaces.
/// Byte offsets are unchanged (every byte of such a line becomes one ASCII space).
fn blank_tag_lines(page: &str, code: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(page.len());
    let mut start = 0;
    for line in page.split_inclusive('\n') {
        let in_code = code.iter().any(|range| range.contains(&start));
        if !in_code && is_tag_line(line) {
            let body = line.trim_end_matches(['\n', '\r']);
            out.extend(std::iter::repeat_n(' ', body.len()));
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
        start += line.len();
    }
    out
}

/// Whether `line` is one tag and nothing else: `<Name …>`, `</Name>` or `<Name … />`.
fn is_tag_line(line: &str) -> bool {
    let line = line.trim();
    let Some(inner) = line
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
    else {
        return false;
    };
    let name = inner.strip_prefix('/').unwrap_or(inner);
    name.starts_with(|c: char| c.is_ascii_alphabetic()) && !inner.contains(['<', '>'])
}

/// Accumulates a block's text and the page position of each of its lines.
#[derive(Debug, Default)]
struct Builder {
    text: String,
    lines: Vec<(u32, u32)>,
}

impl Builder {
    /// Appends a text event of the block, found at `range` of `page`.
    fn push(&mut self, page: &str, index: &LineIndex<'_>, text: &str, range: Range<usize>) {
        // The event is a slice of the page unless the parser rewrote it (tabs into spaces):
        // then its lines are placed at the event's first line, one after another.
        let verbatim = page.get(range.clone()) == Some(text);
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if self.text.is_empty() || self.text.ends_with('\n') {
                let position = if verbatim {
                    range.start + offset
                } else {
                    range.start
                };
                let (line_number, before) = index.position(position);
                let extra = if verbatim {
                    0
                } else {
                    line_count(&text[..offset])
                };
                self.lines.push((line_number.saturating_add(extra), before));
            }
            self.text.push_str(line);
            offset += line.len();
        }
    }
}

/// The number of line breaks in `text`, as a line offset.
fn line_count(text: &str) -> u32 {
    u32::try_from(text.matches('\n').count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::{blocks, is_tag_line};

    #[test]
    fn tag_lines() {
        assert!(is_tag_line("<Accordion title=\"x\">\n"));
        assert!(is_tag_line("  </Tabs>"));
        assert!(is_tag_line("<Note />"));
        assert!(!is_tag_line("<<: *base"));
        assert!(!is_tag_line("text <b>bold</b>"));
        assert!(!is_tag_line("a: <b>"));
    }

    #[test]
    fn finds_yaml_and_json_blocks_only() {
        let page = "# T\n\n```python\nx = 1\n```\n\n```json\n{\"a\": 1}\n```\n\n````yaml GET /x\na: 1\nb: 2\n````\n";
        let found = blocks(page);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "{\"a\": 1}\n");
        assert_eq!(found[1].text, "a: 1\nb: 2\n");
        assert_eq!(found[1].placement.place(2, 1), (13, 1));
    }

    #[test]
    fn finds_an_indented_fence_inside_an_mdx_tag() {
        let page =
            "<Accordion title=\"调用示例\">\n  ~~~yml\n  a:\n    b: 1\n  ~~~\n</Accordion>\n";
        let found = blocks(page);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "a:\n  b: 1\n");
        // `b` is at column 3 of the block's line 2, so at column 5 of the page's line 4.
        assert_eq!(found[0].placement.place(2, 3), (4, 5));
    }

    #[test]
    fn a_tab_the_parser_expands_keeps_the_line() {
        // The fence is indented by 2; the tab of the content line stands for 4 columns, of
        // which 2 are removed, so the parser's text is not a slice of the page.
        let page = "  ```yaml\n  a:\n\tb: 1\n  ```\n";
        let found = blocks(page);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "a:\n  b: 1\n");
        assert_eq!(found[0].placement.place(2, 3).0, 3);
    }
}
