//! `cargo xtask fetch`: a vendor's published API reference → `specs/<vendor>/`.
//!
//! `specs/<vendor>/sources.toml` lists page URLs and/or a Mintlify `llms.txt` to expand (see
//! [`parse_sources`]). Each URL is downloaded (a timeout per request, retries with backoff),
//! checked (a success status, not HTML, UTF-8, and a page holding OpenAPI blocks or a
//! document, as `vendor_codegen::load::load_all` reads it) and saved byte for byte under a file name
//! derived from the URL ([`file_names`]). What fetch wrote is recorded in
//! `specs/<vendor>/fetched.toml` (file → URL, size, FNV-1a hash): a file missing from the record,
//! or changed since fetch wrote it, is never overwritten nor removed. A file no longer listed
//! ("gone") is removed only when fetch wrote it and it is unchanged since. One failed URL does not
//! stop the others; with `--check` nothing is written and any difference fails.

use crate::files::{self, with_path};
use crate::Error;
use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::Url;
use rustls_platform_verifier::BuilderVerifierExt as _;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use vendor_codegen::load::{self, Source};

/// The command; the record file and messages name it.
pub const COMMAND: &str = "cargo xtask fetch";

/// The file in `specs/<vendor>/` that lists what to fetch.
pub const SOURCES: &str = "sources.toml";

/// The file in `specs/<vendor>/` where fetch records what it wrote.
pub const RECORD: &str = "fetched.toml";

/// The timeout of one request (connecting, sending and reading the whole body) without
/// `--timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Attempts per URL (the first included) without [`Options::attempts`].
pub const DEFAULT_ATTEMPTS: u32 = 3;

/// The first wait before trying a URL again; each next one doubles, with jitter.
pub const DEFAULT_FIRST_DELAY: Duration = Duration::from_millis(500);

/// The longest wait between two attempts.
const MAX_DELAY: Duration = Duration::from_secs(10);

/// How many requests are in flight at once, so as not to hammer a vendor's site.
const IN_FLIGHT: usize = 4;

/// The extension appended to a page URL that has none of the document extensions: Mintlify
/// serves every page as Markdown at its URL + `.md`.
const PAGE_EXTENSION: &str = ".md";

/// The heading of `llms.txt` under which Mintlify links whole OpenAPI documents.
const SPECS_HEADING: &str = "OpenAPI Specs";

/// Options of `cargo xtask fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The vendor (a folder of `specs/`); every `specs/*/sources.toml` when `None`.
    pub vendor: Option<String>,
    /// Write nothing; fail when the site differs from `specs/`.
    pub check: bool,
    /// The timeout of one request.
    pub timeout: Duration,
    /// Attempts per URL, the first included (at least 1).
    pub attempts: u32,
    /// The first wait before an attempt is repeated.
    pub first_delay: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            vendor: None,
            check: false,
            timeout: DEFAULT_TIMEOUT,
            attempts: DEFAULT_ATTEMPTS,
            first_delay: DEFAULT_FIRST_DELAY,
        }
    }
}

/// What `sources.toml` lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sources {
    /// Pages (or documents) fetched as listed.
    pub pages: Vec<Url>,
    /// An `llms.txt` to expand, if any.
    pub llms: Option<Llms>,
}

/// The `[llms]` table of `sources.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Llms {
    /// The `llms.txt` URL.
    pub url: Url,
    /// Only links whose path starts with this are pages to fetch (all links when `None`).
    pub prefix: Option<String>,
    /// Whether the links under the "OpenAPI Specs" heading are fetched too (default: yes).
    pub specs: bool,
}

/// What fetch did (or, with `--check`, would do) for every vendor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Whether it ran with `--check`.
    pub check: bool,
    /// One per vendor, by name.
    pub vendors: Vec<VendorReport>,
}

impl Report {
    /// The failures of all vendors.
    pub fn failures(&self) -> usize {
        self.vendors
            .iter()
            .map(|vendor| vendor.failures.len())
            .sum()
    }

    /// Whether `specs/` differs from the sites (before this run, for a run that wrote).
    pub fn differs(&self) -> bool {
        self.vendors.iter().any(VendorReport::differs)
    }
}

/// What fetch did for one vendor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VendorReport {
    /// The vendor: its folder under `specs/`.
    pub vendor: String,
    /// Every file fetched or gone, by file name.
    pub files: BTreeMap<String, Entry>,
    /// What failed, in order of URL (or file, for a failure that is not a URL's).
    pub failures: Vec<Failure>,
}

impl VendorReport {
    /// Whether a file is added, changed or gone.
    pub fn differs(&self) -> bool {
        self.files
            .values()
            .any(|entry| entry.status != Status::Unchanged)
    }

    /// How many files have `status`.
    pub fn count(&self, status: &Status) -> usize {
        self.files
            .values()
            .filter(|entry| &entry.status == status)
            .count()
    }
}

/// A file fetch saved, would save, or found gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The URL it comes (or came) from.
    pub url: String,
    /// What happened to it.
    pub status: Status,
}

