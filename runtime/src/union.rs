//! How generated unions read themselves: [`Union`], by the tag a value carries or by the
//! variant that fits it best, each variant tried only where its [`Shape`] admits the value.

use crate::lenient::{self, Deviation, Found, Mode, Node};
use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;
use std::marker::PhantomData;

/// The JSON kinds a variant of a union reads, and the keys it cannot do without: a variant
/// whose shape does not admit a value is not tried on it, since it could only fail. So a
/// union of a string, a number and objects that each require a key of their own reads a value
/// once, as the one variant it can be, rather than trying every variant before it.
///
/// ```
/// use serde_json::json;
/// use vendor_runtime::Shape;
///
/// let message = Shape::OBJECT.requiring(&["role", "content"]);
/// assert!(message.admits(&json!({"role": "user", "content": "Hi"})));
/// assert!(!message.admits(&json!({"role": "user"})));
/// assert!(!message.admits(&json!("Hi")));
/// assert!(Shape::NULL.or(Shape::STRING).admits(&serde_json::Value::Null));
/// assert!(Shape::NUMBER.admits(&json!(1)) && !Shape::INTEGER.admits(&json!(1.5)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    kinds: u8,
    required: &'static [&'static str],
}

impl Shape {
    /// `null`.
    pub const NULL: Shape = Shape::kinds(1);
    /// `true` or `false`.
    pub const BOOL: Shape = Shape::kinds(2);
    /// A number without a fraction.
    pub const INTEGER: Shape = Shape::kinds(4);
    /// Any number.
    pub const NUMBER: Shape = Shape::kinds(4 | 8);
    /// A string.
    pub const STRING: Shape = Shape::kinds(16);
    /// An array.
    pub const ARRAY: Shape = Shape::kinds(32);
    /// An object.
    pub const OBJECT: Shape = Shape::kinds(64);
    /// Any JSON value.
    pub const ANY: Shape = Shape::kinds(u8::MAX);

    const fn kinds(kinds: u8) -> Shape {
        Shape {
            kinds,
            required: &[],
        }
    }

    /// A value of either shape (the keys required are this shape's).
    #[must_use]
    pub const fn or(self, other: Shape) -> Shape {
        Shape {
            kinds: self.kinds | other.kinds,
            required: self.required,
        }
    }

    /// This shape, an object of which must have the keys `required`.
    #[must_use]
    pub const fn requiring(self, required: &'static [&'static str]) -> Shape {
        Shape {
            kinds: self.kinds,
            required,
        }
    }

    /// Whether `value` is of a kind a variant of this shape reads, whatever keys it has.
    pub fn admits_kind(&self, value: &Value) -> bool {
        Shape {
            kinds: self.kinds,
            required: &[],
        }
        .admits(value)
    }

    /// Whether a variant of this shape may read `value`.
    pub fn admits(&self, value: &Value) -> bool {
        let kind = match value {
            Value::Null => 1,
            Value::Bool(_) => 2,
            Value::Number(number) if number.is_f64() => 8,
            Value::Number(_) => 4,
            Value::String(_) => 16,
            Value::Array(_) => 32,
            Value::Object(map) => {
                return self.kinds & 64 != 0
                    && self.required.iter().all(|key| map.contains_key(*key));
            }
        };
        self.kinds & kind != 0
    }
}

