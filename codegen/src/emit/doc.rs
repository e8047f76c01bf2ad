//! Doc text from a foreign document → `#[doc = " line"]` attributes that rustdoc and clippy
//! accept without a warning, and that no text can break out of.
//!
//! Safety comes from the form: each line is one string literal of one `doc` attribute (printed
//! as `///`), with line breaks, control characters and bidirectional overrides removed, so text
//! stays text. Quietness comes from a Markdown pass (pulldown-cmark, with rustdoc's options) that
//! rewrites, in place, what rustdoc or clippy would warn about:
//! - raw HTML and stray `<`/`>` are escaped (`rustdoc::invalid_html_tags`);
//! - `[`/`]` that are not part of a link are escaped, and links whose target looks like a Rust
//!   path are turned back into text (`rustdoc::broken_intra_doc_links`);
//! - bare URLs are wrapped in `<…>` (`rustdoc::bare_urls`);
//! - every code block becomes a ```` ```text ```` fence, so none is ever a doctest;
//! - continuation lines of list items get the item's indentation, and lazy blockquote lines get
//!   their `>` (`clippy::doc_lazy_continuation`, `clippy::doc_overindented_list_items`).

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use quote::quote;
use std::ops::Range;

/// `#[doc = " line"]` attributes for `markdown`, or for `fallback` when `markdown` is absent or
/// has no visible text. `fallback` is trusted text written by the emitter.
pub(crate) fn attrs(markdown: Option<&str>, fallback: &str) -> TokenStream {
    let mut lines = markdown.map(lines).unwrap_or_default();
    if lines.is_empty() {
        lines = self::lines(fallback);
    }
    line_attrs(&lines)
}

/// `text` as a Markdown code span, whatever backticks it holds.
pub(crate) fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

/// The text of the `doc` attribute of one line: a space after `///`, none on a blank line.
pub(crate) fn attr_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// One outer `doc` attribute per line.
pub(crate) fn line_attrs(lines: &[String]) -> TokenStream {
    lines
        .iter()
        .map(|line| {
            let text = attr_text(line);
            quote!(#[doc = #text])
        })
        .collect()
}

/// The lines of `markdown`, cleaned and rewritten so rustdoc and clippy stay quiet; empty when
/// there is no visible text.
pub(crate) fn lines(markdown: &str) -> Vec<String> {
    let text = unindent(&clean(markdown));
    let text = if may_need_rewrite(&text) {
        rewrite(&text)
    } else {
        text
    };
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|line| line.trim_end().to_owned())
        .collect();
    // No leading, trailing or doubled blank lines.
    lines.dedup_by(|next, previous| next.is_empty() && previous.is_empty());
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    lines
}

/// Whether [`rewrite`] may change `text`: false for one line without a character it escapes
/// (`<`, `>`, `[`, `]`), a URL, a code fence or an indentation that makes a code block, which
/// most descriptions are, so they skip the Markdown parser.
fn may_need_rewrite(text: &str) -> bool {
    text.contains(['\n', '<', '>', '[', ']'])
        || ["://", "```", "~~~", "    "]
            .iter()
            .any(|pattern| text.contains(pattern))
}

