//! `cargo xtask conform`: the generated code judged by an independent server, Stoplight's
//! Prism, mocking each document.
//!
//! For each document (the vendors of `specs/` by default, or those named; the corpus documents
//! of at most `--corpus-max-size` bytes too), the generator's module and its conform harness
//! ([`vendor_codegen::emit::conform_harness`]) are written into a crate of a workspace under
//! `target/conform/`, all built by one `cargo build`; the normalized document (what the
//! generator read) is written as JSON for Prism, which mocks it on a free loopback port. Then,
//! per operation: inputs made from the document's schemas ([`values`]) are built into a request
//! by the harness (the generated `new`, `with_…` and `to_http`), sent to Prism, which must find
//! no violation in it (its `sl-violations` header); then, for every documented status, `--times`
//! times, the same request with `Prefer: code=<status>`, and each response Prism generates from
//! the schemas goes to the harness's `parse_response`, which must read it as documented, and
//! whose JSON body, read into its type, must write back as it came.

mod prism;
pub mod values;

use crate::codegen::{self, Document};
use crate::corpus;
use crate::{files, Error};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};
use values::{Seed, Values};
use vendor_codegen::ir;
use vendor_codegen::lower::names::{module_name, Scope};
use vendor_codegen::Config;

/// The command, as generated files name it.
pub const COMMAND: &str = "cargo xtask conform";

/// How many responses of each documented status are asked for, by default.
pub const DEFAULT_TIMES: usize = 10;

/// How long one request to Prism may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// How much of a body a failure shows.
const SHOWN: usize = 300;

/// Options of `cargo xtask conform`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Vendors of `specs/` (by name) or document files; none: every vendor of `specs/`.
    pub documents: Vec<String>,
    /// Add the corpus documents of at most this many bytes.
    pub corpus_max_size: Option<u64>,
    /// Responses asked for per documented status.
    pub times: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            documents: Vec::new(),
            corpus_max_size: None,
            times: DEFAULT_TIMES,
        }
    }
}

/// What became of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// How the document is named, e.g. `specs/minimax/`.
    pub document: String,
    /// Why it was not checked (the generator refused it), if it was not.
    pub refused: Option<String>,
    /// Its operations.
    pub operations: usize,
    /// Requests built and sent.
    pub requests: usize,
    /// Requests in which Prism found a violation.
    pub violations: usize,
    /// Responses received and parsed.
    pub responses: usize,
    /// Responses parsed as the status asked for is documented.
    pub documented: usize,
    /// JSON bodies whose typed value did not write back as received.
    pub lossy: usize,
    /// How long it took.
    pub time: Duration,
    /// What went wrong.
    pub failures: Vec<Failure>,
}

/// One thing that went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The operation.
    pub operation: String,
    /// The status asked for, for a response.
    pub status: Option<u16>,
    /// What kind of failure it is.
    pub kind: Kind,
    /// What was said of it: our error, Prism's violation.
    pub detail: String,
    /// The body received (cut), for a response.
    pub body: String,
}

/// The kinds of failure, and whose they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The harness could not build the request from the inputs (ours).
    Build,
    /// Prism found a violation in the request (ours).
    Violation,
    /// `parse_response` did not read the response as documented (ours).
    Parse,
    /// The typed body did not write back as received (ours).
    Lossy,
    /// Prism answered another status than the one asked for (Prism's: the status it gave is
    /// the evidence).
    PrismStatus,
    /// Prism did not start on the document, or stopped answering (Prism's: its log is the
    /// evidence).
    Prism,
    /// Prism's own response breaks the document's schema (Prism's: the violation it reports
    /// of its response is the evidence).
    PrismResponse,
    /// Prism reads a nullable array (`type: [array, null]`) sent as one query value, or an
    /// array sent as multipart parts, as not an array (Prism's: a one-item array in the query
    /// is refused and a two-item one is not; two parts of the name are refused as one).
    PrismArray,
    /// The request's inputs miss a `pattern`, which the value generator does not follow (the
    /// tool's limit, not the generated code's).
    Pattern,
    /// A number Prism sent for a `format: float` value holds more digits than an `f32`, which
    /// the document says it is (and the type is: README, Type rules); what was written back is
    /// that number as an `f32` (Prism's: its value is not a float's; the evidence is that
    /// every difference vanishes once both sides are read as `f32`).
    PrismFloat,
    /// A documented event stream answered with a body that holds no event: Prism writes the
    /// schema's value as the whole body (Prism's: the body shown has no `data:` line).
    PrismStream,
}

impl Kind {
    /// Whether the failure is the generated code's.
    pub fn is_ours(self) -> bool {
        matches!(
            self,
            Kind::Build | Kind::Violation | Kind::Parse | Kind::Lossy
        )
    }

    /// How a failure line names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Build => "not built",
            Kind::Violation => "violation",
            Kind::Parse => "not parsed as documented",
            Kind::Lossy => "lossy round trip",
            Kind::PrismStatus => "Prism's: another status",
            Kind::Prism => "Prism's: no mock",
            Kind::PrismResponse => "Prism's: its response breaks the schema",
            Kind::PrismArray => "Prism's: a nullable array read as one value",
            Kind::Pattern => "inputs: a pattern not followed",
            Kind::PrismFloat => "Prism's: a `format: float` value beyond an f32",
            Kind::PrismStream => "Prism's: an event stream without an event",
        }
    }
}

