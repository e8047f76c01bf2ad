//! `cargo xtask fetch` against a fake vendor site (wiremock on localhost): an `llms.txt` with
//! API-reference links, other links and an "OpenAPI Specs" section, pages, a 404, a slow page,
//! an HTML page, a page without an OpenAPI block, a page that changes between two runs, and
//! files in the folder that fetch did not write. Nothing here reaches the internet.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::runtime::Runtime;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use xtask::fetch::{self, Gone, Options, Report, Status, VendorReport};

/// A Mintlify page holding one OpenAPI block titled `title`.
fn page(title: &str) -> String {
    format!(
        "# {title}\n\nSome prose.\n\n```yaml\nopenapi: 3.1.0\ninfo:\n  title: {title}\n  \
         version: \"1\"\npaths: {{}}\n```\n"
    )
}

/// A whole OpenAPI document in JSON.
const DOCUMENT: &str = r#"{"openapi":"3.1.0","info":{"title":"all","version":"1"},"paths":{}}"#;

/// The fake site and the runtime its server was started on.
struct Site {
    runtime: Runtime,
    server: MockServer,
}

impl Site {
    fn new() -> Self {
        let runtime = Runtime::new().unwrap();
        let server = runtime.block_on(MockServer::start());
        Site { runtime, server }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.uri())
    }

    /// Serves `body` at `at` with status 200 and `content_type`.
    fn serve(&self, at: &str, body: &str, content_type: &str) {
        self.respond(
            at,
            ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), content_type),
        );
    }

    fn respond(&self, at: &str, response: ResponseTemplate) {
        self.runtime.block_on(
            Mock::given(method("GET"))
                .and(path(at))
                .respond_with(response)
                .mount(&self.server),
        );
    }

    /// Forgets every response.
    fn reset(&self) {
        self.runtime.block_on(self.server.reset());
    }

    /// An `llms.txt` linking `api` (paths under /api-reference/), two guide pages and, under
    /// "OpenAPI Specs", `/openapi.json`.
    fn serve_llms(&self, api: &[&str]) {
        let mut text = format!(
            "# Example\n\n> Docs.\n\n## Guides\n\n- [Quickstart]({}): start\n- [Pricing]({})\n\n\
             ## API Reference\n\n",
            self.url("/guides/quickstart.md"),
            self.url("/pricing.md")
        );
        for link in api {
            text.push_str(&format!("- [{link}]({}): an operation\n", self.url(link)));
        }
        text.push_str(&format!(
            "\n## OpenAPI Specs\n\n- [openapi]({})\n",
            self.url("/openapi.json")
        ));
        self.serve("/llms.txt", &text, "text/plain; charset=utf-8");
        self.serve(
            "/guides/quickstart.md",
            "# Quickstart\n",
            "text/markdown; charset=utf-8",
        );
        self.serve("/pricing.md", "# Pricing\n", "text/markdown; charset=utf-8");
        self.serve("/openapi.json", DOCUMENT, "application/json");
    }

    /// Serves a good page at `at`.
    fn serve_page(&self, at: &str, title: &str) {
        self.serve(at, &page(title), "text/markdown; charset=utf-8");
    }
}

/// A repository root with `specs/<vendor>/sources.toml`.
fn repo(vendor: &str, sources: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("specs").join(vendor);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("sources.toml"), sources).unwrap();
    root
}

/// The sources of a vendor whose pages are `pages` and the llms.txt of `site`.
fn sources(site: &Site, pages: &[&str]) -> String {
    let pages: Vec<String> = pages
        .iter()
        .map(|page| format!("\"{}\"", site.url(page)))
        .collect();
    format!(
        "pages = [{}]\n\n[llms]\nurl = \"{}\"\nprefix = \"/api-reference/\"\n",
        pages.join(", "),
        site.url("/llms.txt")
    )
}

/// Options with a short timeout and fast retries.
fn options(vendor: Option<&str>, check: bool) -> Options {
    Options {
        vendor: vendor.map(str::to_owned),
        check,
        timeout: Duration::from_millis(400),
        attempts: 2,
        first_delay: Duration::from_millis(10),
    }
}

fn fetch(root: &Path, vendor: &str, check: bool) -> VendorReport {
    let report = fetch::fetch(&options(Some(vendor), check), root).unwrap();
    assert_eq!(report.vendors.len(), 1);
    report.vendors.into_iter().next().unwrap()
}

