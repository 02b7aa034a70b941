//! The layers of issue 11, read from the source: the core imports in one direction — base
//! (error, i18n, chars, clock, paths, process) ← domain ← reminders ← store ← files ← cli —, no module
//! imports a sibling that imports it back (directly or round a loop), and SQL stays in
//! `src/store/`: no statement in a string literal, no rusqlite, no `Store::conn` anywhere else.
//! The same for the desktop shell (`src-tauri/src`): no loops, no SQL. Test code is exempt.
//!
//! The detector lexes Rust (comments, strings, raw strings, char literals), expands `use` groups
//! and resolves `crate::`, `super::`, `self::` and the crate root's re-exports, and is itself
//! tested on small bad samples first, so a scan that finds nothing cannot pass by accident.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod layers_scan;

use layers_scan::{is_ident, parse_tree, paths_in, resolve, Crate};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The core's layers, lowest first: a module may import its own layer and any lower one.
const CORE_LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("i18n", 0),
    ("chars", 0),
    ("clock", 0),
    ("paths", 0),
    ("process", 0),
    ("domain", 1),
    ("reminders", 2),
    ("store", 3),
    ("files", 4),
    ("push", 4),
    ("cli", 5),
];

/// Files outside `src/store/` that may name rusqlite, each with its reason.
const CORE_RUSQLITE_ALLOWED: &[(&str, &str)] =
    &[("error.rs", "the error type wraps rusqlite's errors (Error::Sqlite)")];

/// Folders that still hand a rusqlite connection or transaction to the store's functions (the
/// import's write phase, whose statements already moved to `store/import_rows.rs`): tolerated for
/// that only — no SQL string — until it takes the store's own handle; then delete the entry.
const CORE_SQL_PENDING: &[&str] = &["files/import/"];

/// Calls that run SQL on a connection.
const SQL_CALLS: &[&str] = &[
    ".conn()",
    ".execute(",
    ".execute_batch(",
    ".prepare_cached(",
    ".query_row(",
    ".query_map(",
    ".pragma_update(",
    ".pragma_query(",
    ".pragma_query_value(",
    ".last_insert_rowid(",
];

struct Spec {
    /// Layer ranks of the top-level modules; `None`: no ranks, only the loop check (the shell).
    layers: Option<&'static [(&'static str, u8)]>,
    /// Folder (relative, with `/`) whose files may hold SQL.
    sql_home: &'static str,
    rusqlite_allowed: &'static [(&'static str, &'static str)],
    /// Folders where rusqlite and connection calls are tolerated for now ([`CORE_SQL_PENDING`]).
    sql_pending: &'static [&'static str],
    /// `.prepare(` is a SQL call (the shell's `Db::prepare` is not).
    prepare_is_sql: bool,
    /// The binary's files (`main.rs`, `cli/`) reach the library as `poskeeper::`.
    lib_name: Option<&'static str>,
}

const CORE: Spec = Spec {
    layers: Some(CORE_LAYERS),
    sql_home: "store/",
    rusqlite_allowed: CORE_RUSQLITE_ALLOWED,
    sql_pending: CORE_SQL_PENDING,
    prepare_is_sql: true,
    lib_name: Some("poskeeper"),
};

const SHELL: Spec = Spec {
    layers: None,
    sql_home: "\0none/",
    rusqlite_allowed: &[],
    sql_pending: &[],
    prepare_is_sql: false,
    lib_name: None,
};