/// A union being read: the JSON value read whole, then the variant it is found. Its steps take
/// it by reference (`Union::read(d)?.or(…).or(…).end()`), so that trying ten variants moves
/// nothing.
///
/// Two ways, which generated code chooses per union:
///
/// - **By tag** ([`Union::tagged`], then [`tag`](Union::tag) per variant and
///   [`other`](Union::other)): every variant fixes one property (`type`, `role`, …); the value's
///   tag names its variant, which alone reads it (by fit among them, where a document gives
///   one tag to several), and a tag no variant has is kept whole by the open variant, so that
///   a new kind of value never fails to read. A value without the tag (or with one that is
///   not a string) is read by fit, as below.
/// - **By fit** ([`Union::read`], then [`or`](Union::or) per variant and [`end`](Union::end)):
///   each variant is tried in order, and the one that reads the value with the least left
///   over wins: a key kept in a struct's map of unknown fields, a string kept by an open
///   enum's catch-all variant and a tag kept by a tagged union's open variant each count
///   one, at any depth. The first variant that leaves nothing over wins at once; among
///   variants that leave as much, the first. So an object is read as the variant that knows
///   most of its keys, never by its position alone.
///
/// ```
/// use serde::de::{Deserialize, Deserializer, MapAccess};
/// use vendor_runtime::{field, keep, read_object, take, Fields, Key, Shape, Union};
///
/// #[derive(Debug, PartialEq)]
/// struct Text {
///     text: String,
///     extra: serde_json::Map<String, serde_json::Value>,
/// }
///
/// impl<'de> Fields<'de> for Text {
///     fn read<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
///         let (mut text, mut extra) = (None, serde_json::Map::new());
///         while let Some(key) = map.next_key::<Key<'de>>()? {
///             match key.as_str() {
///                 "text" => field(&mut map, &mut text, "text")?,
///                 _ => keep(&mut map, &mut extra, key)?,
///             }
///         }
///         Ok(Self { text: take(text, "text")?, extra })
///     }
/// }
///
/// impl<'de> Deserialize<'de> for Text {
///     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         read_object(deserializer)
///     }
/// }
///
/// #[derive(Debug, PartialEq)]
/// enum Part {
///     Text(Text),
///     Other(serde_json::Value),
/// }
///
/// impl<'de> Deserialize<'de> for Part {
///     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         Union::tagged(deserializer, "type")?.tag(&["text"], Self::Text).other(Self::Other)
///     }
/// }
///
/// let part: Part = serde_json::from_str(r#"{"type": "text", "text": "Hi"}"#)?;
/// assert!(matches!(part, Part::Text(Text { ref text, .. }) if text == "Hi"));
/// let part: Part = serde_json::from_str(r#"{"type": "hologram", "depth": 3}"#)?;
/// assert_eq!(part, Part::Other(serde_json::json!({"type": "hologram", "depth": 3})));
/// let error = serde_json::from_str::<Part>(r#"{"type": "text"}"#).unwrap_err();
/// assert!(error.to_string().starts_with("`type` `text`: missing field `text`"));
///
/// #[derive(Debug, PartialEq)]
/// enum Stop {
///     One(String),
///     Many(Vec<String>),
/// }
///
/// impl<'de> Deserialize<'de> for Stop {
///     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         Union::read(deserializer)?.or(Shape::STRING, Self::One).or(Shape::ARRAY, Self::Many).end()
///     }
/// }
///
/// assert_eq!(serde_json::from_str::<Stop>(r#"["a"]"#)?, Stop::Many(vec!["a".to_owned()]));
/// let error = serde_json::from_str::<Stop>("1").unwrap_err();
/// assert!(error.to_string().starts_with("no variant of untagged enum "));
/// assert!(error.to_string().contains("::Stop reads it"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug)]
pub struct Union<S, E> {
    value: Value,
    /// How a variant is found: by fit, or by the tag the value carries.
    tag: Tag,
    /// The best variant so far, and what it left over.
    found: Option<(S, usize)>,
    /// Whether a variant takes the value's tag.
    named: bool,
    /// What only a value no variant reads needs (why the tagged variant refused it, the
    /// fallbacks of a lenient reading): boxed, so that the union, moved from variant to
    /// variant, stays small.
    rare: Option<Box<Rare<S>>>,
    /// What the reading this union is part of had left over before it.
    outer: usize,
    /// How the reading this union is part of treats a value its type refuses: strictly, it
    /// refuses it too; leniently, its variants are tried strictly, then the first of the
    /// value's kind is read leniently; for a stand-in, it is its first variant's.
    mode: Mode,
    error: PhantomData<fn() -> E>,
}

/// What a [`Union`] keeps for a value no variant reads.
#[derive(Debug)]
struct Rare<S> {
    /// Why the first variant that takes the value's tag could not read the value.
    failure: Option<String>,
    /// Read leniently: the first variant of the value's kind read so, with its deviations,
    /// should no variant read the value as it is.
    lenient: Option<(S, Vec<Deviation>)>,
    /// Read leniently, or for a stand-in: the first variant's stand-in, should no variant
    /// read the value at all.
    stand_in: Option<S>,
}

