//! Code generated from the hostile documents in `tests/fixtures/compile/`; replaced by
//! `cargo xtask codegen`.