/// A document to check.
struct Target {
    document: Document,
}

/// A document generated: its crate, its normalized document for Prism, its IR.
struct Prepared {
    name: String,
    file: String,
    openapi: PathBuf,
    document: Value,
    api: ir::Api,
}

/// Runs `cargo xtask conform`: prints the table and each failure, and fails when a failure is
/// the generated code's.
pub fn run(options: &Options, root: &Path) -> Result<Vec<Report>, Error> {
    let start = Instant::now();
    let prism = prism::install(root)?;
    let out = root.join("target").join("conform");
    let targets = select(options, root)?;
    let mut reports = Vec::new();
    let mut prepared = Vec::new();
    for target in &targets {
        match prepare(target, &out, root)? {
            Ok(ready) => prepared.push(ready),
            Err(report) => reports.push(report),
        }
    }
    build(&out, root, &prepared)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::Failed(format!("the async runtime could not start: {error}")))?;
    let client = crate::fetch::http_client().map_err(Error::Failed)?;
    let http = Http {
        runtime: &runtime,
        client: &client,
    };
    for ready in &prepared {
        let report = check(ready, &prism, &out, &http, options.times)?;
        println!("{}", progress_line(&report));
        reports.push(report);
    }
    reports.sort_by(|a, b| a.document.cmp(&b.document));
    println!("\n{}", table(&reports));
    println!("in {:.0} s", start.elapsed().as_secs_f64());
    let ours: usize = reports
        .iter()
        .flat_map(|report| &report.failures)
        .filter(|failure| failure.kind.is_ours())
        .count();
    if ours > 0 {
        return Err(Error::Failed(format!(
            "{ours} failures of the generated code against Prism (listed above)"
        )));
    }
    Ok(reports)
}

/// The documents `options` names: vendors of `specs/` by name or document files (every vendor
/// by default), and the corpus documents up to `--corpus-max-size`.
fn select(options: &Options, root: &Path) -> Result<Vec<Target>, Error> {
    let vendors = codegen::find_documents(root, codegen::TARGETS[0])
        .map_err(|errors| Error::Failed(errors.join("\n")))?;
    let mut names = Scope::new();
    let mut targets = Vec::new();
    if options.documents.is_empty() {
        for vendor in vendors.iter().cloned() {
            names.claim(&vendor.stem);
            targets.push(Target { document: vendor });
        }
    }
    for name in &options.documents {
        if let Some(vendor) = vendors.iter().find(|vendor| &vendor.stem == name) {
            names.claim(&vendor.stem);
            targets.push(Target {
                document: vendor.clone(),
            });
            continue;
        }
        let path = PathBuf::from(name);
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "`{name}` is neither a vendor of specs/ ({}) nor a document file",
                vendors
                    .iter()
                    .map(|vendor| vendor.stem.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let stem = names.claim(&module_name(&stem));
        targets.push(Target {
            document: Document::single(stem, path.clone(), name.clone(), None),
        });
    }
    if let Some(max_size) = options.corpus_max_size {
        let corpus_options = corpus::Options {
            max_size: Some(max_size),
            ..corpus::Options::default()
        };
        for found in corpus::find(vendor_corpus::dir(), &corpus_options)? {
            let mut document = found.document;
            document.stem = names.claim(&document.stem);
            targets.push(Target { document });
        }
    }
    Ok(targets)
}

/// Generates `target` into `out/crates/<name>/` (its module, `src/lib.rs`, and harness,
/// `src/main.rs`) and its normalized document into `out/documents/<name>.json`; a report of
/// why not when the generator refuses it (an error for a vendor of `specs/`, which must
/// generate).
fn prepare(target: &Target, out: &Path, root: &Path) -> Result<Result<Prepared, Report>, Error> {
    let document = &target.document;
    let name = &document.stem;
    let mut config = Config::new();
    config.command(COMMAND);
    let generated = codegen::run_generator(document, &config)
        .map_err(|lines| Error::Failed(lines.join("\n")))?;
    let output = match generated.result {
        Ok(output) => output,
        Err(diagnostics) => {
            let first = diagnostics
                .iter()
                .find(|diagnostic| diagnostic.severity == vendor_codegen::Severity::Error)
                .map_or_else(|| "refused".to_owned(), ToString::to_string);
            if document.file.starts_with(codegen::TARGETS[0].sources) {
                return Err(Error::Failed(format!(
                    "{}: the generator refuses it: {first}",
                    document.file
                )));
            }
            return Ok(Err(Report {
                document: document.file.clone(),
                refused: Some(first),
                ..Report::default()
            }));
        }
    };
    let normalized = serde_json::to_value(&output.normalized).map_err(|error| {
        Error::Failed(format!(
            "{}: the normalized document does not write as JSON: {error}",
            document.file
        ))
    })?;
    let dir = out.join("crates").join(name);
    let openapi = out.join("documents").join(format!("{name}.json"));
    let header = vendor_codegen::format::Header {
        spec: &document.file,
        command: Some(COMMAND),
    };
    let library = name.replace('-', "_");
    let harness = vendor_codegen::emit::conform_harness(&output.api, &library, &header);
    let manifest =
        vendor_codegen::manifest::standalone(name, COMMAND, &root.join("runtime"), false);
    let json = serde_json::to_string_pretty(&normalized).unwrap_or_default();
    for (path, text) in [
        (dir.join("Cargo.toml"), manifest.as_str()),
        (dir.join("src").join("lib.rs"), output.module.as_str()),
        (dir.join("src").join("main.rs"), harness.as_str()),
        (openapi.clone(), json.as_str()),
    ] {
        files::write_if_changed(&path, text)
            .map_err(|error| Error::Failed(files::with_path(error, &path).to_string()))?;
    }
    Ok(Ok(Prepared {
        name: name.clone(),
        file: document.file.clone(),
        openapi,
        document: normalized,
        api: output.api,
    }))
}

/// Builds every harness, in one workspace (`out/Cargo.toml`) with one target directory.
fn build(out: &Path, root: &Path, prepared: &[Prepared]) -> Result<(), Error> {
    if prepared.is_empty() {
        return Ok(());
    }
    let members: Vec<String> = prepared
        .iter()
        .map(|ready| format!("    \"crates/{}\",\n", ready.name))
        .collect();
    let manifest = out.join("Cargo.toml");
    let text = format!(
        "# This file is @generated by `{COMMAND}`. Do not edit it by hand.\n\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{}]\n\n\
         [profile.dev]\ndebug = false\n",
        members.concat()
    );
    files::write_if_changed(&manifest, &text)
        .map_err(|error| Error::Failed(files::with_path(error, &manifest).to_string()))?;
    corpus::copy_lock(root, out)?;
    println!(
        "building {} harnesses in {} …",
        prepared.len(),
        out.display()
    );
    let cargo = corpus::cargo();
    let status = Command::new(&cargo)
        .args([
            "build",
            "--quiet",
            "--workspace",
            "--bins",
            "--manifest-path",
        ])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", out.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .map_err(|error| {
            Error::Failed(format!("cannot run {}: {error}", cargo.to_string_lossy()))
        })?;
    if !status.success() {
        println!(
            "some harnesses do not build (the compiler's messages are above): each is reported \
             below"
        );
    }
    Ok(())
}

