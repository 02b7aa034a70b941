//! The database guard: a foreign file, a newer version, a file damaged while open, a panicking job.

use crate::*;

#[test]
fn a_foreign_file_is_reported_and_left_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let bytes = "not a database\n".repeat(500).into_bytes();
    std::fs::write(&db, &bytes)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    let info = app.ok("app_info", json!({}))?;
    assert_eq!(info["dbError"]["code"], "not_poskeeper_db", "{info}");
    assert_eq!(info["dbPath"], json!(db.display().to_string()));
    let err = app.invoke("list_terminals", json!({"query": {}})).err().unwrap_or_default();
    assert_eq!(err["code"], "not_poskeeper_db");
    assert_eq!(std::fs::read(&db)?, bytes, "the file was not touched");
    Ok(())
}

#[test]
fn a_database_from_a_newer_version_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    {
        let store = poskeeper::Store::create(&db)?;
        store.conn().execute_batch("PRAGMA user_version = 999;")?;
    }
    let before = std::fs::read(&db)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    let info = app.ok("app_info", json!({}))?;
    assert_eq!(info["dbError"]["code"], "db_too_new", "{info}");
    assert_eq!(std::fs::read(&db)?, before);
    Ok(())
}

/// The bytes of the database file and of its write-ahead log (empty when there is none).
fn file_bytes(db: &Path) -> (Vec<u8>, Vec<u8>) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (std::fs::read(db).unwrap_or_default(), std::fs::read(wal).unwrap_or_default())
}

/// Does what another program might: writes pseudo-random bytes over the start of a page of the
/// `terminals` table (its header and cell pointers) straight into the file, with std::fs. The
/// write-ahead log is checkpointed first, so the file's page is the one SQLite reads.
fn damage_terminals_page(db: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(db)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let root = conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'terminals'", [], |r| r.get(0))?;
        (root, conn.query_row("PRAGMA page_size", [], |r| r.get(0))?)
    };
    let offset = u64::try_from((root - 1) * page_size)?;
    let mut x: u32 = 0x9E37_79B9;
    let garbage: Vec<u8> = (0..512)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db)?;
    f.seek(SeekFrom::Start(offset))?;
    f.write_all(&garbage)?;
    f.sync_all()?;
    Ok(offset)
}

#[test]
fn a_file_damaged_after_start_is_never_written_again_and_the_window_is_told() -> TestResult {
    use tauri::{Listener, Manager};
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let app = start(&db, "2026-11-22T09:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    // Much is due, but the "OS" refuses to show it for now: the notifier has log entries to
    // write as soon as a notification is shown.
    app.rec.refuse.store(usize::MAX, Ordering::SeqCst);
    app.ok("load_demo", json!({"terminals": 300}))?;
    assert_eq!(app.ok("ui_ready", json!({}))?, Value::Null, "sound at start");
    add_expiring_sim(&app, SN, ICCID, "2026-11-23")?;
    app.wait_for("a refused notification", |r| r.refused.load(Ordering::SeqCst) > 0)?;
    // None of the checks the writes asked for is half done when the file is damaged.
    app.settle();
    let closed_events = Arc::new(Mutex::new(Vec::<String>::new()));
    let events = Arc::clone(&closed_events);
    app._app.handle().listen(poskeeper_app::DATABASE_CLOSED, move |e| {
        if let Ok(mut v) = events.lock() {
            v.push(e.payload().to_string());
        }
    });
    let backups_dir = poskeeper::files::backup::backups_dir(&db);
    let backups_before = std::fs::read_dir(&backups_dir).map(|d| d.count()).unwrap_or(0);

    damage_terminals_page(&db)?;
    let damaged = file_bytes(&db);

    // The next save is refused without a byte written.
    let err = app.invoke("add_terminal", json!({"sn": "PAX-A920-0999", "patch": {}})).err().unwrap_or_default();
    assert_eq!(err["code"], "db_damaged", "{err}");
    assert!(file_bytes(&db) == damaged, "the file and its -wal are unchanged");
    // The window was told once, with the error every later call answers.
    let events = closed_events.lock().map(|v| v.clone()).unwrap_or_default();
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].contains("db_damaged"), "{events:?}");

    // Every later call answers the same, reads included; nothing is written.
    for (cmd, args) in [
        ("list_terminals", json!({"query": {}})),
        ("reminders", json!({})),
        ("settings", json!({})),
        ("acknowledge", json!({"key": format!("sim_expiry:{ICCID}")})),
        ("set_setting", json!({"key": "notifications", "value": "off"})),
        ("renew_sim", json!({"iccid": ICCID, "until": "2027-11-23"})),
        ("load_demo", json!({"terminals": 10})),
    ] {
        let err = app.invoke(cmd, args.clone()).err().unwrap_or_default();
        assert_eq!(err["code"], "db_damaged", "{cmd} {args}: {err}");
    }
    assert_eq!(app.ok("app_info", json!({}))?["dbError"]["code"], "db_damaged");
    assert_eq!(app.ok("ui_ready", json!({}))?["code"], "db_damaged");

    // The notifier: now allowed to show, it finds the database closed before it reads anything;
    // it says so once however often it is asked, and writes nothing.
    app.rec.refuse.store(0, Ordering::SeqCst);
    let state = app._app.state::<poskeeper_app::state::AppState>();
    state.notifier.check_now();
    app.wait_for("the notifier to find the database closed", |r| !r.failures().is_empty())?;
    for _ in 0..3 {
        state.notifier.check_now();
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(app.rec.failures(), vec!["db_damaged".to_string()], "reported once");
    assert!(app.rec.shown().is_empty(), "{:?}", app.rec.shown());
    // The daily backup neither: the closed store answers before anything is copied.
    let now_local = now("2026-11-22T09:00:00");
    let rotated =
        tauri::async_runtime::block_on(state.db.call(move |s| poskeeper::files::backup::rotate(s, now_local)));
    assert_eq!(rotated.err().map(|e| e.code).as_deref(), Some("db_damaged"));
    assert_eq!(std::fs::read_dir(&backups_dir).map(|d| d.count()).unwrap_or(0), backups_before);
    assert!(file_bytes(&db) == damaged, "still unchanged");
    assert_eq!(closed_events.lock().map(|v| v.len()).unwrap_or(0), 1, "the window is told once");
    Ok(())
}

#[test]
fn a_panic_in_one_database_job_does_not_close_the_database() -> TestResult {
    use tauri::Manager;
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    let state = app._app.state::<poskeeper_app::state::AppState>();
    // A bug in a call: that call answers `internal`…
    let answer = tauri::async_runtime::block_on(state.db.call(|_| -> poskeeper::Result<()> { panic!("a bug") }));
    assert_eq!(answer.err().map(|e| e.code).as_deref(), Some("internal"));
    // …and in work queued without an answer: nothing to say, nothing else stops.
    state.db.prepare(|_| panic!("another bug"));
    // The database thread goes on.
    app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 1);
    assert_eq!(app.ok("app_info", json!({}))?["dbError"], Value::Null);
    Ok(())
}
