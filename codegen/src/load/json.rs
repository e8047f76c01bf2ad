//! Parses a JSON file into a JSON tree and the file position of every node, with
//! `jsonc-parser` in strict mode (no comments, no trailing commas, quoted keys only): it gives
//! each node's byte range, at about the speed of serde_json, where the YAML parser (which
//! reads JSON too) took ten times as long.

use super::tree::{Limit, ParseError, MAX_DEPTH};
use crate::diagnostic::{LineMap, NodeId};
use jsonc_parser::ast::{self, ObjectPropName};
use jsonc_parser::tokens::Token;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, Scanner};
use serde_json::{Map, Number, Value};

/// Parses `text`, a whole JSON file, into a tree and its line map: each mapping entry placed
/// at its key, each sequence item at itself, as the YAML parser places them.
pub(super) fn parse(text: &str) -> Result<(Value, LineMap), ParseError> {
    // A byte order mark (a file saved by some Windows editors) is no column of an editor's.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The parser recurses once per level: the depth is checked first, on its tokens.
    check_depth(text)?;
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    let parsed = jsonc_parser::parse_to_ast(text, &collect, &options).map_err(|error| {
        let position = (
            u32::try_from(error.line_display()).unwrap_or(u32::MAX),
            u32::try_from(error.column_display()).unwrap_or(u32::MAX),
        );
        ParseError {
            message: error.kind().to_string(),
            position: Some(position),
            limit: None,
        }
    })?;
    let Some(root) = parsed.value else {
        return Err(ParseError {
            message: "the file holds no JSON value".to_owned(),
            position: Some((1, 1)),
            limit: None,
        });
    };
    let mut cursor = Cursor::new(text);
    let root_position = cursor.place(start(&root));
    let mut builder = Builder {
        cursor,
        node: LineMap::ROOT,
        lines: LineMap::new(Some(root_position)),
    };
    let tree = builder.build(root)?;
    Ok((tree, builder.lines))
}

/// Refuses a text that nests deeper than [`MAX_DEPTH`] (mappings and sequences), placing the
/// error at the bracket that goes one level too deep; a token the scanner refuses is left to
/// the parser, which reports it.
fn check_depth(text: &str) -> Result<(), ParseError> {
    let mut scanner = Scanner::new(text);
    let mut depth = 0usize;
    while let Ok(Some(token)) = scanner.scan() {
        match token {
            Token::OpenBrace | Token::OpenBracket => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let mut cursor = Cursor::new(text);
                    return Err(ParseError {
                        message: format!("the document nests deeper than {MAX_DEPTH} levels"),
                        position: Some(cursor.place(scanner.token_start())),
                        limit: Some(Limit::Depth),
                    });
                }
            }
            Token::CloseBrace | Token::CloseBracket => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The byte offset where `value` starts.
fn start(value: &ast::Value) -> usize {
    match value {
        ast::Value::StringLit(node) => node.range.start,
        ast::Value::NumberLit(node) => node.range.start,
        ast::Value::BooleanLit(node) => node.range.start,
        ast::Value::Object(node) => node.range.start,
        ast::Value::Array(node) => node.range.start,
        ast::Value::NullKeyword(node) => node.range.start,
    }
}

/// Turns the syntax tree into JSON, recording positions as it goes.
struct Builder<'a> {
    cursor: Cursor<'a>,
    /// The node being built.
    node: NodeId,
    lines: LineMap,
}

impl Builder<'_> {
    /// `value` as JSON; each child's position is recorded under its pointer.
    fn build(&mut self, value: ast::Value) -> Result<Value, ParseError> {
        Ok(match value {
            ast::Value::StringLit(node) => Value::String(node.value.into_owned()),
            ast::Value::NumberLit(node) => self.number(node.value, node.range.start)?,
            ast::Value::BooleanLit(node) => Value::Bool(node.value),
            ast::Value::NullKeyword(_) => Value::Null,
            ast::Value::Array(node) => {
                let mut out = Vec::with_capacity(node.elements.len());
                for (index, item) in node.elements.into_iter().enumerate() {
                    let parent = self.enter(&index.to_string(), start(&item));
                    out.push(self.build(item)?);
                    self.node = parent;
                }
                Value::Array(out)
            }
            ast::Value::Object(node) => {
                let mut out = Map::with_capacity(node.properties.len());
                for property in node.properties {
                    let (key, at) = match property.name {
                        ObjectPropName::String(name) => (name.value.into_owned(), name.range.start),
                        // Refused by the parser in strict mode; kept as written if ever met.
                        ObjectPropName::Word(name) => (name.value.to_owned(), name.range.start),
                    };
                    if out.contains_key(&key) {
                        // As the YAML parser does: the second would silently win.
                        return Err(ParseError {
                            message: "this key is given twice in one object".to_owned(),
                            position: Some(self.cursor.place(at)),
                            limit: None,
                        });
                    }
                    let parent = self.enter(&key, at);
                    let value = self.build(property.value)?;
                    self.node = parent;
                    out.insert(key, value);
                }
                Value::Object(out)
            }
        })
    }

    /// Records child `key` of the current node at byte `at` and makes it the current node;
    /// gives the node it was.
    fn enter(&mut self, key: &str, at: usize) -> NodeId {
        let position = self.cursor.place(at);
        let child = self.lines.insert(self.node, key, Some(position));
        std::mem::replace(&mut self.node, child)
    }

    /// A JSON number from its text: an integer when it is one that fits 64 bits, a float
    /// otherwise (beyond 64 bits JSON numbers are floats anyway: OpenAI's
    /// -9223372036854776000), as the YAML parser reads them.
    fn number(&mut self, text: &str, at: usize) -> Result<Value, ParseError> {
        if let Ok(number) = text.parse::<i64>() {
            return Ok(Value::from(number));
        }
        if let Ok(number) = text.parse::<u64>() {
            return Ok(Value::from(number));
        }
        match text.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(number) => Ok(Value::Number(number)),
            None => Err(ParseError {
                message: format!("`{text}` is not a JSON number"),
                position: Some(self.cursor.place(at)),
                limit: None,
            }),
        }
    }
}