fn file(root: &Path, vendor: &str, name: &str) -> PathBuf {
    root.join("specs").join(vendor).join(name)
}

fn read(root: &Path, vendor: &str, name: &str) -> String {
    fs::read_to_string(file(root, vendor, name)).unwrap()
}

fn status(report: &VendorReport, name: &str) -> Option<Status> {
    report.files.get(name).map(|entry| entry.status.clone())
}

/// The failure message for the URL ending with `suffix`.
fn failure<'a>(report: &'a VendorReport, suffix: &str) -> &'a str {
    report
        .failures
        .iter()
        .find(|failure| failure.what.ends_with(suffix))
        .map(|failure| failure.message.as_str())
        .unwrap_or_else(|| panic!("no failure for {suffix}: {:#?}", report.failures))
}

/// The names of the files in the vendor's folder.
fn listing(root: &Path, vendor: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("specs").join(vendor))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn fetches_the_listed_pages_byte_for_byte_and_reports_each_failure() {
    let site = Site::new();
    site.serve_llms(&[
        "/api-reference/chat.md",
        "/api-reference/files/upload.md",
        "/api-reference/v2/upload.md",
        "/api-reference/missing.md",
        "/api-reference/slow.md",
        "/api-reference/html.md",
        "/api-reference/prose.md",
    ]);
    site.serve_page("/api-reference/chat.md", "Chat");
    site.serve_page("/api-reference/files/upload.md", "Upload");
    site.serve_page("/api-reference/v2/upload.md", "Upload v2");
    site.respond("/api-reference/missing.md", ResponseTemplate::new(404));
    site.respond(
        "/api-reference/slow.md",
        ResponseTemplate::new(200)
            .set_body_string(page("Slow"))
            .set_delay(Duration::from_secs(5)),
    );
    site.serve(
        "/api-reference/html.md",
        "<!DOCTYPE html><html><body>Chat</body></html>",
        "text/plain",
    );
    site.serve(
        "/api-reference/prose.md",
        "# Prose\n\nNo block here.\n\n```bash\ncurl x\n```\n",
        "text/markdown",
    );
    // A page listed in sources.toml without `.md`: fetched at its URL + `.md`.
    site.serve_page("/extra/embeddings.md", "Embeddings");
    let root = repo("acme", &sources(&site, &["/extra/embeddings"]));

    let report = fetch(root.path(), "acme", false);

    for name in [
        "chat.md",
        "files-upload.md",
        "v2-upload.md",
        "embeddings.md",
        "openapi.json",
    ] {
        assert_eq!(status(&report, name), Some(Status::Added), "{name}");
    }
    assert_eq!(read(root.path(), "acme", "chat.md"), page("Chat"));
    assert_eq!(read(root.path(), "acme", "openapi.json"), DOCUMENT);
    assert_eq!(
        read(root.path(), "acme", "embeddings.md"),
        page("Embeddings")
    );
    assert_eq!(
        listing(root.path(), "acme"),
        [
            "chat.md",
            "embeddings.md",
            "fetched.toml",
            "files-upload.md",
            "openapi.json",
            "sources.toml",
            "v2-upload.md"
        ],
        "links outside the prefix (guides, pricing) and failed pages are not saved"
    );
    assert!(failure(&report, "/missing.md").contains("HTTP 404 Not Found"));
    assert!(failure(&report, "/slow.md").contains("timed out"));
    assert!(failure(&report, "/html.md").contains("HTML where Markdown"));
    assert!(failure(&report, "/prose.md").contains("no OpenAPI block"));
    assert_eq!(report.failures.len(), 4, "{:#?}", report.failures);

    let record = read(root.path(), "acme", "fetched.toml");
    assert!(record.contains("[files.\"files-upload.md\"]"), "{record}");
    assert!(record.contains(&site.url("/api-reference/files/upload.md")));
    assert!(!record.contains("missing.md"), "{record}");

    let printed = fetch::render(&Report {
        check: false,
        vendors: vec![report],
    });
    assert!(
        printed.starts_with("acme: 5 added, 0 changed, 0 unchanged, 0 gone, 4 failed\n"),
        "{printed}"
    );
    assert!(printed.contains("  added   specs/acme/chat.md <- http://"));

    let error = fetch::run(&options(Some("acme"), false), root.path()).unwrap_err();
    assert_eq!(error.exit_code(), 1, "a failed URL fails the run");
}

