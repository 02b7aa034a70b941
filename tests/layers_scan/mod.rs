//! Reading Rust sources for the layers test: lexing (comments, strings, raw strings, char
//! literals), dropping test code, the module path of a file, `use` trees expanded, and paths
//! resolved to the modules they name (`crate::`, `super::`, `self::`, the root's re-exports).

use std::collections::{BTreeMap, BTreeSet};

/// A file's code without comments, each string literal replaced by `"N"` (its index in `strings`).
pub struct Lexed {
    pub code: Vec<char>,
    pub strings: Vec<String>,
}

pub fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

pub fn lex(src: &str) -> Lexed {
    let c: Vec<char> = src.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let mut code = Vec::new();
    let mut strings = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            code.push(' ');
            continue;
        }
        // Raw strings: r"…", r#"…"#, br#"…"#.
        let starts_word = i == 0 || !is_ident(at(i - 1)) || (at(i - 1) == 'b' && (i < 2 || !is_ident(at(i - 2))));
        if ch == 'r' && starts_word {
            let mut j = i + 1;
            while at(j) == '#' {
                j += 1;
            }
            if at(j) == '"' {
                let hashes = j - i - 1;
                let start = j + 1;
                let mut k = start;
                while k < c.len() && !(c[k] == '"' && (1..=hashes).all(|h| at(k + h) == '#')) {
                    k += 1;
                }
                strings.push(c[start..k.min(c.len())].iter().collect());
                code.extend(format!("\"{}\"", strings.len() - 1).chars());
                i = k + 1 + hashes;
                continue;
            }
        }
        if ch == '"' {
            let mut k = i + 1;
            let mut s = String::new();
            while k < c.len() && c[k] != '"' {
                if c[k] == '\\' {
                    s.push(c[k]);
                    k += 1;
                }
                if k < c.len() {
                    s.push(c[k]);
                }
                k += 1;
            }
            strings.push(s);
            code.extend(format!("\"{}\"", strings.len() - 1).chars());
            i = k + 1;
            continue;
        }
        if ch == '\'' {
            if at(i + 1) == '\\' {
                let mut k = i + 3;
                while k < c.len() && c[k] != '\'' {
                    k += 1;
                }
                i = k + 1;
                continue;
            }
            if at(i + 2) == '\'' {
                i += 3;
                continue;
            }
        }
        code.push(ch);
        i += 1;
    }
    Lexed { code, strings }
}