/// What happened to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// New: the file did not exist.
    Added,
    /// The site's version differs from the file.
    Changed,
    /// The file holds what the site publishes.
    Unchanged,
    /// No longer listed; what became of the file.
    Gone(Gone),
}

/// What became of a file that is no longer listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    /// Fetch wrote it and it is unchanged since: removed (with `--check`: would be).
    Removed,
    /// It changed since fetch wrote it: left alone (and still reported on every run).
    Edited,
    /// It was removed already: only its record goes.
    Missing,
}

/// A URL (or a vendor's file) that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The URL, or the file for a failure of the folder itself.
    pub what: String,
    /// The file the URL would be saved as, if it has one.
    pub file: Option<String>,
    /// Why, and what to do.
    pub message: String,
}

/// Runs `cargo xtask fetch` in the repository at `root` and prints its report.
///
/// Fails (exit code 1) when a URL failed, or, with `--check`, when `specs/` differs from a site.
pub fn run(options: &Options, root: &Path) -> Result<(), Error> {
    let report = fetch(options, root)?;
    print!("{}", render(&report));
    let failures = report.failures();
    if failures > 0 {
        return Err(Error::Failed(format!(
            "{failures} URL(s) or file(s) failed (listed above); {}",
            if options.check {
                "the site could not be compared"
            } else {
                "everything else was fetched and saved"
            }
        )));
    }
    if options.check && report.differs() {
        return Err(Error::Failed(format!(
            "specs/ differs from the vendors' sites (listed above): run `{COMMAND} [VENDOR]`, \
             review the changes and commit them"
        )));
    }
    Ok(())
}

/// Fetches every vendor of `options` into `root/specs/`, or, with `--check`, compares; gives
/// what it did. Fails only when there is nothing to fetch or the HTTP client cannot be built;
/// every other failure is in the report.
pub fn fetch(options: &Options, root: &Path) -> Result<Report, Error> {
    let specs = root.join("specs");
    let vendors = match &options.vendor {
        Some(vendor) => {
            let sources = specs.join(vendor).join(SOURCES);
            if !sources.is_file() {
                return Err(Error::Failed(format!(
                    "{} not found: list the vendor's pages there (see README.md, \"Adding or \
                     updating a vendor\")",
                    sources.display()
                )));
            }
            vec![vendor.clone()]
        }
        None => all_vendors(&specs)?,
    };
    let client = http_client().map_err(Error::Failed)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::Failed(format!("the async runtime could not start: {error}")))?;
    let vendors = vendors
        .into_iter()
        .map(|vendor| {
            let fetcher = Fetcher {
                client: client.clone(),
                timeout: options.timeout,
                attempts: options.attempts.max(1),
                first_delay: options.first_delay,
            };
            runtime.block_on(fetch_vendor(&fetcher, &specs, &vendor, options.check))
        })
        .collect();
    Ok(Report {
        check: options.check,
        vendors,
    })
}

/// The folders of `specs/` that hold a `sources.toml`, sorted.
fn all_vendors(specs: &Path) -> Result<Vec<String>, Error> {
    let io_error = |error: io::Error| Error::Failed(with_path(error, specs).to_string());
    let mut vendors = Vec::new();
    for entry in fs::read_dir(specs).map_err(io_error)? {
        let entry = entry.map_err(io_error)?;
        if entry.path().join(SOURCES).is_file() {
            if let Some(name) = entry.file_name().to_str() {
                vendors.push(name.to_owned());
            }
        }
    }
    if vendors.is_empty() {
        return Err(Error::Failed(format!(
            "no {}/*/{SOURCES} found: nothing to fetch (see README.md, \"Adding or updating a \
             vendor\")",
            specs.display()
        )));
    }
    vendors.sort();
    Ok(vendors)
}

/// Reads `sources.toml` (`file` names it in errors).
///
/// ```toml
/// pages = ["https://docs.example.com/api-reference/chat.md"]  # optional
/// [llms]                                   # optional
/// url = "https://docs.example.com/llms.txt"
/// prefix = "/api-reference/"               # optional: keep only links whose path starts so
/// specs = true                             # optional: also the "OpenAPI Specs" links (default)
/// ```
///
/// Unknown keys are errors (a typo would otherwise fetch nothing), and so are URLs that are not
/// `http` or `https`.
pub fn parse_sources(text: &str, file: &str) -> Result<Sources, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|error| format!("{file} is not valid TOML: {error}"))?;
    let mut sources = Sources::default();
    for (key, value) in &table {
        match key.as_str() {
            "pages" => {
                let list = value.as_array().ok_or_else(|| {
                    format!(
                        "{file}: `pages` is a list of URLs, e.g. pages = [\"https://…/page.md\"]"
                    )
                })?;
                for item in list {
                    let url = item.as_str().ok_or_else(|| {
                        format!(
                            "{file}: `pages` holds a {}, not a URL string",
                            item.type_str()
                        )
                    })?;
                    sources.pages.push(parse_url(url, file)?);
                }
            }
            "llms" => {
                let llms = value.as_table().ok_or_else(|| {
                    format!("{file}: `llms` is a table: [llms] url = \"https://…/llms.txt\"")
                })?;
                sources.llms = Some(parse_llms(llms, file)?);
            }
            other => {
                return Err(format!(
                    "{file}: unknown key `{other}`: the keys are `pages` and `[llms]`"
                ))
            }
        }
    }
    if sources.pages.is_empty() && sources.llms.is_none() {
        return Err(format!(
            "{file} lists nothing to fetch: give `pages = [...]` or an `[llms]` table"
        ));
    }
    Ok(sources)
}

