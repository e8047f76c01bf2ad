//! The parse bench of `cargo xtask bench` (see `xtask/src/bench/parse.rs`, which writes this
//! crate under `target/bench/parse/` with the generated modules and runs it in release).
//!
//! Each body is read (`serde_json::from_slice`) and written (`serde_json::to_vec`) by the
//! generated type and by its serde-derive twins ([`twins::flat`], with maps of unknown fields,
//! and [`twins::plain`], without). First every body is checked: each reader reads it, writes
//! it back as it came (`null` members aside: an absent optional field is not written), and the
//! generated type (and the flat twin) keeps nothing in a map of unknown fields; a union's
//! member is the one its shape says. Then each is timed: per reader, the iterations that take
//! about [`SAMPLE`], timed [`SAMPLES`] times in turn with the other readers (so that a busy
//! moment weighs on all three), the median. One JSON line per body, in seconds per call.

// Whole generated APIs, of which the bench reads a few types.
#[allow(dead_code)]
mod chat;
#[allow(dead_code)]
mod github;
#[allow(dead_code)]
mod openai;
#[allow(dead_code)]
mod openrouter;
mod twins;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Debug;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// About how long one sample of one reader takes.
const SAMPLE: Duration = Duration::from_millis(200);

/// Samples per reader and body; the median counts.
const SAMPLES: usize = 7;

/// The readers of a body, in the order of the figures: the generated type, the twin with
/// maps of unknown fields, the twin without.
const READERS: [&str; 3] = ["generated type", "twin with flatten", "plain twin"];