/// The HTTP client, on a runtime of one thread.
struct Http<'a> {
    runtime: &'a tokio::runtime::Runtime,
    client: &'a reqwest::Client,
}

/// A response from Prism.
struct Received {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Http<'_> {
    /// Sends the request the harness `built`, with `Prefer: code=<status>` when given.
    fn send(&self, built: &Value, code: Option<u16>) -> Result<Received, String> {
        let method =
            reqwest::Method::from_bytes(built["method"].as_str().unwrap_or_default().as_bytes())
                .map_err(|error| format!("method: {error}"))?;
        let uri = built["uri"].as_str().unwrap_or_default();
        let mut request = self.client.request(method, uri).timeout(REQUEST_TIMEOUT);
        for pair in built["headers"].as_array().into_iter().flatten() {
            if let (Some(name), Some(value)) = (pair[0].as_str(), pair[1].as_str()) {
                request = request.header(name, value);
            }
        }
        if let Some(code) = code {
            request = request.header("prefer", format!("code={code}"));
        }
        let body: Vec<u8> = serde_json::from_value(built["body"].clone()).unwrap_or_default();
        request = request.body(body);
        self.runtime.block_on(async {
            let response = request
                .send()
                .await
                .map_err(|error| format!("sending to Prism: {error}"))?;
            let status = response.status().as_u16();
            let mut headers = BTreeMap::new();
            for (name, value) in response.headers() {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                headers
                    .entry(name.as_str().to_owned())
                    .and_modify(|all: &mut String| {
                        all.push_str(", ");
                        all.push_str(&value);
                    })
                    .or_insert(value);
            }
            let body = response
                .bytes()
                .await
                .map_err(|error| format!("reading Prism's response: {error}"))?
                .to_vec();
            Ok(Received {
                status,
                headers,
                body,
            })
        })
    }
}

/// The harness of one document, running; killed when dropped.
struct Harness {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Harness {
    fn start(binary: &Path) -> Result<Harness, Error> {
        let mut child = Command::new(binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|error| {
                Error::Failed(format!("cannot start {}: {error}", binary.display()))
            })?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(Error::Failed(format!("{}: no pipes", binary.display())));
        };
        Ok(Harness {
            child,
            input,
            output: BufReader::new(output),
        })
    }