/// What the checks found wrong, one line each.
fn check(sources: &[(String, String)], spec: &Spec) -> Vec<String> {
    let krate = Crate::new(sources);
    let known = krate.modules();
    let mut problems = Vec::new();
    // The crate root's re-exports (`pub use store::Store;`) name the module they come from.
    let mut aliases = BTreeMap::new();
    if let Some((_, code, _)) = krate.files.get("lib.rs") {
        let text: String = code.iter().collect();
        for part in text.split("pub use ").skip(1) {
            let chars: Vec<char> = part.chars().collect();
            let mut paths = Vec::new();
            parse_tree(&chars, 0, Vec::new(), &mut paths);
            for p in paths {
                let target = (0..=p.len()).rev().map(|n| p[..n].to_vec()).find(|q| known.contains(q));
                if let (Some(name), Some(t)) = (p.last(), target) {
                    aliases.insert(name.clone(), t);
                }
            }
        }
    }
    let mut roots: Vec<String> = ["crate", "$crate", "super", "self"].iter().map(|s| s.to_string()).collect();
    if let Some(lib) = spec.lib_name {
        roots.push(lib.to_string());
    }
    // In the crate root, `first_screen::prepare(…)` names a module without `crate::`.
    let mut root_roots = roots.clone();
    root_roots.extend(known.iter().filter(|m| m.len() == 1).map(|m| m[0].clone()));
    // Edges between siblings (children of one parent; the crate root counts as a sibling of the
    // top-level modules, since it imports them), and every top-level edge for the layer ranks.
    let mut siblings: BTreeMap<Vec<String>, BTreeSet<(String, String)>> = BTreeMap::new();
    let root = "<lib.rs>".to_string();
    for (rel, (module, code, _)) in &krate.files {
        let here = if rel == "lib.rs" { &root_roots } else { &roots };
        for path in paths_in(code, here) {
            let in_bin = rel == "main.rs" || rel.starts_with("cli/");
            let lib = if in_bin { spec.lib_name } else { None };
            let Some(target) = resolve(&path, module, &known, &aliases, lib) else { continue };
            if &target == module {
                continue;
            }
            if target.is_empty() && module.is_empty() {
                continue;
            }
            let common = module.iter().zip(&target).take_while(|(a, b)| a == b).count();
            let (from, to) = (module.get(common), target.get(common));
            let parent = module[..common].to_vec();
            match (from, to) {
                (Some(a), Some(b)) => {
                    siblings.entry(parent).or_default().insert((a.clone(), b.clone()));
                }
                // A child using the crate root's own items: the root is a sibling at the top.
                (Some(a), None) if common == 0 => {
                    siblings.entry(parent).or_default().insert((a.clone(), root.clone()));
                }
                (None, Some(b)) if common == 0 => {
                    siblings.entry(parent).or_default().insert((root.clone(), b.clone()));
                }
                // A nested module and its own parent (`super::Store`): one module in two files.
                _ => {}
            }
            if let (Some(layers), Some(a), Some(b)) = (spec.layers, module.first(), target.first()) {
                if a != b {
                    let rank = |m: &str| layers.iter().find(|(n, _)| *n == m).map(|(_, r)| *r);
                    match (rank(a), rank(b)) {
                        (Some(ra), Some(rb)) if rb > ra => problems.push(format!(
                            "{rel}: {a} (layer {ra}) imports {} (layer {rb}): upward",
                            target.join("::")
                        )),
                        (None, _) => problems.push(format!("{rel}: module {a} has no layer in the table")),
                        (_, None) => problems.push(format!("{rel}: imports {b}, which has no layer in the table")),
                        _ => {}
                    }
                }
            }
            if spec.layers.is_some() && !module.is_empty() && target.is_empty() {
                problems.push(format!("{rel}: imports the crate root ({})", path.join("::")));
            }
        }
    }
    for (parent, edges) in &siblings {
        if let Some(cycle) = find_cycle(edges) {
            let at = if parent.is_empty() { "crate".to_string() } else { parent.join("::") };
            problems.push(format!("loop among the modules of {at}: {}", cycle.join(" → ")));
        }
    }
    // SQL only where it belongs.
    for (rel, (_, code, strings)) in &krate.files {
        if rel.starts_with(spec.sql_home) {
            continue;
        }
        let pending = spec.sql_pending.iter().any(|p| rel.starts_with(p));
        let text: String = code.iter().collect();
        let allowed = pending || spec.rusqlite_allowed.iter().any(|(f, _)| f == rel);
        if contains_word(&text, "rusqlite") && !allowed {
            problems.push(format!("{rel}: uses rusqlite outside {}", spec.sql_home));
        }
        let mut calls: Vec<&str> = SQL_CALLS.to_vec();
        if spec.prepare_is_sql {
            calls.push(".prepare(");
        }
        for call in calls {
            if !pending && text.contains(call) {
                problems.push(format!("{rel}: calls {call}…) outside {}", spec.sql_home));
            }
        }
        // The string literals left after test code was removed.
        let live: BTreeSet<usize> = placeholders(code);
        for (n, s) in strings.iter().enumerate() {
            if live.contains(&n) && is_sql(s) {
                problems.push(format!("{rel}: SQL in a string outside {}: {}", spec.sql_home, s.trim()));
            }
        }
    }
    problems
}