/// The `[llms]` table of `sources.toml`.
fn parse_llms(table: &toml::Table, file: &str) -> Result<Llms, String> {
    let (mut url, mut prefix, mut specs) = (None, None, true);
    for (key, value) in table {
        let text = || {
            value
                .as_str()
                .ok_or_else(|| format!("{file}: `llms.{key}` is a string"))
        };
        match key.as_str() {
            "url" => url = Some(parse_url(text()?, file)?),
            "prefix" => {
                let text = text()?;
                if !text.starts_with('/') {
                    return Err(format!(
                        "{file}: `llms.prefix = \"{text}\"` is a URL path: start it with `/`, \
                         e.g. \"/api-reference/\""
                    ));
                }
                prefix = Some(text.to_owned());
            }
            "specs" => {
                specs = value.as_bool().ok_or_else(|| {
                    format!(
                    "{file}: `llms.specs` is true or false (fetch the \"{SPECS_HEADING}\" links)"
                )
                })?
            }
            other => {
                return Err(format!(
                    "{file}: unknown key `llms.{other}`: the keys are `url`, `prefix` and `specs`"
                ))
            }
        }
    }
    let url =
        url.ok_or_else(|| format!("{file}: `[llms]` needs `url = \"https://…/llms.txt\"`"))?;
    Ok(Llms { url, prefix, specs })
}

/// An `http` or `https` URL.
fn parse_url(text: &str, file: &str) -> Result<Url, String> {
    let url =
        Url::parse(text).map_err(|error| format!("{file}: `{text}` is not a URL: {error}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{file}: `{text}` is not an http(s) URL"));
    }
    Ok(url)
}

/// The links of an `llms.txt` (Markdown: `- [title](url): description` lines under headings),
/// resolved against `base`: the page links whose path starts with `prefix`, then, when `specs`,
/// the links under the "OpenAPI Specs" heading (whatever their path).
pub fn llms_links(text: &str, base: &Url, prefix: Option<&str>, specs: bool) -> Vec<Url> {
    let mut links = Vec::new();
    let mut under_specs = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            under_specs = line
                .trim_start_matches('#')
                .trim()
                .eq_ignore_ascii_case(SPECS_HEADING);
            continue;
        }
        for target in link_targets(line) {
            let Ok(url) = base.join(target) else { continue };
            let keep = if under_specs {
                specs
            } else {
                prefix.is_none_or(|prefix| url.path().starts_with(prefix))
            };
            if keep && matches!(url.scheme(), "http" | "https") {
                links.push(url);
            }
        }
    }
    links
}

/// The targets of the Markdown links `[text](target)` of `line` (a `<target>` unwrapped, a
/// title after the target dropped).
fn link_targets(line: &str) -> Vec<&str> {
    let mut targets = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("](") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(')') else { break };
        let target = after[..end].trim();
        let target = target.split_whitespace().next().unwrap_or_default();
        let target = target
            .strip_prefix('<')
            .and_then(|target| target.strip_suffix('>'))
            .unwrap_or(target);
        if !target.is_empty() {
            targets.push(target);
        }
        rest = &after[end + 1..];
    }
    targets
}

/// The URL fetched for a listed one: as listed when its last path segment ends with a document
/// extension (`.md`, `.mdx`, `.yaml`, `.yml`, `.json`, any case), else with `.md` appended to
/// its path (a trailing `/` dropped first), where Mintlify serves the page as Markdown. The
/// query and fragment are dropped.
pub fn fetched_url(listed: &Url) -> Result<Url, String> {
    let mut url = listed.clone();
    url.set_query(None);
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_owned();
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.is_empty() {
        return Err(format!(
            "{listed} names no page (its path is empty): list the page's own URL"
        ));
    }
    if !has_document_extension(last) {
        url.set_path(&format!("{path}{PAGE_EXTENSION}"));
    }
    Ok(url)
}

/// Whether `name` ends with one of the document extensions.
fn has_document_extension(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, extension)| {
        crate::codegen::DOCUMENT_EXTENSIONS
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
    })
}

