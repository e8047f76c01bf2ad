//! Behaviour of code generated from `tests/fixtures/compile/hostile.yaml` (crate
//! `codegen_samples`): hostile names still mean what the document says on the wire. That the
//! crate compiles without warnings is checked by building it (clippy, rustdoc in `.ci/run`).

use codegen_samples::hostile;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// `value` deserializes into `T` and serializes back to exactly `value`.
#[track_caller]
fn round_trips<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|error| {
        panic!(
            "{value} does not deserialize into {}: {error}",
            std::any::type_name::<T>()
        )
    });
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        value,
        "{} does not round-trip",
        std::any::type_name::<T>()
    );
    typed
}

/// Every key of `value` is a required, typed field of `T`: without it, or with a value of the
/// wrong type, `value` is refused (so the key did not fall into the map of unknown fields).
#[track_caller]
fn each_key_is_a_typed_required_field<T: DeserializeOwned + std::fmt::Debug>(
    value: &Value,
    wrong: &Value,
) {
    for key in value.as_object().unwrap().keys() {
        let mut missing = value.clone();
        missing.as_object_mut().unwrap().remove(key);
        assert!(
            serde_json::from_value::<T>(missing).is_err(),
            "without {key:?}: accepted"
        );
        let mut mistyped = value.clone();
        mistyped[key.as_str()] = wrong.clone();
        assert!(
            serde_json::from_value::<T>(mistyped).is_err(),
            "{key:?} = {wrong}: accepted"
        );
    }
}

fn keywords() -> Value {
    json!({
        "type": 1, "self": 2, "Self": 3, "crate": 4, "super": 5, "async": 6, "fn": 7,
        "1st": 8, "": 9, "名前": 10, "ñame": 11, "extra": 12
    })
}