    /// Its answer to `command`.
    fn ask(&mut self, command: &Value) -> Result<Value, Error> {
        let failed = |error: std::io::Error| {
            Error::Failed(format!(
                "the conform harness stopped answering ({error}): a bug in its generated code"
            ))
        };
        writeln!(self.input, "{command}").map_err(failed)?;
        self.input.flush().map_err(failed)?;
        let mut line = String::new();
        self.output.read_line(&mut line).map_err(failed)?;
        serde_json::from_str(&line).map_err(|error| {
            Error::Failed(format!(
                "the conform harness answered {line:?}, not JSON ({error})"
            ))
        })
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // Already stopped, or gone: nothing more to do either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Checks one document against Prism.
fn check(
    ready: &Prepared,
    prism_bin: &Path,
    out: &Path,
    http: &Http,
    times: usize,
) -> Result<Report, Error> {
    let start = Instant::now();
    let log = out
        .join("documents")
        .join(format!("{}.prism.log", ready.name));
    let binary = out.join("target").join("debug").join(&ready.name);
    let mut report = Report {
        document: ready.file.clone(),
        operations: ready.api.operations.len(),
        ..Report::default()
    };
    if !is_built(&binary, &out.join("crates").join(&ready.name)) {
        report.failures.push(Failure {
            operation: "-".to_owned(),
            status: None,
            kind: Kind::Build,
            detail: "its harness does not build (the compiler's messages are above): a bug in \
                     vendor-codegen (its module or emit::conform)"
                .to_owned(),
            body: String::new(),
        });
        return Ok(report);
    }
    let server = match prism::Server::start(prism_bin, &ready.openapi, &log) {
        Ok(server) => server,
        Err(error) => {
            report.failures.push(Failure {
                operation: "-".to_owned(),
                status: None,
                kind: Kind::Prism,
                detail: error.to_string(),
                body: String::new(),
            });
            return Ok(report);
        }
    };
    let mut harness = Harness::start(&binary)?;
    let mut values = Values::new(&ready.document, Seed::new(1));
    for operation in &ready.api.operations {
        let failure = |kind: Kind, status: Option<u16>, detail: String, body: &[u8]| Failure {
            operation: operation.name.clone(),
            status,
            kind,
            detail,
            body: shown(body),
        };
        let inputs = inputs(&mut values, &ready.document, operation);
        let built = harness.ask(&json!({
            "do": "build",
            "operation": operation.name,
            "base": server.base,
            "inputs": inputs,
        }))?;
        if let Some(error) = built.get("error") {
            report.failures.push(failure(
                Kind::Build,
                None,
                format!("{} (inputs {inputs})", text(error)),
                &[],
            ));
            continue;
        }
        report.requests += 1;
        let plain = match http.send(&built, None) {
            Ok(plain) => plain,
            Err(error) => {
                let detail = format!("{error}; Prism {}", server.said());
                report
                    .failures
                    .push(failure(Kind::Prism, None, detail, &[]));
                break;
            }
        };
        if let Some(violations) = violations(&plain) {
            let (kind, violations) = classify(&violations);
            if kind == Kind::Violation {
                report.violations += 1;
            }
            report.failures.push(failure(
                kind,
                None,
                format!("{violations} (sent {} {})", built["method"], built["uri"]),
                &plain.body,
            ));
        }
        for (index, response) in operation.responses.iter().enumerate() {
            let code = status_for(operation, response.status);
            for _ in 0..times {
                let got = match http.send(&built, Some(code)) {
                    Ok(got) => got,
                    Err(error) => {
                        let detail = format!("{error}; Prism {}", server.said());
                        report
                            .failures
                            .push(failure(Kind::Prism, Some(code), detail, &[]));
                        break;
                    }
                };
                if got.status != code {
                    report.failures.push(failure(
                        Kind::PrismStatus,
                        Some(code),
                        format!(
                            "Prism answered {} (the request's accept: {})",
                            got.status,
                            accept(&built)
                        ),
                        &got.body,
                    ));
                    break;
                }
                report.responses += 1;
                let answer = harness.ask(&json!({
                    "do": "parse",
                    "operation": operation.name,
                    "response": index,
                    "status": got.status,
                    "headers": got.headers,
                    "body": got.body,
                }))?;
                if answer["documented"] == true {
                    report.documented += 1;
                } else {
                    // An event stream documented, and a body that holds no event.
                    let stream = response
                        .content
                        .iter()
                        .any(|content| matches!(content.kind, ir::ContentKind::Events(_)))
                        && !is_event_stream(&got.body);
                    report.failures.push(failure(
                        if stream {
                            Kind::PrismStream
                        } else {
                            Kind::Parse
                        },
                        Some(code),
                        format!(
                            "parsed as {}: {}",
                            text(&answer["parsed"]),
                            text(&answer["error"])
                        ),
                        &got.body,
                    ));
                }
                let round_trip = &answer["round_trip"];
                if answer["documented"] == true
                    && !round_trip.is_null()
                    && round_trip["same"] != true
                {
                    let received = serde_json::from_slice(&got.body).unwrap_or(Value::Null);
                    let single = round_trip.get("back").is_some_and(|back| {
                        difference(&received, back, String::new(), Precision::Single).is_none()
                    });
                    let kind = if single {
                        Kind::PrismFloat
                    } else {
                        report.lossy += 1;
                        Kind::Lossy
                    };
                    let detail = match round_trip.get("back") {
                        Some(back) => {
                            match difference(&received, back, String::new(), Precision::Exact) {
                                Some((at, came, went)) => {
                                    format!("at `{at}`: {came} came, {went} was written back")
                                }
                                None => format!("written back as {}", cut(&back.to_string())),
                            }
                        }
                        None => text(&round_trip["error"]),
                    };
                    report
                        .failures
                        .push(failure(kind, Some(code), detail, &got.body));
                }
            }
        }
    }
    drop(harness);
    drop(server);
    report.time = start.elapsed();
    Ok(report)
}

/// Whether `binary` was built from the sources of the crate at `dir` as they are now (a build
/// that failed leaves the binary of an earlier one, older than the sources).
fn is_built(binary: &Path, dir: &Path) -> bool {
    let modified = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|meta| meta.modified())
            .ok()
    };
    let Some(built) = modified(binary) else {
        return false;
    };
    ["Cargo.toml", "src/lib.rs", "src/main.rs"]
        .iter()
        .all(|file| modified(&dir.join(file)).is_some_and(|source| source <= built))
}

