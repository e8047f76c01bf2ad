//! The runnable examples of the generated docs: a module's (build a request, read a response)
//! and a crate root's. Each is a doctest, so `cargo test` of the generated crate runs it.
//!
//! An example is doc text, not tokens: every name in it comes from the IR (checked as an
//! identifier by the module's items themselves) or is fixed here.

use crate::ir;

/// The `# Example` section of a module's doc, as doc lines: a request of the first operation
/// whose required parameters are all strings (and that has no body) built against a base URL,
/// and a response of an undocumented status read by the first such operation (or the first
/// operation). `path` is how the example names the module (`vendor_api::minimax`, or the
/// crate's name where the module is the `crate_root`), `runtime`
/// how it names the runtime (`vendor_api::runtime`, or `vendor_runtime` for a crate of one
/// module). `recursion_limit`, when the types need one above the compiler's default, is given
/// to the doctest's crate as the module's crate has it. Empty when the API has no operation.
pub(super) fn module_example(
    api: &ir::Api,
    crate_root: bool,
    path: &str,
    runtime: &str,
    recursion_limit: Option<usize>,
) -> Vec<String> {
    let buildable = api.operations.iter().find(|operation| buildable(operation));
    let Some(operation) = buildable.or(api.operations.first()) else {
        return Vec::new();
    };
    let module = path.rsplit("::").next().unwrap_or(path);
    let request = format!(
        "{module}::{}",
        super::operation_path(operation, &operation.request_type)
    );
    let mut code: Vec<String> = recursion_limit
        .map(|limit| format!("# #![recursion_limit = \"{limit}\"]"))
        .into_iter()
        .collect();
    // A module of a crate is imported; a crate of one module is in scope by its name.
    if !crate_root {
        code.push(format!("use {path};"));
    }
    code.push(if buildable.is_some() {
        format!("use {runtime}::{{http, BaseUrl}};")
    } else {
        format!("use {runtime}::http;")
    });
    let mut text = Vec::new();
    if buildable.is_some() {
        text.push(format!(
            "Build the request of `{}` against a base URL (any: a server of the document, a \
             proxy, a local mock), then read a response; here one of an undocumented status, \
             kept whole:",
            operation.name
        ));
        code.push(String::new());
        code.push("let base = BaseUrl::parse(\"https://api.example.com\")?;".to_owned());
        code.push(format!(
            "let request = {request}::new({});",
            arguments(operation)
        ));
        code.push("let built = request.to_http(&base, None)?;".to_owned());
        code.push(format!(
            "assert_eq!(built.method().as_str(), {request}::METHOD);"
        ));
    } else {
        text.push(format!(
            "Read a response of `{}`; here one of an undocumented status, kept whole:",
            operation.name
        ));
    }
    code.push(String::new());
    code.push("let headers = http::HeaderMap::new();".to_owned());
    code.push(format!(
        "let error = {request}::parse_response(599, &headers, b\"Bad Gateway\").unwrap_err();"
    ));
    code.push("assert_eq!(error.status(), 599);".to_owned());
    if buildable.is_some() {
        code.push("# Ok::<(), Box<dyn std::error::Error>>(())".to_owned());
    }
    let mut lines = vec!["## Example".to_owned(), String::new()];
    lines.extend(text);
    lines.push(String::new());
    lines.push("```".to_owned());
    lines.extend(code);
    lines.push("```".to_owned());
    lines
}

/// The example of a crate root whose first module is `first`: the runtime, and where to look
/// next.
pub(super) fn crate_example(crate_name: &str, first: Option<&str>) -> Vec<String> {
    let mut lines = vec![
        "# Example".to_owned(),
        String::new(),
        "The runtime every module calls is re-exported as `runtime`: its `http` is the one the \
         requests and responses use (no direct dependency on `http` is needed), and a base URL \
         and a key are checked and kept as such:"
            .to_owned(),
        String::new(),
        "```".to_owned(),
        format!("use {crate_name}::runtime::{{http, ApiKey, BaseUrl}};"),
        String::new(),
        "let base = BaseUrl::parse(\"https://api.example.com/v1/\")?;".to_owned(),
        "assert_eq!(base.as_str(), \"https://api.example.com/v1\");".to_owned(),
        "let key = ApiKey::new(\"sk-example\");".to_owned(),
        "assert!(!format!(\"{key:?}\").contains(\"sk-example\"));".to_owned(),
        "let headers: http::HeaderMap = http::HeaderMap::new();".to_owned(),
        "assert!(headers.is_empty());".to_owned(),
        "# Ok::<(), Box<dyn std::error::Error>>(())".to_owned(),
        "```".to_owned(),
    ];
    if let Some(first) = first {
        lines.push(String::new());
        lines.push(format!(
            "Each module's doc shows one of its operations at work (e.g. `{first}`'s)."
        ));
    }
    lines
}

/// Whether the request of `operation` can be built in an example with nothing but strings: no
/// body, and every required parameter a string sent as one value.
fn buildable(operation: &ir::Operation) -> bool {
    operation.body.is_none()
        && operation
            .params
            .iter()
            .all(|param| !param.required || (param.ty == ir::TypeRef::String && !param.exploded))
}

/// The arguments of `new` for the request of a [`buildable`] operation: `"example"` for each
/// required parameter (not its wire name, which could end the doc's code block); an optional
/// one is left `None`.
fn arguments(operation: &ir::Operation) -> String {
    let required = operation.params.iter().filter(|param| param.required);
    vec!["\"example\""; required.count()].join(", ")
}
