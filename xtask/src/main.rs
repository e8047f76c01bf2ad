//! `cargo xtask`: see the crate's library for what each task does.

use std::process::ExitCode;

fn main() -> ExitCode {
    let root = xtask::project_root();
    match xtask::parse_args(std::env::args_os().skip(1))
        .and_then(|command| xtask::run(command, &root))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(error.exit_code())
        }
    }
}