/// Removes every item marked `#[cfg(test)]` (a `mod tests { … }`, a `mod tests;`, a `use`).
pub fn strip_tests(code: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    let c = code;
    let mut i = 0;
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    while i < c.len() {
        if c[i..].starts_with(&marker) {
            // The item runs to its `;` or to the brace that closes its first `{`.
            let mut k = i + marker.len();
            let mut depth = 0usize;
            while k < c.len() {
                match c[k] {
                    '{' => depth += 1,
                    '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    ';' if depth == 0 => break,
                    _ => {}
                }
                k += 1;
            }
            i = k + 1;
            continue;
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

/// The module path of a file (relative to its crate's `src/`, with `/`): `store/facts.rs` →
/// [store, facts]; `store/mod.rs` → [store]; `lib.rs` → []; the binary's `main.rs` → [cli].
pub fn module_of(rel: &str) -> Vec<String> {
    let no_ext = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = no_ext.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    } else if parts == ["main"] {
        parts = vec!["cli".into()];
    }
    parts
}

pub fn skip_ws(c: &[char], mut i: usize) -> usize {
    while i < c.len() && c[i].is_whitespace() {
        i += 1;
    }
    i
}

/// Parses a path (with `{…}` groups) starting at `i`; pushes every full path onto `out`.
pub fn parse_tree(c: &[char], mut i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut segs = prefix;
    loop {
        i = skip_ws(c, i);
        if c.get(i) == Some(&'{') {
            i += 1;
            loop {
                i = skip_ws(c, i);
                match c.get(i) {
                    None => return i,
                    Some('}') => return i + 1,
                    Some(',') => i += 1,
                    _ => {
                        let before = i;
                        i = parse_tree(c, i, segs.clone(), out);
                        // `as X`, `*` and anything else up to the next item.
                        let mut depth = 0usize;
                        while let Some(&ch) = c.get(i) {
                            match ch {
                                '{' => depth += 1,
                                '}' if depth == 0 => break,
                                '}' => depth -= 1,
                                ',' if depth == 0 => break,
                                _ => {}
                            }
                            i += 1;
                        }
                        if i == before {
                            i += 1;
                        }
                    }
                }
            }
        }
        let start = i;
        if c.get(i) == Some(&'$') {
            i += 1;
        }
        while c.get(i).is_some_and(|&ch| is_ident(ch)) {
            i += 1;
        }
        if i == start {
            break;
        }
        segs.push(c[start..i].iter().collect());
        if c.get(i) == Some(&':') && c.get(i + 1) == Some(&':') {
            i += 2;
            continue;
        }
        break;
    }
    if segs.last().is_some_and(|s| s == "self") {
        segs.pop();
    }
    out.push(segs);
    i
}

/// Every path in the code that starts at one of `roots` (`crate`, `super`, `self`, and in the
/// crate root the names of its modules).
pub fn paths_in(code: &[char], roots: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let boundary = i == 0 || !(is_ident(code[i - 1]) || code[i - 1] == ':' || code[i - 1] == '$');
        if boundary {
            if let Some(root) = roots.iter().find(|r| {
                let r: Vec<char> = format!("{r}::").chars().collect();
                code[i..].starts_with(&r)
            }) {
                i = parse_tree(code, i, Vec::new(), &mut out).max(i + root.len());
                continue;
            }
        }
        i += 1;
    }
    out
}

/// One file: its module path, its lexed code without test code, its string literals.
pub type LexedFile = (Vec<String>, Vec<char>, Vec<String>);

/// One crate's sources, lexed, keyed by their path relative to `src/`.
pub struct Crate {
    pub files: BTreeMap<String, LexedFile>,
}

impl Crate {
    pub fn new(sources: &[(String, String)]) -> Crate {
        let mut files = BTreeMap::new();
        for (rel, text) in sources {
            if rel.split('/').any(|p| p == "tests") || rel.ends_with("/tests.rs") {
                continue;
            }
            let lexed = lex(text);
            let code = strip_tests(&lexed.code);
            files.insert(rel.clone(), (module_of(rel), code, lexed.strings));
        }
        Crate { files }
    }

    pub fn modules(&self) -> BTreeSet<Vec<String>> {
        self.files.values().map(|(m, _, _)| m.clone()).collect()
    }
}

/// Resolves a path to the module it names (the longest known module it starts with).
pub fn resolve(
    path: &[String],
    from: &[String],
    known: &BTreeSet<Vec<String>>,
    aliases: &BTreeMap<String, Vec<String>>,
    lib_name: Option<&str>,
) -> Option<Vec<String>> {
    let first = path.first()?;
    let abs: Vec<String> = if first == "crate" || first == "$crate" || Some(first.as_str()) == lib_name {
        path[1..].to_vec()
    } else if first == "super" {
        let mut base = from.to_vec();
        let mut rest = path;
        while rest.first().is_some_and(|s| s == "super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        base
    } else if first == "self" {
        from.iter().cloned().chain(path[1..].iter().cloned()).collect()
    } else if from.is_empty() && known.contains(&vec![first.clone()]) {
        path.to_vec()
    } else {
        return None;
    };
    let longest = (0..=abs.len()).rev().map(|n| abs[..n].to_vec()).find(|p| known.contains(p)).unwrap_or_default();
    if longest.is_empty() {
        if let Some(target) = abs.first().and_then(|name| aliases.get(name)) {
            return Some(target.clone());
        }
    }
    Some(longest)
}
