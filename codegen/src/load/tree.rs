//! Parses YAML (a YAML file, or a page's fenced block of YAML or JSON, which is YAML) into a
//! JSON tree and the file position of every node.

use super::place::Placement;
use crate::diagnostic::{LineMap, NodeId};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Location, MessageFormatter, Spanned, UserMessageFormatter};
use std::fmt;

/// How deep a document may nest (mappings and sequences); deeper input is refused, not a stack
/// overflow.
pub(super) const MAX_DEPTH: usize = 128;

/// How many YAML events the aliases (`*name`) of a document may replay, and its anchors
/// (`&name`) record: an alias bomb ("billion laughs") is refused at this size, in bounded time
/// and memory. Real documents use a handful of small anchors.
pub(super) const MAX_ALIAS_EVENTS: usize = 100_000;

/// How long a mapping key may be, in characters (YAML's own limit is 1,024).
pub(super) const MAX_KEY: usize = 64 * 1024;

/// A parse failure, placed in the file.
#[derive(Debug)]
pub(super) struct ParseError {
    /// The parser's message, without its location.
    pub(super) message: String,
    /// 1-based (line, column) in the file, where the parser knows it.
    pub(super) position: Option<(u32, u32)>,
    /// The limit the document breaks, if that is why it failed.
    pub(super) limit: Option<Limit>,
}

/// A limit of the parser that a document can break.
#[derive(Debug, Clone, Copy)]
pub(super) enum Limit {
    /// It nests deeper than [`MAX_DEPTH`].
    Depth,
    /// Its aliases expand beyond [`MAX_ALIAS_EVENTS`].
    Aliases,
    /// It fails beyond column [`MAX_KEY`]: most likely at the end of a longer key.
    KeyLength,
}

/// Stack for the parser's thread: `serde-saphyr` recurses once per level with large frames
/// (about 30 KiB per level in a debug build), so `MAX_DEPTH` levels need more than the 2 MiB a
/// test thread has. Only the pages actually touched are committed.
const PARSER_STACK: usize = 64 << 20;

/// Parses `text` (placed in its file by `placement`) into a tree and its line map.
///
/// The parser runs on a thread of its own with a stack sized for `MAX_DEPTH` levels (on the
/// caller's thread if that thread cannot be started).
pub(super) fn parse(text: &str, placement: &Placement) -> Result<(Value, LineMap), ParseError> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("yaml-parser".to_owned())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || parse_here(text, placement));
        match thread {
            Ok(thread) => thread.join().unwrap_or_else(|_| {
                let message = "the YAML parser failed".to_owned();
                Err(ParseError {
                    message,
                    position: None,
                    limit: None,
                })
            }),
            Err(_) => parse_here(text, placement),
        }
    })
}

/// [`parse`] on the current thread.
fn parse_here(text: &str, placement: &Placement) -> Result<(Value, LineMap), ParseError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            // Whole API documents are large (Stripe's has ~1.5 million events); the defaults
            // are sized for configuration files.
            max_events: 50_000_000,
            max_nodes: 20_000_000,
            max_recorded_anchor_events: MAX_ALIAS_EVENTS,
            // Bounded by the events above, aliases may outnumber anchors (one shared schema
            // used 500 times is not a bomb).
            enforce_alias_anchor_ratio: false,
            // YAML's 1,024 characters for an implicit key would refuse a document with a
            // longer name. A bound, not the whole text: the parser holds what it reads until
            // it knows whether it is a key (unbounded, a 4 MB flow mapping took 50 MB more to
            // load).
            simple_key_max_lookahead: MAX_KEY,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_EVENTS,
        },
        with_snippet: false,
        // YAML 1.2: only `true`/`false` are booleans (OpenAI's `required: [x, y]` names a
        // property `y`, which YAML 1.1 reads as `true`).
        strict_booleans: true,
    };
    let root: Spanned<Node> =
        serde_saphyr::from_str_with_options(text, options).map_err(|error| {
            let error = error.without_snippet();
            let message = UserMessageFormatter.format_message(error);
            ParseError {
                message: message
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect(),
                position: error.location().and_then(|at| known(placement, at)),
                limit: limit(error).or_else(|| {
                    let column = error.location().map_or(0, |at| at.column());
                    (column > MAX_KEY as u64).then_some(Limit::KeyLength)
                }),
            }
        })?;
    let root_position = known(placement, root.referenced).unwrap_or_else(|| placement.place(1, 1));
    let mut lines = LineMap::new(Some(root_position));
    let tree = build(root.value, LineMap::ROOT, placement, &mut lines);
    Ok((tree, lines))
}

/// The limit `error` reports a breach of, if any (met through an alias, too).
fn limit(mut error: &serde_saphyr::Error) -> Option<Limit> {
    use serde_saphyr::Error;
    while let Error::AliasError { error: inner, .. } | Error::WithSnippet { error: inner, .. } =
        error
    {
        error = inner;
    }
    match error {
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => Some(Limit::Depth),
            BudgetBreach::RecordedAnchorEvents { .. } => Some(Limit::Aliases),
            _ => None,
        },
        Error::AliasReplayLimitExceeded { .. } => Some(Limit::Aliases),
        _ => None,
    }
}

/// The file position of `at`, unless the parser did not know it.
fn known(placement: &Placement, at: Location) -> Option<(u32, u32)> {
    (at != Location::UNKNOWN && at.line() > 0).then(|| placement.place(at.line(), at.column()))
}

/// Turns a parsed node (node `at` of `lines`) into JSON, recording the position of each child:
/// the key's for a mapping entry, the item's for a sequence item.
fn build(node: Node, at: NodeId, placement: &Placement, lines: &mut LineMap) -> Value {
    match node {
        Node::Scalar(value) => value,
        Node::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                let position = known(placement, item.referenced);
                let child = lines.insert(at, &index.to_string(), position);
                out.push(build(item.value, child, placement, lines));
            }
            Value::Array(out)
        }
        Node::Map(entries) => {
            let mut out = Map::with_capacity(entries.len());
            for (key, value) in entries {
                let position = known(placement, key.referenced);
                let child = lines.insert(at, &key.value.0, position);
                out.insert(key.value.0, build(value, child, placement, lines));
            }
            Value::Object(out)
        }
    }
}

/// A YAML node with the location of each child: of each key for a mapping (a value's own
/// location is not needed, and `Spanned` costs parse time), of each item for a sequence.
enum Node {
    Scalar(Value),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Key>, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(value)))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Node, E> {
        Ok(Node::Scalar(match i64::try_from(value) {
            Ok(small) => Value::from(small),
            // Beyond 64 bits JSON numbers are floats anyway (OpenAI: -9223372036854776000).
            Err(_) => float(value as f64),
        }))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Node, E> {
        Ok(Node::Scalar(match u64::try_from(value) {
            Ok(small) => Value::from(small),
            Err(_) => float(value as f64),
        }))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Scalar(float(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

/// A JSON number from a float; a non-finite float (which the parser refuses anyway) is null.
fn float(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// A mapping key as a string. YAML keys need not be strings (`200:` is an integer, `true:` a
/// boolean): they are read back as the text they were written with.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar mapping key (JSON keys are strings)")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Key, E> {
        Ok(Key(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Key, E> {
        Ok(Key(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Key, E> {
        Ok(Key(value.to_string()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Key, E> {
        Ok(Key(value.to_string()))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Key, E> {
        Ok(Key(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Key, E> {
        Ok(Key(value.to_string()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Key, E> {
        Ok(Key(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Key, E> {
        Ok(Key(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key("null".to_owned()))
    }
}
