//! serde-derive twins of the generated types the parse bench reads: the same fields, in the
//! same order, of the same Rust types, with the same `skip_serializing_if`, but read and written
//! by serde's derive. Two flavours from one declaration: [`plain`] (unknown fields ignored, as
//! serde does by default) and [`flat`] (each struct keeps what it does not list in a
//! `#[serde(flatten)]` map, as the generated types do).
//!
//! Twin choices:
//! - an open string enum (a listed value or any other string) is a `String`: the one derived
//!   type that keeps any value, as the generated enum's catch-all does (`#[serde(other)]` keeps
//!   only a unit variant, and an `#[serde(untagged)] Other(String)` variant buffers every value
//!   first); a closed enum is a derived enum of unit variants;
//! - a union told apart by shape is `#[serde(untagged)]`, its variants in the generated order;
//! - a property that no body carries, or carries only as `null`, and whose type is a nested
//!   object is an `Option<Value>`: it costs a missing field or a `null` either way;
//! - a struct whose schema allows no other property (`additionalProperties: false`) has no
//!   map in either flavour and denies unknown fields, as the generated one does.

/// Declares every twin, each struct that keeps unknown fields ending with `$extra`.
macro_rules! twins {
    ($($extra:tt)*) => {
        use serde::{Deserialize, Serialize};
        use serde_json::Value;

        /// (a) `ChatCompletion` of `xtask/bench/chat.yaml`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct ChatCompletion {
            pub id: String,
            pub object: ChatCompletionObject,
            pub created: i64,
            pub model: String,
            pub choices: Vec<Choice>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub usage: Option<Usage>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub system_fingerprint: Option<String>,
            $($extra)*
        }

        /// `object: const chat.completion`: a closed enum.
        #[derive(Debug, Deserialize, Serialize)]
        pub enum ChatCompletionObject {
            #[serde(rename = "chat.completion")]
            ChatCompletion,
        }

        /// A choice of a chat completion.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Choice {
            pub index: i64,
            pub message: Message,
            /// An open enum.
            pub finish_reason: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub logprobs: Option<Value>,
            $($extra)*
        }

        /// The message of a choice.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Message {
            /// An open enum.
            pub role: String,
            pub content: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub refusal: Option<String>,
            $($extra)*
        }

        /// The tokens of a chat completion.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Usage {
            pub prompt_tokens: i64,
            pub completion_tokens: i64,
            pub total_tokens: i64,
            $($extra)*
        }

        /// `Shape` of `xtask/bench/chat.yaml`: ten members told apart by shape.
        #[derive(Debug, Deserialize, Serialize)]
        #[serde(untagged)]
        pub enum Shape {
            String(String),
            Integer(i64),
            Number(f64),
            Boolean(bool),
            StringList(Vec<String>),
            Circle(Circle),
            Rectangle(Rectangle),
            Label(Label),
            Polygon(Polygon),
            Picture(Picture),
        }

        /// A member of `Shape`: `radius` required.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Circle {
            pub radius: f64,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub fill: Option<String>,
            $($extra)*
        }

        /// A member of `Shape`: `width` and `height` required.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Rectangle {
            pub width: f64,
            pub height: f64,
            $($extra)*
        }

        /// A member of `Shape`: `text` required.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Label {
            pub text: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub size: Option<i64>,
            $($extra)*
        }

        /// A member of `Shape`: `points` required.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Polygon {
            pub points: Vec<f64>,
            $($extra)*
        }

        /// A member of `Shape`: `url` required.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Picture {
            pub url: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub alt: Option<String>,
            $($extra)*
        }

        /// (b) OpenAI's `CreateChatCompletionStreamResponse`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct CreateChatCompletionStreamResponse {
            pub id: String,
            pub choices: Vec<ChunkChoice>,
            pub created: i64,
            pub model: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub obfuscation: Option<String>,
            /// An open enum.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub service_tier: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub system_fingerprint: Option<String>,
            /// An open enum.
            pub object: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub usage: Option<Value>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub moderation: Option<Value>,
            $($extra)*
        }

        /// A choice of a chunk.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct ChunkChoice {
            pub delta: ChatCompletionStreamResponseDelta,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub logprobs: Option<Value>,
            /// An open enum.
            pub finish_reason: Option<String>,
            pub index: i64,
            $($extra)*
        }

        /// OpenAI's `ChatCompletionStreamResponseDelta`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct ChatCompletionStreamResponseDelta {
            #[serde(skip_serializing_if = "Option::is_none")]
            pub content: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub function_call: Option<Value>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub tool_calls: Option<Value>,
            /// An open enum.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub role: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub refusal: Option<String>,
            $($extra)*
        }

        /// (c) OpenRouter's `ModelsListResponse`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct ModelsListResponse {
            pub data: Vec<Model>,
            pub links: ModelsListResponseLinks,
            pub total_count: i64,
            $($extra)*
        }

        /// The links of a model list.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct ModelsListResponseLinks {
            pub next: Option<String>,
            $($extra)*
        }

        /// OpenRouter's `Model`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Model {
            #[serde(skip_serializing_if = "Option::is_none")]
            pub alias_target: Option<Value>,
            pub architecture: ModelArchitecture,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub benchmarks: Option<Value>,
            pub canonical_slug: String,
            pub context_length: Option<i64>,
            pub created: i64,
            pub default_parameters: Option<DefaultParameters>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub expiration_date: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub hugging_face_id: Option<String>,
            pub id: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub knowledge_cutoff: Option<String>,
            pub links: ModelLinks,
            pub name: String,
            pub per_request_limits: Option<Value>,
            pub pricing: PublicPricing,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub reasoning: Option<Value>,
            /// Open enums.
            pub supported_parameters: Vec<String>,
            pub supported_voices: Option<Vec<String>>,
            pub top_provider: TopProviderInfo,
            $($extra)*
        }

        /// OpenRouter's `ModelArchitecture`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct ModelArchitecture {
            /// Open enums.
            pub input_modalities: Vec<String>,
            /// An open enum.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub instruct_type: Option<String>,
            pub modality: Option<String>,
            /// Open enums.
            pub output_modalities: Vec<String>,
            /// An open enum.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub tokenizer: Option<String>,
            $($extra)*
        }

        /// OpenRouter's `DefaultParameters` (`additionalProperties: false`).
        #[derive(Debug, Deserialize, Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct DefaultParameters {
            #[serde(skip_serializing_if = "Option::is_none")]
            pub frequency_penalty: Option<f64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub presence_penalty: Option<f64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub repetition_penalty: Option<f64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub temperature: Option<f64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub top_k: Option<i64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub top_p: Option<f64>,
        }

        /// OpenRouter's `ModelLinks`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct ModelLinks {
            pub details: String,
            $($extra)*
        }

        /// OpenRouter's `PublicPricing`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct PublicPricing {
            #[serde(skip_serializing_if = "Option::is_none")]
            pub audio: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub audio_output: Option<String>,
            pub completion: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub discount: Option<f64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub image: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub image_output: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub image_token: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub input_audio_cache: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub input_cache_read: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub input_cache_write: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub input_cache_write_1h: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub internal_reasoning: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub overrides: Option<Value>,
            pub prompt: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub request: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub web_search: Option<String>,
            $($extra)*
        }

        /// OpenRouter's `TopProviderInfo`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct TopProviderInfo {
            #[serde(skip_serializing_if = "Option::is_none")]
            pub context_length: Option<i64>,
            pub is_moderated: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub max_completion_tokens: Option<i64>,
            $($extra)*
        }

        /// (d) GitHub's `repository`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct Repository {
            pub id: i64,
            pub node_id: String,
            pub name: String,
            pub full_name: String,
            pub license: Option<LicenseSimple>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub organization: Option<SimpleUser>,
            pub forks: i64,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub permissions: Option<RepositoryPermissions>,
            pub owner: SimpleUser,
            pub private: bool,
            pub html_url: String,
            pub description: Option<String>,
            pub fork: bool,
            pub url: String,
            pub archive_url: String,
            pub assignees_url: String,
            pub blobs_url: String,
            pub branches_url: String,
            pub collaborators_url: String,
            pub comments_url: String,
            pub commits_url: String,
            pub compare_url: String,
            pub contents_url: String,
            pub contributors_url: String,
            pub deployments_url: String,
            pub downloads_url: String,
            pub events_url: String,
            pub forks_url: String,
            pub git_commits_url: String,
            pub git_refs_url: String,
            pub git_tags_url: String,
            pub git_url: String,
            pub issue_comment_url: String,
            pub issue_events_url: String,
            pub issues_url: String,
            pub keys_url: String,
            pub labels_url: String,
            pub languages_url: String,
            pub merges_url: String,
            pub milestones_url: String,
            pub notifications_url: String,
            pub pulls_url: String,
            pub releases_url: String,
            pub ssh_url: String,
            pub stargazers_url: String,
            pub statuses_url: String,
            pub subscribers_url: String,
            pub subscription_url: String,
            pub tags_url: String,
            pub teams_url: String,
            pub trees_url: String,
            pub clone_url: String,
            pub mirror_url: Option<String>,
            pub hooks_url: String,
            pub svn_url: String,
            pub homepage: Option<String>,
            pub language: Option<String>,
            pub forks_count: i64,
            pub stargazers_count: i64,
            pub watchers_count: i64,
            pub size: i64,
            pub default_branch: String,
            pub open_issues_count: i64,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub is_template: Option<bool>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub topics: Option<Vec<String>>,
            pub has_issues: bool,
            pub has_projects: bool,
            pub has_wiki: bool,
            pub has_pages: bool,
            pub has_downloads: bool,
            pub archived: bool,
            pub disabled: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub visibility: Option<String>,
            pub pushed_at: Option<String>,
            pub created_at: Option<String>,
            pub updated_at: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub allow_rebase_merge: Option<bool>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub template_repository: Option<Value>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub temp_clone_token: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub allow_squash_merge: Option<bool>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub allow_auto_merge: Option<bool>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub delete_branch_on_merge: Option<bool>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub allow_merge_commit: Option<bool>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub allow_forking: Option<bool>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub subscribers_count: Option<i64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub network_count: Option<i64>,
            pub open_issues: i64,
            pub watchers: i64,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub master_branch: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub starred_at: Option<String>,
            $($extra)*
        }

        /// GitHub's `nullable-license-simple`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct LicenseSimple {
            pub key: String,
            pub name: String,
            pub url: Option<String>,
            pub spdx_id: Option<String>,
            pub node_id: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub html_url: Option<String>,
            $($extra)*
        }

        /// The permissions of a `repository`.
        #[derive(Debug, Deserialize, Serialize)]
        pub struct RepositoryPermissions {
            pub admin: bool,
            pub pull: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub triage: Option<bool>,
            pub push: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub maintain: Option<bool>,
            $($extra)*
        }

        /// GitHub's `simple-user` (and `nullable-simple-user`).
        #[derive(Debug, Deserialize, Serialize)]
        pub struct SimpleUser {
            #[serde(skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub email: Option<String>,
            pub login: String,
            pub id: i64,
            pub node_id: String,
            pub avatar_url: String,
            pub gravatar_id: Option<String>,
            pub url: String,
            pub html_url: String,
            pub followers_url: String,
            pub following_url: String,
            pub gists_url: String,
            pub starred_url: String,
            pub subscriptions_url: String,
            pub organizations_url: String,
            pub repos_url: String,
            pub events_url: String,
            pub received_events_url: String,
            pub r#type: String,
            pub site_admin: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub starred_at: Option<String>,
            $($extra)*
        }
    };
}

/// serde's derive, unknown fields ignored.
pub mod plain {
    twins!();
}

/// serde's derive, each struct keeping what it does not list, as the generated types do.
pub mod flat {
    twins!(
        #[serde(flatten)]
        pub extra: serde_json::Map<String, Value>,
    );
}
