//! Reading a body that strays from its document: [`Deviation`], and the lenient reading that
//! finds them.
//!
//! A body is first read strictly, at full speed, by the types' own `Deserialize`. Only when
//! that fails, and the caller asked for the deviations ([`collect`], which
//! [`WithMeta::parse`](crate::WithMeta::parse) and the client use), is it read again from its
//! JSON tree through [`Node`], leniently: a required field missing, a `null` where the schema
//! allows none, a value of another type, a union no variant reads and a property where the
//! schema allows none are each written down as a [`Deviation`] (where, what, the value as it
//! came) and the reading goes on with a stand-in: `None` for an `Option`, else the empty value
//! of the type (`""`, `0`, `false`, an empty list or map, a struct of stand-ins, the first value
//! of a closed enum, the first variant of a union). Everything that fits is typed.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// How a body strayed from its document, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deviation {
    /// Where, as a JSON pointer into the body (`/data/0/status`; `""` for the whole body).
    pub pointer: String,
    /// What the body did there.
    pub kind: DeviationKind,
    /// The value the body had there, as it came (`None` for a missing field, or a status).
    pub value: Option<Value>,
}

/// What a body did where it strayed from its document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeviationKind {
    /// A required property is missing: its field holds a stand-in (`None` if it may be
    /// `null`, which is no deviation).
    Missing,
    /// `null` where the schema allows none: the field holds a stand-in.
    Null,
    /// A value its type refuses (another JSON type, a string a closed enum does not list, a
    /// number out of range), with the reason: the field holds a stand-in.
    Type(String),
    /// A value no variant of its union reads: the union holds the first variant's stand-in.
    NoVariant,
    /// A property the schema allows none of (`additionalProperties: false`): left out.
    Unknown,
    /// A success status the document does not list, read as the operation's one documented
    /// success body.
    UndocumentedStatus(u16),
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "the body"
        } else {
            &self.pointer
        };
        match &self.kind {
            DeviationKind::Missing => write!(f, "{at}: a required property is missing"),
            DeviationKind::Null => write!(f, "{at}: null where the schema allows none"),
            DeviationKind::Type(why) => write!(f, "{at}: {why}"),
            DeviationKind::NoVariant => write!(f, "{at}: no variant of the union reads it"),
            DeviationKind::Unknown => write!(f, "{at}: a property the schema does not allow"),
            DeviationKind::UndocumentedStatus(status) => write!(
                f,
                "{at}: status {status} is not documented; read as the documented success"
            ),
        }
    }
}

/// How the reading under way treats a value its type refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Refuse it (the types' own reading; a union trying its variants).
    Strict,
    /// Write it down and go on with a stand-in.
    Lenient,
    /// Make a stand-in: nothing is read, nothing is written down.
    Standing,
}

/// A step of the path from the body to the value being read.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The state of the lenient reading of this thread.
struct State {
    /// Whether a caller collects deviations ([`collect`]).
    collecting: bool,
    mode: Mode,
    path: Vec<Step>,
    /// The body read leniently, where a deviation's value is looked up.
    root: Option<Rc<Value>>,
    found: Vec<Deviation>,
    /// Where the value that failed the read under way is, when it is deeper than the reader
    /// that stands in for it (an array's item: the list stands in, the item strayed).
    failed_at: Option<String>,
}

thread_local! {
    static STATE: RefCell<State> = const {
        RefCell::new(State {
            collecting: false,
            mode: Mode::Strict,
            path: Vec::new(),
            root: None,
            found: Vec::new(),
            failed_at: None,
        })
    };
}

fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with(|state| f(&mut state.borrow_mut()))
}

/// Runs `read` (a generated `parse_response`, say) with deviations collected: a body that
/// does not read strictly is read leniently, and what it did is given beside the result.
pub fn collect<R>(read: impl FnOnce() -> R) -> (R, Vec<Deviation>) {
    let outer = with(|state| {
        (
            std::mem::replace(&mut state.collecting, true),
            std::mem::take(&mut state.found),
        )
    });
    let result = read();
    let found = with(|state| {
        state.collecting = outer.0;
        std::mem::replace(&mut state.found, outer.1)
    });
    (result, found)
}

