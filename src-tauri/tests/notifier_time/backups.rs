//! The daily and weekly backups over a month with days off.

use crate::*;

/// The daily and weekly copies in `backups/`, by name.
fn backups(db: &Path) -> Res<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(db.with_file_name("backups"))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("poskeeper-daily-") || n.starts_with("poskeeper-weekly-"))
        .collect();
    names.sort();
    Ok(names)
}

fn modified(db: &Path, name: &str) -> Res<SystemTime> {
    Ok(std::fs::metadata(db.with_file_name("backups").join(name))?.modified()?)
}

/// The day `date` with the PC on: the first check that day makes its daily copy, checks later
/// that day make none. Returns when the copy was made.
fn a_day(app: &Run, date: &str) -> Res<SystemTime> {
    let daily = format!("poskeeper-daily-{date}.db");
    let first = app.set(&format!("{date}T09:00:00"))?;
    assert_eq!(first.at.date(), d(date));
    let made = modified(&app.db, &daily)?;
    app.run_to(&format!("{date}T09:03:00"))?;
    assert_eq!(modified(&app.db, &daily)?, made, "{daily} made again");
    Ok(made)
}

#[test]
fn one_daily_backup_a_day_and_seven_daily_four_weekly_kept_over_a_month_with_days_off() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("poskeeper.db");
    let clock = TestClock::at("2026-10-28T09:00:00");
    let mut app = start(&db, &clock)?;
    assert_eq!(backups(&db)?, ["poskeeper-daily-2026-10-28.db", "poskeeper-weekly-2026-W44.db"]);
    app.set("2026-10-28T09:01:00")?;

    // 10-29 the PC sleeps overnight; 10-30 comes at midnight, with the app running.
    a_day(&app, "2026-10-29")?;
    app.set("2026-10-29T23:58:00")?;
    let before = backups(&db)?;
    app.set("2026-10-29T23:59:00")?;
    assert_eq!(backups(&db)?, before);
    app.set("2026-10-30T00:00:00")?;
    assert!(backups(&db)?.contains(&"poskeeper-daily-2026-10-30.db".to_string()), "{:?}", backups(&db)?);
    let made = modified(&db, "poskeeper-daily-2026-10-30.db")?;
    app.run_to("2026-10-30T00:05:00")?;
    assert_eq!(modified(&db, "poskeeper-daily-2026-10-30.db")?, made);

    // Off on 10-31 and 11-01; on 11-02 it starts, and is restarted that afternoon: no second copy.
    app = restart(app, "2026-11-02T08:30:00")?;
    let made = a_day(&app, "2026-11-02")?;
    app = restart(app, "2026-11-02T14:00:00")?;
    assert_eq!(modified(&db, "poskeeper-daily-2026-11-02.db")?, made, "made again after a restart");
    for day in ["2026-11-03", "2026-11-04"] {
        a_day(&app, day)?;
    }
    // Off from 11-05 to 11-08; 11-11 slept through.
    app = restart(app, "2026-11-09T08:30:00")?;
    for day in ["2026-11-09", "2026-11-10", "2026-11-12", "2026-11-13"] {
        a_day(&app, day)?;
    }
    assert_eq!(
        backups(&db)?,
        [
            "poskeeper-daily-2026-11-02.db",
            "poskeeper-daily-2026-11-03.db",
            "poskeeper-daily-2026-11-04.db",
            "poskeeper-daily-2026-11-09.db",
            "poskeeper-daily-2026-11-10.db",
            "poskeeper-daily-2026-11-12.db",
            "poskeeper-daily-2026-11-13.db",
            "poskeeper-weekly-2026-W44.db",
            "poskeeper-weekly-2026-W45.db",
            "poskeeper-weekly-2026-W46.db",
        ]
    );
    // Off from 11-14 to 11-22: a whole week (W47) without a copy.
    app = restart(app, "2026-11-23T08:30:00")?;
    for day in ["2026-11-23", "2026-11-24", "2026-11-26", "2026-11-27"] {
        a_day(&app, day)?;
    }
    // Off on the weekend.
    app = restart(app, "2026-11-30T08:30:00")?;
    for day in ["2026-11-30", "2026-12-01"] {
        a_day(&app, day)?;
    }
    assert_eq!(
        backups(&db)?,
        [
            "poskeeper-daily-2026-11-13.db",
            "poskeeper-daily-2026-11-23.db",
            "poskeeper-daily-2026-11-24.db",
            "poskeeper-daily-2026-11-26.db",
            "poskeeper-daily-2026-11-27.db",
            "poskeeper-daily-2026-11-30.db",
            "poskeeper-daily-2026-12-01.db",
            "poskeeper-weekly-2026-W45.db",
            "poskeeper-weekly-2026-W46.db",
            "poskeeper-weekly-2026-W48.db",
            "poskeeper-weekly-2026-W49.db",
        ]
    );
    app.stop();
    Ok(())
}

#[test]
fn a_daily_backup_the_chosen_folder_cannot_take_goes_to_the_default_folder_and_the_user_is_told() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("poskeeper.db");
    let clock = TestClock::at("2026-11-23T09:00:00");
    let app = start(&db, &clock)?;
    let stick = dir.path().join("stick");
    let folder = stick.join("POS备份");
    std::fs::create_dir_all(&folder)?;
    let state = app.app.state::<AppState>();
    let f = folder.clone();
    tauri::async_runtime::block_on(
        state.db.call(move |s| poskeeper::files::backup_place::choose_folder(s, &f).map(|_| ())),
    )
    .map_err(|e| e.to_string())?;

    // The next day the stick is in: the copies go there, and nothing is said.
    app.set("2026-11-24T09:00:00")?;
    assert!(folder.join("poskeeper-daily-2026-11-24.db").is_file());
    assert!(!db.with_file_name("backups").join("poskeeper-daily-2026-11-24.db").exists());
    assert_eq!(app.shown(), []);

    // Then it is pulled out (a file stands where it was): the day's copy goes to the default
    // folder, and one notification says so.
    std::fs::remove_dir_all(&stick)?;
    std::fs::write(&stick, "not a folder")?;
    app.set("2026-11-25T09:00:00")?;
    assert!(db.with_file_name("backups").join("poskeeper-daily-2026-11-25.db").is_file());
    let shown = app.shown();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].1, "备份已存到默认位置");
    assert!(shown[0].2.contains("找不到") && shown[0].2.contains("数据没有丢失"), "{}", shown[0].2);
    assert!(shown[0].2.contains(&folder.display().to_string()), "{}", shown[0].2);
    app.run_to("2026-11-25T09:03:00")?;
    assert_eq!(app.shown().len(), 1, "said once a day, not at every check");
    app.stop();
    Ok(())
}