/// Line breaks normalized to `\n`, tabs expanded, control characters and bidirectional
/// formatting characters (which rustc denies in comments) removed.
fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Trailing spaces removed and the common indentation of non-blank lines taken away, as
/// rustdoc does, so that the Markdown seen here is the one rustdoc sees.
fn unindent(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let indent = lines
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The options rustdoc parses doc comments with.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// A code block being collected.
struct CodeBlock {
    range: Range<usize>,
    content: String,
}

/// Rewrites what rustdoc or clippy would warn about (see the module doc).
fn rewrite(text: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut code: Option<CodeBlock> = None;
    let mut skip_until = 0;
    // Open list items (`Some(content column)`) and blockquotes (`None`), outermost first.
    let mut containers: Vec<Option<usize>> = Vec::new();
    let mut pending: Option<(Range<usize>, bool)> = None;
    let mut links = 0usize;
    let parser = Parser::new_ext(text, options());
    // Reference definitions make no event, but rustdoc resolves path-like ones too.
    for (_, definition) in parser.reference_definitions().iter() {
        if is_path_like(&definition.dest) {
            edits.push((
                definition.span.clone(),
                escape(text, definition.span.clone(), true),
            ));
        }
    }
    for (event, range) in parser.into_offset_iter() {
        if let Some(block) = &mut code {
            match event {
                Event::Text(content) => block.content.push_str(&content),
                Event::End(TagEnd::CodeBlock) => {
                    let prefix = container_prefix(text, block.range.start);
                    edits.push((
                        block.range.clone(),
                        fence(&block.content, &prefix, text, &block.range),
                    ));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        if range.start < skip_until {
            continue;
        }
        if !matches!(
            event,
            Event::Text(_) | Event::Html(_) | Event::InlineHtml(_)
        ) {
            flush(text, pending.take(), &mut edits);
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                // An indented block starts after its indentation: the fence takes its place.
                let start = match kind {
                    CodeBlockKind::Indented => {
                        let before = text
                            .get(line_start(text, range.start)..range.start)
                            .unwrap_or("");
                        range.start - (before.len() - before.trim_end_matches(' ').len()).min(4)
                    }
                    CodeBlockKind::Fenced(_) => range.start,
                };
                code = Some(CodeBlock {
                    range: start..range.end,
                    content: String::new(),
                });
            }
            Event::Start(Tag::Link { dest_url, .. }) if is_path_like(&dest_url) => {
                edits.push((range.clone(), escape(text, range.clone(), true)));
                skip_until = range.end;
            }
            // Adjacent text events are escaped together, so a URL split by pulldown-cmark
            // (at `_`, say) is seen whole.
            Event::Text(_) | Event::Html(_) | Event::InlineHtml(_) => match &mut pending {
                Some((open, _)) if open.end == range.start => open.end = range.end,
                _ => {
                    flush(text, pending.take(), &mut edits);
                    pending = Some((range, links == 0));
                }
            },
            // An autolink is a URL already; the text of other links is no bare URL.
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                skip_until = range.end;
            }
            Event::Start(Tag::Link { .. }) => links += 1,
            Event::End(TagEnd::Link) => links = links.saturating_sub(1),
            Event::Start(Tag::Item) => containers.push(Some(item_indent(text, range.start))),
            Event::Start(Tag::BlockQuote(_)) => containers.push(None),
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_)) => {
                containers.pop();
            }
            Event::SoftBreak | Event::HardBreak if !containers.is_empty() => {
                if let Some(edit) = continuation(text, range.start, &containers) {
                    edits.push(edit);
                }
            }
            _ => {}
        }
    }
    flush(text, pending, &mut edits);
    apply(text, edits)
}

/// Escapes the text in `range`, if any, with an edit when that changes it.
fn flush(
    text: &str,
    pending: Option<(Range<usize>, bool)>,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    let Some((range, wrap_urls)) = pending else {
        return;
    };
    let escaped = escape(text, range.clone(), wrap_urls);
    if text.get(range.clone()) != Some(escaped.as_str()) {
        edits.push((range, escaped));
    }
}

/// Applies non-overlapping edits; an edit that overlaps an earlier one is dropped.
fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(text.get(at..range.start).unwrap_or(""));
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Whether rustdoc would take a link target for an intra-doc link (a Rust path): it does for
/// targets made only of these characters (rustdoc's `should_ignore_link`).
fn is_path_like(dest: &str) -> bool {
    dest.chars()
        .all(|c| c.is_alphanumeric() || ":_<>, !*&;@()".contains(c))
}

/// Whether the byte at `at` is escaped by an odd number of backslashes before it.
fn is_escaped(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    (before.len() - before.trim_end_matches('\\').len()) % 2 == 1
}

