//! Fuzz target over the whole pipeline (load → normalize → lower → emit → format).
//!
//! The input is read as UTF-8 text (other inputs are skipped) and generated three times: as a
//! `.yaml` file, as a `.json` file (each has a parser of its own) and as a Mintlify `.md` page. The pipeline must not panic or hang, and whenever it
//! succeeds, the module and the examples test it returns must parse as Rust files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vendor_codegen::{Config, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut config = Config::new();
    config.crate_root(false).crate_path("fuzz::api");
    for file in ["fuzz.yaml", "fuzz.json", "fuzz.md"] {
        let source = Source {
            name: "fuzz".to_owned(),
            file: file.to_owned(),
            text: text.to_owned(),
        };
        if let Ok(output) = vendor_codegen::generate(&source, &config) {
            if let Err(error) = syn::parse_file(&output.module) {
                panic!(
                    "{file}: the module does not parse: {error}\n{}",
                    output.module
                );
            }
            if let Err(error) = syn::parse_file(&output.examples_test) {
                panic!(
                    "{file}: the examples test does not parse: {error}\n{}",
                    output.examples_test
                );
            }
        }
    }
});
