//! The diff report as Markdown (for a pull-request description) or JSON (for tools).

use super::{Change, Level, Report};

pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

pub fn to_markdown(report: &Report) -> String {
    let mut out = format!(
        "# API changes: {} {} → {} {}\n\n",
        report.old.title.trim(),
        report.old.version.trim(),
        report.new.title.trim(),
        report.new.version.trim()
    );
    if report.changes.is_empty() {
        out.push_str("No changes to the generated client.\n");
        return out;
    }
    let count = |level: Level, breaking: bool| {
        report
            .changes
            .iter()
            .filter(|c| c.level == level && c.breaking == breaking)
            .count()
    };
    out.push_str("| | breaking | non-breaking |\n|---|---:|---:|\n");
    out.push_str(&format!(
        "| wire (HTTP requests and responses) | {} | {} |\n",
        count(Level::Wire, true),
        count(Level::Wire, false)
    ));
    out.push_str(&format!(
        "| Rust only (names, signatures) | {} | {} |\n",
        count(Level::Rust, true),
        count(Level::Rust, false)
    ));
    section(&mut out, report, Level::Wire, "Wire-level changes");
    section(
        &mut out,
        report,
        Level::Rust,
        "Rust-level changes (no wire change)",
    );
    out
}

fn section(out: &mut String, report: &Report, level: Level, title: &str) {
    let changes: Vec<&Change> = report.changes.iter().filter(|c| c.level == level).collect();
    out.push_str(&format!("\n## {title}\n"));
    if changes.is_empty() {
        out.push_str("\nNone.\n");
        return;
    }
    for (breaking, heading) in [(true, "Breaking"), (false, "Non-breaking")] {
        let group: Vec<&&Change> = changes.iter().filter(|c| c.breaking == breaking).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {heading}\n\n"));
        for change in group {
            out.push_str(&format!("- `{}`: {}\n", change.subject, change.detail));
        }
    }
}