/// The status to ask Prism for a response documented for `status`: the code itself; for a
/// range (`4XX`) or `default`, the first of a few common codes that the operation documents no
/// other way.
fn status_for(operation: &ir::Operation, status: ir::Status) -> u16 {
    let listed = |code: u16| {
        operation
            .responses
            .iter()
            .any(|response| match response.status {
                ir::Status::Code(listed) => listed == code,
                ir::Status::Range(digit) => status != response.status && digit == code / 100,
                ir::Status::Default => false,
            })
    };
    let candidates: &[u16] = match status {
        ir::Status::Code(code) => return code,
        ir::Status::Range(1) => &[100],
        ir::Status::Range(2) => &[200, 201, 202, 203, 206],
        ir::Status::Range(3) => &[300, 301, 302, 303, 307],
        ir::Status::Range(4) => &[400, 401, 403, 404, 409, 422, 429],
        ir::Status::Range(_) => &[500, 502, 503, 504],
        ir::Status::Default => &[500, 400, 502, 503, 418, 409, 422],
    };
    candidates
        .iter()
        .copied()
        .find(|code| !listed(*code))
        .unwrap_or(candidates[0])
}

/// The inputs of `operation`: each parameter of its document (path, query, header, cookie; an
/// optional one with even odds) and its body, as values of their schemas.
fn inputs<'a>(values: &mut Values<'a>, document: &'a Value, operation: &ir::Operation) -> Value {
    let pointer = &operation.pointer;
    let mut inputs = json!({"path": {}, "query": {}, "header": {}, "cookie": {}});
    let Some(node) = document.pointer(pointer) else {
        return inputs;
    };
    let item = document
        .pointer(pointer.rsplit_once('/').map_or("", |(item, _)| item))
        .unwrap_or(&Value::Null);
    let parameters = item["parameters"]
        .as_array()
        .into_iter()
        .chain(node["parameters"].as_array())
        .flatten();
    for parameter in parameters {
        let parameter = values.follow(parameter);
        let (Some(name), Some(location)) = (parameter["name"].as_str(), parameter["in"].as_str())
        else {
            continue;
        };
        let required = parameter["required"] == true || location == "path";
        if !required && !values.include() {
            continue;
        }
        let schema = parameter.get("schema").unwrap_or(&Value::Bool(true));
        let value = values.value(schema);
        if let Some(place) = inputs.get_mut(location) {
            place[name] = value;
        }
    }
    if let Some(body) = &operation.body {
        let request_body = values.follow(&node["requestBody"]);
        let content = &request_body["content"];
        let schema = content
            .get(&body.media_type)
            .and_then(|media| media.get("schema"));
        if let Some(schema) = schema {
            if body.required || request_body["required"] == true || values.include() {
                inputs["body"] = values.value(schema);
            }
        }
    }
    inputs
}

/// The violations Prism found in a request, as its `sl-violations` header lists them: that
/// header, or, when Prism refused the request itself (a `422` of its own, where the document
/// documents no error it could send), the `validation` list of its body, each location under
/// `request` as in the header.
fn violations(received: &Received) -> Option<String> {
    if let Some(header) = received.headers.get("sl-violations") {
        return Some(header.clone());
    }
    let body: Value = serde_json::from_slice(&received.body).ok()?;
    let refused = received.status == 422
        && body["type"]
            .as_str()
            .is_some_and(|kind| kind.ends_with("#UNPROCESSABLE_ENTITY"));
    if !refused {
        return None;
    }
    let listed: Vec<Value> = body["validation"]
        .as_array()?
        .iter()
        .map(|violation| {
            let mut violation = violation.clone();
            let mut location = vec![json!("request")];
            location.extend(
                violation["location"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            );
            violation["location"] = Value::Array(location);
            violation
        })
        .collect();
    Some(Value::Array(listed).to_string())
}

/// Whose the violations of `header` (Prism's `sl-violations`) are, and those that decide it:
/// those of Prism's own response are Prism's; of the others, when each is a nullable array
/// in the query or an array in the body (multipart parts) read as one value, Prism's too; when one is a missed `pattern` and the others follow from
/// it (a `format` or a union's other member not met either), the value generator's;
/// else the generated code's.
fn classify(header: &str) -> (Kind, String) {
    let Ok(Value::Array(all)) = serde_json::from_str::<Value>(header) else {
        return (Kind::Violation, header.to_owned());
    };
    let of_request: Vec<&Value> = all
        .iter()
        .filter(|violation| violation["location"][0] != "response")
        .collect();
    let kind = if of_request.is_empty() {
        return (Kind::PrismResponse, header.to_owned());
    } else if of_request.iter().all(|violation| {
        let message = violation["message"].as_str().unwrap_or_default();
        violation["code"] == "type"
            && (message.ends_with("must be array,null")
                || (violation["location"][1] == "body" && message.ends_with("must be array")))
    }) {
        Kind::PrismArray
    } else if of_request
        .iter()
        .any(|violation| violation["code"] == "pattern")
        && of_request.iter().all(|violation| {
            ["pattern", "format", "oneOf", "anyOf"]
                .iter()
                .any(|code| violation["code"] == *code)
        })
    {
        Kind::Pattern
    } else {
        Kind::Violation
    };
    (
        kind,
        Value::Array(of_request.into_iter().cloned().collect()).to_string(),
    )
}

/// How [`difference`] compares numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    /// As the harness does: equal values (`1` and `1.0` alike).
    Exact,
    /// Equal once each is rounded to an `f32`.
    Single,
}

