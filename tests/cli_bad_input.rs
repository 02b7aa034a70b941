//! Bad input: a clear one-line message, exit 1 (2 for usage errors), never a panic, and the stored
//! data exactly as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Db;

const ICCID: &str = "89860012345678901234";

fn populated() -> Db {
    let db = Db::new();
    db.ok(&["terminal", "add", "--sn", "PAX-1", "--brand", "百富", "--warranty-until", "2027-01-01"]);
    db.ok(&["sim", "add", "--iccid", ICCID, "--terminal", "PAX-1", "--expires-on", "2026-12-31"]);
    db.ok(&["deposit", "add", "PAX-1", "--amount", "199", "--deadline", "2027-03-01"]);
    db.ok(&["maintenance", "add", "PAX-1", "--task", "clean", "--every", "3m", "--starts-on", "2026-12-01"]);
    db.ok(&["repair", "open", "PAX-1", "--fault", "screen", "--opened-on", "2026-11-01"]);
    db
}

fn refused(db: &Db, args: &[&str], code: i32) -> String {
    let before = db.dump();
    let o = db.run(args);
    assert_eq!(o.code, code, "{args:?}: stdout {} stderr {}", o.stdout, o.stderr);
    assert!(!o.stderr.contains("panicked") && !o.stderr.contains("RUST_BACKTRACE"), "{}", o.stderr);
    if code == 1 {
        assert_eq!(o.stderr.trim().lines().count(), 1, "one line: {}", o.stderr);
        assert!(o.stderr.starts_with("poskeeper: "), "{}", o.stderr);
    }
    assert_eq!(db.dump(), before, "{args:?} changed the database");
    o.stderr
}

#[test]
fn bad_values_exit_1_and_write_nothing() {
    let db = populated();
    let long_sn = "A".repeat(65);
    let cases: &[&[&str]] = &[
        &["terminal", "add", "--sn", "X1", "--activated-on", "2026-02-30"],
        &["terminal", "add", "--sn", "X1", "--activated-on", "2026-13-01"],
        &["terminal", "add", "--sn", "X1", "--warranty-until", "2026/12/01"],
        &["terminal", "add", "--sn", "X1", "--activated-on", "tomorrow"],
        &["terminal", "add", "--sn", "X1", "--kind", "big"],
        &["terminal", "add", "--sn", "X1", "--status", "broken"],
        &["terminal", "add", "--sn", ""],
        &["terminal", "add", "--sn", "   "],
        &["terminal", "add", "--sn", &long_sn],
        &["terminal", "add", "--sn", "PAX-1"],
        &["terminal", "add", "--sn", "pax-1"],
        &["terminal", "add", "--sn", "X1", "--warranty-months", "12"],
        &["terminal", "set", "NOPE", "--brand", "x"],
        &["terminal", "set", "PAX-1", "--status", "gone"],
        &["sim", "add", "--iccid", "123"],
        &["sim", "add", "--iccid", "79860012345678901234"],
        &["sim", "add", "--iccid", "898600123456789012345"],
        &["sim", "add", "--iccid", "8986001234567890123x"],
        &["sim", "add", "--iccid", ICCID],
        &["sim", "add", "--iccid", "89860012345678901200", "--terminal", "NOPE"],
        &["sim", "add", "--iccid", "89860012345678901200", "--carrier", "vodafone"],
        &["sim", "add", "--iccid", "89860012345678901200", "--fee=-5"],
        &["sim", "add", "--iccid", "89860012345678901200", "--fee", "4.555"],
        &["sim", "assign", ICCID, "--terminal", "NOPE"],
        &["sim", "assign", "89860012345678901200", "--terminal", "PAX-1"],
        &["sim", "renew", ICCID, "--until", "2026-06-31"],
        &["sim", "renew", ICCID, "--until", "2026-12-01"],
        &["deposit", "add", "NOPE", "--amount", "199", "--deadline", "2027-01-01"],
        &["deposit", "add", "PAX-1", "--amount", "abc", "--deadline", "2027-01-01"],
        &["deposit", "add", "PAX-1", "--amount", "199", "--deadline", "2027-02-29"],
        &["deposit", "refunded", "99"],
        &["deposit", "refunded", "x"],
        &["maintenance", "add", "PAX-1", "--task", "clean", "--every", "0d"],
        &["maintenance", "add", "PAX-1", "--task", "clean", "--every", "3y"],
        &["maintenance", "add", "PAX-1", "--task", "clean", "--every", "1m", "--mode", "sometimes"],
        &["maintenance", "add", "NOPE", "--task", "clean", "--every", "1m"],
        &["maintenance", "done", "42"],
        &["repair", "open", "PAX-1", "--fault", "melted"],
        &["repair", "open", "PAX-1", "--fault", "screen", "--contact", "Nobody"],
        &["repair", "open", "PAX-1", "--fault", "screen", "--channel", "pigeon"],
        &["repair", "update", "1", "--status", "closed"],
        &["repair", "update", "1", "--passed", "dance"],
        &["repair", "close", "1", "--replaced-by", "PAX-1"],
        // A new SN creates the new terminal (SPEC §2); these are refused before anything is written.
        &["repair", "close", "1", "--replaced-by", &long_sn, "--inherit"],
        &["repair", "close", "1", "--inherit"],
        &["repair", "close", "1", "--replaced-by", "NEW-1", "--sim", "keep"],
        &["repair", "close", "1", "--replaced-by", "NEW-1", "--dereg", "move_or_cancel_sim"],
        &["repair", "close", "1", "--replaced-by", "NEW-1", "--dereg", "dance"],
        &["contact", "add", "--name", "", "--kind", "bank"],
        &["contact", "add", "--name", "X", "--kind", "pub"],
        &["reminders", "--as-of", "2026-02-29"],
        &["ack", "sim_expiry:89860000000000000000"],
        &["snooze", "warranty_expiry:PAX-1", "--until", "soon"],
        &["settings", "lead.sim_expiry", "--", "-3"],
        &["settings", "quiet_hours", "25:00-08:00"],
        &["settings", "language", "fr"],
        &["settings", "colour", "blue"],
    ];
    for args in cases {
        refused(&db, args, 1);
    }
}

