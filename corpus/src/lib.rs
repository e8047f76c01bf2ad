//! The third-party corpus: API documents nobody in this project wrote, kept unmodified under
//! `corpus/documents/` (sources and licences in its `INDEX.md`).
//!
//! [`dir`] is the one way every test and `cargo xtask` command finds it:
//!
//! ```
//! let openai = vendor_corpus::dir().join("openapi/openai__openapi.yaml");
//! assert!(openai.is_file());
//! ```

use std::path::Path;

/// The corpus directory: `INDEX.md`, and the documents in `openapi/` (whole OpenAPI documents),
/// `mintlify/` (documentation pages), `jsonschema/` (JSON Schema inputs) and `overlays/`
/// (OpenAPI Overlay 1.0 files). An absolute path, found when this crate was compiled.
pub fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/documents"))
}

#[cfg(test)]
mod tests {
    use super::dir;

    #[test]
    fn the_corpus_is_there() {
        assert!(dir().is_absolute(), "{}", dir().display());
        assert!(dir().join("INDEX.md").is_file(), "{}", dir().display());
        for sub in ["openapi", "mintlify", "jsonschema", "overlays"] {
            assert!(dir().join(sub).is_dir(), "{sub}");
        }
        assert!(dir().join("mintlify/galileo-get-workflows.md").is_file());
    }

    /// Every document the corpus holds is listed in `INDEX.md`, with its source and licence
    /// (`jsonschema/` and `overlays/` are described by directory).
    #[test]
    fn every_document_is_in_the_index() {
        let index = std::fs::read_to_string(dir().join("INDEX.md")).unwrap();
        for sub in ["openapi", "mintlify"] {
            for entry in std::fs::read_dir(dir().join(sub)).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                assert!(
                    index.contains(&format!("| {name} |")),
                    "{sub}/{name} is not in INDEX.md"
                );
            }
        }
    }
}