/// The indices of the string placeholders (`"N"`) in lexed code.
fn placeholders(code: &[char]) -> BTreeSet<usize> {
    let text: String = code.iter().collect();
    text.split('"').skip(1).step_by(2).filter_map(|s| s.parse().ok()).collect()
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !is_ident(c));
        let after = text[i + word.len()..].chars().next().is_none_or(|c| !is_ident(c));
        before && after
    })
}

/// Whether a string literal reads as an SQL statement (any case).
fn is_sql(s: &str) -> bool {
    let words: Vec<String> =
        s.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase).collect();
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let has = |x: &str| words.iter().any(|v| v == x);
    let pos = |x: &str| words.iter().position(|v| v == x);
    if let (Some(a), Some(b)) = (pos("select"), words.iter().rposition(|v| v == "from")) {
        if a < b {
            return true;
        }
    }
    if has("pragma") || has("vacuum") {
        return true;
    }
    (0..words.len()).any(|i| {
        matches!(
            (w(i), w(i + 1)),
            ("insert", "into" | "or")
                | ("replace", "into")
                | ("delete", "from")
                | ("create", "table" | "index" | "unique" | "trigger" | "view" | "temp" | "temporary")
                | ("drop", "table" | "index" | "trigger" | "view")
                | ("alter", "table")
                | ("begin", "immediate" | "exclusive" | "deferred" | "transaction")
                | ("attach", "database")
        ) || (w(i) == "update" && w(i + 2) == "set")
    })
}

