//! The first screen prepared at start-up, and what `ui_ready` reports about the file.

use crate::*;

/// The first screen the window is created with (`first_screen`), once the database thread has
/// made it: anything asked after start-up is answered after it (one thread, in order).
fn prepared_first_screen(app: &TestApp) -> Result<Value, Box<dyn std::error::Error>> {
    use tauri::Manager;
    app.ok("app_info", json!({}))?;
    let state = app._app.state::<poskeeper_app::state::AppState>();
    let first = state.first_screen.take().ok_or("the first screen was not prepared")?;
    assert!(state.first_screen.take().is_none(), "the first screen is handed out once");
    // The page gets it as one assignment of JSON.
    let script = first.script().ok_or("no script")?;
    let json = script
        .strip_prefix("window.__POSKEEPER_FIRST__=")
        .and_then(|s| s.strip_suffix(';'))
        .ok_or_else(|| format!("not an assignment: {}", script.chars().take(80).collect::<String>()))?;
    let parsed: Value = serde_json::from_str(json)?;
    assert_eq!(parsed, serde_json::to_value(&first)?);
    Ok(parsed)
}

#[test]
fn the_first_screen_is_prepared_at_start_and_is_what_the_page_would_have_asked_for() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    poskeeper::demo::generate(&mut poskeeper::Store::create(&db)?, 400, 7, today)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    let first = prepared_first_screen(&app)?;
    assert_eq!(first["info"], app.ok("app_info", json!({}))?);
    assert_eq!(first["info"]["empty"], false);
    let mut cut = 0;
    for u in ["overdue", "today", "soon", "upcoming"] {
        let page = &first["agenda"][u];
        let asked = app.ok("reminders", json!({"urgency": u, "offset": 0, "limit": 20}))?;
        assert_eq!(page, &asked, "{u}");
        let rows = page["rows"].as_array().ok_or("rows")?;
        assert!(rows.len() <= 20);
        assert!(rows.iter().all(|r| r["urgency"] == u), "{u}");
        if page["total"].as_u64() > Some(rows.len() as u64) {
            cut += 1;
        }
    }
    assert!(cut > 0, "400 demo terminals fill more than one first page of some urgency");
    Ok(())
}

#[test]
fn without_terminals_or_a_readable_database_the_first_screen_has_no_agenda() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    let first = prepared_first_screen(&app)?;
    assert_eq!(first["info"]["empty"], true);
    assert_eq!(first["agenda"], Value::Null);

    let foreign = dir.path().join("other.db");
    std::fs::write(&foreign, "not a database\n".repeat(500))?;
    let app = start(&foreign, "2026-11-22T09:00:00")?;
    let first = prepared_first_screen(&app)?;
    assert_eq!(first["info"]["dbError"]["code"], "not_poskeeper_db");
    assert_eq!(first["agenda"], Value::Null);
    Ok(())
}

/// A PosKeeper database with `demo` data whose merchant-number index is overwritten: it opens
/// (header and schema intact) but `PRAGMA quick_check` finds the damage.
fn damaged_db(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let root: i64 = {
        let mut store = poskeeper::Store::create(path)?;
        poskeeper::demo::generate(&mut store, 300, 3, today)?;
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        store.conn().query_row(
            // An index the first screen does not read (the reminders and the count do not use it).
            "SELECT rootpage FROM sqlite_master WHERE name = 'terminals_merchant_no'",
            [],
            |r| r.get(0),
        )?
    };
    let mut bytes = std::fs::read(path)?;
    let page = 4096 * (root as usize - 1);
    for (i, b) in bytes[page..page + 4096].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(path, &bytes)?;
    Ok(())
}

#[test]
fn a_damaged_file_opens_for_the_first_screen_then_is_reported_and_closed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    damaged_db(&db)?;
    let before = std::fs::read(&db)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    // The first screen is computed without waiting for the whole-file check…
    let first = prepared_first_screen(&app)?;
    assert_eq!(first["info"]["dbError"], Value::Null);
    let key = first["agenda"]["overdue"]["rows"][0]["key"].clone();
    assert!(key.is_string(), "the damaged file still lists reminders: {}", first["agenda"]);
    // …then ui_ready has the file checked and reports the damage.
    let answer = app.ok("ui_ready", json!({}))?;
    assert_eq!(answer["code"], "db_damaged", "{answer}");
    assert_eq!(app.ok("app_info", json!({}))?["dbError"]["code"], "db_damaged");
    let err = app.invoke("list_terminals", json!({"query": {}})).err().unwrap_or_default();
    assert_eq!(err["code"], "db_damaged");
    let err = app.invoke("acknowledge", json!({"key": key})).err().unwrap_or_default();
    assert_eq!(err["code"], "db_damaged", "nothing is written to a damaged file");
    assert_eq!(std::fs::read(&db)?, before, "the damaged file was not written to");
    let wal = std::fs::metadata(db.with_extension("db-wal")).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal, 0, "nor its write-ahead log");

    // A refused backup leaves the damaged file closed (it is checked again after the attempt).
    let bad = dir.path().join("not-a-backup.db");
    std::fs::write(&bad, "no")?;
    let token = app.picked("pick_backup_file", json!({}), &bad)?;
    assert!(app.invoke("restore_file", json!({"token": token})).is_err());
    let err = app.invoke("list_terminals", json!({"query": {}})).err().unwrap_or_default();
    assert_eq!(err["code"], "db_damaged", "still closed after a refused restore: {err}");
    Ok(())
}

#[test]
fn ui_ready_answers_null_when_the_file_is_sound() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    assert_eq!(app.ok("ui_ready", json!({}))?, Value::Null);
    Ok(())
}
