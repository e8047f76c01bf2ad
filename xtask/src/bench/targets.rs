//! The targets of the issue, each measured, met or missed, and by how much.

use super::parse;
use super::peers::Timing;
use super::tables::{ratio, time};
use super::{Measured, Report, GITHUB, NEXUS, OPENAI};
use crate::corpus::layout;

/// A target of the issue, and what was measured against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What it is about.
    pub what: String,
    /// The measured value, if it could be measured, else why not.
    pub measured: Result<f64, String>,
    /// The value not to exceed.
    pub limit: f64,
    /// Whether the value must stay below the limit, not only reach it.
    pub strict: bool,
    /// Whether the value is in seconds (else a ratio).
    pub seconds: bool,
    /// The least the value can be while prettyplease formats the whole module: the value if
    /// every other stage took no time and the format stage were shared perfectly over the
    /// cores. A floor above the limit says the target cannot be met with this formatter.
    pub floor: Option<f64>,
}

impl Target {
    /// Whether it is met, if measured.
    pub fn met(&self) -> Option<bool> {
        let value = *self.measured.as_ref().ok()?;
        Some(value < self.limit || (!self.strict && value == self.limit))
    }
}

/// The targets, measured.
pub(super) fn targets(report: &Report) -> Vec<Target> {
    let mut targets = codegen_targets(report);
    targets.extend(compile_targets(report));
    targets.extend(parse::targets(report.parse.as_ref()));
    targets
}

/// A target on a ratio, reached when at most `limit`.
pub(super) fn ratio_target(what: String, measured: Result<f64, String>, limit: f64) -> Target {
    Target {
        what,
        measured,
        limit,
        strict: false,
        seconds: false,
        floor: None,
    }
}

/// The targets on codegen: against the peers, the parse floor and the document's size.
fn codegen_targets(report: &Report) -> Vec<Target> {
    let ours = |file: &str| {
        report
            .documents
            .iter()
            .find(|(document, _, _)| document == file)
            .ok_or_else(|| "not benched (see --only)".to_owned())
            .and_then(|(_, bytes, result)| result.clone().map(|measured| (*bytes, measured)))
    };
    let peer = |file: &str, name: &str| {
        report
            .peer_runs
            .iter()
            .find(|(document, peer, _)| document == file && *peer == name)
            .map_or_else(
                || Err(format!("{name} did not run (not installed, or --no-peers)")),
                |(_, _, result)| {
                    result
                        .clone()
                        .map_err(|error| format!("{name} rejected it: {error}"))
                },
            )
    };
    // The format stage of a document shared over the cores: no run of ours can take less.
    let formatting = |measured: &Measured| measured.split.stages[4] / report.cores.max(1) as f64;
    // Our process over the fastest peer's, and the floor of that ratio.
    let fastest = |file: &str| -> Result<(f64, f64), String> {
        let (_, measured) = ours(file)?;
        let runs: Vec<&Result<Timing, String>> = report
            .peer_runs
            .iter()
            .filter(|(document, _, _)| document == file)
            .map(|(_, _, result)| result)
            .collect();
        if runs.is_empty() {
            return Err("no peer ran (none installed, or --no-peers)".to_owned());
        }
        runs.iter()
            .filter_map(|result| result.as_ref().ok().map(|timing| timing.seconds))
            .min_by(f64::total_cmp)
            .map(|fastest| (measured.process / fastest, formatting(&measured) / fastest))
            .ok_or_else(|| "every peer failed".to_owned())
    };
    let with_floor = |what: &str, measured: Result<(f64, f64), String>, limit| Target {
        floor: measured.as_ref().ok().map(|(_, floor)| *floor),
        ..ratio_target(what.to_owned(), measured.map(|(value, _)| value), limit)
    };
    let mut targets = vec![
        with_floor("codegen ÷ the fastest peer, nexus", fastest(NEXUS), 0.2),
        with_floor("codegen ÷ the fastest peer, GitHub", fastest(GITHUB), 0.2),
        with_floor(
            "codegen ÷ openapi-to-rust, OpenAI",
            ours(OPENAI).and_then(|(_, measured)| {
                peer(OPENAI, "openapi-to-rust").map(|timing| {
                    (
                        measured.process / timing.seconds,
                        formatting(&measured) / timing.seconds,
                    )
                })
            }),
            0.15,
        ),
    ];
    for (file, bytes, result) in &report.documents {
        let measured = result.as_ref().map_err(Clone::clone);
        targets.push(with_floor(
            &format!("codegen ÷ parse, {file}"),
            measured.clone().map(|measured| {
                (
                    measured.codegen / measured.split.parse,
                    formatting(measured) / measured.split.parse,
                )
            }),
            3.0,
        ));
        targets.push(ratio_target(
            format!("peak memory ÷ size, {file}"),
            measured.map(|measured| measured.peak_bytes as f64 / *bytes as f64),
            15.0,
        ));
    }
    targets
}

