//! An OS notification service that refuses or hangs.

use crate::*;

#[test]
fn a_notification_the_os_refused_is_shown_once_and_logged_once_when_it_accepts() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T09:00:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.rec.refuse.store(true, Ordering::SeqCst);
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-25", Some(SN))?;
    let refused = app.run_to("2026-11-22T09:02:00")?;
    assert_eq!(held_at(&refused), [("09:01:00".to_string(), false, 0), ("09:02:00".to_string(), false, 0)]);
    // Once for the check after add_sim, once at each of 09:01 and 09:02.
    assert_eq!(app.rec.refused.load(Ordering::SeqCst), 3);
    assert_eq!(app.shown(), []);
    assert_eq!(app.logged(KEY)?, []);

    app.rec.refuse.store(false, Ordering::SeqCst);
    let accepted = app.run_to("2026-11-22T09:06:00")?;
    assert_eq!(accepted.iter().map(|c| c.shown).collect::<Vec<_>>(), [1, 0, 0, 0]);
    assert_eq!(app.shown(), [shown("2026-11-22T09:03:00", TITLE, "还有 3 天到期（2026年11月25日）")]);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-25", Urgency::Soon, "2026-11-22", false)]);
    assert_eq!(app.rec.refused.load(Ordering::SeqCst), 3);
    app.stop();
    Ok(())
}

#[test]
fn a_notification_sent_to_a_hung_service_is_logged_once_and_never_sent_again() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T09:00:00");
    let mut app = start(&dir.path().join("poskeeper.db"), &clock)?;
    // The notification service hangs (a stopped dunst): calls go out, no answer comes.
    app.rec.hung.store(true, Ordering::SeqCst);
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-25", Some(SN))?;
    let sent = app.checks();
    assert!(sent.last().is_some_and(|c| (c.due, c.shown, c.unconfirmed) == (1, 1, 1)), "{sent:?}");
    let unanswered = vec![shown("2026-11-22T09:00:00", TITLE, "还有 3 天到期（2026年11月25日）")];
    assert_eq!(app.unanswered(), unanswered);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-25", Urgency::Soon, "2026-11-22", false)]);

    // Still hung for a while, then awake: nothing is sent again.
    let later = app.run_to("2026-11-22T09:03:00")?;
    assert_eq!(later.iter().map(|c| (c.shown, c.unconfirmed)).collect::<Vec<_>>(), [(0, 0); 3]);
    app.rec.hung.store(false, Ordering::SeqCst);
    app.run_to("2026-11-22T09:06:00")?;
    assert_eq!(app.unanswered(), unanswered);
    assert_eq!(app.shown(), []);

    // Nor after a restart, nor later that day.
    app = restart(app, "2026-11-22T09:30:00")?;
    app.run_to("2026-11-22T09:33:00")?;
    app.set("2026-11-22T18:00:00")?;
    assert_eq!(app.shown(), []);
    assert_eq!(app.unanswered(), []);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-25", Urgency::Soon, "2026-11-22", false)]);
    // The next level ("today", on the 25th) is told as usual.
    app.set("2026-11-25T09:00:00")?;
    assert_eq!(app.shown(), [shown("2026-11-25T09:00:00", TITLE, "今天到期（2026年11月25日）")]);
    app.stop();
    Ok(())
}

#[test]
fn after_a_call_left_unanswered_the_rest_wait_for_the_next_check() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T07:58:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-25", Some(SN))?;
    app.add_sim("89860012345678900024", "2026-11-26", None)?;
    app.rec.hung.store(true, Ordering::SeqCst);
    // Quiet hours end with the service hung: the first call gets no answer, the second is not
    // made (it would wait its timeout too) and goes out at the next check.
    let first = app.set("2026-11-22T08:00:00")?;
    assert_eq!((first.due, first.shown, first.unconfirmed, first.held), (2, 1, 1, false));
    let second = app.set("2026-11-22T08:01:00")?;
    assert_eq!((second.shown, second.unconfirmed), (1, 1));
    app.rec.hung.store(false, Ordering::SeqCst);
    let after = app.run_to("2026-11-22T08:05:00")?;
    assert_eq!(after.iter().map(|c| c.shown).sum::<usize>(), 0, "{after:?}");
    assert_eq!(
        app.unanswered(),
        [
            shown("2026-11-22T08:00:00", TITLE, "还有 3 天到期（2026年11月25日）"),
            shown(
                "2026-11-22T08:01:00",
                "流量卡到期：卡号 89860012345678900024（未装机）",
                "还有 4 天到期（2026年11月26日）"
            ),
        ]
    );
    assert_eq!(app.shown(), []);
    let other = "sim_expiry:89860012345678900024";
    assert_eq!(app.logged(other)?, [record(other, "2026-11-26", Urgency::Soon, "2026-11-22", false)]);
    app.stop();
    Ok(())
}