impl<S> Default for Rare<S> {
    fn default() -> Self {
        Rare {
            failure: None,
            lenient: None,
            stand_in: None,
        }
    }
}

/// How a union's variant is found.
#[derive(Debug)]
enum Tag {
    /// By fit: the union has no tag, or the value does not carry it.
    None,
    /// By the value's tag (the union's tag property and the value it has there).
    Is(&'static str, String),
}

impl<S, E: de::Error> Union<S, E> {
    /// Reads the JSON value of a union whose variant is found by fit.
    ///
    /// # Errors
    ///
    /// When the input is not JSON data (a deserializer's own error).
    pub fn read<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        let value = Value::deserialize(deserializer)?;
        Ok(Self::start(value, Tag::None))
    }

    /// Reads the JSON value of a union whose variants each fix the property `property`, and
    /// the value's tag there.
    ///
    /// # Errors
    ///
    /// When the input is not JSON data (a deserializer's own error).
    pub fn tagged<'de, D: Deserializer<'de, Error = E>>(
        deserializer: D,
        property: &'static str,
    ) -> Result<Self, E> {
        let value = Value::deserialize(deserializer)?;
        let tag = match value.get(property) {
            Some(Value::String(tag)) => Tag::Is(property, tag.clone()),
            _ => Tag::None,
        };
        Ok(Self::start(value, tag))
    }

    fn start(value: Value, tag: Tag) -> Self {
        let mode = lenient::mode();
        Union {
            value,
            tag,
            found: None,
            named: false,
            rare: None,
            outer: fit::restart(),
            mode,
            error: PhantomData,
        }
    }

    /// Tries the variant `variant` (its constructor), whose values have the shape `shape`,
    /// unless an earlier one read the value with nothing left over or the shape does not admit
    /// the value; it is kept if it leaves less over than the best so far.
    pub fn or<T: DeserializeOwned>(&mut self, shape: Shape, variant: fn(T) -> S) -> &mut Self {
        if !self.perfect() && shape.admits(&self.value) {
            // A variant that does not read the value is simply not chosen.
            let _ = self.weigh(variant);
        }
        if self.mode != Mode::Strict {
            self.fallback(shape, variant);
        }
        self
    }

    /// Read leniently or for a stand-in, what this variant gives should no variant read the
    /// value as it is: the first variant of the value's kind, read leniently; the first
    /// variant's stand-in.
    #[cold]
    #[inline(never)]
    fn fallback<T: DeserializeOwned>(&mut self, shape: Shape, variant: fn(T) -> S) {
        if self.mode == Mode::Strict || self.found.is_some() {
            return;
        }
        let lenient = self.mode == Mode::Lenient;
        let value = &self.value;
        let rare = self.rare.get_or_insert_with(Box::default);
        if rare.stand_in.is_none() {
            rare.stand_in = lenient::stand_in::<T>().ok().map(variant);
        }
        if lenient && rare.lenient.is_none() && shape.admits_kind(value) {
            let mark = lenient::mark();
            let read = T::deserialize(Node::at(value, true));
            let found = lenient::take_since(mark);
            fit::restart();
            if let Ok(read) = read {
                rare.lenient = Some((variant(read), found));
            }
        }
    }

    /// Whether a variant read the value with nothing left over.
    fn perfect(&self) -> bool {
        matches!(self.found, Some((_, 0)))
    }

    /// Reads the value as the variant `variant`, kept if it leaves less over than the best so
    /// far.
    fn weigh<T: DeserializeOwned>(&mut self, variant: fn(T) -> S) -> Result<(), serde_json::Error> {
        let value = &self.value;
        let read = match self.mode {
            Mode::Strict => T::deserialize(Node::at(value, false)),
            Mode::Lenient | Mode::Standing => {
                lenient::strictly(|| T::deserialize(Node::at(value, false)))
            }
        };
        let left = fit::restart();
        let read = read?;
        if self.found.as_ref().is_none_or(|(_, best)| left < *best) {
            self.found = Some((variant(read), left));
        }
        Ok(())
    }