#[test]
fn a_second_run_reports_changed_unchanged_and_gone_and_check_writes_nothing() {
    let (site, root) = chat_and_models();
    let first = fetch(root.path(), "acme", false);
    assert!(first.failures.is_empty(), "{:#?}", first.failures);
    let record = read(root.path(), "acme", "fetched.toml");

    // Unchanged site: --check passes.
    assert_eq!(
        fetch::run(&options(Some("acme"), true), root.path()),
        Ok(())
    );

    // The site changes a page and drops another.
    site.reset();
    site.serve_llms(&["/api-reference/chat.md"]);
    site.serve_page("/api-reference/chat.md", "Chat, revised");

    let checked = fetch(root.path(), "acme", true);
    assert_eq!(status(&checked, "chat.md"), Some(Status::Changed));
    assert_eq!(
        status(&checked, "models.md"),
        Some(Status::Gone(Gone::Removed))
    );
    assert_eq!(status(&checked, "openapi.json"), Some(Status::Unchanged));
    assert_eq!(
        read(root.path(), "acme", "chat.md"),
        page("Chat"),
        "--check writes nothing"
    );
    assert!(file(root.path(), "acme", "models.md").exists());
    assert_eq!(read(root.path(), "acme", "fetched.toml"), record);
    let error = fetch::run(&options(Some("acme"), true), root.path()).unwrap_err();
    assert_eq!(error.exit_code(), 1, "--check fails when the site differs");
    assert!(error.to_string().contains("differs"), "{error}");

    let second = fetch(root.path(), "acme", false);
    assert_eq!(status(&second, "chat.md"), Some(Status::Changed));
    assert_eq!(
        status(&second, "models.md"),
        Some(Status::Gone(Gone::Removed))
    );
    assert_eq!(read(root.path(), "acme", "chat.md"), page("Chat, revised"));
    assert!(
        !file(root.path(), "acme", "models.md").exists(),
        "gone and unchanged: removed"
    );
    let record = read(root.path(), "acme", "fetched.toml");
    assert!(!record.contains("models.md"), "{record}");

    let third = fetch(root.path(), "acme", false);
    assert!(!third.differs(), "{third:#?}");
    assert_eq!(
        fetch::run(&options(Some("acme"), true), root.path()),
        Ok(())
    );
}

/// A site listing two pages, chat and models, and a repository fetching it as vendor `acme`.
fn chat_and_models() -> (Site, tempfile::TempDir) {
    let site = Site::new();
    site.serve_llms(&["/api-reference/chat.md", "/api-reference/models.md"]);
    site.serve_page("/api-reference/chat.md", "Chat");
    site.serve_page("/api-reference/models.md", "Models");
    let root = repo("acme", &sources(&site, &[]));
    (site, root)
}

#[test]
fn a_file_fetch_did_not_write_is_never_overwritten() {
    let (site, root) = chat_and_models();
    // Written by hand, with the name the chat page would get.
    fs::write(file(root.path(), "acme", "chat.md"), "# mine\n").unwrap();
    // Written by hand, holding exactly what the site publishes: taken as fetched.
    fs::write(file(root.path(), "acme", "models.md"), page("Models")).unwrap();

    let report = fetch(root.path(), "acme", false);

    assert_eq!(read(root.path(), "acme", "chat.md"), "# mine\n");
    assert!(failure(&report, "/chat.md").contains("fetch did not write it"));
    assert_eq!(status(&report, "models.md"), Some(Status::Unchanged));
    let record = read(root.path(), "acme", "fetched.toml");
    assert!(!record.contains("chat.md"), "{record}");
    assert!(record.contains("models.md"), "{record}");

    // Even when no longer listed, the hand-written file stays.
    site.reset();
    site.serve_llms(&["/api-reference/models.md"]);
    site.serve_page("/api-reference/models.md", "Models");
    let report = fetch(root.path(), "acme", false);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert_eq!(status(&report, "chat.md"), None);
    assert_eq!(read(root.path(), "acme", "chat.md"), "# mine\n");
}