/// The file name of each fetched URL (see [`fetched_url`]), or why it has none.
///
/// A name is the URL's last path segment; when two URLs would get the same name, each of them
/// takes one more segment (`files/upload.md` → `files-upload.md`), as many as it takes; two URLs
/// with the same path on different hosts are told apart by the host (`docs.example.com-…`).
/// Characters other than ASCII letters, digits, `.`, `_` and `-` become `-`. The names are thus
/// fixed by the set of URLs alone, whatever their order. A name that ends like an overlay
/// (`.overlay.yaml`) is refused: the generator would read it as one.
pub fn file_names(urls: &BTreeSet<Url>) -> BTreeMap<Url, Result<String, String>> {
    let segments: BTreeMap<&Url, Vec<String>> = urls
        .iter()
        .map(|url| {
            let segments = url
                .path_segments()
                .into_iter()
                .flatten()
                .filter(|segment| !segment.is_empty())
                .map(sanitize)
                .collect();
            (url, segments)
        })
        .collect();
    let mut depth: BTreeMap<&Url, usize> = urls.iter().map(|url| (url, 1)).collect();
    let name = |url: &Url, depth: usize| -> Option<String> {
        let segments = &segments[url];
        if depth <= segments.len() {
            Some(segments[segments.len() - depth..].join("-"))
        } else if depth == segments.len() + 1 {
            Some(format!(
                "{}-{}",
                sanitize(url.host_str().unwrap_or_default()),
                segments.join("-")
            ))
        } else {
            None
        }
    };
    let mut stuck = BTreeSet::new();
    loop {
        let mut by_name: BTreeMap<String, Vec<&Url>> = BTreeMap::new();
        for (&url, &depth) in &depth {
            if let Some(name) = name(url, depth) {
                by_name.entry(name).or_default().push(url);
            }
        }
        let mut grew = false;
        for urls in by_name.values().filter(|urls| urls.len() > 1) {
            for url in urls {
                if name(url, depth[url] + 1).is_some() {
                    *depth.get_mut(url).expect("every URL has a depth") += 1;
                    grew = true;
                } else {
                    stuck.insert(*url);
                }
            }
        }
        if !grew {
            break;
        }
        stuck.clear();
    }
    let mut taken: BTreeMap<String, Vec<&Url>> = BTreeMap::new();
    for (&url, &depth) in &depth {
        if let Some(name) = name(url, depth) {
            taken.entry(name).or_default().push(url);
        }
    }
    let mut names = BTreeMap::new();
    for (name, holders) in taken {
        for url in &holders {
            let result = if holders.len() > 1 || stuck.contains(url) {
                Err(format!(
                    "{url} and another listed URL would both be saved as `{name}`: list only one \
                     of them"
                ))
            } else if is_overlay_name(&name) {
                Err(format!(
                    "{url} would be saved as `{name}`, which the generator reads as an overlay: \
                     it cannot be fetched into this folder"
                ))
            } else {
                Ok(name.clone())
            };
            names.insert((*url).clone(), result);
        }
    }
    names
}

/// A path segment as part of a file name: ASCII letters, digits, `.`, `_` and `-`; others `-`.
fn sanitize(segment: &str) -> String {
    segment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Whether the generator reads a file of this name as an overlay.
fn is_overlay_name(name: &str) -> bool {
    crate::codegen::OVERLAY_EXTENSIONS
        .iter()
        .any(|extension| name.ends_with(&format!(".overlay.{extension}")))
}

/// A record entry: what fetch wrote to a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Recorded {
    /// The URL it came from.
    url: String,
    /// Its size in bytes.
    size: u64,
    /// Its FNV-1a 64-bit hash, 16 hex digits.
    #[serde(rename = "fnv1a64")]
    hash: String,
}

/// The record, `fetched.toml`: file name → what fetch wrote to it.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    #[serde(default)]
    files: BTreeMap<String, Recorded>,
}

impl Recorded {
    /// The entry for `bytes` from `url`.
    fn new(url: &str, bytes: &[u8]) -> Self {
        Recorded {
            url: url.to_owned(),
            size: bytes.len() as u64,
            hash: fnv1a64(bytes),
        }
    }

    /// Whether `bytes` is what fetch wrote.
    fn matches(&self, bytes: &[u8]) -> bool {
        self.size == bytes.len() as u64 && self.hash == fnv1a64(bytes)
    }
}

/// The FNV-1a 64-bit hash of `bytes`, 16 hex digits: enough to tell a file edited since fetch
/// wrote it (not a defence against a crafted collision, which nobody has a reason to make here).
fn fnv1a64(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// Reads the record (`fetched.toml`); an absent one is empty.
fn read_record(path: &Path) -> Result<BTreeMap<String, Recorded>, String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(error) => return Err(with_path(error, path).to_string()),
    };
    let record: Record = toml::from_str(&text).map_err(|error| {
        format!(
            "{}: not a record of fetch ({}); fetch keeps it to know which files it wrote: \
             restore it from git (`git checkout -- {0}`), or delete it and move the fetched \
             files away before fetching again",
            path.display(),
            error.message()
        )
    })?;
    Ok(record.files)
}

/// The text of the record.
fn render_record(record: &BTreeMap<String, Recorded>) -> Result<String, String> {
    let body = toml::to_string(&Record {
        files: record.clone(),
    })
    .map_err(|error| format!("the record could not be written as TOML: {error}"))?;
    Ok(format!(
        "# This file is @generated by `{COMMAND}`: the files it wrote in this folder, with their\n\
         # size and FNV-1a 64-bit hash. It overwrites or removes a file only when it is listed\n\
         # here and unchanged since. Do not edit.\n\n{body}"
    ))
}

