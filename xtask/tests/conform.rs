//! `cargo xtask conform` end to end on one small vendor, against Prism: ignored by default (it
//! installs Prism with npm and builds a harness crate); CI runs `cargo xtask conform` itself.
//! Run it with `cargo test -p xtask --test conform -- --ignored`.

use std::process::{Command, Stdio};
use xtask::conform::{self, Options};

#[test]
#[ignore = "needs Node.js and npm; CI runs `cargo xtask conform`"]
fn zhipu_conforms_to_prism() {
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status();
    if !node.is_ok_and(|status| status.success()) {
        println!("skipped: `node` is not on PATH (conform runs Prism, a Node.js program)");
        return;
    }
    let options = Options {
        documents: vec!["zhipu".to_owned()],
        times: 2,
        ..Options::default()
    };
    let reports = conform::run(&options, &xtask::project_root()).expect("zhipu conforms");
    let [report] = reports.as_slice() else {
        panic!("one report: {reports:?}")
    };
    assert_eq!(report.document, "specs/zhipu/");
    assert_eq!(report.operations, 4);
    assert_eq!((report.requests, report.violations), (4, 0));
    // Every documented status of every operation, twice, each parsed as documented.
    assert!(report.responses >= 12, "{report:?}");
    assert_eq!(report.documented, report.responses);
    assert_eq!(report.lossy, 0);
}