/// The first place (a JSON pointer) where `back` differs from `received`, and both values
/// there (`absent` for a member one lacks; a `null` member and an absent one are alike, as
/// the harness compares them), numbers compared at `precision`.
fn difference(
    received: &Value,
    back: &Value,
    at: String,
    precision: Precision,
) -> Option<(String, String, String)> {
    match (received, back) {
        (Value::Object(came), Value::Object(went)) => {
            let mut keys: Vec<&String> = came.keys().chain(went.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|key| {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (came.get(key), went.get(key)) {
                    (Some(a), Some(b)) => difference(a, b, here, precision),
                    (Some(Value::Null), None) | (None, Some(Value::Null)) | (None, None) => None,
                    (Some(a), None) => Some((here, a.to_string(), "absent".to_owned())),
                    (None, Some(b)) => Some((here, "absent".to_owned(), b.to_string())),
                }
            })
        }
        (Value::Array(came), Value::Array(went)) if came.len() == went.len() => came
            .iter()
            .zip(went)
            .enumerate()
            .find_map(|(index, (a, b))| difference(a, b, format!("{at}/{index}"), precision)),
        (Value::Number(a), Value::Number(b))
            if a.as_f64() == b.as_f64() && a.as_f64().is_some_and(|x| x.fract() == 0.0) =>
        {
            None
        }
        (Value::Number(a), Value::Number(b))
            if precision == Precision::Single
                && a.as_f64().map(|x| x as f32) == b.as_f64().map(|x| x as f32) =>
        {
            None
        }
        (a, b) if a == b => None,
        (a, b) => Some((at, cut(&a.to_string()), cut(&b.to_string()))),
    }
}

/// Whether `body` holds an event (a line that starts with a field of the event-stream format,
/// or a comment), as Prism does not write one: it sends the schema's value as the whole body.
fn is_event_stream(body: &[u8]) -> bool {
    String::from_utf8_lossy(body).lines().any(|line| {
        ["data:", "event:", "id:", "retry:", ":"]
            .iter()
            .any(|field| line.starts_with(field))
    })
}

/// The `accept` header of a built request, or `none`.
fn accept(built: &Value) -> String {
    built["headers"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|pair| pair[0].as_str() == Some("accept"))
        .map_or_else(|| "none".to_owned(), |pair| text(&pair[1]))
}

/// A JSON value as text: a string as it is.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// `text` cut to [`SHOWN`] characters.
fn cut(text: &str) -> String {
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}… ({} bytes)", &text[..at], text.len()),
        None => text.to_owned(),
    }
}

/// A body as text, cut.
fn shown(body: &[u8]) -> String {
    cut(&String::from_utf8_lossy(body))
}

/// One line per document as it is checked.
fn progress_line(report: &Report) -> String {
    format!(
        "{:<50} {} requests, {} responses, {} failures in {:.1} s",
        report.document,
        report.requests,
        report.responses,
        report.failures.len(),
        report.time.as_secs_f64()
    )
}