/// Turns byte offsets into 1-based (line, column in characters), moving forward through the
/// text: the builder asks in document order, so the whole text is read once.
struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    column: u32,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The position of byte `at` (from the start again if `at` is behind the cursor).
    fn place(&mut self, at: usize) -> (u32, u32) {
        if at < self.offset {
            *self = Cursor::new(self.text);
        }
        if let Some(passed) = self.text.get(self.offset..at) {
            for c in passed.chars() {
                if c == '\n' {
                    self.line = self.line.saturating_add(1);
                    self.column = 1;
                } else {
                    self.column = self.column.saturating_add(1);
                }
            }
            self.offset = at;
        }
        (self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::diagnostic::{self, LineMap};
    use crate::load::{place::Placement, tree};
    use serde_json::{json, Value};

    /// Every pointer of `value`, below `pointer`.
    fn pointers(value: &Value, pointer: &str, out: &mut Vec<String>) {
        out.push(pointer.to_owned());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    pointers(child, &diagnostic::child(pointer, key), out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    pointers(child, &format!("{pointer}/{index}"), out);
                }
            }
            _ => {}
        }
    }

    /// The JSON parser reads the corpus's JSON documents as the YAML parser does: the same
    /// tree, and every node at the same line and column.
    #[test]
    fn reads_the_corpus_json_documents_as_the_yaml_parser_does() {
        let dir = vendor_corpus::dir().join("openapi");
        let mut compared = 0;
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .filter(|path| std::fs::metadata(path).unwrap().len() < 1 << 20)
            .collect();
        files.sort();
        let listed = files.len();
        let mut refused_by_yaml = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok((yaml_tree, yaml_lines)) = tree::parse(&text, &Placement::whole_file()) else {
                refused_by_yaml.push(path);
                continue;
            };
            let (json_tree, json_lines): (Value, LineMap) = parse(&text).unwrap();
            assert_eq!(json_tree, yaml_tree, "{}", path.display());
            let mut all = Vec::new();
            pointers(&json_tree, "", &mut all);
            for pointer in all {
                assert_eq!(
                    json_lines.find(&pointer),
                    yaml_lines.find(&pointer),
                    "{} {pointer}",
                    path.display()
                );
            }
            compared += 1;
        }
        // The corpus holds 11 JSON documents under 1 MiB: a test that compared none would pass
        // whatever the parsers do.
        assert!(
            compared >= 11,
            "only {compared} of {listed} documents compared; the YAML parser refused \
             {refused_by_yaml:?}"
        );
    }

    #[test]
    fn places_keys_and_items_and_reads_numbers_as_the_yaml_parser_does() {
        let text = "{\n  \"a\": [1, -2, 3.5],\n  \"é\": {\"b\": 18446744073709551615, \
                    \"c\": -9223372036854775809}\n}";
        let (tree, lines) = parse(text).unwrap();
        assert_eq!(
            tree,
            json!({"a": [1, -2, 3.5], "é": {"b": 18446744073709551615u64, "c": -9223372036854775809.0}})
        );
        assert_eq!(lines.find(""), Some((1, 1)));
        assert_eq!(lines.find("/a"), Some((2, 3)));
        assert_eq!(lines.find("/a/1"), Some((2, 12)));
        assert_eq!(lines.find("/é"), Some((3, 3)));
        // Columns count characters, not bytes.
        assert_eq!(lines.find("/é/b"), Some((3, 9)));
        let (tree, lines) = parse("\u{feff}{\"a\": 1}").unwrap();
        assert_eq!((tree, lines.find("/a")), (json!({"a": 1}), Some((1, 2))));
    }

    #[test]
    fn refuses_comments_trailing_commas_and_depth_beyond_the_limit() {
        for (text, line) in [
            ("{\n// no\n\"a\": 1}", 2),
            ("{\"a\": [1,]\n}", 1),
            ("{\"a\": 1,\n}", 1),
            ("{a: 1}", 1),
            ("{\"a\": 1,\n \"a\": 2}", 2),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.position.map(|(l, _)| l), Some(line), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let error = parse(&deep).unwrap_err();
        assert!(matches!(error.limit, Some(super::Limit::Depth)));
        assert_eq!(error.position, Some((1, 129)));
        // Deeper than any stack would take: refused before the parser recurses.
        let deeper = "[".repeat(1_000_000);
        assert!(matches!(
            parse(&deeper).unwrap_err().limit,
            Some(super::Limit::Depth)
        ));
    }
}