/// The source in `range` with `[`, `]`, `<`, `>` escaped (unless already escaped) and, if
/// `wrap_urls`, bare URLs wrapped in `<…>`.
fn escape(text: &str, range: Range<usize>, wrap_urls: bool) -> String {
    let Some(source) = text.get(range.clone()) else {
        return String::new();
    };
    let mut out = String::with_capacity(source.len() + 8);
    let mut chars = source.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let at = range.start + offset;
        if wrap_urls && (c == 'h' || c == 'H') && !is_escaped(text, at) {
            let url = url_at(source.get(offset..).unwrap_or(""));
            if !url.is_empty() {
                out.push('<');
                out.push_str(url);
                out.push('>');
                while chars
                    .peek()
                    .is_some_and(|(next, _)| *next < offset + url.len())
                {
                    chars.next();
                }
                continue;
            }
        }
        match c {
            '<' if !is_escaped(text, at) => out.push_str("&lt;"),
            '>' if !is_escaped(text, at) => out.push_str("&gt;"),
            '[' | ']' if !is_escaped(text, at) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The URL `text` starts with (`http://` or `https://`, up to a space or a character a URL
/// does not end with), or `""`.
fn url_at(text: &str) -> &str {
    let starts_with = |scheme: &str| {
        text.as_bytes()
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme.as_bytes()))
    };
    let scheme = if starts_with("https://") {
        8
    } else if starts_with("http://") {
        7
    } else {
        return "";
    };
    let end = text
        .char_indices()
        .skip(scheme)
        .find(|(_, c)| c.is_whitespace() || "<>\"'`[]{}|\\^".contains(*c))
        .map_or(text.len(), |(end, _)| end);
    let mut url = text.get(..end).unwrap_or("");
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ':', ';', '!', '?', '*', '_', '~']);
        let trimmed = if trimmed.ends_with(')')
            && trimmed.matches('(').count() < trimmed.matches(')').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    if url.len() <= scheme {
        ""
    } else {
        url
    }
}

/// Start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1)
}

/// Column at which the content of the list item starting at `at` begins.
fn item_indent(text: &str, at: usize) -> usize {
    // The item's range may start before the marker's indentation.
    let rest = text.get(at..).unwrap_or("");
    let rest = rest.trim_start_matches(' ');
    let column = text.len() - rest.len() - line_start(text, at);
    let marker = if rest.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        digits
            + usize::from(
                rest.get(digits..)
                    .is_some_and(|r| r.starts_with(['.', ')'])),
            )
    };
    let after = rest.get(marker..).unwrap_or("");
    let line = after.split('\n').next().unwrap_or("");
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let spaces = if spaces == 0 || spaces > 4 || spaces == line.len() {
        1
    } else {
        spaces
    };
    column + marker + spaces
}

/// The edit that gives the line after the break at `at` the prefix its `containers` call for
/// (each list item's indentation, each blockquote's `>`); `None` when it has it already.
fn continuation(
    text: &str,
    at: usize,
    containers: &[Option<usize>],
) -> Option<(Range<usize>, String)> {
    let newline = at + text.get(at..)?.find('\n')?;
    let start = newline + 1;
    let line = text.get(start..)?.split('\n').next()?;
    let current = line.len() - line.trim_start_matches([' ', '>']).len();
    let mut prefix = String::new();
    for container in containers {
        match container {
            Some(indent) => {
                let pad = indent.saturating_sub(prefix.chars().count());
                prefix.push_str(&" ".repeat(pad));
            }
            None => prefix.push_str("> "),
        }
    }
    (line.get(..current) != Some(prefix.as_str())).then(|| (start..start + current, prefix))
}