/// Whether a caller collects deviations.
pub(crate) fn collecting() -> bool {
    with(|state| state.collecting)
}

/// Writes down a deviation where no value was read (an undocumented status).
pub(crate) fn note(deviation: Deviation) {
    with(|state| state.found.push(deviation));
}

/// Reads `value` as `T` leniently: every deviation written down, a stand-in in its place.
///
/// # Errors
///
/// When `T` has no stand-in (a `const` that is not a string) and refuses the body.
pub(crate) fn read<T: de::DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    let root = Rc::new(value);
    let outer = with(|state| {
        (
            std::mem::replace(&mut state.mode, Mode::Lenient),
            std::mem::take(&mut state.path),
            state.root.replace(Rc::clone(&root)),
            state.failed_at.take(),
        )
    });
    let mark = mark();
    let read = match T::deserialize(Node::at(&root, true)) {
        Ok(read) => Ok(read),
        // The body as a whole refused (a string a closed enum does not list): its stand-in.
        Err(error) => {
            found(None, Found::Refused(error.to_string()));
            stand_in()
        }
    };
    with(|state| {
        state.mode = outer.0;
        state.path = outer.1;
        state.root = outer.2;
        state.failed_at = outer.3;
    });
    if read.is_err() {
        // Nothing read: nothing strayed.
        take_since(mark);
    }
    read
}

/// How the reading under way treats a value its type refuses.
pub(crate) fn mode() -> Mode {
    with(|state| state.mode)
}

/// Whether values refused are written down and stood in for.
pub(crate) fn lenient() -> bool {
    with(|state| state.mode == Mode::Lenient)
}

/// Runs `read` in `mode`, then goes back to the mode before.
fn in_mode<R>(mode: Mode, read: impl FnOnce() -> R) -> R {
    let outer = with(|state| std::mem::replace(&mut state.mode, mode));
    let result = read();
    with(|state| state.mode = outer);
    result
}

/// Runs `read` strictly (a union trying a variant), then goes back to the mode before.
pub(crate) fn strictly<R>(read: impl FnOnce() -> R) -> R {
    in_mode(Mode::Strict, read)
}

/// The stand-in of a `T`: `None`, or the empty value of its type.
///
/// # Errors
///
/// For a type that has none (a `const` that is not a string).
pub(crate) fn stand_in<'de, T: de::Deserialize<'de>>() -> Result<T, serde_json::Error> {
    in_mode(Mode::Standing, || T::deserialize(Node::nothing()))
}

/// The deviations written down since `mark` (a length of the list), taken out of it.
pub(crate) fn take_since(mark: usize) -> Vec<Deviation> {
    with(|state| state.found.split_off(mark.min(state.found.len())))
}

/// How many deviations are written down.
pub(crate) fn mark() -> usize {
    with(|state| state.found.len())
}

/// Puts back deviations taken out with [`take_since`].
pub(crate) fn restore(found: Vec<Deviation>) {
    with(|state| state.found.extend(found));
}

/// Writes down a deviation at the value being read, or at its child `key`, of kind `kind`
/// (`Type` and `Null` told apart by the value found there). A value refused deeper inside it
/// (an item of a list) is written down where it is.
pub(crate) fn found(key: Option<&str>, kind: Found) {
    with(|state| {
        let mut pointer = pointer(&state.path);
        if let Some(key) = key {
            pointer.push('/');
            escape_into(&mut pointer, key);
        }
        let failed_at = state.failed_at.take();
        if let (Found::Refused(_), Some(deeper)) = (&kind, failed_at) {
            if deeper
                .strip_prefix(&pointer)
                .is_some_and(|rest| rest.starts_with('/'))
            {
                pointer = deeper;
            }
        }
        let value = state
            .root
            .as_ref()
            .and_then(|root| root.pointer(&pointer).cloned());
        let kind = match kind {
            Found::Missing => DeviationKind::Missing,
            Found::Unknown => DeviationKind::Unknown,
            Found::NoVariant => DeviationKind::NoVariant,
            Found::Refused(_) if value == Some(Value::Null) => DeviationKind::Null,
            Found::Refused(why) => DeviationKind::Type(why),
        };
        state.found.push(Deviation {
            pointer,
            kind,
            value,
        });
    });
}

