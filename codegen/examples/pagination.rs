//! Lists the operations the pagination rule recognises, one line each, for any number of
//! specs: `cargo run -p codegen --example pagination -- SPEC...`.
//!
//! Each line is `spec<TAB>operationId<TAB>style<TAB>details`; the last line counts operations
//! per style. Specs that do not generate are counted and skipped. This is how the rule's
//! reach over the corpus is measured (`scripts/pagination-survey.sh`).

use std::collections::BTreeMap;

use codegen::model::{NextPage, OffsetUnit, Pagination};

fn main() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut specs, mut failed, mut operations) = (0, 0, 0);
    for spec in std::env::args().skip(1) {
        let Ok(built) = codegen::Generator::new(&spec).model() else {
            failed += 1;
            continue;
        };
        specs += 1;
        operations += built.api.operations.len();
        for op in &built.api.operations {
            let Some(p) = &op.pagination else { continue };
            let style = style(p);
            *counts.entry(style).or_default() += 1;
            println!("{spec}\t{}\t{style}\t{}", op.id, details(p));
        }
    }
    let detected: usize = counts.values().sum();
    let per_style: Vec<String> = counts.iter().map(|(s, n)| format!("{s}={n}")).collect();
    println!(
        "# specs={specs} failed={failed} operations={operations} paged={detected} {}",
        per_style.join(" ")
    );
}

fn style(p: &Pagination) -> &'static str {
    match &p.next {
        NextPage::LinkHeader => "link-header",
        NextPage::HalLink { .. } => "hal",
        NextPage::Cursor { .. } => "cursor",
        NextPage::LastId { .. } => "has-more",
        NextPage::Offset {
            unit: OffsetUnit::Index,
            ..
        } => "offset",
        NextPage::Offset {
            unit: OffsetUnit::Page,
            ..
        } => "page-number",
    }
}

fn path(p: &codegen::model::FieldPath) -> String {
    let steps: Vec<&str> = p.0.iter().map(|s| s.field.as_str()).collect();
    if steps.is_empty() {
        "(body)".to_owned()
    } else {
        steps.join(".")
    }
}

fn details(p: &Pagination) -> String {
    let next = match &p.next {
        NextPage::LinkHeader => String::new(),
        NextPage::HalLink { href } => format!("href={}", path(href)),
        NextPage::Cursor { param, cursor } => format!("param={param} cursor={}", path(cursor)),
        NextPage::LastId {
            param, has_more, ..
        } => format!("param={param} has_more={}", path(has_more)),
        NextPage::Offset {
            param, size, total, ..
        } => format!(
            "param={param} size={size} total={}",
            total.as_ref().map_or("-".to_owned(), path)
        ),
    };
    format!("items={} {next}", path(&p.items))
}
