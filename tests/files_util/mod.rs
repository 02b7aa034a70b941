//! Shared helpers of the `files_*` tests: a database in a temp dir, the real `poskeeper` binary,
//! fixtures, and a dump of what the database holds (without timestamps) to compare states.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "../spawn/mod.rs"]
mod spawn;

#[path = "../rng/mod.rs"]
mod rng;
// Not every test binary draws random numbers.
#[allow(unused_imports)]
pub use rng::Rng;

pub const NOW: &str = "2026-11-22T09:00:00";

pub struct Db {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poskeeper.db");
        // What `poskeeper init` does: every other command refuses a database that does not exist.
        drop(poskeeper::Store::create(&path).unwrap());
        Db { dir, path }
    }

    /// A path in a fresh temp dir where no database exists yet.
    pub fn missing() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poskeeper.db");
        Db { dir, path }
    }

    /// A file path inside the temp dir.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("poskeeper").unwrap();
        c.env("POSKEEPER_NOW", NOW).env("LANG", "C").env_remove("LC_ALL").env_remove("LC_MESSAGES");
        c.arg("--db").arg(&self.path);
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Self::output(self.cmd().args(args))
    }

    pub fn run_zh(&self, args: &[&str]) -> Output {
        Self::output(self.cmd().env("LANG", "zh_CN.UTF-8").args(args))
    }

    fn output(cmd: &mut assert_cmd::Command) -> Output {
        spawn::output("poskeeper", || cmd.output())
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects exit code `code`; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn import_json(&self, args: &[&str]) -> (Option<i32>, serde_json::Value) {
        let mut a = vec!["import"];
        a.extend_from_slice(args);
        a.push("--json");
        let out = self.run(&a);
        let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{e}: {} {}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
        });
        (out.status.code(), v)
    }

    pub fn dump(&self) -> String {
        dump(&self.path)
    }

    pub fn count(&self, table: &str) -> i64 {
        let c = rusqlite::Connection::open(&self.path).unwrap();
        c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Everything the importer can touch, row by row, without the timestamps.
pub fn dump(path: &Path) -> String {
    let c = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = String::new();
    for sql in [
        "SELECT id, name FROM stores ORDER BY id",
        "SELECT id, sn, brand, model, kind, provider, merchant_no, terminal_no, store_id, status, acquired_on,
                activated_on, warranty_until, warranty_provider, notes FROM terminals ORDER BY id",
        "SELECT id, iccid, carrier, form, plan, annual_fee, activated_on, expires_on, status, terminal_id, luhn_ok
         FROM sims ORDER BY id",
        "SELECT id, sim_id, terminal_id, installed_on, removed_on FROM sim_installs ORDER BY id",
        "SELECT id, terminal_id, amount, deadline, status FROM deposits ORDER BY id",
    ] {
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let vals: Vec<String> = (0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
                })
                .collect();
            out.push_str(&vals.join("|"));
            out.push('\n');
        }
        out.push_str("--\n");
    }
    out
}
