//! Helpers for the command-line integration tests: a fresh database file in a temp dir and the
//! real `poskeeper` binary.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

#[path = "../spawn/mod.rs"]
mod spawn;

#[path = "../rng/mod.rs"]
mod rng;
// Not every test binary draws random numbers.
#[allow(unused_imports)]
pub use rng::Rng;

pub struct Db {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pos.db");
        // What `poskeeper init` does: every other command refuses a database that does not exist.
        drop(poskeeper::Store::create(&path).unwrap());
        Db { dir, path }
    }

    /// A path in a fresh temp dir where no database exists yet.
    pub fn missing() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pos.db");
        Db { dir, path }
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("poskeeper").unwrap();
        c.arg("--db").arg(&self.path).env("LANG", "en_US.UTF-8").env_remove("LC_ALL").env_remove("LC_MESSAGES");
        c.env("POSKEEPER_NOW", "2026-11-22T10:00:00").env_remove("POSKEEPER_DB");
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        let mut cmd = self.cmd();
        cmd.args(args);
        let o = spawn::output("poskeeper", || cmd.output());
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Runs a command that must succeed; returns its stdout trimmed.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(o.code, 0, "{args:?} failed: {}", o.stderr);
        o.stdout.trim().to_string()
    }

    /// `reminders --as-of DATE --json`
    pub fn reminders(&self, as_of: &str) -> Vec<Value> {
        let out = self.ok(&["reminders", "--as-of", as_of, "--json"]);
        serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone()
    }

    pub fn keys(&self, as_of: &str) -> Vec<String> {
        self.reminders(as_of).iter().map(|r| r["key"].as_str().unwrap().to_string()).collect()
    }

    /// The one reminder with this key as of the date, if listed.
    pub fn get(&self, as_of: &str, key: &str) -> Option<Value> {
        self.reminders(as_of).into_iter().find(|r| r["key"] == key)
    }

    /// Every row of every table, in a stable order: equal dumps mean the data is as it was. The
    /// caches' marks (`find_mark`, `due_mark`) and the find mark's log are left out: any write
    /// moves them, one undone too.
    pub fn dump(&self) -> String {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT GLOB '*_mark' AND name <> 'find_changes'
                 ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut out = String::new();
        for t in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1")).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
                })
                .unwrap();
            out.push_str(&format!("## {t}\n"));
            for row in rows {
                out.push_str(&row.unwrap());
                out.push('\n');
            }
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        out.push_str(&format!("user_version {version}\n"));
        out
    }
}