/// What a reader found, for [`found`].
pub(crate) enum Found {
    Missing,
    Unknown,
    NoVariant,
    /// A value its type refused, and why.
    Refused(String),
}

/// `path` as a JSON pointer.
fn pointer(path: &[Step]) -> String {
    let mut pointer = String::new();
    for step in path {
        pointer.push('/');
        match step {
            Step::Key(key) => escape_into(&mut pointer, key),
            Step::Index(index) => pointer.push_str(&index.to_string()),
        }
    }
    pointer
}

/// `key` escaped as a JSON pointer token (`~` as `~0`, `/` as `~1`), onto `pointer`.
fn escape_into(pointer: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Runs `read` one step down the path, at `step`, when the reading is lenient, and keeps
/// where the deepest value that failed it is (for [`found`]), until a read succeeds.
fn down<R>(
    lenient: bool,
    step: impl FnOnce() -> Step,
    read: impl FnOnce() -> Result<R, serde_json::Error>,
) -> Result<R, serde_json::Error> {
    if !lenient {
        return read();
    }
    with(|state| state.path.push(step()));
    let result = read();
    with(|state| {
        if result.is_ok() {
            state.failed_at = None;
        } else if state.failed_at.is_none() && state.mode == Mode::Lenient {
            state.failed_at = Some(pointer(&state.path));
        }
        state.path.pop();
    });
    result
}

/// A value of a JSON tree, read as a type (or nothing, read as a type's stand-in): the
/// deserializer of the lenient reading, which knows where in the body it is, and of a
/// union's trials of its variants.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    value: Option<&'a Value>,
    /// Whether the reading keeps the path (the lenient reading does; a trial need not).
    lenient: bool,
    /// Whether the value is an item of an array, where no object reader stands in for a
    /// scalar it refuses (a field's reader does: `None` for an `Option`).
    item: bool,
}

impl<'a> Node<'a> {
    /// `value`, read strictly unless `lenient`.
    pub(crate) fn at(value: &'a Value, lenient: bool) -> Self {
        Node {
            value: Some(value),
            lenient,
            item: false,
        }
    }

    /// No value: what a type's stand-in is read from.
    pub(crate) fn nothing() -> Self {
        Node {
            value: None,
            lenient: false,
            item: false,
        }
    }
}

/// Forwards each named method to serde_json's reading of a `&Value`, or, for nothing, gives
/// the empty value its visitor asks for. A method given the JSON kinds it reads, when the
/// reading is lenient and an array's item is of another kind (`null` in a list of strings),
/// writes a deviation down where the item is (`/files/0`, not the list around it) and gives
/// the empty value: the rest of the list is kept.
macro_rules! forward {
    ($($method:ident => $empty:expr $(, reads($kind:pat))?);* $(;)?) => {
        $(
            fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
                match self.value {
                    $(Some(value) if self.item && self.lenient && lenient()
                        && !matches!(value, $kind) => {
                        let error: serde_json::Error =
                            de::Error::invalid_type(unexpected(value), &visitor);
                        found(None, Found::Refused(error.to_string()));
                        // A stand-in, as a closed enum or a `const` gives it.
                        #[allow(clippy::redundant_closure_call)]
                        in_mode(Mode::Standing, || ($empty)(visitor))
                    })?
                    Some(value) => value.$method(visitor),
                    #[allow(clippy::redundant_closure_call)]
                    None => ($empty)(visitor),
                }
            }
        )*
    };
}

/// What `value` is, as serde's errors name it (`null` for `null`, as serde_json says).
fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(value) => de::Unexpected::Bool(*value),
        Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
            (Some(value), _, _) => de::Unexpected::Unsigned(value),
            (_, Some(value), _) => de::Unexpected::Signed(value),
            (_, _, value) => de::Unexpected::Float(value.unwrap_or_default()),
        },
        Value::String(value) => de::Unexpected::Str(value),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