#[test]
fn keyword_and_odd_property_names_keep_their_wire_names() {
    round_trips::<hostile::Keywords>(keywords());
    each_key_is_a_typed_required_field::<hostile::Keywords>(&keywords(), &json!("not an integer"));
    let typed: hostile::Keywords = serde_json::from_value(keywords()).unwrap();
    assert_eq!(typed.r#type, 1, "a keyword is a raw identifier");
}

#[test]
fn a_property_named_extra_and_unknown_fields_are_both_kept() {
    let mut value = keywords();
    value["unknown"] = json!({"kept": true});
    round_trips::<hostile::Keywords>(value);
}

#[test]
fn names_that_collide_once_cased_are_all_present() {
    let value = json!({"fooBar": 1, "foo_bar": true, "FOO-BAR": "x"});
    round_trips::<hostile::Collisions>(value.clone());
    for (key, wrong) in [
        ("fooBar", json!(true)),
        ("foo_bar", json!("x")),
        ("FOO-BAR", json!(1)),
    ] {
        let mut mistyped = value.clone();
        mistyped[key] = wrong;
        assert!(
            serde_json::from_value::<hostile::Collisions>(mistyped).is_err(),
            "{key} takes the wrong type"
        );
    }
    let mut missing = value.clone();
    missing.as_object_mut().unwrap().remove("foo_bar");
    assert!(serde_json::from_value::<hostile::Collisions>(missing).is_err());
}

#[test]
fn enum_values_that_collide_once_cased_stay_distinct() {
    for wire in [
        "a-b",
        "a_b",
        "A B",
        "",
        "1",
        "other",
        "Other",
        "unknown to the document",
    ] {
        round_trips::<hostile::Collide>(json!(wire));
    }
}

#[test]
fn schemas_named_like_std_types_are_plain_types() {
    round_trips::<hostile::Result>(json!({"ok": false, "err": "*/"}));
    round_trips::<hostile::String>(json!("a String newtype"));
    round_trips::<hostile::Box>(json!({"value": {"value": {}}}));
    round_trips::<hostile::Vec>(json!([{}, {"value": {}}]));
    round_trips::<hostile::Value>(json!({"anything": [1, {"two": null}]}));
    round_trips::<hostile::Debug>(json!("PartialEq"));
    round_trips::<hostile::Option>(json!({
        "value": "s", "items": [{}], "result": {"ok": true}, "debug": "Clone"
    }));
    round_trips::<hostile::OptionRequest>(json!({"id": "x"}));
    round_trips::<hostile::OptionResponse>(json!({"id": "y"}));
    round_trips::<hostile::GetThingResponse>(json!({"id": 9_007_199_254_740_993_i64}));
}

#[test]
fn consts_that_are_not_strings_take_their_value_only() {
    let value = json!({
        "enabled": true, "version": 2, "small": i32::MIN, "least": i64::MIN, "ratio": -0.5,
        "single": 1.5, "wide": 4_294_967_296_i64
    });
    round_trips::<hostile::Constants>(value.clone());
    for (key, other) in [
        ("enabled", json!(false)),
        ("version", json!(3)),
        ("version", json!("2")),
        ("small", json!(i32::MAX)),
        ("least", json!(i64::MAX)),
        ("ratio", json!(0.5)),
        ("single", json!(1.25)),
        ("wide", json!(0)),
    ] {
        let mut changed = value.clone();
        changed[key] = other.clone();
        let refused = serde_json::from_value::<hostile::Constants>(changed);
        assert!(refused.is_err(), "{key} = {other}: accepted");
    }
    let error = serde_json::from_value::<hostile::ConstantsVersion>(json!(3)).unwrap_err();
    assert_eq!(error.to_string(), "expected the `const` value 2, found 3");
    assert_eq!(hostile::ConstantsLeast::VALUE, i64::MIN);
    assert_eq!(hostile::ConstantsWide::VALUE, 4_294_967_296_i64);
}

#[test]
fn recursive_types_nest() {
    round_trips::<hostile::A>(json!({"b": {"a": {"b": {}}}}));
    round_trips::<hostile::B>(json!({"a": {}}));
    round_trips::<hostile::Node>(json!({
        "name": "root",
        "children": [{"name": "leaf", "children": []}],
        "parent": {"name": "above", "parent": {"name": "top"}}
    }));
}

#[test]
fn schemas_that_collide_once_cased_are_both_kept() {
    // `HTTPThing` and `HttpThing` both case to `HttpThing`: the first in the document keeps it,
    // the second is numbered (lower::names).
    round_trips::<hostile::HttpThing>(json!({"http": "x"}));
    assert!(serde_json::from_value::<hostile::HttpThing>(json!({"http": 1})).is_err());
    round_trips::<hostile::HttpThing2>(json!({"thing": 1}));
    assert!(serde_json::from_value::<hostile::HttpThing2>(json!({"thing": "x"})).is_err());
    // `thing.v2-Beta` denies unknown fields (`additionalProperties: false`).
    round_trips::<hostile::ThingV2Beta>(json!({"id": "x"}));
    assert!(serde_json::from_value::<hostile::ThingV2Beta>(json!({"id": "x", "more": 1})).is_err());
    // Nor does it read an array of its fields' values (serde's derived `visit_seq`).
    for array in [json!([]), json!(["x"])] {
        assert!(serde_json::from_value::<hostile::ThingV2Beta>(array.clone()).is_err());
        let text = array.to_string();
        assert!(serde_json::from_str::<hostile::ThingV2Beta>(&text).is_err());
        let names = round_trips::<hostile::ThingOrNames>(array);
        assert!(
            matches!(names, hostile::ThingOrNames::StringList(_)),
            "{names:?}"
        );
    }
    round_trips::<hostile::ThingOrNames>(json!({"id": "x"}));
}

#[test]
fn parameters_typed_by_newtypes_and_unions_go_out_as_their_text() {
    use vendor_runtime::BaseUrl;
    let base = BaseUrl::parse("https://api.example.com/v1").unwrap();
    let request = hostile::get_label::Request::new(hostile::Label("a/b c".into()))
        .with_by(hostile::LabelOrId::Label(hostile::Label("x".into())));
    let http = request.to_http(&base, None).unwrap();
    // No JSON quotes around a string inside a newtype or a union.
    assert_eq!(
        http.uri(),
        "https://api.example.com/v1/labels/a%2Fb%20c?by=x"
    );
    let request = hostile::get_label::Request::new(hostile::Label("l".into()))
        .with_by(hostile::LabelOrId::Integer(42));
    let http = request.to_http(&base, None).unwrap();
    assert_eq!(http.uri(), "https://api.example.com/v1/labels/l?by=42");
}

/// An operation's types are `Request`, `Response` and `Error` in its module, whatever the
/// document's schemas are named: schemas named so keep their names beside them (no `Request2`
/// to guess), and each means its own on the wire.
#[test]
fn operation_types_live_beside_schemas_of_the_same_names() {
    use vendor_runtime::{http::HeaderMap, BaseUrl};
    let base = BaseUrl::parse("https://api.example.com").unwrap();
    let request = hostile::request::Request::new(hostile::Request::new("r1"));
    let http = request.to_http(&base, None).unwrap();
    assert_eq!(http.uri(), "https://api.example.com/requests");
    assert_eq!(http.body(), br#"{"id":"r1"}"#);
    let headers = HeaderMap::new();
    let done = hostile::request::Request::parse_response(200, &headers, br#"{"done":true}"#);
    assert!(matches!(
        done,
        Ok(hostile::request::Response::Ok(hostile::Response {
            done: Some(true),
            ..
        }))
    ));
    let accepted = hostile::request::Request::parse_response(202, &headers, b"");
    assert!(matches!(accepted, Ok(hostile::request::Response::Accepted)));
    let refused = hostile::request::Request::parse_response(400, &headers, br#""no""#);
    assert!(matches!(
        refused,
        Err(hostile::request::Error::BadRequest(hostile::Error(ref said))) if said == "no"
    ));
    // The schemas the operations' types were once named after keep their names.
    round_trips::<hostile::OptionRequest>(json!({"id": "x"}));
    let _: Option<hostile::option::Request> = None;
    let _: Option<hostile::get_thing::Error> = None;
}
