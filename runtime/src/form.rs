//! `application/x-www-form-urlencoded` bodies: a serializable object → `name=value&…`, encoded
//! by `form_urlencoded`.
//!
//! OpenAPI's default for a form body is style `form` with `explode`: each property is a pair,
//! and an array of scalars is one pair per item (`tag=a&tag=b`). A property that is an object
//! (or an array holding objects or arrays) has no `form` spelling that keeps its nesting, so it
//! goes as `deepObject` does, the bracket notation form APIs read (Stripe's
//! `metadata[order_id]=6735`, `items[0][price]=p_1`). A `null` or absent property is left out;
//! numbers and booleans are written as JSON writes them.

use serde_json::Value;

use crate::request::RequestError;

/// The encoded body of `value`, which must serialize to a JSON object.
pub(crate) fn encode<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, RequestError> {
    let value = serde_json::to_value(value).map_err(RequestError::Body)?;
    let Value::Object(object) = value else {
        return Err(RequestError::Form {
            reason: format!(
                "a form body is an object of named values, not {}",
                kind_of(&value)
            ),
        });
    };
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &object {
        match value {
            Value::Array(items) if items.iter().all(is_scalar) => {
                for item in items {
                    pair(&mut serializer, name, item);
                }
            }
            value => pair(&mut serializer, name, value),
        }
    }
    Ok(serializer.finish())
}

/// Appends `name=value` for a scalar, or a bracketed pair per leaf of an object or array.
fn pair(serializer: &mut form_urlencoded::Serializer<'_, String>, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::String(text) => {
            serializer.append_pair(name, text);
        }
        Value::Bool(_) | Value::Number(_) => {
            serializer.append_pair(name, &value.to_string());
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pair(serializer, &format!("{name}[{index}]"), item);
            }
        }
        Value::Object(object) => {
            for (key, item) in object {
                pair(serializer, &format!("{name}[{key}]"), item);
            }
        }
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::encode;
    use serde_json::json;

    #[test]
    fn scalars_arrays_and_nested_objects() {
        let body = json!({
            "name": "a b&c=d",
            "amount": 12,
            "live": false,
            "gone": null,
            "expand": ["x", "y"],
            "metadata": {"order id": "6735", "empty": null},
            "items": [{"price": "p_1", "qty": 2}],
        });
        assert_eq!(
            encode(&body).unwrap(),
            "name=a+b%26c%3Dd&amount=12&live=false&expand=x&expand=y\
             &metadata%5Border+id%5D=6735&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bqty%5D=2"
        );
    }

    #[test]
    fn not_an_object_is_an_error() {
        let error = encode(&json!([1, 2])).unwrap_err().to_string();
        assert!(error.contains("not an array"), "{error}");
    }
}