/// The ten members of `Shape`, each as its variant and a value of its shape.
const SHAPES: [(&str, &str); 10] = [
    ("String", r#""a square of 4 by 4""#),
    ("Integer", "1741570283"),
    ("Number", "2.718281828"),
    ("Boolean", "true"),
    ("StringList", r#"["red","green","blue","cyan"]"#),
    ("Circle", r#"{"radius":2.5,"fill":"red"}"#),
    ("Rectangle", r#"{"width":4.5,"height":3.25}"#),
    ("Label", r#"{"text":"Hello, world","size":12}"#),
    ("Polygon", r#"{"points":[0.5,0.5,4.5,0.5,2.5,3.5]}"#),
    (
        "Picture",
        r#"{"url":"https://example.com/a.png","alt":"A picture"}"#,
    ),
];

/// The message contents of a chat completion's choices, in turn.
const CONTENTS: [&str; 4] = [
    "The capital of France is Paris, which is also its largest city and home to the Louvre.",
    "Sure! Here is a haiku: autumn moonlight, a worm digs silently into the chestnut.",
    "I can't help with that request, but I can suggest a few alternatives if you like.",
    "Rust's ownership model guarantees memory safety without a garbage collector at runtime.",
];

/// One body and its three readers.
struct Case {
    /// As the table names it.
    name: String,
    /// The JSON text.
    body: Vec<u8>,
    /// For a member of `Shape`, the variant each reader must find.
    variant: Option<&'static str>,
    /// Checks that the readers read the body faithfully.
    check: fn(&Case) -> Result<(), String>,
    /// Times the three readers: seconds per read, then per write.
    time: fn(&Case) -> Result<([f64; 3], [f64; 3]), String>,
}

/// A case whose readers are `A` (generated), `B` (twin with flatten) and `C` (twin plain).
fn case<A, B, C>(name: &str, body: Vec<u8>, variant: Option<&'static str>) -> Case
where
    A: DeserializeOwned + Serialize + Debug,
    B: DeserializeOwned + Serialize + Debug,
    C: DeserializeOwned + Serialize + Debug,
{
    Case {
        name: name.to_owned(),
        body,
        variant,
        check: check::<A, B, C>,
        time: time::<A, B, C>,
    }
}

fn main() -> ExitCode {
    let mut cases = vec![
        case::<chat::ChatCompletion, twins::flat::ChatCompletion, twins::plain::ChatCompletion>(
            "chat completion, 1 choice",
            chat_completion(1),
            None,
        ),
        case::<chat::ChatCompletion, twins::flat::ChatCompletion, twins::plain::ChatCompletion>(
            "chat completion, 20 choices",
            chat_completion(20),
            None,
        ),
        case::<
            openai::CreateChatCompletionStreamResponse,
            twins::flat::CreateChatCompletionStreamResponse,
            twins::plain::CreateChatCompletionStreamResponse,
        >(
            "OpenAI chat completion chunk",
            include_bytes!("../bodies/openai-chunk.json")
                .trim_ascii()
                .to_vec(),
            None,
        ),
        case::<
            openrouter::ModelsListResponse,
            twins::flat::ModelsListResponse,
            twins::plain::ModelsListResponse,
        >(
            "OpenRouter model list",
            include_bytes!("../bodies/openrouter-models.json")
                .trim_ascii()
                .to_vec(),
            None,
        ),
        case::<github::Repository, twins::flat::Repository, twins::plain::Repository>(
            "GitHub repository",
            include_bytes!("../bodies/github-repository.json")
                .trim_ascii()
                .to_vec(),
            None,
        ),
    ];
    for (variant, body) in SHAPES {
        cases.push(
            case::<chat::Shape, twins::flat::Shape, twins::plain::Shape>(
                &format!("Shape::{variant}"),
                body.as_bytes().to_vec(),
                Some(variant),
            ),
        );
    }
    for case in &cases {
        if let Err(error) = (case.check)(case) {
            eprintln!("{}: {error}", case.name);
            return ExitCode::FAILURE;
        }
    }
    for case in &cases {
        let (read, write) = match (case.time)(case) {
            Ok(times) => times,
            Err(error) => {
                eprintln!("{}: {error}", case.name);
                return ExitCode::FAILURE;
            }
        };
        println!(
            "{}",
            json!({"body": case.name, "bytes": case.body.len(), "read": read, "write": write})
        );
    }
    ExitCode::SUCCESS
}

/// A chat completion with `choices` choices, as OpenAI's API writes it.
fn chat_completion(choices: usize) -> Vec<u8> {
    let items: Vec<Value> = (0..choices)
        .map(|index| {
            json!({
                "index": index,
                "message": {
                    "role": "assistant",
                    "content": CONTENTS[index % CONTENTS.len()],
                    "refusal": null
                },
                "logprobs": null,
                "finish_reason": if index % 5 == 4 { "length" } else { "stop" }
            })
        })
        .collect();
    let completion = 21 * choices;
    let body = json!({
        "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        "object": "chat.completion",
        "created": 1_741_570_283,
        "model": "gpt-4o-2024-08-06",
        "choices": items,
        "usage": {
            "prompt_tokens": 1117,
            "completion_tokens": completion,
            "total_tokens": 1117 + completion
        },
        "system_fingerprint": "fp_fc9f1d7035"
    });
    body.to_string().into_bytes()
}

/// Reads the body as `T`, naming the reader when it cannot.
fn read_as<T: DeserializeOwned>(case: &Case, reader: &str) -> Result<T, String> {
    serde_json::from_slice(&case.body)
        .map_err(|error| format!("the {reader} cannot read it: {error}"))
}

/// Checks that each reader reads the body, writes it back as it came, keeps nothing it
/// should know in a map of unknown fields, and finds the variant the shape says.
fn check<A, B, C>(case: &Case) -> Result<(), String>
where
    A: DeserializeOwned + Serialize + Debug,
    B: DeserializeOwned + Serialize + Debug,
    C: DeserializeOwned + Serialize + Debug,
{
    let input: Value = serde_json::from_slice(&case.body)
        .map_err(|error| format!("the body is not JSON: {error}"))?;
    let read: [(Value, String); 3] = [
        written(&read_as::<A>(case, READERS[0])?),
        written(&read_as::<B>(case, READERS[1])?),
        written(&read_as::<C>(case, READERS[2])?),
    ];
    for (reader, (value, debug)) in READERS.iter().zip(&read) {
        if let Some(path) = difference(&without_nulls(&input), &without_nulls(value), "") {
            return Err(format!(
                "the {reader} writes it back otherwise, at `{path}`"
            ));
        }
        if debug.contains("extra: {\"") {
            return Err(format!(
                "the {reader} keeps fields in a map of unknown fields: {debug}"
            ));
        }
        if let Some(variant) = case.variant {
            if !debug.starts_with(&format!("{variant}(")) {
                return Err(format!("the {reader} reads it as {debug}, not {variant}"));
            }
        }
    }
    Ok(())
}

/// A value as JSON and as `Debug` shows it.
fn written<T: Serialize + Debug>(value: &T) -> (Value, String) {
    let json = serde_json::to_value(value).unwrap_or_else(|error| json!(error.to_string()));
    (json, format!("{value:?}"))
}

/// `value` without the object members that are `null`, at any depth.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| (key.clone(), without_nulls(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// Where `a` and `b` first differ, as a JSON pointer; `None` when they are equal.
fn difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .find_map(|(key, value)| match b.get(key) {
                Some(other) => difference(value, other, &format!("{path}/{key}")),
                None => Some(format!("{path}/{key}")),
            })
            .or_else(|| {
                b.keys()
                    .find(|key| !a.contains_key(*key))
                    .map(|key| format!("{path}/{key}"))
            }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(index, (a, b))| difference(a, b, &format!("{path}/{index}"))),
        _ => (a != b).then(|| path.to_owned()),
    }
}

/// Times reading and writing the body by each reader.
fn time<A, B, C>(case: &Case) -> Result<([f64; 3], [f64; 3]), String>
where
    A: DeserializeOwned + Serialize + Debug,
    B: DeserializeOwned + Serialize + Debug,
    C: DeserializeOwned + Serialize + Debug,
{
    let body = case.body.as_slice();
    let reads: [&dyn Fn(); 3] = [
        &|| drop(black_box(serde_json::from_slice::<A>(black_box(body)))),
        &|| drop(black_box(serde_json::from_slice::<B>(black_box(body)))),
        &|| drop(black_box(serde_json::from_slice::<C>(black_box(body)))),
    ];
    let read = medians(reads);
    let (a, b, c) = (
        read_as::<A>(case, READERS[0])?,
        read_as::<B>(case, READERS[1])?,
        read_as::<C>(case, READERS[2])?,
    );
    let writes: [&dyn Fn(); 3] = [
        &|| drop(black_box(serde_json::to_vec(black_box(&a)))),
        &|| drop(black_box(serde_json::to_vec(black_box(&b)))),
        &|| drop(black_box(serde_json::to_vec(black_box(&c)))),
    ];
    Ok((read, medians(writes)))
}

/// The median seconds per call of each of `calls`, timed in turn.
fn medians(calls: [&dyn Fn(); 3]) -> [f64; 3] {
    let iterations = calls.map(calibrate);
    let mut samples: [Vec<f64>; 3] = Default::default();
    for _ in 0..SAMPLES {
        for ((call, count), times) in calls.iter().zip(iterations).zip(&mut samples) {
            let start = Instant::now();
            for _ in 0..count {
                call();
            }
            times.push(start.elapsed().as_secs_f64() / count as f64);
        }
    }
    samples.map(|mut times| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    })
}

/// How many calls of `call` take about [`SAMPLE`] (the calls so far warm it up).
fn calibrate(call: &dyn Fn()) -> u64 {
    let mut count: u64 = 1;
    loop {
        let start = Instant::now();
        for _ in 0..count {
            call();
        }
        let elapsed = start.elapsed();
        if elapsed >= SAMPLE / 10 {
            let scale = SAMPLE.as_secs_f64() / elapsed.as_secs_f64();
            return ((count as f64 * scale) as u64).max(1);
        }
        count *= 2;
    }
}