/// How URLs are downloaded.
#[derive(Clone)]
struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
    attempts: u32,
    first_delay: Duration,
}

/// A successful response.
struct Got {
    /// Its `content-type`, if any.
    content_type: Option<String>,
    /// Its body.
    body: Vec<u8>,
}

/// The HTTP client: rustls on ring with the platform's verifier (as the runtime's client has
/// it), redirects followed (docs sites move pages).
pub(crate) fn http_client() -> Result<reqwest::Client, String> {
    let tls_error =
        |error: rustls::Error| format!("the TLS configuration could not be built: {error}");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .with_platform_verifier()
        .map_err(tls_error)?
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .user_agent(concat!(
            "vendor-api-xtask-fetch/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .map_err(|error| format!("the HTTP client could not be built: {error}"))
}

impl Fetcher {
    /// Downloads `url`: a success status within the timeout, else up to the attempts with
    /// backoff for a failure worth trying again (no response, a timeout, 408, 429, 5xx).
    async fn get(&self, url: &Url) -> Result<Got, String> {
        let mut waits = ExponentialBuilder::new()
            .with_min_delay(self.first_delay)
            .with_max_delay(MAX_DELAY.max(self.first_delay))
            .with_max_times(self.attempts.saturating_sub(1) as usize)
            .with_jitter()
            .build();
        let mut tried = 0;
        loop {
            tried += 1;
            let (error, again) = match self.attempt(url).await {
                Ok(got) => return Ok(got),
                Err(failure) => failure,
            };
            match waits.next() {
                Some(wait) if again => tokio::time::sleep(wait).await,
                _ if again && tried > 1 => {
                    return Err(format!("{error} ({tried} attempts)"));
                }
                _ => return Err(error),
            }
        }
    }

    /// One attempt: the response, or why not and whether to try again.
    async fn attempt(&self, url: &Url) -> Result<Got, (String, bool)> {
        let transport = |error: reqwest::Error| {
            if error.is_timeout() {
                (
                    format!(
                        "timed out after {} s (`--timeout SECONDS` gives it longer)",
                        self.timeout.as_secs_f64()
                    ),
                    true,
                )
            } else {
                (format!("no response: {}", error_chain(&error)), true)
            }
        };
        let response = self
            .client
            .get(url.clone())
            .timeout(self.timeout)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            let again = status.is_server_error()
                || status == reqwest::StatusCode::TOO_MANY_REQUESTS
                || status == reqwest::StatusCode::REQUEST_TIMEOUT;
            return Err((format!("HTTP {status}"), again));
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(transport)?;
        Ok(Got {
            content_type,
            body: body.to_vec(),
        })
    }

    /// Downloads every URL of `files` (file → URL), a few at a time; the outcomes by file.
    async fn get_all(
        &self,
        files: &BTreeMap<String, Url>,
    ) -> BTreeMap<String, Result<Got, String>> {
        let fetcher = Arc::new(self.clone());
        let mut pending = files.iter();
        let mut running = tokio::task::JoinSet::new();
        let mut outcomes = BTreeMap::new();
        loop {
            while running.len() < IN_FLIGHT {
                let Some((file, url)) = pending.next() else {
                    break;
                };
                let (fetcher, file, url) = (Arc::clone(&fetcher), file.clone(), url.clone());
                running.spawn(async move { (file, fetcher.get(&url).await) });
            }
            match running.join_next().await {
                Some(Ok((file, outcome))) => {
                    outcomes.insert(file, outcome);
                }
                Some(Err(error)) => {
                    // A download task panicked or was cancelled: its file is reported below.
                    eprintln!("warning: a download did not finish: {error}");
                }
                None => break,
            }
        }
        for file in files.keys() {
            outcomes
                .entry(file.clone())
                .or_insert_with(|| Err("the download did not finish".to_owned()));
        }
        outcomes
    }
}

/// An error and its sources, for a message.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let _ = write!(text, ": {cause}");
        source = cause.source();
    }
    text
}

/// Checks a downloaded file before it is saved as `shown` (its path under the root): not HTML,
/// UTF-8, and a page holding OpenAPI blocks or a document, as the generator loads it.
fn check_body(shown: &str, got: &Got) -> Result<(), String> {
    let start = got
        .body
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .map_or(&got.body[..0], |at| &got.body[at..]);
    let start = String::from_utf8_lossy(&start[..start.len().min(15)]).to_ascii_lowercase();
    let html_type = got
        .content_type
        .as_deref()
        .is_some_and(|content_type| content_type.to_ascii_lowercase().contains("text/html"));
    if html_type || start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Err(
            "not a page: HTML where Markdown (or a document) was expected; the site may not \
             export this page as Markdown: open the URL and list the one that serves Markdown"
                .to_owned(),
        );
    }
    let text = std::str::from_utf8(&got.body)
        .map_err(|error| format!("not UTF-8 text ({error}): not a page nor a document"))?;
    let name = shown
        .rsplit('/')
        .next()
        .and_then(|file| file.split('.').next())
        .unwrap_or_default()
        .to_owned();
    let source = Source {
        name,
        file: shown.to_owned(),
        text: text.to_owned(),
    };
    load::load_all(&source)
        .map(drop)
        .map_err(|diagnostic| format!("not usable: {}", diagnostic.message))
}