#[test]
fn a_file_changed_since_fetch_wrote_it_is_left_alone() {
    let (site, root) = chat_and_models();
    fetch(root.path(), "acme", false);
    fs::write(file(root.path(), "acme", "chat.md"), "# edited\n").unwrap();
    fs::write(file(root.path(), "acme", "models.md"), "# edited\n").unwrap();

    // The site changes chat and drops models.
    site.reset();
    site.serve_llms(&["/api-reference/chat.md"]);
    site.serve_page("/api-reference/chat.md", "Chat, revised");
    let report = fetch(root.path(), "acme", false);

    assert!(failure(&report, "/chat.md").contains("changed since fetch wrote it"));
    assert_eq!(read(root.path(), "acme", "chat.md"), "# edited\n");
    assert_eq!(
        status(&report, "models.md"),
        Some(Status::Gone(Gone::Edited))
    );
    assert_eq!(read(root.path(), "acme", "models.md"), "# edited\n");
}

#[test]
fn a_failed_llms_txt_takes_no_file_as_gone_and_retries_recover() {
    let site = Site::new();
    site.serve_llms(&["/api-reference/chat.md"]);
    // The first answer is a 503, the retry gets the page.
    site.runtime.block_on(
        Mock::given(method("GET"))
            .and(path("/api-reference/chat.md"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&site.server),
    );
    site.serve_page("/api-reference/chat.md", "Chat");
    let root = repo("acme", &sources(&site, &[]));
    let report = fetch(root.path(), "acme", false);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert_eq!(status(&report, "chat.md"), Some(Status::Added));

    site.reset();
    site.respond("/llms.txt", ResponseTemplate::new(500));
    let report = fetch(root.path(), "acme", false);
    let message = failure(&report, "/llms.txt");
    assert!(
        message.contains("HTTP 500") && message.contains("2 attempts"),
        "{message}"
    );
    assert!(message.contains("no file is taken as gone"), "{message}");
    assert!(report.files.is_empty(), "{:#?}", report.files);
    assert!(file(root.path(), "acme", "chat.md").exists());
    assert!(file(root.path(), "acme", "openapi.json").exists());
}

#[test]
fn without_a_vendor_every_sources_toml_is_fetched() {
    let site = Site::new();
    site.serve_page("/a/one.md", "One");
    site.serve(
        "/b/two.yaml",
        "openapi: 3.1.0\npaths: {}\n",
        "application/yaml",
    );
    let root = repo("alpha", &format!("pages = [\"{}\"]\n", site.url("/a/one")));
    let beta = root.path().join("specs/beta");
    fs::create_dir_all(&beta).unwrap();
    fs::write(
        beta.join("sources.toml"),
        format!("pages = [\"{}\"]\n", site.url("/b/two.yaml")),
    )
    .unwrap();
    // A folder without sources.toml (another vendor's hand-written pages) is not touched.
    fs::create_dir_all(root.path().join("specs/gamma")).unwrap();
    fs::write(root.path().join("specs/gamma/page.md"), "# g\n").unwrap();
    // A bad sources.toml fails its vendor only.
    fs::create_dir_all(root.path().join("specs/delta")).unwrap();
    fs::write(root.path().join("specs/delta/sources.toml"), "page = []\n").unwrap();

    let report = fetch::fetch(&options(None, false), root.path()).unwrap();

    let vendors: Vec<&str> = report.vendors.iter().map(|v| v.vendor.as_str()).collect();
    assert_eq!(vendors, ["alpha", "beta", "delta"]);
    assert_eq!(status(&report.vendors[0], "one.md"), Some(Status::Added));
    assert_eq!(status(&report.vendors[1], "two.yaml"), Some(Status::Added));
    assert!(failure(&report.vendors[2], "sources.toml").contains("unknown key `page`"));
    assert_eq!(listing(root.path(), "gamma"), ["page.md"]);

    let missing = fetch::fetch(&options(Some("gamma"), false), root.path()).unwrap_err();
    assert!(
        missing.to_string().contains("sources.toml not found"),
        "{missing}"
    );
    let empty = tempfile::tempdir().unwrap();
    fs::create_dir_all(empty.path().join("specs")).unwrap();
    let none = fetch::fetch(&options(None, false), empty.path()).unwrap_err();
    assert!(none.to_string().contains("nothing to fetch"), "{none}");
}