    /// The variant `variant` of a tagged union, which the tags `tags` name: it is tried when
    /// the value's tag is one of them (by fit, should another variant take the same tag), and
    /// by fit when the value has no tag.
    pub fn tag<T: DeserializeOwned>(&mut self, tags: &[&str], variant: fn(T) -> S) -> &mut Self {
        let Tag::Is(_, tag) = &self.tag else {
            return self.or(Shape::ANY, variant);
        };
        if !tags.contains(&tag.as_str()) {
            return self;
        }
        self.named = true;
        if self.perfect() {
            return self;
        }
        if let Err(error) = self.weigh(variant) {
            if let Tag::Is(property, tag) = &self.tag {
                let rare = self.rare.get_or_insert_with(Box::default);
                if rare.failure.is_none() {
                    rare.failure = Some(format!("`{property}` `{tag}`: {error}"));
                }
            }
        }
        if self.mode != Mode::Strict {
            self.fallback(Shape::ANY, variant);
        }
        self
    }

    /// The variant found.
    ///
    /// # Errors
    ///
    /// When no variant reads the value (the message names the union's type), or no variant
    /// its tag names does (the message names the tag, and says why).
    pub fn end(&mut self) -> Result<S, E> {
        // What the reading around this union left over, and what the variant found did.
        let left = self.found.as_ref().map_or(0, |(_, left)| *left);
        fit::restart_at(self.outer.saturating_add(left));
        let found = self.found.take();
        let rare = self.rare.take().map(|rare| *rare).unwrap_or_default();
        if found.is_none() {
            if let Some((read, found)) = rare.lenient {
                lenient::restore(found);
                return Ok(read);
            }
            if let Some(stand_in) = rare.stand_in {
                if self.mode == Mode::Lenient {
                    lenient::found(None, Found::NoVariant);
                }
                return Ok(stand_in);
            }
        }
        match (found, rare.failure) {
            (Some((found, _)), _) => Ok(found),
            (None, Some(failure)) => Err(E::custom(failure)),
            (None, None) => Err(E::custom(format_args!(
                "no variant of untagged enum {} reads it",
                std::any::type_name::<S>()
            ))),
        }
    }

    /// The variant found, or, when the value's tag is one no variant has, the open variant
    /// `other`, which keeps the whole value (and counts one left over).
    ///
    /// # Errors
    ///
    /// As [`end`](Union::end).
    pub fn other(&mut self, other: fn(Value) -> S) -> Result<S, E> {
        if matches!(self.tag, Tag::Is(..)) && !self.named {
            self.found = Some((other(std::mem::take(&mut self.value)), 1));
        }
        self.end()
    }
}

/// How much of a value the types reading it left over (kept as unknown fields, values of an
/// open enum it does not list, tags no variant has), counted per thread while a [`Union`]
/// tries its variants, so that it can keep the one that fits best.
#[doc(hidden)]
pub mod fit {
    use std::cell::Cell;

    thread_local! {
        static LEFT_OVER: Cell<usize> = const { Cell::new(0) };
    }

    /// Counts `count` parts of the value being read as left over.
    pub fn left_over(count: usize) {
        LEFT_OVER.with(|left| left.set(left.get().saturating_add(count)));
    }

    /// Starts counting again from zero; gives what was counted.
    pub(crate) fn restart() -> usize {
        restart_at(0)
    }

    /// Starts counting again from `count`; gives what was counted.
    pub(crate) fn restart_at(count: usize) -> usize {
        LEFT_OVER.with(|left| left.replace(count))
    }
}

#[cfg(test)]
mod tests {
    use super::{Shape, Union};
    use serde::de::{Deserialize, Deserializer};
    use serde_json::{json, Value};

    fn error<T: for<'de> Deserialize<'de> + std::fmt::Debug>(value: Value) -> String {
        serde_json::from_value::<T>(value).unwrap_err().to_string()
    }

    /// As generated for an object of one required string.
    #[derive(Debug, PartialEq)]
    struct Named {
        name: String,
    }

    crate::object!(Named, [name => "name"], deny);

    #[derive(Debug, PartialEq)]
    enum Either {
        Int(i64),
        Float(f64),
        Text(String),
        Named(Named),
        Other(Value),
    }

