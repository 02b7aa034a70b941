//! The notifier end to end, with a recorder in place of the OS notification service.

use crate::*;

#[test]
fn the_notifier_pops_up_once_per_level_across_restarts() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    // The texts checked are Chinese: stored, so the OS's language (Windows always names one)
    // does not decide.
    poskeeper::Store::create(&db)?.set_setting("language", "zh-CN")?;
    {
        let app = start(&db, "2026-11-22T09:00:00")?;
        app.wait_for("the start-up check", |r| r.checks() >= 1)?;
        add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
        app.wait_for("a notification naming the SN", |r| r.shown().iter().any(|(s, _)| s.contains(SN)))?;
        let shown = app.rec.shown();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].0.contains("流量卡"), "{shown:?}");
        assert!(shown[0].1.contains("还有 3 天到期"), "{shown:?}");
        let page = app.ok("reminders", json!({}))?;
        assert_eq!(page["rows"][0]["key"], format!("sim_expiry:{ICCID}"));
        assert_eq!(page["due"], 1);
    }
    // A restart the same day: the start-up check finds it logged.
    let app = start(&db, "2026-11-22T10:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    app.ok("acknowledge", json!({"key": format!("sim_expiry:{ICCID}")}))?;
    app.wait_for("the check after the write", |r| r.checks() >= 2)?;
    assert!(app.rec.shown().is_empty(), "{:?}", app.rec.shown());
    drop(app);
    // Two days later it is due tomorrow: still "soon", acknowledged → not notified; on the due
    // day the urgency rises to "today" → notified again.
    let app = start(&db, "2026-11-24T09:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    assert!(app.rec.shown().is_empty());
    drop(app);
    let app = start(&db, "2026-11-25T09:00:00")?;
    app.wait_for("the due-day notification", |r| !r.shown().is_empty())?;
    assert!(app.rec.shown()[0].1.contains("今天到期"), "{:?}", app.rec.shown());
    Ok(())
}

#[test]
fn a_notification_the_os_refused_is_tried_again_at_the_next_check() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    // The "OS" refuses every notification until told otherwise; the checks the two writes ask
    // for (maybe one, maybe two) all end refused.
    app.rec.refuse.store(usize::MAX, Ordering::SeqCst);
    add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
    app.wait_for("the refused attempt", |r| r.refused.load(Ordering::SeqCst) >= 1)?;
    app.settle();
    assert!(app.rec.shown().is_empty());
    app.rec.refuse.store(0, Ordering::SeqCst);
    let checks = app.rec.checks();
    // Any later check (here: the one after another write) shows it, once.
    app.ok("add_terminal", json!({"sn": "PAX-A920-0002", "patch": {}}))?;
    app.wait_for("the next check", |r| r.checks() > checks && !r.shown().is_empty())?;
    app.ok("add_terminal", json!({"sn": "PAX-A920-0003", "patch": {}}))?;
    app.wait_for("one more check", |r| r.checks() > checks + 1)?;
    let shown = app.rec.shown();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].0.contains(SN), "{shown:?}");
    Ok(())
}

#[test]
fn quiet_hours_hold_and_the_setting_turns_it_off() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    {
        let app = start(&db, "2026-11-22T22:30:00")?;
        app.wait_for("the start-up check", |r| r.checks() >= 1)?;
        add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
        app.wait_for("the check after the writes", |r| r.checks() >= 3)?;
        assert!(app.rec.shown().is_empty(), "nothing pops up at 22:30 (quiet hours 21:00–08:00)");
        assert_eq!(app.ok("set_setting", json!({"key": "notifications", "value": "off"}))?, "off");
    }
    let app = start(&db, "2026-11-23T09:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    assert!(app.rec.shown().is_empty(), "notifications are off");
    assert_eq!(app.ok("set_setting", json!({"key": "notifications", "value": "on"}))?, "on");
    app.wait_for("the held notification", |r| !r.shown().is_empty())?;
    Ok(())
}

#[test]
fn more_than_three_at_once_make_one_summary() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    {
        let store_app = start(&db, "2026-11-22T22:30:00")?;
        for i in 0..4 {
            let iccid = format!("8986011234567890{:03}", 120 + i);
            add_expiring_sim(&store_app, &format!("SN-{i}"), &iccid, "2026-11-25")?;
        }
        store_app.wait_for("the checks", |r| r.checks() >= 2)?;
        assert!(store_app.rec.shown().is_empty());
    }
    let app = start(&db, "2026-11-23T08:00:00")?;
    app.wait_for("the summary", |r| !r.shown().is_empty())?;
    let shown = app.rec.shown();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].0.contains('4'), "{shown:?}");
    Ok(())
}