#[test]
fn usage_errors_exit_2() {
    let db = populated();
    refused(&db, &["frobnicate"], 2);
    refused(&db, &["terminal", "add"], 2);
    refused(&db, &["sim", "renew", ICCID], 2);
    refused(&db, &["terminal", "add", "--sn", "X", "--warranty-until", "2027-01-01", "--warranty-months", "3"], 2);
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn messages_are_chinese_under_a_chinese_locale() {
    let db = populated();
    let o = db.cmd().env("LANG", "zh_CN.UTF-8").args(["terminal", "add", "--sn", "PAX-1"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("已存在") && err.contains("PAX-1"), "{err}");
    let o = db.cmd().env("LANG", "zh_CN.UTF-8").args(["sim", "add", "--iccid", "123"]).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("19 或 20 位"), "{err}");
}

#[test]
fn luhn_failure_only_warns() {
    let db = populated();
    // 89860012345678901235: the Luhn check digit of 8986001234567890123 is 8, not 5. Stored, with
    // a warning.
    let o = db.run(&["sim", "add", "--iccid", "89860012345678901235"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "89860012345678901235\n");
    assert_eq!(
        o.stderr,
        "warning: the check digit of ICCID 89860012345678901235 is wrong; please compare it with the card (saved anyway)\n"
    );
    // 89860012345678901238: the right check digit, no warning.
    let o = db.run(&["sim", "add", "--iccid", "89860012345678901238"]);
    assert_eq!((o.code, o.stdout.as_str(), o.stderr.as_str()), (0, "89860012345678901238\n", ""));
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let stored: i64 =
        conn.query_row("SELECT count(*) FROM sims WHERE iccid = '89860012345678901235'", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 1, "the card with the wrong check digit is stored");
}

#[test]
fn db_in_a_missing_folder() {
    let db = Db::new();
    let missing = db.dir.path().join("nope").join("x.db");
    let o =
        assert_cmd::Command::cargo_bin("poskeeper").unwrap().arg("--db").arg(&missing).arg("init").output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
    assert!(!missing.parent().unwrap().exists());
}

#[test]
fn files_that_are_not_ours_are_left_alone() {
    let db = Db::new();
    // Not SQLite at all.
    std::fs::write(&db.path, b"hello, this is a text file\n").unwrap();
    let o = db.run(&["terminal", "list"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("not a PosKeeper database"), "{}", o.stderr);
    assert_eq!(std::fs::read(&db.path).unwrap(), b"hello, this is a text file\n");
    // Someone else's SQLite database.
    std::fs::remove_file(&db.path).unwrap();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch("CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('noodles');").unwrap();
    drop(conn);
    let before = std::fs::read(&db.path).unwrap();
    let o = db.run(&["init"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let db = populated();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let before = std::fs::read(&db.path).unwrap();
    let o = db.run(&["terminal", "list"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("newer PosKeeper"), "{}", o.stderr);
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
    assert!(!db.path.with_extension("db-wal").exists());
}
