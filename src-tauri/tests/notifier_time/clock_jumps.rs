//! The clock jumping: waking from sleep, a clock set back.

use crate::*;

#[test]
fn waking_from_ten_hours_of_sleep_catches_up_in_one_summary() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T22:36:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.add_terminal(SN)?;
    // Due tomorrow ("soon" tonight, "today" tomorrow), and four that enter their 30-day lead
    // window tomorrow (2026-12-23 is 31 days from 2026-11-22).
    app.add_sim(ICCID, "2026-11-23", Some(SN))?;
    for iccid in ["89860012345678900024", "89860012345678900032", "89860012345678900040", "89860012345678900057"] {
        app.add_sim(iccid, "2026-12-23", None)?;
    }
    app.run_to("2026-11-22T22:40:00")?;
    assert_eq!(app.shown(), []);
    // The PC sleeps at 22:40 and wakes at 08:40.
    let woke = app.set("2026-11-23T08:40:00")?;
    assert_eq!((woke.due, woke.shown, woke.held), (5, 1, false));
    let after = app.run_to("2026-11-23T08:45:00")?;
    assert_eq!(after.iter().map(|c| c.shown).sum::<usize>(), 0, "{after:?}");
    // The summary names the one due today, with its store, and says how many more there are.
    assert_eq!(
        app.shown(),
        [shown("2026-11-23T08:40:00", "1 项今天到期", "朝阳路店 PAX A920 流量卡到期（11月23日）；另有 4 项")]
    );
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-23", Urgency::Today, "2026-11-23", true)]);
    let other = "sim_expiry:89860012345678900057";
    assert_eq!(app.logged(other)?, [record(other, "2026-12-23", Urgency::Upcoming, "2026-11-23", true)]);

    // Two more, entering their window on 2026-11-25; the PC sleeps through 2026-11-24 (the day
    // the first became overdue) and wakes at 09:00 on the 25th: three at once are three single
    // notifications (a summary is for more than three), the overdue one first (by due date).
    app.add_sim("89860012345678900065", "2026-12-25", None)?;
    app.add_sim("89860012345678900073", "2026-12-25", None)?;
    app.set("2026-11-24T23:00:00")?;
    let woke = app.set("2026-11-25T09:00:00")?;
    assert_eq!((woke.shown, woke.held), (3, false), "{woke:?}");
    app.run_to("2026-11-25T09:03:00")?;
    assert_eq!(
        app.shown()[1..],
        [
            shown("2026-11-25T09:00:00", TITLE, "已逾期 2 天（2026年11月23日）"),
            shown(
                "2026-11-25T09:00:00",
                "流量卡到期：卡号 89860012345678900065（未装机）",
                "还有 30 天到期（2026年12月25日）"
            ),
            shown(
                "2026-11-25T09:00:00",
                "流量卡到期：卡号 89860012345678900073（未装机）",
                "还有 30 天到期（2026年12月25日）"
            ),
        ]
    );
    app.stop();
    Ok(())
}

#[test]
fn a_clock_set_back_tells_nothing_twice() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T23:58:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.quiet_hours_off()?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-23", Some(SN))?;
    app.add_sim("89860012345678900024", "2026-11-20", None)?;
    app.run_to("2026-11-23T00:01:00")?;
    let told = vec![
        shown("2026-11-22T23:58:00", TITLE, "明天到期（2026年11月23日）"),
        shown(
            "2026-11-22T23:58:00",
            "流量卡到期：卡号 89860012345678900024（未装机）",
            "已逾期 2 天（2026年11月20日）",
        ),
    ];
    let mut expected = told.clone();
    // After midnight, in the list's order (by due date): the overdue one, then the one due today.
    expected.extend([
        shown(
            "2026-11-23T00:00:00",
            "流量卡到期：卡号 89860012345678900024（未装机）",
            "已逾期 3 天（2026年11月20日）",
        ),
        shown("2026-11-23T00:00:00", TITLE, "今天到期（2026年11月23日）"),
    ]);
    assert_eq!(app.shown(), expected);

    // Set back half an hour, across midnight: a check follows at once, and tells nothing.
    let back = app.set("2026-11-22T23:30:00")?;
    assert_eq!((back.due, back.shown), (2, 0));
    app.run_to("2026-11-22T23:33:00")?;
    // Forward again past midnight, and set back an hour in the morning.
    app.set("2026-11-22T23:59:00")?;
    app.run_to("2026-11-23T00:03:00")?;
    app.set("2026-11-23T10:00:00")?;
    let back = app.set("2026-11-23T09:00:00")?;
    assert_eq!(back.shown, 0);
    assert_eq!(app.shown(), expected);
    assert_eq!(
        app.logged(KEY)?,
        [
            record(KEY, "2026-11-23", Urgency::Soon, "2026-11-22", false),
            record(KEY, "2026-11-23", Urgency::Today, "2026-11-23", false),
        ]
    );
    app.stop();
    Ok(())
}
