//! Stage 1 (load) on the five specs, on small hand-written inputs and on the third-party corpus.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use vendor_codegen::diagnostic::{Diagnostic, Severity};
use vendor_codegen::load::{load, load_all, Loaded, Source};

/// A source named `file` holding `text`.
fn source(file: &str, text: &str) -> Source {
    let name = Path::new(file)
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    Source {
        name,
        file: file.to_owned(),
        text: text.to_owned(),
    }
}

/// Loads `text` as `file`, which must succeed.
#[track_caller]
fn ok(file: &str, text: &str) -> Loaded {
    load(&source(file, text)).unwrap_or_else(|error| panic!("{file} should load: {error}"))
}

/// Loads `text` as `file`, which must fail with an error at `line` whose message holds `expect`.
#[track_caller]
fn fails(file: &str, text: &str, line: Option<u32>, expect: &str) -> Diagnostic {
    let error = match load(&source(file, text)) {
        Ok(loaded) => panic!("{file} should fail, loaded {}", loaded.tree),
        Err(error) => error,
    };
    assert_eq!(error.severity, Severity::Error);
    assert_eq!(error.file, file);
    assert_eq!(error.pointer, "");
    assert!(
        error.message.contains(expect),
        "{:?} lacks {expect:?}",
        error.message
    );
    assert_eq!(error.line, line, "{error}");
    error
}

/// The line and column recorded for `pointer`.
#[track_caller]
fn at(loaded: &Loaded, pointer: &str) -> (u32, u32) {
    loaded
        .lines
        .find(pointer)
        .unwrap_or_else(|| panic!("no position for {pointer}"))
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The third-party corpus.
fn corpus() -> &'static Path {
    vendor_corpus::dir()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn the_five_specs_load() {
    for file in [
        "specs/impala.md",
        "specs/minimax/file-delete.md",
        "specs/moonshot.md",
        "specs/openrouter.md",
        "specs/zhipu/files-delete.md",
    ] {
        let loaded = ok(file, &read(&workspace().join(file)));
        let map = loaded.tree.as_object().unwrap();
        assert!(
            map.contains_key("openapi") || map.contains_key("paths"),
            "{file}"
        );
        assert!(map.contains_key("paths"), "{file} has no paths");
    }
}

#[test]
fn positions_are_page_lines() {
    let loaded = ok(
        "specs/minimax/file-delete.md",
        &read(&workspace().join("specs/minimax/file-delete.md")),
    );
    let pointer = "/paths/~1v1~1files~1delete/post/parameters/0/schema/default";
    assert_eq!(
        loaded.tree.pointer(pointer),
        Some(&json!("multipart/form-datan"))
    );
    // `            default: multipart/form-datan` is line 43 of the page; the key starts at 13.
    assert_eq!(at(&loaded, pointer), (43, 13));
    assert_eq!(at(&loaded, "/openapi"), (14, 1));
    assert_eq!(at(&loaded, ""), (14, 1));
    // A sequence item stands where the item starts (`- name: Content-Type` on line 35).
    assert_eq!(
        at(&loaded, "/paths/~1v1~1files~1delete/post/parameters/0").0,
        35
    );
    // A node without its own entry stands where its nearest ancestor does.
    assert_eq!(at(&loaded, "/openapi/nothing/here"), (14, 1));
}

#[test]
fn keys_keep_document_order() {
    let loaded = ok(
        "order.yaml",
        "openapi: 3.1.0\nzeta: 1\nalpha: 2\nmiddle: 3\n",
    );
    let keys: Vec<&String> = loaded.tree.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["openapi", "zeta", "alpha", "middle"]);
}

#[test]
fn plain_yaml() {
    let loaded = ok("api.yml", "openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n");
    assert_eq!(
        loaded.tree,
        json!({"openapi": "3.1.0", "paths": {"/a": {"get": {}}}})
    );
    assert_eq!(at(&loaded, "/paths/~1a/get"), (4, 5));
}

#[test]
fn plain_json() {
    let text = "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n    \"/a\": {\"get\": {\"x\": [1, 2.5, true, null]}}\n  }\n}\n";
    let loaded = ok("api.json", text);
    assert_eq!(
        loaded.tree,
        json!({"openapi": "3.0.0", "paths": {"/a": {"get": {"x": [1, 2.5, true, null]}}}})
    );
    assert_eq!(at(&loaded, "/paths").0, 3);
    assert_eq!(at(&loaded, "/paths/~1a/get/x/1").0, 4);
}

#[test]
fn non_string_keys_become_strings() {
    let text = "responses:\n  200:\n    description: ok\n  '404':\n    description: no\n  true: yes\n  1.50: x\n";
    let loaded = ok("keys.yaml", text);
    let responses = loaded.tree["responses"].as_object().unwrap();
    let keys: Vec<&String> = responses.keys().collect();
    assert_eq!(keys, ["200", "404", "true", "1.50"]);
    assert_eq!(at(&loaded, "/responses/200"), (2, 3));
    assert_eq!(at(&loaded, "/responses/200/description"), (3, 5));
}