/// Fetches (or, with `check`, compares) one vendor's folder `specs/<vendor>/`.
async fn fetch_vendor(fetcher: &Fetcher, specs: &Path, vendor: &str, check: bool) -> VendorReport {
    let dir = specs.join(vendor);
    let mut report = VendorReport {
        vendor: vendor.to_owned(),
        ..VendorReport::default()
    };
    let shown = |file: &str| format!("specs/{vendor}/{file}");
    let folder_failure = |report: &mut VendorReport, file: &str, message: String| {
        report.failures.push(Failure {
            what: shown(file),
            file: None,
            message,
        })
    };
    let sources = match fs::read_to_string(dir.join(SOURCES)) {
        Ok(text) => parse_sources(&text, &shown(SOURCES)),
        Err(error) => Err(with_path(error, &dir.join(SOURCES)).to_string()),
    };
    let sources = match sources {
        Ok(sources) => sources,
        Err(message) => {
            folder_failure(&mut report, SOURCES, message);
            return report;
        }
    };
    let record_path = dir.join(RECORD);
    let mut record = match read_record(&record_path) {
        Ok(record) => record,
        Err(message) => {
            folder_failure(&mut report, RECORD, message);
            return report;
        }
    };

    // The listed URLs: the pages, then the links of llms.txt.
    let mut listed: BTreeSet<Url> = BTreeSet::new();
    let mut complete = true;
    let mut failures = Vec::new();
    let mut urls = sources.pages.clone();
    if let Some(llms) = &sources.llms {
        match fetcher.get(&llms.url).await {
            Ok(got) => {
                let text = String::from_utf8_lossy(&got.body);
                let links = llms_links(&text, &llms.url, llms.prefix.as_deref(), llms.specs);
                if links.is_empty() {
                    complete = false;
                    failures.push((
                        llms.url.to_string(),
                        None,
                        format!(
                            "no link kept: check that it is the site's llms.txt{}",
                            llms.prefix
                                .as_deref()
                                .map(|prefix| format!(" and that pages start with `{prefix}`"))
                                .unwrap_or_default()
                        ),
                    ));
                }
                urls.extend(links);
            }
            Err(message) => {
                complete = false;
                failures.push((
                    llms.url.to_string(),
                    None,
                    format!("{message}; its pages are not listed, so no file is taken as gone"),
                ));
            }
        }
    }

    for url in urls {
        match fetched_url(&url) {
            Ok(url) => {
                listed.insert(url);
            }
            Err(message) => {
                // Its file, if it had one, is not taken as gone.
                complete = false;
                failures.push((url.to_string(), None, message));
            }
        }
    }

    // File names, then the downloads.
    let mut wanted: BTreeMap<String, Url> = BTreeMap::new();
    for (url, name) in file_names(&listed) {
        match name {
            Ok(name) => {
                wanted.insert(name, url);
            }
            Err(message) => {
                // Its file, if it had one, is not taken as gone.
                complete = false;
                failures.push((url.to_string(), None, message));
            }
        }
    }
    let downloads = fetcher.get_all(&wanted).await;

    for (file, outcome) in downloads {
        let url = wanted[&file].to_string();
        let path = dir.join(&file);
        let result = outcome
            .and_then(|got| check_body(&shown(&file), &got).map(|()| got.body))
            .and_then(|body| save(&path, &file, &url, &body, &mut record, check));
        match result {
            Ok(status) => {
                report.files.insert(file, Entry { url, status });
            }
            Err(message) => failures.push((url, Some(file), message)),
        }
    }

    // Gone: recorded files no longer listed (only when the whole listing was read).
    if complete {
        let gone: Vec<String> = record
            .keys()
            .filter(|file| !wanted.contains_key(*file))
            .cloned()
            .collect();
        for file in gone {
            let path = dir.join(&file);
            let entry = &record[&file];
            let url = entry.url.clone();
            let status = match fs::read(&path) {
                Ok(bytes) if entry.matches(&bytes) => {
                    if !check {
                        if let Err(error) = fs::remove_file(&path) {
                            failures.push((url, Some(file), with_path(error, &path).to_string()));
                            continue;
                        }
                        record.remove(&file);
                    }
                    Gone::Removed
                }
                Ok(_) => Gone::Edited,
                Err(error) if error.kind() == io::ErrorKind::NotFound => {
                    record.remove(&file);
                    Gone::Missing
                }
                Err(error) => {
                    failures.push((url, Some(file), with_path(error, &path).to_string()));
                    continue;
                }
            };
            report.files.insert(
                file,
                Entry {
                    url,
                    status: Status::Gone(status),
                },
            );
        }
    }

    if !check && (!record.is_empty() || record_path.exists()) {
        let written = render_record(&record).and_then(|text| {
            files::write_if_changed(&record_path, &text)
                .map_err(|error| with_path(error, &record_path).to_string())
        });
        if let Err(error) = written {
            failures.push((
                shown(RECORD),
                None,
                format!("{error}: the files above are written but not recorded"),
            ));
        }
    }
    failures.sort();
    report.failures = failures
        .into_iter()
        .map(|(what, file, message)| Failure {
            what,
            file,
            message,
        })
        .collect();
    report
}

