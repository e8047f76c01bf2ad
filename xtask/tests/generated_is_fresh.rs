//! `cargo test` catches a stale generated crate, as `cargo xtask codegen --check` does.

/// Fails, naming each stale, missing or extra file and the command to run, when `generated/` or
/// `tests/samples/` differs from what `cargo xtask codegen` would write now.
#[test]
fn generated_is_fresh() {
    if let Err(error) = xtask::codegen::check(&xtask::project_root()) {
        panic!("{error}");
    }
}