#[test]
fn integers_beyond_64_bits_become_floats() {
    let loaded = ok(
        "big.yaml",
        "a: -9223372036854776000\nb: 18446744073709551616\nc: 9007199254740993\n",
    );
    assert_eq!(loaded.tree["a"].as_f64(), Some(-9.223372036854776e18));
    assert_eq!(loaded.tree["b"].as_f64(), Some(1.8446744073709552e19));
    // Within 64 bits an integer stays exact.
    assert_eq!(loaded.tree["c"].as_i64(), Some(9_007_199_254_740_993));
}

#[test]
fn aliases_and_merge_keys() {
    let text = "\
base: &base
  type: string
  description: shared
list: &list [a, b]
x:
  <<: *base
  description: own
y: *list
z: *base
";
    let loaded = ok("alias.yaml", text);
    assert_eq!(
        loaded.tree["x"],
        json!({"type": "string", "description": "own"})
    );
    assert_eq!(loaded.tree["y"], json!(["a", "b"]));
    assert_eq!(
        loaded.tree["z"],
        json!({"type": "string", "description": "shared"})
    );
    assert_eq!(at(&loaded, "/x/description").0, 7);
    assert_eq!(at(&loaded, "/z").0, 9);
}

#[test]
fn mintlify_page_with_other_fences() {
    let page = "\
# Upload

```json
{\"file\": {\"id\": 1}}
```

```python
print(1)
```

<Accordion title=\"OpenAPI\">
  ````yaml POST /v1/files
  openapi: 3.1.0
  paths:
    /v1/files:
      post: {}
  ````
</Accordion>
";
    let loaded = ok("page.mdx", page);
    assert_eq!(loaded.tree["paths"]["/v1/files"], json!({"post": {}}));
    assert_eq!(at(&loaded, "/openapi"), (13, 3));
    assert_eq!(at(&loaded, "/paths/~1v1~1files/post"), (16, 7));
}

#[test]
fn empty_file() {
    fails("empty.yaml", "  \n\n", None, "the file is empty");
    fails("empty.md", "", None, "the file is empty");
}

#[test]
fn top_level_not_a_mapping() {
    fails(
        "list.yaml",
        "# a list\n- a\n- b\n",
        Some(2),
        "the top level is a sequence, not a mapping",
    );
    fails(
        "scalar.json",
        "\"openapi\"",
        Some(1),
        "the top level is a string, not a mapping",
    );
}

#[test]
fn bad_yaml_in_a_file() {
    let error = fails(
        "bad.yaml",
        "openapi: 3.1.0\npaths:\n  a: [1, 2\n",
        Some(3),
        "invalid YAML: ",
    );
    assert!(
        error.message.contains("unclosed bracket"),
        "{}",
        error.message
    );
    assert_eq!(error.column, Some(6));
    assert!(
        error.message.contains("fix the document at this line"),
        "{}",
        error.message
    );
}

#[test]
fn bad_yaml_in_a_page_is_placed_in_the_page() {
    let page =
        "# Title\n\ntext\n\n```yaml\nopenapi: 3.1.0\npaths:\n  /a: {get: }\n    bad: indent\n```\n";
    let error = fails("bad.md", page, Some(9), "invalid YAML: ");
    assert!(
        error.message.contains("fix the fenced block at this line"),
        "{}",
        error.message
    );
    assert!(error.column.is_some());
}

#[test]
fn duplicate_keys_are_an_error() {
    fails(
        "dup.yaml",
        "openapi: 3.1.0\npaths: {}\npaths: {}\n",
        Some(3),
        "duplicate",
    );
}

#[test]
fn too_deep() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    fails("deep.json", &deep, Some(1), "nests deeper than 128 levels");
    let deep_block = (0..200)
        .map(|level| format!("{}k:\n", "  ".repeat(level)))
        .collect::<String>();
    fails(
        "deep.yaml",
        &deep_block,
        Some(129),
        "nests deeper than 128 levels",
    );
    // 127 levels (and the root) are fine.
    let loaded = ok(
        "ok.json",
        &format!("{{\"a\": {}1{}}}", "[".repeat(127), "]".repeat(127)),
    );
    let pointer = format!("/a{}", "/0".repeat(127));
    assert_eq!(loaded.tree.pointer(&pointer), Some(&json!(1)));
}

#[test]
fn no_block() {
    let page = "# Title\n\n```json\n{\"id\": 1}\n```\n\n```bash\ncurl x\n```\n";
    fails(
        "none.md",
        page,
        None,
        "no OpenAPI block found in none.md: expected a fenced ```yaml block holding an OpenAPI \
         document (or the Mintlify page model)",
    );
}