/// Saves `body` fetched from `url` as `path` (`file` in the folder) unless it holds it already,
/// updating `record`; with `check`, only says what it would do. Refuses a file fetch did not
/// write or that changed since.
fn save(
    path: &Path,
    file: &str,
    url: &str,
    body: &[u8],
    record: &mut BTreeMap<String, Recorded>,
    check: bool,
) -> Result<Status, String> {
    let status = match fs::read(path) {
        // Holding what the site publishes, the file is fetch's now, whoever wrote it.
        Ok(existing) if existing == body => Status::Unchanged,
        Ok(existing) => match record.get(file) {
            None => {
                return Err(format!(
                    "{} exists and fetch did not write it (it is not in {RECORD}): left alone; \
                     move it away to fetch this URL, or remove the URL from {SOURCES}",
                    path.display()
                ))
            }
            Some(entry) if !entry.matches(&existing) => {
                return Err(format!(
                    "{} changed since fetch wrote it: left alone; a local change belongs in an \
                     overlay (`<page>.overlay.yaml`); remove the file to fetch it again",
                    path.display()
                ))
            }
            Some(_) => Status::Changed,
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => Status::Added,
        Err(error) => return Err(with_path(error, path).to_string()),
    };
    if !check {
        if status != Status::Unchanged {
            files::write_atomic(path, body).map_err(|error| with_path(error, path).to_string())?;
        }
        record.insert(file.to_owned(), Recorded::new(url, body));
    }
    Ok(status)
}

/// The report as printed: per vendor a summary line, then each file that is not unchanged and
/// each failure.
pub fn render(report: &Report) -> String {
    let mut text = String::new();
    for vendor in &report.vendors {
        let gone = vendor
            .files
            .values()
            .filter(|entry| matches!(entry.status, Status::Gone(_)))
            .count();
        let _ = writeln!(
            text,
            "{}{}: {} added, {} changed, {} unchanged, {} gone, {} failed",
            vendor.vendor,
            if report.check {
                " (--check: nothing written)"
            } else {
                ""
            },
            vendor.count(&Status::Added),
            vendor.count(&Status::Changed),
            vendor.count(&Status::Unchanged),
            gone,
            vendor.failures.len()
        );
        for (file, entry) in &vendor.files {
            let what = match (&entry.status, report.check) {
                (Status::Unchanged, _) => continue,
                (Status::Added, _) => "added  ".to_owned(),
                (Status::Changed, _) => "changed".to_owned(),
                (Status::Gone(Gone::Removed), false) => "gone   (removed)".to_owned(),
                (Status::Gone(Gone::Removed), true) => "gone   (would be removed)".to_owned(),
                (Status::Gone(Gone::Edited), _) => {
                    "gone   (changed since fetch wrote it: left, remove it by hand)".to_owned()
                }
                (Status::Gone(Gone::Missing), _) => "gone   (already removed)".to_owned(),
            };
            let _ = writeln!(
                text,
                "  {what} specs/{}/{file} <- {}",
                vendor.vendor, entry.url
            );
        }
        for failure in &vendor.failures {
            let file = failure
                .file
                .as_deref()
                .map(|file| format!(" (specs/{}/{file})", vendor.vendor))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "  failed  {}{file}: {}",
                failure.what, failure.message
            );
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn a_page_url_without_a_document_extension_gets_md() {
        let fetched = |text: &str| fetched_url(&url(text)).map(|url| url.to_string());
        assert_eq!(
            fetched("https://d.example/api/chat").unwrap(),
            "https://d.example/api/chat.md"
        );
        assert_eq!(
            fetched("https://d.example/api/chat/?x=1#top").unwrap(),
            "https://d.example/api/chat.md"
        );
        assert_eq!(
            fetched("https://d.example/openapi.JSON").unwrap(),
            "https://d.example/openapi.JSON"
        );
        assert_eq!(
            fetched("https://d.example/v1.2/chat").unwrap(),
            "https://d.example/v1.2/chat.md"
        );
        assert!(fetched("https://d.example/")
            .unwrap_err()
            .contains("names no page"));
    }

    #[test]
    fn colliding_names_take_more_segments_and_then_the_host() {
        let urls: BTreeSet<Url> = [
            "https://a.example/api/files/upload.md",
            "https://a.example/api/v2/upload.md",
            "https://a.example/api/chat.md",
            "https://a.example/x/same.md",
            "https://b.example/x/same.md",
            "https://a.example/api/my%20page.md",
            "https://a.example/api/base.overlay.yaml",
        ]
        .iter()
        .map(|text| url(text))
        .collect();
        let names = file_names(&urls);
        let name = |text: &str| names[&url(text)].clone();
        assert_eq!(
            name("https://a.example/api/files/upload.md").unwrap(),
            "files-upload.md"
        );
        assert_eq!(
            name("https://a.example/api/v2/upload.md").unwrap(),
            "v2-upload.md"
        );
        assert_eq!(name("https://a.example/api/chat.md").unwrap(), "chat.md");
        assert_eq!(
            name("https://a.example/x/same.md").unwrap(),
            "a.example-x-same.md"
        );
        assert_eq!(
            name("https://b.example/x/same.md").unwrap(),
            "b.example-x-same.md"
        );
        assert_eq!(
            name("https://a.example/api/my%20page.md").unwrap(),
            "my-20page.md"
        );
        assert!(name("https://a.example/api/base.overlay.yaml")
            .unwrap_err()
            .contains("overlay"));
    }

    #[test]
    fn names_that_cannot_be_told_apart_are_errors() {
        let urls: BTreeSet<Url> = [
            "https://a.example/x/a+b/z.md",
            "https://a.example/x/a-b/z.md",
        ]
        .iter()
        .map(|text| url(text))
        .collect();
        let names = file_names(&urls);
        assert!(names.values().all(|name| name
            .as_ref()
            .is_err_and(|message| message.contains("would both be saved as"))));
    }

    #[test]
    fn sources_are_read_key_by_key() {
        let sources = parse_sources(
            "pages = [\"https://d.example/p.md\"]\n[llms]\nurl = \"https://d.example/llms.txt\"\n\
             prefix = \"/api-reference/\"\nspecs = false\n",
            "s.toml",
        )
        .unwrap();
        assert_eq!(sources.pages, [url("https://d.example/p.md")]);
        assert_eq!(
            sources.llms,
            Some(Llms {
                url: url("https://d.example/llms.txt"),
                prefix: Some("/api-reference/".to_owned()),
                specs: false,
            })
        );
        let error = |text: &str| parse_sources(text, "s.toml").unwrap_err();
        assert!(error("page = []").contains("unknown key `page`"));
        assert!(error("").contains("lists nothing"));
        assert!(error("pages = \"x\"").contains("list of URLs"));
        assert!(error("pages = [\"ftp://x/y.md\"]").contains("not an http(s) URL"));
        assert!(error("pages = [\"nope\"]").contains("not a URL"));
        assert!(error("[llms]\nprefix = \"/a/\"").contains("needs `url"));
        assert!(
            error("[llms]\nurl = \"https://x/llms.txt\"\nprefix = \"a\"")
                .contains("start it with `/`")
        );
        assert!(error("[llms]\nurl = \"https://x/llms.txt\"\nfilter = 1").contains("`llms.filter`"));
        assert!(error("pages = [").contains("not valid TOML"));
    }

    #[test]
    fn llms_links_are_filtered_by_prefix_and_heading() {
        let text = "# Docs\n\n## Docs\n- [Intro](https://d.example/intro.md): hi\n\
                    - [Chat](https://d.example/api-reference/chat.md): chat\n\
                    - [Rel](/api-reference/rel.md) and [Two](<https://d.example/api-reference/two.md> \"t\")\n\
                    \n## OpenAPI Specs\n- [openapi](https://d.example/openapi.json)\n";
        let base = url("https://d.example/llms.txt");
        let links: Vec<String> = llms_links(text, &base, Some("/api-reference/"), true)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(
            links,
            [
                "https://d.example/api-reference/chat.md",
                "https://d.example/api-reference/rel.md",
                "https://d.example/api-reference/two.md",
                "https://d.example/openapi.json",
            ]
        );
        assert_eq!(
            llms_links(text, &base, Some("/api-reference/"), false).len(),
            3
        );
        assert_eq!(llms_links(text, &base, None, false).len(), 4);
    }

    #[test]
    fn the_record_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RECORD);
        let record: BTreeMap<String, Recorded> = [
            (
                "a \"q\".md".to_owned(),
                Recorded::new("https://d.example/a\\b", b"one"),
            ),
            (
                "b.json".to_owned(),
                Recorded::new("https://d.example/b.json", b""),
            ),
        ]
        .into_iter()
        .collect();
        fs::write(&path, render_record(&record).unwrap()).unwrap();
        assert_eq!(read_record(&path).unwrap(), record);
        assert!(record["b.json"].matches(b""));
        assert!(!record["b.json"].matches(b" "));
        assert_eq!(fnv1a64(b""), "cbf29ce484222325");
        assert_eq!(fnv1a64(b"a"), "af63dc4c8601ec8c");
        fs::write(&path, "[files.\"x.md\"]\nurl = \"u\"\n").unwrap();
        let error = read_record(&path).unwrap_err();
        assert!(error.contains("missing field `size`"), "{error}");
        assert!(error.contains("not a record of fetch"), "{error}");
        assert!(read_record(&dir.path().join("none.toml"))
            .unwrap()
            .is_empty());
    }
}