/// The targets on compiling the generated crates.
fn compile_targets(report: &Report) -> Vec<Target> {
    let built = |name: &str| {
        report
            .compile
            .as_ref()
            .ok_or_else(|| "--no-compile".to_owned())?
            .crates
            .iter()
            .find(|compiled| compiled.name == name)
            .ok_or_else(|| format!("{name} not built (its generator is not installed)"))
            .and_then(|compiled| {
                compiled
                    .build
                    .clone()
                    .map(|seconds| (seconds, compiled.lines))
                    .map_err(|error| format!("{name} failed: {error}"))
            })
    };
    let mut targets = vec![ratio_target(
        "nexus crate build ÷ progenitor's".to_owned(),
        built("nexus")
            .and_then(|(ours, _)| built("progenitor-nexus").map(|(theirs, _)| ours / theirs)),
        0.5,
    )];
    targets.push(Target {
        strict: true,
        ..ratio_target(
            "nexus crate lines ÷ openapi-to-rust's".to_owned(),
            built("nexus").and_then(|(_, ours)| {
                built("openapi-to-rust-nexus").map(|(_, theirs)| ours as f64 / theirs as f64)
            }),
            1.0,
        )
    });
    targets.push(Target {
        what: "vendor-api cold build, with dependencies".to_owned(),
        measured: report
            .compile
            .as_ref()
            .ok_or_else(|| "--no-compile".to_owned())
            .and_then(|compile| compile.cold.clone()),
        limit: 30.0,
        strict: false,
        seconds: true,
        floor: None,
    });
    targets
}

/// The targets, each with its value, its limit and whether it is met, and by how much.
pub(super) fn targets_table(targets: &[Target]) -> String {
    let mut rows = vec![["target", "measured", "limit", "verdict"]
        .map(str::to_owned)
        .to_vec()];
    for target in targets {
        let show = |value: f64| {
            if target.seconds {
                time(value)
            } else {
                ratio(value)
            }
        };
        let (measured, verdict) = match &target.measured {
            Ok(value) => {
                let by = value / target.limit * 100.0;
                let verdict = match target.floor {
                    _ if target.met() == Some(true) => format!("met ({by:.0}% of the limit)"),
                    Some(floor) if floor > target.limit => format!(
                        "MISSED ({by:.0}% of the limit; formatting alone is {:.0}% of it)",
                        floor / target.limit * 100.0
                    ),
                    _ => format!("MISSED ({by:.0}% of the limit)"),
                };
                (show(*value), verdict)
            }
            Err(why) => ("-".to_owned(), format!("not measured: {why}")),
        };
        let limit = format!(
            "{} {}",
            if target.strict { "<" } else { "≤" },
            show(target.limit)
        );
        rows.push(vec![target.what.clone(), measured, limit, verdict]);
    }
    let mut text = "targets\n".to_owned();
    text.push_str(&layout(&rows, |column| column == 0 || column == 3));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::json::report_json;
    use crate::bench::testing::report;
    use serde_json::json;

    #[test]
    fn targets_say_met_or_missed_and_by_how_much() {
        let report = report();
        let targets = targets(&report);
        let find = |what: &str| targets.iter().find(|target| target.what == what).unwrap();
        let fastest = find("codegen ÷ the fastest peer, nexus");
        assert_eq!(fastest.measured, Ok(0.5), "our process over progenitor's");
        assert_eq!(fastest.met(), Some(false));
        assert_eq!(
            fastest.floor,
            Some(0.025),
            "the format stage (0.2 s) over 2 cores, over progenitor's 4 s"
        );
        let github = find("codegen ÷ the fastest peer, GitHub");
        assert_eq!(github.measured, Err("not benched (see --only)".to_owned()));
        assert_eq!(github.met(), None);
        assert_eq!(
            find("codegen ÷ parse, openapi/progenitor-sample__nexus.json").met(),
            Some(true)
        );
        assert_eq!(find("nexus crate build ÷ progenitor's").measured, Ok(0.25));
        assert_eq!(find("nexus crate lines ÷ openapi-to-rust's").met(), None);
        assert_eq!(
            find("vendor-api cold build, with dependencies").met(),
            Some(false)
        );
        let table = targets_table(&targets);
        assert!(table.contains("MISSED (250% of the limit)"), "{table}");
        assert!(table.contains("met (67% of the limit)"), "{table}");
        assert!(table.contains("< 1.00×"), "{table}");
        assert!(
            !table.contains("formatting alone"),
            "no floor above its limit: {table}"
        );
        let blocked = Target {
            floor: Some(0.3),
            ..ratio_target("blocked".to_owned(), Ok(0.5), 0.2)
        };
        assert!(targets_table(&[blocked])
            .contains("MISSED (250% of the limit; formatting alone is 150% of it)"),);
        let strict = Target {
            what: "lines".to_owned(),
            measured: Ok(1.0),
            limit: 1.0,
            strict: true,
            seconds: false,
            floor: None,
        };
        assert_eq!(strict.met(), Some(false), "as many lines are not fewer");
        assert_eq!(
            Target {
                strict: false,
                ..strict
            }
            .met(),
            Some(true)
        );
        let json = report_json(&report);
        assert_eq!(json["documents"][0]["stage_seconds"]["load"], json!(0.4));
        assert_eq!(json["targets"][0]["met"], json!(false));
        assert_eq!(json["compile"]["vendor_api_cold_seconds"], json!(31.0));
    }
}
