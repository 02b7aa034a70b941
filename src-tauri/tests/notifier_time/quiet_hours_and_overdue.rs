//! Quiet hours, and an overdue reminder told again once a day.

use crate::*;

#[test]
fn held_in_quiet_hours_the_reminder_goes_out_once_when_they_end() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T07:56:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-25", Some(SN))?;
    let seeded = app.checks();
    assert!(seeded.last().is_some_and(|c| c.held && c.shown == 0 && c.due == 1), "{seeded:?}");

    let checks = app.run_to("2026-11-22T08:04:00")?;
    assert_eq!(
        held_at(&checks),
        [
            ("07:57:00".to_string(), true, 0),
            ("07:58:00".to_string(), true, 0),
            ("07:59:00".to_string(), true, 0),
            ("08:00:00".to_string(), false, 1),
            ("08:01:00".to_string(), false, 0),
            ("08:02:00".to_string(), false, 0),
            ("08:03:00".to_string(), false, 0),
            ("08:04:00".to_string(), false, 0),
        ]
    );
    assert_eq!(app.shown(), [shown("2026-11-22T08:00:00", TITLE, "还有 3 天到期（2026年11月25日）")]);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-25", Urgency::Soon, "2026-11-22", false)]);
    // Quiet hours come back at 21:00 and end again the next morning: "soon" was told already.
    app.set("2026-11-22T20:59:00")?;
    app.run_to("2026-11-22T21:02:00")?;
    app.set("2026-11-23T07:58:00")?;
    app.run_to("2026-11-23T08:03:00")?;
    assert_eq!(app.shown().len(), 1, "{:?}", app.shown());
    app.stop();
    Ok(())
}

#[test]
fn an_overdue_reminder_is_told_again_after_midnight_once_a_day() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T23:55:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.quiet_hours_off()?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-20", Some(SN))?;
    assert_eq!(app.shown(), [shown("2026-11-22T23:55:00", TITLE, "已逾期 2 天（2026年11月20日）")]);

    let checks = app.run_to("2026-11-23T00:04:00")?;
    assert_eq!(checks.iter().map(|c| c.shown).sum::<usize>(), 1, "{checks:?}");
    // Later the same day: nothing; the day after: once more.
    app.set("2026-11-23T12:00:00")?;
    app.set("2026-11-23T23:59:00")?;
    app.run_to("2026-11-24T00:02:00")?;
    app.set("2026-11-24T18:30:00")?;
    assert_eq!(
        app.shown(),
        [
            shown("2026-11-22T23:55:00", TITLE, "已逾期 2 天（2026年11月20日）"),
            shown("2026-11-23T00:00:00", TITLE, "已逾期 3 天（2026年11月20日）"),
            shown("2026-11-24T00:00:00", TITLE, "已逾期 4 天（2026年11月20日）"),
        ]
    );
    assert_eq!(
        app.logged(KEY)?,
        [
            record(KEY, "2026-11-20", Urgency::Overdue, "2026-11-22", false),
            record(KEY, "2026-11-20", Urgency::Overdue, "2026-11-23", false),
            record(KEY, "2026-11-20", Urgency::Overdue, "2026-11-24", false),
        ]
    );
    app.stop();
    Ok(())
}

#[test]
fn with_quiet_hours_the_next_days_overdue_notice_waits_for_eight() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T20:57:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-20", Some(SN))?;
    app.run_to("2026-11-22T21:01:00")?;
    app.set("2026-11-22T23:59:00")?;
    app.run_to("2026-11-23T00:02:00")?;
    app.set("2026-11-23T07:58:00")?;
    app.run_to("2026-11-23T08:02:00")?;
    assert_eq!(
        app.shown(),
        [
            shown("2026-11-22T20:57:00", TITLE, "已逾期 2 天（2026年11月20日）"),
            shown("2026-11-23T08:00:00", TITLE, "已逾期 3 天（2026年11月20日）"),
        ]
    );
    app.stop();
    Ok(())
}