impl<'a> Deserializer<'a> for Node<'a> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.value {
            Some(Value::Array(items)) => visitor.visit_seq(Items {
                items: items.iter().enumerate(),
                lenient: self.lenient,
            }),
            Some(Value::Object(map)) => visitor.visit_map(Entries {
                entries: Some(map.iter()),
                value: None,
                lenient: self.lenient,
            }),
            Some(value) => value.deserialize_any(visitor),
            None => visitor.visit_unit(),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.value {
            None | Some(Value::Null) => visitor.visit_none(),
            Some(_) => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.value {
            Some(Value::Array(_)) => self.deserialize_any(visitor),
            Some(value) => value.deserialize_seq(visitor),
            None => visitor.visit_seq(Items {
                items: [].iter().enumerate(),
                lenient: false,
            }),
        }
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.value {
            Some(Value::Object(_)) => self.deserialize_any(visitor),
            Some(value) => value.deserialize_map(visitor),
            None => visitor.visit_map(Entries {
                entries: None,
                value: None,
                lenient: false,
            }),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.value {
            Some(value) => value.deserialize_unit_struct(name, visitor),
            None => visitor.visit_unit(),
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.value {
            Some(value) => value.deserialize_enum(name, variants, visitor),
            None => Err(de::Error::custom(format_args!("no stand-in for `{name}`"))),
        }
    }

    forward! {
        deserialize_bool => |visitor: V| visitor.visit_bool(false), reads(Value::Bool(_));
        deserialize_i8 => |visitor: V| visitor.visit_i64(0), reads(Value::Number(_));
        deserialize_i16 => |visitor: V| visitor.visit_i64(0), reads(Value::Number(_));
        deserialize_i32 => |visitor: V| visitor.visit_i64(0), reads(Value::Number(_));
        deserialize_i64 => |visitor: V| visitor.visit_i64(0), reads(Value::Number(_));
        deserialize_i128 => |visitor: V| visitor.visit_i64(0), reads(Value::Number(_));
        deserialize_u8 => |visitor: V| visitor.visit_u64(0), reads(Value::Number(_));
        deserialize_u16 => |visitor: V| visitor.visit_u64(0), reads(Value::Number(_));
        deserialize_u32 => |visitor: V| visitor.visit_u64(0), reads(Value::Number(_));
        deserialize_u64 => |visitor: V| visitor.visit_u64(0), reads(Value::Number(_));
        deserialize_u128 => |visitor: V| visitor.visit_u64(0), reads(Value::Number(_));
        deserialize_f32 => |visitor: V| visitor.visit_f64(0.0), reads(Value::Number(_));
        deserialize_f64 => |visitor: V| visitor.visit_f64(0.0), reads(Value::Number(_));
        deserialize_char => |visitor: V| visitor.visit_char(' ');
        deserialize_str => |visitor: V| visitor.visit_borrowed_str(""), reads(Value::String(_));
        deserialize_string => |visitor: V| visitor.visit_borrowed_str(""), reads(Value::String(_));
        deserialize_bytes => |visitor: V| visitor.visit_borrowed_bytes(&[]);
        deserialize_byte_buf => |visitor: V| visitor.visit_borrowed_bytes(&[]);
        deserialize_unit => |visitor: V| visitor.visit_unit();
        deserialize_identifier => |visitor: V| visitor.visit_borrowed_str("");
        deserialize_ignored_any => |visitor: V| visitor.visit_unit();
    }
}

/// The items of an array, each a [`Node`] one step down the path.
struct Items<'a> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
    lenient: bool,
}

impl<'a> SeqAccess<'a> for Items<'a> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, serde_json::Error> {
        let Some((index, item)) = self.items.next() else {
            return Ok(None);
        };
        let lenient = self.lenient;
        down(
            lenient,
            || Step::Index(index),
            || {
                seed.deserialize(Node {
                    item: true,
                    ..Node::at(item, lenient)
                })
            },
        )
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of an object (none, for a stand-in), each value a [`Node`] one step down the
/// path.
struct Entries<'a> {
    entries: Option<serde_json::map::Iter<'a>>,
    value: Option<(&'a String, &'a Value)>,
    lenient: bool,
}

impl<'a> MapAccess<'a> for Entries<'a> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, serde_json::Error> {
        let Some((key, value)) = self.entries.as_mut().and_then(Iterator::next) else {
            return Ok(None);
        };
        self.value = Some((key, value));
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, serde_json::Error> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its key"))?;
        let lenient = self.lenient;
        down(
            lenient,
            || Step::Key(key.clone()),
            || seed.deserialize(Node::at(value, lenient)),
        )
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.as_ref().map_or(0, ExactSizeIterator::len))
    }
}

