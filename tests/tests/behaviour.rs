//! Behaviour of the generated `vendor_api` that users rely on (README, "Type rules"), checked
//! through serde only, so the tests hold whatever the fields are called.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use vendor_api::{impala, minimax, openrouter};

/// `value` deserializes into `T` and serializes back to exactly `value`.
#[track_caller]
fn round_trips<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|error| {
        panic!(
            "{value} does not deserialize into {}: {error}",
            std::any::type_name::<T>()
        )
    });
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        back,
        value,
        "{} does not round-trip",
        std::any::type_name::<T>()
    );
    typed
}

/// `value` deserializes into `T` (whatever it serializes back to).
#[track_caller]
fn accepts<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|error| {
        panic!(
            "{value} should deserialize into {}: {error}",
            std::any::type_name::<T>()
        )
    })
}

/// `value` does not deserialize into `T`.
#[track_caller]
fn rejects<T: DeserializeOwned + std::fmt::Debug>(value: Value) {
    if let Ok(typed) = serde_json::from_value::<T>(value.clone()) {
        panic!(
            "{value} should not deserialize into {}, got {typed:?}",
            std::any::type_name::<T>()
        );
    }
}

/// `base` with `key` set to `value` (or removed, for `None`).
fn with(base: &Value, key: &str, value: Option<Value>) -> Value {
    let mut changed = base.clone();
    let map = changed.as_object_mut().unwrap();
    match value {
        Some(value) => map.insert(key.to_owned(), value),
        None => map.remove(key),
    };
    changed
}

fn impala_deleted() -> Value {
    json!({"id": "file-abc", "object": "file", "deleted": true})
}

fn minimax_request() -> Value {
    json!({"file_id": 123, "purpose": "voice_clone"})
}

#[test]
fn a_valid_value_round_trips() {
    round_trips::<impala::DeleteFileResponseModel>(impala_deleted());
    round_trips::<minimax::DeleteFileReq>(minimax_request());
    round_trips::<impala::HttpValidationError>(json!({
        "detail": [{"loc": ["body", "file_id", 0], "msg": "field required", "type": "value_error.missing"}]
    }));
}

#[test]
fn a_missing_required_field_is_an_error() {
    for key in ["id", "object", "deleted"] {
        rejects::<impala::DeleteFileResponseModel>(with(&impala_deleted(), key, None));
    }
    for key in ["file_id", "purpose"] {
        rejects::<minimax::DeleteFileReq>(with(&minimax_request(), key, None));
    }
}

#[test]
fn a_const_is_strict() {
    rejects::<impala::DeleteFileResponseModel>(with(
        &impala_deleted(),
        "object",
        Some(json!("folder")),
    ));
    rejects::<impala::DeleteFileResponseModel>(with(
        &impala_deleted(),
        "object",
        Some(json!("File")),
    ));
}

#[test]
fn a_wrong_primitive_type_is_an_error() {
    rejects::<minimax::DeleteFileReq>(with(&minimax_request(), "file_id", Some(json!("x"))));
    rejects::<minimax::DeleteFileReq>(with(&minimax_request(), "file_id", Some(json!(1.5))));
    rejects::<minimax::DeleteFileReq>(with(&minimax_request(), "purpose", Some(json!(7))));
    rejects::<impala::DeleteFileResponseModel>(with(
        &impala_deleted(),
        "deleted",
        Some(json!("yes")),
    ));
}

#[test]
fn an_open_enum_keeps_an_unknown_value() {
    round_trips::<minimax::DeleteFileReq>(with(
        &minimax_request(),
        "purpose",
        Some(json!("a_purpose_from_next_year")),
    ));
    for purpose in [
        "voice_clone",
        "prompt_audio",
        "t2a_async",
        "t2a_async_input",
        "video_generation",
    ] {
        round_trips::<minimax::DeleteFileReq>(with(
            &minimax_request(),
            "purpose",
            Some(json!(purpose)),
        ));
    }
}

#[test]
fn unknown_fields_are_kept() {
    let value = with(
        &impala_deleted(),
        "size_bytes",
        Some(json!({"nested": [1, "two", null]})),
    );
    round_trips::<impala::DeleteFileResponseModel>(value);
    round_trips::<minimax::DeleteFileReq>(with(&minimax_request(), "trace", Some(json!("abc"))));
}

#[test]
fn int64_is_exact_beyond_2_pow_53() {
    for id in [9_007_199_254_740_993_i64, i64::MAX, i64::MIN] {
        let value = round_trips::<minimax::DeleteFileReq>(with(
            &minimax_request(),
            "file_id",
            Some(json!(id)),
        ));
        assert_eq!(
            serde_json::to_value(&value).unwrap()["file_id"].as_i64(),
            Some(id)
        );
    }
    rejects::<minimax::DeleteFileReq>(with(&minimax_request(), "file_id", Some(json!(u64::MAX))));
}

#[test]
fn a_nullable_field_takes_null() {
    let detail = json!({"message": "no such file", "type": "not_found"});
    round_trips::<impala::ErrorDetail>(detail.clone());
    accepts::<impala::ErrorDetail>(with(&detail, "param", Some(Value::Null)));
    accepts::<impala::ErrorDetail>(with(&detail, "code", Some(Value::Null)));
    round_trips::<impala::ErrorDetail>(with(&detail, "param", Some(json!("file_id"))));
    let unauthorized = json!({"error": {"code": 401, "message": "Missing Authentication header"}});
    accepts::<openrouter::UnauthorizedResponse>(with(&unauthorized, "user_id", Some(Value::Null)));
    accepts::<openrouter::UnauthorizedResponse>(with(
        &unauthorized,
        "openrouter_metadata",
        Some(Value::Null),
    ));
    round_trips::<openrouter::UnauthorizedResponse>(with(
        &unauthorized,
        "openrouter_metadata",
        Some(json!({"region": "eu", "retry": null})),
    ));
}

#[test]
fn a_union_takes_each_of_its_types() {
    let error = json!({"loc": ["body", 0], "msg": "m", "type": "t"});
    round_trips::<impala::ValidationError>(error.clone());
    rejects::<impala::ValidationError>(with(&error, "loc", Some(json!([true]))));
}
