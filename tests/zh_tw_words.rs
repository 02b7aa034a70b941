//! The core's zh-TW text (the CLI, notification and calendar titles, export headers, checklists)
//! is held to the words a Taiwanese shop owner uses, as the UI's catalogue is: no conversion
//! artefact of `ui/src/lib/i18n/zh-TW-artefacts.json` (`流量卡` for SIM卡, `終端` for 刷卡機, …).
//!
//! The zh-TW strings are found in the source by how the core writes them: the second argument of
//! `lang.pick(zh_cn, zh_tw, en)`, the third string of a `code_enum!` entry
//! (`code, zh_cn, zh_tw, en`), the text of a `Lang::ZhTw` match arm, and the second of a
//! `(zh_cn, zh_tw[, en])` tuple. The finder is tried on a sample first, so a scan that finds
//! nothing cannot pass by accident.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Only the lexer of the layers test's reader is used here.
#[allow(dead_code)]
mod layers_scan;

use layers_scan::{is_ident, lex};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, PartialEq)]
enum Tok {
    Str(usize),
    Word(String),
    Punct(char),
}

fn tokens(code: &[char]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let c = code[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let end = (i + 1..code.len()).find(|&k| code[k] == '"').unwrap_or(code.len());
            let n: String = code[i + 1..end].iter().collect();
            out.push(Tok::Str(n.parse().unwrap()));
            i = end + 1;
        } else if is_ident(c) {
            let end = (i..code.len()).find(|&k| !is_ident(code[k])).unwrap_or(code.len());
            out.push(Tok::Word(code[i..end].iter().collect()));
            i = end;
        } else {
            out.push(Tok::Punct(c));
            i += 1;
        }
    }
    out
}

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The zh-TW string literals of one source file.
fn zh_tw_strings(src: &str) -> Vec<String> {
    let lexed = lex(src);
    let t = tokens(&lexed.code);
    let s = |tok: Option<&Tok>| match tok {
        Some(Tok::Str(n)) => lexed.strings.get(*n).cloned(),
        _ => None,
    };
    let is = |i: usize, p: char| matches!(t.get(i), Some(Tok::Punct(q)) if *q == p);
    let word = |i: usize, w: &str| matches!(t.get(i), Some(Tok::Word(x)) if x == w);
    let mut found = Vec::new();
    for i in 0..t.len() {
        // pick ( "cn" , "tw"
        if word(i, "pick") && is(i + 1, '(') && is(i + 3, ',') {
            if let (Some(_), Some(tw)) = (s(t.get(i + 2)), s(t.get(i + 4))) {
                found.push(tw);
            }
        }
        // = "code" , "cn" , "tw" , "en" ;  (a code_enum! entry)
        if is(i, '=') && is(i + 2, ',') && is(i + 4, ',') && is(i + 6, ',') && is(i + 8, ';') {
            if let (Some(_), Some(cn), Some(tw)) = (s(t.get(i + 1)), s(t.get(i + 3)), s(t.get(i + 5))) {
                if has_han(&cn) {
                    found.push(tw);
                }
            }
        }
        // ( "cn" , "tw" )  or  ( "cn" , "tw" , "en" )
        let call_of_pick = i >= 1 && word(i - 1, "pick");
        if !call_of_pick && is(i, '(') && is(i + 2, ',') && (is(i + 4, ')') || (is(i + 4, ',') && is(i + 6, ')'))) {
            if let (Some(cn), Some(tw)) = (s(t.get(i + 1)), s(t.get(i + 3))) {
                if has_han(&cn) {
                    found.push(tw);
                }
            }
        }
        // Lang :: ZhTw … => … "text": the arm's first string.
        if word(i, "ZhTw") && i >= 3 && word(i - 3, "Lang") {
            let arrow = (i..t.len().min(i + 40)).find(|&k| is(k, '=') && is(k + 1, '>'));
            if let Some(a) = arrow {
                if let Some(text) = (a..t.len().min(a + 12)).find_map(|k| s(t.get(k))) {
                    found.push(text);
                }
            }
        }
    }
    found
}

fn artefacts() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/i18n/zh-TW-artefacts.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_finder_finds_each_way_the_core_writes_zh_tw() {
    let sample = r#"
        fn a(l: Lang) { l.pick("门店", "門店甲", "store"); }
        code_enum!(K, "kind" { A = "a", "流量卡到期", "流量卡乙", "SIM expiry"; });
        fn b() -> (&'static str, &'static str) { ("保修", "保修丙") }
        fn c(l: Lang, n: u32) -> String { match l { Lang::ZhTw => format!("{n} 項列表丁"), _ => String::new() } }
        // l.pick("注释", "註釋戊", "comment") is a comment
    "#;
    assert_eq!(zh_tw_strings(sample), ["門店甲", "流量卡乙", "保修丙", "{n} 項列表丁"]);
}

#[test]
fn the_cores_zh_tw_uses_taiwanese_words() {
    let words = artefacts();
    assert!(words.len() > 20 && words.contains_key("流量卡"), "{words:?}");
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    files.sort();
    let mut scanned = 0;
    let mut offenders = Vec::new();
    for f in &files {
        for text in zh_tw_strings(&std::fs::read_to_string(f).unwrap()) {
            scanned += 1;
            for (bad, good) in &words {
                if text.contains(bad.as_str()) {
                    offenders.push(format!("{}: “{text}” has {bad} (Taiwan: {good})", f.display()));
                }
            }
        }
    }
    // The core has some 200 zh-TW strings: far fewer means the finder has lost its way.
    assert!(scanned > 150, "only {scanned} zh-TW strings found");
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