    impl<'de> Deserialize<'de> for Either {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Union::read(deserializer)?
                .or(Shape::INTEGER, Self::Int)
                .or(Shape::NUMBER, Self::Float)
                .or(Shape::STRING, Self::Text)
                .or(Shape::OBJECT.requiring(&["name"]), Self::Named)
                .or(Shape::ARRAY, Self::Other)
                .end()
        }
    }

    #[test]
    fn unions_by_fit_tell_json_types_apart() {
        let read = |value: Value| serde_json::from_value::<Either>(value).unwrap();
        assert_eq!(read(json!(1)), Either::Int(1));
        assert_eq!(read(json!(1.5)), Either::Float(1.5));
        assert_eq!(read(json!("x")), Either::Text("x".to_owned()));
        assert_eq!(
            read(json!({"name": "n"})),
            Either::Named(Named {
                name: "n".to_owned()
            })
        );
        assert_eq!(read(json!([1])), Either::Other(json!([1])));
        assert_eq!(
            error::<Either>(json!({"b": 1})),
            "no variant of untagged enum vendor_runtime::union::tests::Either reads it"
        );
        // An integer beyond i64 is no `Int`, and a number it is.
        assert_eq!(read(json!(u64::MAX)), Either::Float(u64::MAX as f64));
    }

    #[test]
    fn a_shape_admits_the_kinds_and_keys_it_names() {
        let object = Shape::OBJECT.requiring(&["a", "b"]);
        assert!(object.admits(&json!({"a": 1, "b": null, "c": 2})));
        assert!(!object.admits(&json!({"a": 1})));
        assert!(!object.admits(&json!([1, 2])));
        assert!(Shape::OBJECT.admits(&json!({})));
        assert!(Shape::INTEGER.admits(&json!(-3)) && Shape::INTEGER.admits(&json!(u64::MAX)));
        assert!(!Shape::INTEGER.admits(&json!(3.5)));
        assert!(Shape::NUMBER.admits(&json!(3.5)) && Shape::NUMBER.admits(&json!(3)));
        assert!(!Shape::BOOL.admits(&json!(0)) && Shape::BOOL.admits(&json!(false)));
        let nullable = Shape::NULL.or(Shape::STRING);
        assert!(nullable.admits(&Value::Null) && nullable.admits(&json!("")));
        assert!(!nullable.admits(&json!(1)));
        for value in [
            json!(null),
            json!(true),
            json!(1),
            json!(1.5),
            json!("s"),
            json!([]),
            json!({}),
        ] {
            assert!(Shape::ANY.admits(&value), "{value}");
        }
    }

    /// Counts the variants a union tries: `Counted` reads any value and counts one try.
    #[derive(Debug, PartialEq)]
    struct Counted;

    thread_local! {
        static TRIES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    impl<'de> Deserialize<'de> for Counted {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            TRIES.with(|tries| tries.set(tries.get() + 1));
            serde::de::IgnoredAny::deserialize(deserializer)?;
            Err(serde::de::Error::custom("counted"))
        }
    }

    #[test]
    fn a_variant_whose_shape_does_not_admit_the_value_is_not_tried() {
        #[derive(Debug)]
        enum Many {
            Counted(Counted),
            Text(String),
        }
        impl<'de> Deserialize<'de> for Many {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Union::read(deserializer)?
                    .or(Shape::OBJECT.requiring(&["a"]), Self::Counted)
                    .or(Shape::ARRAY, Self::Counted)
                    .or(Shape::NUMBER, Self::Counted)
                    .or(Shape::STRING, Self::Text)
                    .end()
            }
        }
        TRIES.with(|tries| tries.set(0));
        assert!(matches!(
            serde_json::from_value::<Many>(json!("x")),
            Ok(Many::Text(text)) if text == "x"
        ));
        assert!(serde_json::from_value::<Many>(json!({"b": 1})).is_err());
        assert_eq!(TRIES.with(std::cell::Cell::get), 0);
        assert!(serde_json::from_value::<Many>(json!({"a": 1})).is_err());
        assert_eq!(TRIES.with(std::cell::Cell::get), 1);
    }

    /// As generated for an object of one optional property that keeps unknown fields.
    #[derive(Debug, PartialEq)]
    struct Loose {
        a: Option<String>,
        rest: serde_json::Map<String, Value>,
    }

    crate::object!(Loose, [a => "a"], keep rest);

    /// As generated for an object of two optional properties, one a `Loose`.
    #[derive(Debug, PartialEq)]
    struct Pair {
        a: Option<String>,
        b: Option<Loose>,
        rest: serde_json::Map<String, Value>,
    }

    crate::object!(Pair, [a => "a", b => "b"], keep rest);

    #[derive(Debug, PartialEq)]
    enum Fit {
        Loose(Loose),
        Pair(Pair),
    }

    impl<'de> Deserialize<'de> for Fit {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Union::read(deserializer)?
                .or(Shape::OBJECT, Self::Loose)
                .or(Shape::OBJECT, Self::Pair)
                .end()
        }
    }

    fn variant(value: Value) -> &'static str {
        match serde_json::from_value::<Fit>(value).unwrap() {
            Fit::Loose(_) => "Loose",
            Fit::Pair(_) => "Pair",
        }
    }

    #[test]
    fn unions_by_fit_keep_the_variant_that_leaves_least_over_at_any_depth() {
        // Both read it with nothing left over: the first.
        assert_eq!(variant(json!({"a": "x"})), "Loose");
        // Loose keeps `b` as unknown; Pair knows it.
        assert_eq!(variant(json!({"a": "x", "b": {}})), "Pair");
        // Loose leaves `b` and `z` over, Pair only `z`.
        assert_eq!(variant(json!({"b": {"a": "y"}, "z": 1})), "Pair");
        // Loose leaves `b` over (one key), Pair the two keys inside `b`.
        assert_eq!(variant(json!({"b": {"c": 1, "d": 2}})), "Loose");
        // What a union inside a struct leaves over counts for the struct in an outer union:
        // each `Fit` below leaves nothing over but its unknown keys.
        let list: Vec<Fit> =
            serde_json::from_value(json!([{"a": "x", "b": {}}, {"b": {"c": 1, "d": 2}}])).unwrap();
        assert!(
            matches!(list[..], [Fit::Pair(_), Fit::Loose(_)]),
            "{list:?}"
        );
    }

    #[test]
    fn what_a_union_left_over_adds_to_the_reading_around_it() {
        super::fit::restart();
        let _: Fit = serde_json::from_value(json!({"b": {"c": 1, "d": 2}, "e": 3})).unwrap();
        // Loose leaves `b` and `e`; Pair leaves `c`, `d` and `e`: the union adds Loose's two.
        assert_eq!(super::fit::restart(), 2);
        let _: Fit = serde_json::from_value(json!({"a": "x"})).unwrap();
        assert_eq!(super::fit::restart(), 0);
    }

    #[test]
    fn tagged_unions_read_the_variant_their_tag_names() {
        #[derive(Debug, PartialEq)]
        enum Tagged {
            Loose(Loose),
            Pair(Pair),
            Other(Value),
        }
        impl<'de> Deserialize<'de> for Tagged {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Union::tagged(deserializer, "t")?
                    .tag(&["loose", "free"], Self::Loose)
                    .tag(&["pair"], Self::Pair)
                    .other(Self::Other)
            }
        }
        let read = |value: Value| serde_json::from_value::<Tagged>(value);
        // The tag decides, though Loose would read it with less left over.
        assert!(matches!(
            read(json!({"t": "pair", "b": {"c": 1, "d": 2}})),
            Ok(Tagged::Pair(_))
        ));
        assert!(matches!(
            read(json!({"t": "free", "a": "x"})),
            Ok(Tagged::Loose(_))
        ));
        assert_eq!(
            read(json!({"t": "triple", "a": "x"})).unwrap(),
            Tagged::Other(json!({"t": "triple", "a": "x"}))
        );
        // No tag, or not a string: by fit.
        assert!(matches!(
            read(json!({"a": "x", "b": {}})),
            Ok(Tagged::Pair(_))
        ));
        assert!(matches!(
            read(json!({"t": 1, "a": "x"})),
            Ok(Tagged::Loose(_))
        ));
        // The variant the tag names does not read it: its error, with the tag.
        assert_eq!(
            read(json!({"t": "pair", "a": 1})).unwrap_err().to_string(),
            "`t` `pair`: field `a`: invalid type: integer `1`, expected a string"
        );
        assert!(read(json!([1])).is_err());
    }
}