/// The table of all documents, then each failure, grouped by document and kind, each kind's
/// identical failures counted once.
pub fn table(reports: &[Report]) -> String {
    let header = [
        "document",
        "operations",
        "requests",
        "violations",
        "responses",
        "documented",
        "lossy",
        "ours",
        "Prism's",
        "time",
    ];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    for report in reports {
        let (ours, prisms) = report
            .failures
            .iter()
            .partition::<Vec<&Failure>, _>(|failure| failure.kind.is_ours());
        let mut row = vec![report.document.clone()];
        if report.refused.is_some() {
            row.extend(std::iter::repeat_n("-".to_owned(), header.len() - 2));
            row.push("refused".to_owned());
        } else {
            row.extend(
                [
                    report.operations,
                    report.requests,
                    report.violations,
                    report.responses,
                    report.documented,
                    report.lossy,
                    ours.len(),
                    prisms.len(),
                ]
                .map(|n| n.to_string()),
            );
            row.push(format!("{:.1} s", report.time.as_secs_f64()));
        }
        rows.push(row);
    }
    let mut text = corpus::layout(&rows, |column| column == 0);
    for report in reports {
        let mut seen: Vec<(&str, Option<u16>, Kind, &str)> = Vec::new();
        for failure in &report.failures {
            let key = (
                failure.operation.as_str(),
                failure.status,
                failure.kind,
                failure.detail.as_str(),
            );
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let times = report
                .failures
                .iter()
                .filter(|other| {
                    (
                        other.operation.as_str(),
                        other.status,
                        other.kind,
                        other.detail.as_str(),
                    ) == key
                })
                .count();
            let status = failure
                .status
                .map_or_else(String::new, |status| format!(" status {status}"));
            let times = if times > 1 {
                format!(" ({times} times)")
            } else {
                String::new()
            };
            text.push_str(&format!(
                "\n{} `{}`{status}: {}{times}: {}\n",
                report.document,
                failure.operation,
                failure.kind.label(),
                cut(&failure.detail)
            ));
            if !failure.body.is_empty() {
                text.push_str(&format!("  body: {}\n", failure.body));
            }
        }
        if let Some(why) = &report.refused {
            text.push_str(&format!("\n{} refused: {}\n", report.document, cut(why)));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(operation: &str, status: Option<u16>, kind: Kind, detail: &str) -> Failure {
        Failure {
            operation: operation.to_owned(),
            status,
            kind,
            detail: detail.to_owned(),
            body: String::new(),
        }
    }

    #[test]
    fn the_table_counts_each_kind_and_lists_each_failure_once() {
        let reports = vec![
            Report {
                document: "specs/a/".to_owned(),
                operations: 2,
                requests: 2,
                violations: 1,
                responses: 20,
                documented: 18,
                lossy: 0,
                time: Duration::from_millis(1500),
                failures: vec![
                    failure("list", None, Kind::Violation, "query.limit must be integer"),
                    failure("list", Some(404), Kind::Parse, "parsed as Unexpected: x"),
                    failure("list", Some(404), Kind::Parse, "parsed as Unexpected: x"),
                    failure("get", Some(500), Kind::PrismStatus, "Prism answered 200"),
                ],
                ..Report::default()
            },
            Report {
                document: "corpus/openapi/b.yaml".to_owned(),
                refused: Some("error: b.yaml:1:1: no paths".to_owned()),
                ..Report::default()
            },
        ];
        let text = table(&reports);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "document               operations  requests  violations  responses  documented  \
             lossy  ours  Prism's     time"
        );
        assert_eq!(
            lines[1],
            "specs/a/                        2         2           1         20          18      \
             0     3        1    1.5 s"
        );
        assert_eq!(
            lines[2],
            "corpus/openapi/b.yaml           -         -           -          -           -      \
             -     -        -  refused"
        );
        assert!(text.contains(
            "specs/a/ `list` status 404: not parsed as documented (2 times): parsed as Unexpected: x"
        ));
        assert_eq!(text.matches("parsed as Unexpected").count(), 1, "{text}");
        assert!(text.contains("specs/a/ `list`: violation: query.limit must be integer"));
        assert!(text.contains("`get` status 500: Prism's: another status"));
        assert!(text.contains("corpus/openapi/b.yaml refused: error: b.yaml:1:1: no paths"));
    }

    #[test]
    fn only_prism_answering_another_status_is_not_ours() {
        let ours = [Kind::Build, Kind::Violation, Kind::Parse, Kind::Lossy];
        assert!(ours.iter().all(|kind| kind.is_ours()));
        let not_ours = [
            Kind::PrismStatus,
            Kind::Prism,
            Kind::PrismResponse,
            Kind::PrismArray,
            Kind::Pattern,
            Kind::PrismFloat,
            Kind::PrismStream,
        ];
        assert!(is_event_stream(b"event: done\ndata: {}\n\n"));
        assert!(is_event_stream(b": keep-alive\n"));
        assert!(!is_event_stream(br#"{"data": "x"}"#));
        assert!(not_ours.iter().all(|kind| !kind.is_ours()));
    }

    #[test]
    fn violations_are_classified_by_whose_they_are() {
        let response = r#"[{"location":["response","body","w"],"code":"exclusiveMinimum","message":"w must be > 0"}]"#;
        assert_eq!(classify(response).0, Kind::PrismResponse);
        let array = r#"[{"location":["request","query","t"],"code":"type","message":"Request query parameter t must be array,null"}]"#;
        assert_eq!(classify(array).0, Kind::PrismArray);
        let parts = r#"[{"location":["request","body","files"],"code":"type","message":"Request body property files must be array"}]"#;
        assert_eq!(classify(parts).0, Kind::PrismArray);
        let query = r#"[{"location":["request","query","t"],"code":"type","message":"Request query parameter t must be array"}]"#;
        assert_eq!(classify(query).0, Kind::Violation);
        let pattern = r#"[{"location":["request","query","a"],"code":"pattern","message":"a must match pattern"},{"location":["request","query","a"],"code":"format","message":"a must match format \"uuid\""}]"#;
        assert_eq!(classify(pattern).0, Kind::Pattern);
        let format = r#"[{"location":["request","query","a"],"code":"format","message":"a must match format \"uuid\""}]"#;
        assert_eq!(classify(format).0, Kind::Violation);
        // A request's own violation is ours, and only the request's are shown.
        let mixed = r#"[{"location":["request","body"],"code":"required","message":"must have required property 'level'"},{"location":["response","body"],"code":"type","message":"x"}]"#;
        let (kind, shown) = classify(mixed);
        assert_eq!(kind, Kind::Violation);
        assert!(
            shown.contains("'level'") && !shown.contains("response"),
            "{shown}"
        );
        assert_eq!(classify("not JSON").0, Kind::Violation);
    }

    #[test]
    fn prisms_own_refusal_lists_the_violations() {
        let refusal = Received {
            status: 422,
            headers: BTreeMap::new(),
            body: br#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","validation":[{"location":["query","filters"],"code":"type","message":"must be object"}]}"#.to_vec(),
        };
        let found = violations(&refusal).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&found).unwrap(),
            json!([{"code": "type", "location": ["request", "query", "filters"], "message": "must be object"}])
        );
        assert_eq!(classify(&found).0, Kind::Violation);
        let documented = Received {
            status: 422,
            headers: BTreeMap::new(),
            body: br#"{"detail":"Validation error"}"#.to_vec(),
        };
        assert_eq!(violations(&documented), None);
        let mut headers = BTreeMap::new();
        headers.insert("sl-violations".to_owned(), "[]".to_owned());
        let flagged = Received {
            status: 200,
            headers,
            body: Vec::new(),
        };
        assert_eq!(violations(&flagged).as_deref(), Some("[]"));
    }

    #[test]
    fn the_first_difference_of_a_round_trip_is_named() {
        let received =
            json!({"a": {"score": 0.041_515_506_803_989_41, "n": 1, "gone": null}, "l": [1, 2]});
        let back = json!({"a": {"score": 0.041515507, "n": 1.0}, "l": [1, 2]});
        let (at, came, went) =
            difference(&received, &back, String::new(), Precision::Exact).unwrap();
        assert_eq!(
            (at.as_str(), came.as_str(), went.as_str()),
            ("/a/score", "0.04151550680398941", "0.041515507")
        );
        assert_eq!(
            difference(&received, &received, String::new(), Precision::Exact),
            None
        );
        // The score is the same `f32`: the difference is a float's rounding (Prism's), unless
        // another value differs too.
        assert_eq!(
            difference(&received, &back, String::new(), Precision::Single),
            None
        );
        let other = json!({"a": {"score": 0.041515507, "n": 2}, "l": [1, 2]});
        assert_eq!(
            difference(&received, &other, String::new(), Precision::Single).map(|found| found.0),
            Some("/a/n".to_owned())
        );
        let wider = json!({"a": {"score": 0.0415, "n": 1}, "l": [1, 2]});
        assert!(difference(&received, &wider, String::new(), Precision::Single).is_some());
    }

    #[test]
    fn a_long_body_is_cut() {
        let body = "é".repeat(SHOWN + 10);
        let shown = shown(body.as_bytes());
        assert!(shown.starts_with(&"é".repeat(SHOWN)), "{shown}");
        assert!(
            shown.ends_with(&format!("… ({} bytes)", body.len())),
            "{shown}"
        );
        assert_eq!(cut("short"), "short");
    }

    /// The IR and normalized document (as JSON) of a small document.
    fn generated() -> (ir::Api, Value) {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string, minLength: 3}}
    post:
      operationId: update
      parameters:
        - {name: limit, in: query, required: true, schema: {type: integer, minimum: 5, maximum: 6}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        "200": {description: ok}
        4XX: {description: bad}
        "404": {description: none}
        default: {description: other}
components:
  schemas:
    Item:
      type: object
      required: [name]
      properties:
        name: {type: string, enum: [a, b]}
"#;
        let source = vendor_codegen::Source {
            name: "t".to_owned(),
            file: "t.yaml".to_owned(),
            text: text.to_owned(),
        };
        let output = vendor_codegen::generate(&source, &Config::new()).expect("it generates");
        let document = serde_json::to_value(&output.normalized).expect("JSON");
        (output.api, document)
    }

    #[test]
    fn inputs_come_from_the_operation_and_its_path_item() {
        let (api, document) = generated();
        let operation = &api.operations[0];
        for seed in 0..10 {
            let mut values = Values::new(&document, Seed::new(seed));
            let inputs = inputs(&mut values, &document, operation);
            assert!(
                inputs["path"]["id"].as_str().unwrap().len() >= 3,
                "{inputs}"
            );
            assert!([5, 6].contains(&inputs["query"]["limit"].as_i64().unwrap()));
            assert!(["a", "b"].contains(&inputs["body"]["name"].as_str().unwrap()));
        }
    }

    #[test]
    fn a_range_or_default_asks_for_a_status_documented_no_other_way() {
        let (api, _) = generated();
        let operation = &api.operations[0];
        let asked: Vec<u16> = operation
            .responses
            .iter()
            .map(|response| status_for(operation, response.status))
            .collect();
        // 200, 4XX (not 404, listed apart), 404, default (not 4XX's 400 nor 404).
        assert_eq!(asked, [200, 400, 404, 500]);
    }
}