/// What precedes a block starting at `at` on its line, as the prefix its other lines need:
/// blockquote markers kept, everything else (indentation, list markers) as spaces.
fn container_prefix(text: &str, at: usize) -> String {
    let start = line_start(text, at);
    text.get(start..at)
        .unwrap_or("")
        .chars()
        .map(|c| if c == '>' { '>' } else { ' ' })
        .collect()
}

/// A ```` ```text ```` fence holding `content`, its lines after the first prefixed by `prefix`.
fn fence(content: &str, prefix: &str, text: &str, range: &Range<usize>) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    let mut out = format!("{ticks}text\n");
    for line in content.strip_suffix('\n').unwrap_or(content).split('\n') {
        out.push_str(prefix);
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(prefix);
    out.push_str(&ticks);
    if text
        .get(range.clone())
        .is_some_and(|source| source.ends_with('\n'))
    {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_skips_the_parser_is_what_the_parser_would_leave() {
        let plain = [
            "The ID of the file.",
            "- a list item, *emphasis*, `code`, **bold** & entities &amp; ~strike~",
            "1. numbered; # not a heading; --- _under_ \\ back\\slash",
            "| a | b | (no table on one line) http: no scheme, www.example.com",
            "",
            "名前 — 文件 ID",
        ];
        for text in plain {
            assert!(!may_need_rewrite(text), "{text:?}");
            assert_eq!(rewrite(text), text, "{text:?}");
        }
        for text in [
            "a\nb",
            "<b>",
            "x > y",
            "[a]",
            "see https://x.io",
            "```json",
            "- ```x",
            "-     code",
        ] {
            assert!(may_need_rewrite(text), "{text:?}");
        }
    }

    /// Events of `markdown` as rustdoc would parse it.
    fn events(markdown: &str) -> Vec<Event<'_>> {
        Parser::new_ext(markdown, options()).collect()
    }

    /// Checks what rustdoc would warn about in the lines produced for `input`.
    #[track_caller]
    fn check_quiet(input: &str) -> String {
        let lines = lines(input);
        let joined = lines.join("\n");
        for line in &lines {
            assert!(
                !line.chars().any(char::is_control),
                "control char in {line:?}"
            );
            assert_eq!(line.trim_end(), line, "trailing space in {line:?}");
        }
        for event in events(&joined) {
            match event {
                Event::Html(html) | Event::InlineHtml(html) => {
                    panic!("raw HTML {html:?} in {joined}")
                }
                Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => {
                    assert_eq!(&*info, "text", "{joined}");
                }
                Event::Start(Tag::CodeBlock(_)) => panic!("indented code block in {joined}"),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    assert!(
                        !is_path_like(&dest_url),
                        "intra-doc link {dest_url} in {joined}"
                    );
                }
                _ => {}
            }
        }
        joined
    }

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(lines("The file's ID."), vec!["The file's ID."]);
        assert_eq!(lines("  a\n\n\n  b  \n\n"), vec!["a", "", "b"]);
        assert!(lines(" \n\t\n").is_empty());
    }

    #[test]
    fn html_and_angle_brackets_are_escaped() {
        let out = check_quiet("Pass <your api key> in <b>bold</b>.");
        assert_eq!(out, "Pass &lt;your api key&gt; in &lt;b&gt;bold&lt;/b&gt;.");
        let out = check_quiet("<div>\n<script>alert(1)</script>\n</div>");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn brackets_and_path_links_are_escaped() {
        assert_eq!(check_quiet("One of [a, b]."), "One of \\[a, b\\].");
        assert_eq!(check_quiet("See [Foo](Foo)."), "See \\[Foo\\](Foo).");
        assert_eq!(check_quiet("Already \\[x\\]."), "Already \\[x\\].");
        assert_eq!(
            check_quiet("[docs](https://x.io/a)"),
            "[docs](https://x.io/a)"
        );
        assert_eq!(check_quiet("Note[^1]."), "Note\\[^1\\].");
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            check_quiet("See https://example.com/a_(b). Or http://x.io, now."),
            "See <https://example.com/a_(b)>. Or <http://x.io>, now."
        );
        assert_eq!(check_quiet("<https://a.io>"), "<https://a.io>");
        assert_eq!(check_quiet("`https://a.io`"), "`https://a.io`");
    }

    #[test]
    fn code_blocks_become_text_fences() {
        let out = check_quiet("Example:\n\n```\nfn main() {}\n```\n\nafter");
        assert_eq!(out, "Example:\n\n```text\nfn main() {}\n```\n\nafter");
        let out = check_quiet("```rust\nlet x = [1];\n```");
        assert_eq!(out, "```text\nlet x = [1];\n```");
        let out = check_quiet("Indented:\n\n    let a = 1;\n    let b = 2;\n\nafter");
        assert_eq!(
            out,
            "Indented:\n\n```text\nlet a = 1;\nlet b = 2;\n```\n\nafter"
        );
        let out = check_quiet("```json\n{\"a\": \"```\"}\n```");
        assert_eq!(out, "````text\n{\"a\": \"```\"}\n````");
        let out = check_quiet("- item\n\n  ```\n  code\n  more\n  ```\n- next");
        assert_eq!(out, "- item\n\n  ```text\n  code\n  more\n  ```\n- next");
        let out = check_quiet("```\nunclosed <b>");
        assert_eq!(out, "```text\nunclosed <b>\n```");
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(
            check_quiet("- first\nlazy\n- second"),
            "- first\n  lazy\n- second"
        );
        assert_eq!(check_quiet("1. first\n         deep"), "1. first\n   deep");
        assert_eq!(check_quiet("> quote\nlazy"), "> quote\n> lazy");
        assert_eq!(
            check_quiet("Identities:\n - Network.\n - Storage.\n The set."),
            "Identities:\n - Network.\n - Storage.\n   The set."
        );
    }

    #[test]
    fn hostile_text_stays_text() {
        let out = lines("*/ \"quoted\" \\ back\r\n}\nfn evil(){}\u{0}\u{7}\u{202E}rtl\u{2066}");
        assert_eq!(out, vec!["*/ \"quoted\" \\ back", "}", "fn evil(){}rtl"]);
        check_quiet("*/ /* // <!-- --> ]] [[ <a href=\"https://x.io\">x</a> ```");
        check_quiet("# Title\n\n| a | b |\n|---|---|\n| <x> | [y] |\n\n* [ ] task\n");
    }

    #[test]
    fn odd_inputs_do_not_panic_and_stay_quiet() {
        for input in [
            "",
            "h",
            "http://",
            "https://é.com/ü?x=[1]",
            "- é\nlazy",
            "1.\u{3000}x\ny",
            "-",
            "-\n",
            "* a\n  * b\nlazy",
            "> - a\nb",
            "    ",
            "```",
            "~~~\n<x>\n",
            "[a]: b\n[a]",
            "[a][b]",
            "<a@b.c>",
            "![img](Foo)",
            "\\",
            "\\[",
            "a\\\\[b]",
            "| a |\n|---|\n| [x] |",
            "[^1]\n\n[^1]: note <b>",
            "# <h>\n===",
            "<!-- comment -->",
            "&lt;ok&gt;",
            "`<code>`",
            "1) a\n2) b\n   c\nd",
            "\u{feff}x",
            "x\u{2028}y",
            "- a\n\n      code\n",
            "    code\n  not code [x]",
            "<https://a.io/[x]>",
            "[x](<Foo>)",
            "[x](#anchor)",
        ] {
            check_quiet(input);
        }
    }

    #[test]
    fn attrs_fall_back_when_empty() {
        let tokens = attrs(Some("  \n"), "The `id` property.").to_string();
        assert!(tokens.contains("\" The `id` property.\""), "{tokens}");
        let tokens = attrs(None, "Fallback.").to_string();
        assert!(tokens.contains("Fallback."), "{tokens}");
    }
}