#[cfg(test)]
mod tests {
    use super::{collect, Deviation, DeviationKind};
    use crate::{parse_json, Shape, Union, WithMeta};
    use serde::de::{Deserialize, Deserializer};
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Status {
        Done,
        Open,
    }

    impl<'de> Deserialize<'de> for Status {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::one_of(deserializer, &[("done", Self::Done), ("open", Self::Open)])
        }
    }

    #[derive(Debug, PartialEq)]
    struct Message {
        id: String,
        status: Status,
        content: Option<String>,
        count: i64,
        extra: serde_json::Map<String, Value>,
    }
    crate::object!(Message, [id => "id", status => "status", content => "content", count => "count"], keep extra);

    #[derive(Debug, PartialEq)]
    struct Closed {
        a: Option<i64>,
    }
    crate::object!(Closed, [a => "a"], deny);

    #[derive(Debug, PartialEq)]
    enum Part {
        Text(String),
        Message(Message),
    }

    impl<'de> Deserialize<'de> for Part {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Union::read(deserializer)?
                .or(Shape::STRING, Self::Text)
                .or(
                    Shape::OBJECT.requiring(&["id", "status", "count"]),
                    Self::Message,
                )
                .end()
        }
    }

    #[derive(Debug, PartialEq)]
    struct Page {
        data: Vec<Message>,
        by_id: Option<BTreeMap<String, Message>>,
        part: Option<Part>,
        closed: Option<Closed>,
        tags: Option<Vec<String>>,
    }
    crate::object!(Page, [data => "data", by_id => "by_id", part => "part", closed => "closed", tags => "tags"], deny);

    fn message(id: &str) -> Value {
        json!({"id": id, "status": "open", "content": "Hi", "count": 1})
    }

    /// `page` read leniently: the value, and each deviation as (pointer, kind, value).
    fn lenient(page: &Value) -> (Page, Vec<(String, DeviationKind, Option<Value>)>) {
        let body = serde_json::to_vec(page).unwrap();
        let headers = http::HeaderMap::new();
        let (read, found) = collect(|| parse_json::<Page>(200, &headers, &body));
        let found = found
            .into_iter()
            .map(
                |Deviation {
                     pointer,
                     kind,
                     value,
                 }| (pointer, kind, value),
            )
            .collect();
        (read.unwrap(), found)
    }

    #[test]
    fn each_kind_of_deviation_is_found_where_it_is_nested() {
        let missing = DeviationKind::Missing;
        // (body, what is found, a check of what was read)
        let refused_string = |found: &DeviationKind| matches!(found, DeviationKind::Type(why) if why.contains("expected a string"));
        let mut no_status = message("m0");
        no_status.as_object_mut().unwrap().remove("status");
        let (page, found) = lenient(&json!({"data": [message("m1"), no_status]}));
        assert_eq!(
            found,
            [("/data/1/status".to_owned(), missing.clone(), None)]
        );
        // The stand-in is the enum's first value; the rest of the item is read.
        assert_eq!(page.data[1].status, Status::Done);
        assert_eq!((page.data[1].id.as_str(), page.data[1].count), ("m0", 1));
        assert_eq!(page.data[0].status, Status::Open);

        // `null` for a string, in a map of items.
        let mut null_id = message("m2");
        null_id["id"] = Value::Null;
        let (page, found) = lenient(&json!({"data": [], "by_id": {"a/b~": null_id}}));
        assert_eq!(
            found,
            [(
                "/by_id/a~1b~0/id".to_owned(),
                DeviationKind::Null,
                Some(Value::Null)
            )]
        );
        assert_eq!(page.by_id.unwrap()["a/b~"].id, "");

        // Another type: a string for an integer; a number for a string.
        let mut typed = message("m3");
        typed["count"] = json!("three");
        typed["content"] = json!(7);
        let (page, found) = lenient(&json!({"data": [typed]}));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "/data/0/content");
        assert!(refused_string(&found[0].1), "{found:?}");
        assert_eq!(found[0].2, Some(json!(7)));
        assert_eq!(
            (found[1].0.as_str(), &found[1].2),
            ("/data/0/count", &Some(json!("three")))
        );
        assert_eq!(
            (page.data[0].content.as_deref(), page.data[0].count),
            (None, 0)
        );

        // A value no variant of a union reads: the first variant's stand-in.
        let (page, found) = lenient(&json!({"data": [], "part": true}));
        assert_eq!(
            found,
            [(
                "/part".to_owned(),
                DeviationKind::NoVariant,
                Some(json!(true))
            )]
        );
        assert_eq!(page.part, Some(Part::Text(String::new())));

        // A union member that strays: read as the member of the value's kind.
        let (page, found) = lenient(&json!({"data": [], "part": {"id": "p", "count": 2}}));
        assert_eq!(found, [("/part/status".to_owned(), missing, None)]);
        assert!(
            matches!(page.part, Some(Part::Message(Message { ref id, count: 2, .. })) if id == "p")
        );

        // A property where none is allowed: left out.
        let (page, found) = lenient(&json!({"data": [], "closed": {"a": 1, "b": [2]}}));
        assert_eq!(
            found,
            [(
                "/closed/b".to_owned(),
                DeviationKind::Unknown,
                Some(json!([2]))
            )]
        );
        assert_eq!(page.closed, Some(Closed { a: Some(1) }));

        // A string a closed enum does not list.
        let mut unlisted = message("m4");
        unlisted["status"] = json!("archived");
        let (page, found) = lenient(&json!({"data": [unlisted]}));
        assert_eq!(found.len(), 1);
        assert!(
            matches!(&found[0].1, DeviationKind::Type(why) if why.contains("unknown variant `archived`")),
            "{found:?}"
        );
        assert_eq!(page.data[0].status, Status::Done);

        // A scalar item of another type in a list: found at the item, the other items kept.
        let (page, found) = lenient(&json!({"data": [], "tags": ["a", null, 3, "d"]}));
        assert_eq!(
            found
                .iter()
                .map(|found| (found.0.as_str(), &found.2))
                .collect::<Vec<_>>(),
            [
                ("/tags/1", &Some(Value::Null)),
                ("/tags/2", &Some(json!(3)))
            ]
        );
        assert_eq!(found[0].1, DeviationKind::Null);
        assert!(refused_string(&found[1].1), "{found:?}");
        assert_eq!(page.tags.unwrap(), ["a", "", "", "d"]);

        // An item of another type in a list of objects: found at the item (the list, which
        // its field stands in for as a whole, is empty).
        let (page, found) = lenient(&json!({"data": [message("m5"), ["m6"]]}));
        assert_eq!(
            found
                .iter()
                .map(|found| (found.0.as_str(), &found.2))
                .collect::<Vec<_>>(),
            [("/data/1", &Some(json!(["m6"])))]
        );
        assert!(page.data.is_empty());
    }

    #[test]
    fn a_body_that_fits_has_no_deviation_and_reads_as_strictly() {
        let body = json!({"data": [message("m")], "part": "text", "by_id": {"x": message("x")}});
        let (page, found) = lenient(&body);
        assert!(found.is_empty());
        assert_eq!(page, serde_json::from_value::<Page>(body).unwrap());
    }

    #[test]
    fn strictly_a_body_that_strays_is_unexpected_and_keeps_its_bytes() {
        let body = br#"{"data": [{"id": "m", "count": 1}]}"#;
        let headers = http::HeaderMap::new();
        let error = parse_json::<Page>(200, &headers, body).unwrap_err();
        assert_eq!(error.body, body);
        assert!(
            error.to_string().contains("missing field `status`"),
            "{error}"
        );
        // Leniently, through `WithMeta::parse`, it reads, and the meta says how it strayed.
        let reply = WithMeta::parse(200, &headers, body, parse_json::<Page>).unwrap();
        assert_eq!(reply.data[0].id, "m");
        assert_eq!(reply.meta().deviations().len(), 1);
        assert_eq!(
            reply.meta().deviations()[0].to_string(),
            "/data/0/status: a required property is missing"
        );
        // Not JSON at all: unexpected either way.
        assert!(WithMeta::parse(200, &headers, b"<html>", parse_json::<Page>).is_err());
    }
}