/// A loop in a directed graph, if there is one (as the list of its nodes, first one repeated).
fn find_cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a.as_str()).or_default().push(b.as_str());
    }
    fn visit<'a>(
        n: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        state.insert(n, 1);
        stack.push(n);
        for &m in next.get(n).map(Vec::as_slice).unwrap_or(&[]) {
            match state.get(m) {
                Some(1) => {
                    let from = stack.iter().position(|&x| x == m).unwrap_or(0);
                    let mut cycle: Vec<String> = stack[from..].iter().map(|s| s.to_string()).collect();
                    cycle.push(m.to_string());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, next, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n, 2);
        None
    }
    let mut state = BTreeMap::new();
    let nodes: Vec<&str> = next.keys().copied().collect();
    for n in nodes {
        if !state.contains_key(n) {
            if let Some(c) = visit(n, &next, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// Every `.rs` file under `dir`, as (path relative to `dir` with `/`, text).
fn read_tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>();
                out.push((rel.join("/"), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_string(), (*b).to_string())).collect()
}

#[test]
fn the_detector_finds_upward_imports_loops_and_sql_where_they_hide() {
    let base = [
        ("lib.rs", "pub mod domain;\npub mod error;\npub mod store;\npub use store::Store;\n"),
        ("error.rs", "pub enum Error {}"),
        ("domain/mod.rs", "pub struct X;"),
        ("store/mod.rs", "pub struct Store;"),
    ];
    let bad = |file: &str, text: &str| {
        let mut v = files(&base);
        v.push((file.to_string(), text.to_string()));
        check(&v, &CORE)
    };
    // Plain, grouped, relative and re-exported imports of a higher layer.
    assert!(!bad("domain/mod.rs", "use crate::store::Store;").is_empty());
    assert!(!bad("domain/mod.rs", "use crate::{error::Error, store::{self, Store}};").is_empty());
    assert!(!bad("domain/values.rs", "fn f() -> super::super::store::Store { todo!() }").is_empty());
    assert!(!bad("domain/mod.rs", "use crate::Store;").is_empty());
    assert!(!bad("domain/mod.rs", "fn f(_: &crate::store::Store) {}").is_empty());
    // A module no layer was given to.
    assert!(!bad("gadgets.rs", "use crate::domain::X;").is_empty());
    // SQL outside the store: in a string, a raw string, lower case; rusqlite; a raw connection.
    assert!(!bad("files/x.rs", r#"const Q: &str = "SELECT sn FROM terminals";"#).is_empty());
    assert!(!bad("files/x.rs", "const Q: &str = r#\"\n  select id\n  from t\"#;").is_empty());
    assert!(!bad("files/x.rs", r#"fn f() { let _ = "PRAGMA user_version"; }"#).is_empty());
    assert!(!bad("files/x.rs", r#"fn f() { let _ = "UPDATE sims SET x = 1"; }"#).is_empty());
    assert!(!bad("files/x.rs", "use rusqlite::Connection;").is_empty());
    assert!(!bad("files/x.rs", "fn f(s: &S) { s.conn(); }").is_empty());
    // Two siblings that import each other, and a longer loop.
    let mut v = files(&base);
    v.push(("store/a.rs".into(), "use super::b::X;".into()));
    v.push(("store/b.rs".into(), "use super::{c, Store};".into()));
    v.push(("store/c.rs".into(), "use crate::store::a::Y;".into()));
    let found = check(&v, &CORE);
    assert!(found.iter().any(|p| p.contains("loop among the modules of store")), "{found:?}");

    // What is not a problem: comments, test code, the store itself, a downward import, English.
    let fine = [
        ("domain/mod.rs", "// use crate::store::Store;\n/* crate::files */ use crate::error::Error;"),
        ("store/x.rs", r#"use crate::domain::X; const Q: &str = "SELECT 1 FROM t"; fn f(c: &C) { c.execute("x"); }"#),
        ("files/y.rs", "use crate::store::Store;\nconst M: &str = \"Select the file you want to import\";"),
        ("files/z.rs", "fn f() {}\n#[cfg(test)]\nmod tests {\n    const Q: &str = \"SELECT a FROM b\";\n    use crate::store::Store;\n}\n"),
        ("reminders/mod.rs", "use crate::domain::{self, Urgency};\nfn g() -> char { '\"' }\nfn h<'a>(x: &'a str) -> &'a str { x }"),
    ];
    let mut v = files(&base);
    v.extend(files(&fine));
    assert_eq!(check(&v, &CORE), Vec::<String>::new());
}

#[test]
fn the_core_imports_downward_only_and_keeps_its_sql_in_the_store() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = read_tree(&src);
    // Enough was read to mean something: every layer, and the store's tables.
    let krate = Crate::new(&sources);
    let modules = krate.modules();
    for (layer, _) in CORE_LAYERS {
        assert!(modules.contains(&vec![(*layer).to_string()]), "no module {layer} found under {}", src.display());
    }
    assert!(modules.iter().filter(|m| m.first().is_some_and(|f| f == "store")).count() >= 12);
    let problems = check(&sources, &CORE);
    assert!(problems.is_empty(), "the core's layers:\n{}", problems.join("\n"));
    // The same sources with one of the loops issue 11 removed put back are refused.
    let with = |file: &str, line: &str| {
        let mut v = sources.clone();
        let f = v.iter_mut().find(|(rel, _)| rel == file).expect(file);
        f.1.push_str(line);
        check(&v, &CORE)
    };
    assert!(!with("reminders/mod.rs", "\nuse crate::store::StateMap;\n").is_empty());
    assert!(!with("store/terminals.rs", "\nuse super::contacts::X;\n").is_empty());
    assert!(!with("store/mod.rs", "\nfn f() { crate::files::backup::rotate(); }\n").is_empty());
    assert!(!with("files/backup.rs", "\nconst Q: &str = \"PRAGMA user_version\";\n").is_empty());
}

#[test]
fn the_shell_has_no_loops_and_no_sql() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri").join("src");
    let sources: Vec<(String, String)> = read_tree(&src).into_iter().filter(|(rel, _)| rel != "main.rs").collect();
    assert!(sources.len() >= 10, "the shell's sources were not found under {}", src.display());
    let problems = check(&sources, &SHELL);
    assert!(problems.is_empty(), "the shell's layers:\n{}", problems.join("\n"));
    // With the loop issue 11 removed put back, it is found.
    let mut v = sources.clone();
    let f = v.iter_mut().find(|(rel, _)| rel == "first_screen.rs").expect("first_screen.rs");
    f.1.push_str("\nuse crate::state::AppState;\n");
    assert!(check(&v, &SHELL).iter().any(|p| p.contains("loop")), "{:?}", check(&v, &SHELL));
}
