//! The generator's modules depend on one another in one direction only: each stage of the
//! pipeline (load -> resolve -> model -> emit -> format -> write) uses the stages before it and
//! never one after it, the leaf modules (JSON trees, naming, text, errors) use no stage at all,
//! and no two modules use each other, however indirectly.
//!
//! A module's dependencies are read from its source: the `crate::...` paths of every file
//! under it (`use` declarations and paths in code alike; doc comments, string literals and the
//! code that `quote!` writes for the generated crate do not count).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The stages of the pipeline, in order.
const STAGES: &[&str] = &["load", "resolve", "model", "emit", "format", "write"];

/// Modules every stage may use, which use no stage themselves.
const LEAVES: &[&str] = &["config", "error", "json", "naming", "text"];

type Graph = BTreeMap<String, BTreeMap<String, PathBuf>>;

#[test]
fn no_module_depends_on_itself_through_others() {
    let graph = module_graph();
    if let Some(cycle) = find_cycle(&graph) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|pair| {
                let file = &graph[&pair[0]][&pair[1]];
                format!("{} uses {} ({})", pair[0], pair[1], file.display())
            })
            .collect();
        panic!("an import cycle: {}", steps.join(", "));
    }
}

#[test]
fn stages_use_only_earlier_stages_and_leaves_use_no_stage() {
    let graph = module_graph();
    for stage in STAGES.iter().chain(LEAVES) {
        assert!(
            graph.contains_key(*stage),
            "no module `{stage}` in codegen/src"
        );
    }
    let mut problems = Vec::new();
    for (module, uses) in &graph {
        let position = STAGES.iter().position(|s| s == module);
        for (used, file) in uses {
            let later_stage = STAGES
                .iter()
                .position(|s| s == used)
                .is_some_and(|u| position.is_some_and(|p| u > p));
            let from_leaf = LEAVES.contains(&module.as_str()) && !LEAVES.contains(&used.as_str());
            if later_stage || from_leaf {
                problems.push(format!("{module} uses {used} ({})", file.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The checks would pass on a graph with no edges: the one read must have the known ones.
#[test]
fn the_graph_is_read_from_the_sources() {
    let graph = module_graph();
    for (module, used) in [
        ("resolve", "load"),
        ("model", "resolve"),
        ("emit", "model"),
        ("load", "json"),
    ] {
        assert!(
            graph[module].contains_key(used),
            "{module} should use {used}: {graph:#?}"
        );
    }
}

#[test]
fn paths_are_found_in_code_but_not_in_text_or_quoted_code() {
    let source = r#"
        //! Not `crate::docs` in docs.
        use crate::{error::Error, json};
        use crate::naming::{self, Scope};
        /// Nor `crate::doc` here.
        pub(crate) fn f() -> crate::text::Thing {
            let s = "crate::string";
            quote!(crate::quoted::Path);
            crate::write::go()
        }
    "#;
    let found = crate_paths(source.parse().expect("parses"));
    let expected = ["error", "json", "naming", "text", "write"];
    assert_eq!(found, expected.map(String::from).into());
}

#[test]
fn a_cycle_is_found() {
    let edge = |from: &str, to: &[&str]| {
        let uses = to.iter().map(|t| (t.to_string(), PathBuf::new())).collect();
        (from.to_owned(), uses)
    };
    let graph: Graph = [
        edge("a", &["b"]),
        edge("b", &["c"]),
        edge("c", &["d", "b"]),
        edge("d", &[]),
    ]
    .into();
    assert_eq!(find_cycle(&graph).expect("b -> c -> b"), ["b", "c", "b"]);
    let acyclic: Graph = [edge("a", &["b", "c"]), edge("b", &["c"]), edge("c", &[])].into();
    assert_eq!(find_cycle(&acyclic), None);
}

/// Per top-level module of `codegen/src`, the other modules it uses, each with a file that
/// uses it.
fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("codegen/src") {
        let path = entry.expect("an entry").path();
        let name = path.file_stem().and_then(|n| n.to_str()).expect("a name");
        if path.is_dir() {
            modules.insert(name.to_owned(), rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") && !["lib", "main"].contains(&name) {
            modules.insert(name.to_owned(), vec![path.clone()]);
        }
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(module, files)| {
            let mut uses = BTreeMap::new();
            for file in files {
                let text = std::fs::read_to_string(file).expect("readable");
                let tokens: TokenStream = text
                    .parse()
                    .unwrap_or_else(|e| panic!("{}: {e:?}", file.display()));
                for used in crate_paths(tokens) {
                    if names.contains(&used) && used != *module {
                        let shown = file.strip_prefix(&src).unwrap_or(file).to_owned();
                        uses.entry(used).or_insert(shown);
                    }
                }
            }
            (module.clone(), uses)
        })
        .collect()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a module directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The first segments of the `crate::` paths in `tokens` (`crate::{a::B, c}` gives `a` and
/// `c`), outside `quote!` invocations.
fn crate_paths(tokens: TokenStream) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    collect(tokens, &mut found);
    found
}

fn collect(tokens: TokenStream, found: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            // `quote!(...)`: code of the generated crate, whose `crate` is another one.
            TokenTree::Ident(ident)
                if (ident == "quote" || ident == "quote_spanned")
                    && is_punct(trees.get(i + 1), '!') =>
            {
                i += 3;
                continue;
            }
            TokenTree::Ident(ident)
                if ident == "crate"
                    && is_punct(trees.get(i + 1), ':')
                    && is_punct(trees.get(i + 2), ':') =>
            {
                match trees.get(i + 3) {
                    Some(TokenTree::Ident(first)) => {
                        found.insert(first.to_string());
                    }
                    Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                        found.extend(first_segments(group.stream()));
                    }
                    _ => {}
                }
            }
            TokenTree::Group(group) => collect(group.stream(), found),
            _ => {}
        }
        i += 1;
    }
}

/// The first identifier of each comma-separated entry of a `use` group.
fn first_segments(tokens: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    let mut at_start = true;
    for tree in tokens {
        match tree {
            TokenTree::Punct(p) if p.as_char() == ',' => at_start = true,
            TokenTree::Ident(ident) if at_start => {
                out.push(ident.to_string());
                at_start = false;
            }
            _ => at_start = false,
        }
    }
    out
}

fn is_punct(tree: Option<&TokenTree>, c: char) -> bool {
    matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// A cycle of the graph, as the modules on it with the first repeated at the end, if any.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    fn visit(
        graph: &Graph,
        module: &str,
        states: &mut BTreeMap<String, State>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        states.insert(module.to_owned(), State::OnPath);
        path.push(module.to_owned());
        for used in graph.get(module).into_iter().flat_map(|uses| uses.keys()) {
            match states.get(used).copied().unwrap_or(State::New) {
                State::OnPath => {
                    let start = path.iter().position(|m| m == used).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(used.clone());
                    return Some(cycle);
                }
                State::New => {
                    if let Some(cycle) = visit(graph, used, states, path) {
                        return Some(cycle);
                    }
                }
                State::Done => {}
            }
        }
        path.pop();
        states.insert(module.to_owned(), State::Done);
        None
    }
    let mut states = BTreeMap::new();
    for module in graph.keys() {
        if states.get(module).copied().unwrap_or(State::New) == State::New {
            if let Some(cycle) = visit(graph, module, &mut states, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}
