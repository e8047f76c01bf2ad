//! Unions as generated from `tests/fixtures/compile/unions.yaml` (crate `codegen_samples`): a
//! value reads as the variant it is (by its tag, or by fit where there is none), a tag no
//! variant has is kept whole, and every value writes back unchanged.

use codegen_samples::unions::{
    ChatMessage, Contact, OutputItem, Point, Shape, StopOrLimit, StreamEvent, ToolCall,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// `value` reads as `T`, the variant `variant` (by its Debug name), and writes back unchanged.
#[track_caller]
fn reads_as<T: DeserializeOwned + Serialize + std::fmt::Debug>(value: Value, variant: &str) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("{value} does not read: {error}"));
    let debug = format!("{typed:?}");
    let found = debug.split('(').next().unwrap_or_default();
    assert_eq!(found, variant, "{value} read as {debug}");
    assert_eq!(serde_json::to_value(&typed).unwrap(), value, "{debug}");
    typed
}

/// `value` does not read as `T`, and the error says `why`.
#[track_caller]
fn refused<T: DeserializeOwned + std::fmt::Debug>(value: Value, why: &str) {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(typed) => panic!("{value} read as {typed:?}"),
        Err(error) => assert!(error.to_string().contains(why), "{value}: {error}"),
    }
}

#[test]
fn chat_messages_read_as_their_role_not_as_the_first_variant() {
    // Before tags, every one of these read as a DeveloperMessage with an unknown role.
    reads_as::<ChatMessage>(
        json!({"role": "developer", "content": "Be brief"}),
        "DeveloperMessage",
    );
    reads_as::<ChatMessage>(
        json!({"role": "user", "content": "Hi", "name": "ann"}),
        "UserMessage",
    );
    reads_as::<ChatMessage>(
        json!({"role": "assistant", "content": "Hello"}),
        "AssistantMessage",
    );
    reads_as::<ChatMessage>(
        json!({"role": "assistant", "refusal": "No"}),
        "AssistantMessage",
    );
    reads_as::<ChatMessage>(
        json!({"role": "tool", "content": "42", "tool_call_id": "call_1"}),
        "ToolMessage",
    );
    // A role this document does not list is kept whole, and written back as it came.
    let other = reads_as::<ChatMessage>(json!({"role": "critic", "content": "Meh"}), "Other");
    assert!(matches!(other, ChatMessage::Other(value) if value["content"] == "Meh"));
    // A known role with its variant's required field missing is an error naming both.
    refused::<ChatMessage>(
        json!({"role": "tool", "content": "42"}),
        "`role` `tool`: missing field `tool_call_id`",
    );
    refused::<ChatMessage>(json!({"content": "no role"}), "no variant of untagged enum");
}

#[test]
fn stream_events_read_by_their_type_in_one_look() {
    // The value: it has a `delta`, as the first variant does, and is not that variant.
    reads_as::<StreamEvent>(
        json!({"type": "response.output_text.delta", "item_id": "msg_1", "delta": "Hi",
               "sequence_number": 3, "logprobs": []}),
        "TextDeltaEvent",
    );
    reads_as::<StreamEvent>(
        json!({"type": "response.audio.delta", "delta": "AAAA", "sequence_number": 1}),
        "AudioDeltaEvent",
    );
    reads_as::<StreamEvent>(
        json!({"type": "response.completed", "sequence_number": 9}),
        "CompletedEvent",
    );
    // A new event type never breaks a stream.
    reads_as::<StreamEvent>(
        json!({"type": "response.brand_new", "sequence_number": 1, "x": [1]}),
        "Other",
    );
    refused::<StreamEvent>(
        json!({"type": "response.output_text.delta", "delta": "Hi", "sequence_number": 3}),
        "`type` `response.output_text.delta`: missing field `item_id`",
    );
    // `const` is strict in its variant: the tag chose it, the value is checked all the same.
    refused::<StreamEvent>(
        json!({"type": "response.completed"}),
        "missing field `sequence_number`",
    );
}

#[test]
fn a_discriminator_mapping_names_each_variant() {
    reads_as::<Shape>(json!({"kind": "circle", "radius": 1.5}), "Circle");
    reads_as::<Shape>(json!({"kind": "round", "radius": 2.0}), "Circle");
    reads_as::<Shape>(json!({"kind": "square", "side": 3.0}), "Square");
    // Not in the mapping: the schema's own name (OpenAPI's implicit mapping).
    reads_as::<Shape>(json!({"kind": "Polygon", "sides": 5}), "Polygon");
    reads_as::<Shape>(json!({"kind": "triangle", "sides": 3}), "Other");
    // The tag decides: a square with a radius is not read as a circle.
    refused::<Shape>(
        json!({"kind": "square", "radius": 1.0}),
        "`kind` `square`: missing field `side`",
    );
    refused::<Shape>(json!({"radius": 1.0}), "no variant of untagged enum");
}

#[test]
fn a_shared_tag_is_told_apart_by_fit_and_a_nested_union_keeps_its_tags() {
    reads_as::<OutputItem>(
        json!({"type": "message", "role": "user", "content": "Hi"}),
        "InputMessage",
    );
    reads_as::<OutputItem>(
        json!({"type": "message", "id": "msg_1", "role": "assistant", "content": "Hello"}),
        "OutputMessage",
    );
    let call = reads_as::<OutputItem>(
        json!({"type": "function_call", "name": "f", "arguments": "{}"}),
        "ToolCall",
    );
    assert!(
        matches!(call, OutputItem::ToolCall(ToolCall::FunctionCall(_))),
        "{call:?}"
    );
    let search =
        reads_as::<OutputItem>(json!({"type": "web_search_call", "id": "ws_1"}), "ToolCall");
    assert!(
        matches!(search, OutputItem::ToolCall(ToolCall::WebSearchCall(_))),
        "{search:?}"
    );
    reads_as::<OutputItem>(json!({"type": "reasoning", "summary": []}), "Other");
    refused::<OutputItem>(
        json!({"type": "message"}),
        "`type` `message`: missing field",
    );
}

#[test]
fn without_a_tag_the_variant_that_knows_most_of_a_value_wins() {
    reads_as::<Point>(json!({"x": 1.0, "y": 2.0}), "Point2");
    // Point2 comes first and reads it too, keeping `z` as an unknown field: Point3 fits better.
    reads_as::<Point>(json!({"x": 1.0, "y": 2.0, "z": 3.0}), "Point3");
    reads_as::<Point>(json!({"x": 1.0, "y": 2.0, "w": 3.0}), "Point2");
    // Person comes first and reads it too, keeping `employees`.
    reads_as::<Contact>(json!({"name": "Acme", "employees": 3}), "Company");
    reads_as::<Contact>(json!({"name": "Ann", "birthday": "01-01"}), "Person");
    // Both read it with nothing left over (codegen warns): the first.
    reads_as::<Contact>(json!({"name": "Ann"}), "Person");
    reads_as::<StopOrLimit>(json!("\n"), "String");
    reads_as::<StopOrLimit>(json!(7), "Integer");
    reads_as::<StopOrLimit>(json!(["a", "b"]), "StringList");
    reads_as::<StopOrLimit>(json!({"x": 0.0, "y": 0.5}), "Point2");
    refused::<StopOrLimit>(json!(true), "no variant of untagged enum");
}