#[test]
fn a_broken_example_is_not_the_document() {
    let page = "```json\n{\"id\": 1, ...}\n```\n";
    fails(
        "example.md",
        page,
        None,
        "no OpenAPI block found in example.md",
    );
    let page = "```json\n{\"id\": 1, ...}\n```\n\n```yaml\nopenapi: 3.1.0\npaths: {}\n```\n";
    assert_eq!(
        ok("example.md", page).tree,
        json!({"openapi": "3.1.0", "paths": {}})
    );
}

#[test]
fn several_blocks_are_several_pages() {
    let page = "```yaml\nopenapi: 3.1.0\n```\n\ntext\n\n```yml\npaths: {}\n```\n";
    // One document is asked for: the second block is named.
    fails(
        "two.md",
        page,
        Some(8),
        "found 2 OpenAPI blocks: this reads one document; generate the page as a vendor's (each \
         block is a page of its own)",
    );
    let all = load_all(&source("two.md", page)).unwrap();
    let trees: Vec<&Value> = all.iter().map(|loaded| &loaded.tree).collect();
    assert_eq!(trees, [&json!({"openapi": "3.1.0"}), &json!({"paths": {}})]);
    // Each block's nodes stand where they are in the page.
    assert_eq!(all[1].lines.find("/paths"), Some((8, 1)));
}

#[test]
fn corpus_pages() {
    let corpus = corpus();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(corpus.join("mintlify"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    pages.sort();
    assert!(pages.len() >= 10);
    for path in pages {
        let file = format!("mintlify/{}", path.file_name().unwrap().to_str().unwrap());
        let text = read(&path);
        if file.ends_with("files-compiled.md") {
            let all = load_all(&source(&file, &text)).unwrap();
            assert_eq!(all.len(), 4, "{file}: four pages");
            assert!(
                all.iter().all(|loaded| loaded.tree.get("paths").is_some()),
                "{file}"
            );
        } else {
            let loaded = ok(&file, &text);
            assert!(loaded.tree.get("paths").is_some(), "{file}");
        }
    }
}

#[test]
fn json_example_before_the_openapi_block() {
    let corpus = corpus();
    let path = corpus.join("mintlify/minimax__mintlify-page_cn_file-upload.md");
    let loaded = ok("upload.md", &read(&path));
    assert_eq!(loaded.tree["openapi"], json!("3.1.0"));
    assert_eq!(at(&loaded, "/openapi").0, 33);
}

#[test]
fn openai_document() {
    let corpus = corpus();
    let loaded = ok(
        "openai.yaml",
        &read(&corpus.join("openapi/openai__openapi.yaml")),
    );
    assert_eq!(loaded.tree["openapi"], json!("3.1.0"));
    // The integer beyond i64 is read as a float, and its key is placed on its line.
    let pointer = find(&loaded.tree, &|value| {
        value.as_f64() == Some(-9.223372036854776e18)
    })
    .unwrap();
    assert!(pointer.ends_with("/minimum"), "{pointer}");
    assert_eq!(at(&loaded, &pointer).0, 33420);
}

/// The pointer of the first node (depth first) that satisfies `wanted`.
fn find(value: &Value, wanted: &dyn Fn(&Value) -> bool) -> Option<String> {
    if wanted(value) && !value.is_object() && !value.is_array() {
        return Some(String::new());
    }
    let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
    match value {
        Value::Object(map) => map.iter().find_map(|(key, child)| {
            find(child, wanted).map(|rest| format!("/{}{rest}", escape(key)))
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, child)| find(child, wanted).map(|rest| format!("/{index}{rest}"))),
        _ => None,
    }
}

#[test]
fn only_yaml_1_2_booleans() {
    let loaded = ok("b.yaml", "required: [x, y, n, yes, on]\nflag: true\n");
    assert_eq!(
        loaded.tree,
        json!({"required": ["x", "y", "n", "yes", "on"], "flag": true})
    );
}

#[test]
fn keys_longer_than_yaml_allows_load_with_their_lines() {
    // YAML limits implicit keys to 1024 characters; JSON does not, and neither does the loader.
    let long = "k".repeat(5000);
    let text = format!(
        "{{\"openapi\": \"3.1.0\", \"components\": {{\"schemas\": {{\n  \"{long}\": {{\"type\": \"string\"}}}}}}}}"
    );
    for file in ["long.json", "long.yaml"] {
        let loaded = ok(file, &text);
        let pointer = format!("/components/schemas/{long}");
        assert_eq!(
            loaded.tree.pointer(&pointer),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(loaded.lines.find(&pointer), Some((2, 3)), "{file}");
    }
    // Beyond 64 KiB, JSON loads with its lines (JSON has a parser of its own, without a key
    // limit), YAML is refused saying why.
    let longer = "k".repeat(70_000);
    let text = format!("{{\"openapi\": \"3.1.0\", \"{longer}\": 1}}");
    let loaded = ok("longer.json", &text);
    assert_eq!(loaded.tree[longer.as_str()], json!(1));
    assert_eq!(loaded.lines.find(&format!("/{longer}")), Some((1, 22)));
    fails(
        "longer.yaml",
        &text,
        Some(1),
        "a mapping key may be at most 65536 characters long",
    );
}
