//! TypeScript declarations of every type that crosses IPC, generated with ts-rs into
//! `ui/src/ipc/bindings/`. `bindings_are_current` (below) fails when the committed files differ
//! from what the code generates; `make bindings` rewrites them.

use std::path::PathBuf;
use ts_rs::{Config, ExportError, TS};

/// One generated file: its name in the bindings folder, and its text.
pub type Generated = (String, String);

fn one<T: TS + 'static + ?Sized>(cfg: &Config) -> Result<Generated, ExportError> {
    let name = T::output_path().map_or_else(|| format!("{}.ts", T::ident(cfg)), |p| p.display().to_string());
    Ok((name, strip_docs(&T::export_to_string(cfg)?)))
}

/// Drops the `/** … */` blocks ts-rs copies from the Rust doc comments, so rewording a comment in
/// the core does not change the bindings (only a change of the types does).
fn strip_docs(ts: &str) -> String {
    let mut out = String::with_capacity(ts.len());
    let mut rest = ts;
    while let Some(start) = rest.find("/**") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => {
                rest = &rest[start + end + 2..];
                rest = rest.strip_prefix('\n').unwrap_or(rest);
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// How the bindings are generated: 64-bit integers are plain `number`s (ids, fen, counts are far
/// below 2^53).
pub fn config() -> Config {
    Config::new().with_large_int("number")
}

/// Every generated file, sorted by name, plus `index.ts` re-exporting all of them.
pub fn generate() -> Result<Vec<Generated>, ExportError> {
    use crate::answers;
    use crate::commands::{backups, files, sims};
    use poskeeper::{demo, domain as d, i18n, reminders as r, store as s};
    let cfg = config();
    let mut files = vec![
        // The shell's own types.
        one::<crate::error::ApiError>(&cfg)?,
        one::<answers::AppInfo>(&cfg)?,
        one::<crate::first_screen::FirstScreen>(&cfg)?,
        one::<crate::first_screen::AgendaFirst>(&cfg)?,
        one::<answers::ReminderPage>(&cfg)?,
        one::<answers::UrgencyCounts>(&cfg)?,
        one::<crate::commands::agenda::AgendaPage>(&cfg)?,
        one::<crate::commands::agenda::AgendaView>(&cfg)?,
        one::<crate::commands::agenda::BulkDone>(&cfg)?,
        one::<crate::commands::agenda::BulkAction>(&cfg)?,
        one::<r::queue::AgendaFilter>(&cfg)?,
        one::<r::queue::Facets>(&cfg)?,
        one::<sims::IccidCheck>(&cfg)?,
        one::<sims::AddSimResult>(&cfg)?,
        one::<crate::RemindersChanged>(&cfg)?,
        one::<files::ImportProgress>(&cfg)?,
        one::<files::ExportResult>(&cfg)?,
        one::<backups::BackupInfo>(&cfg)?,
        one::<backups::BackupPlace>(&cfg)?,
        one::<backups::BackupFolder>(&cfg)?,
        one::<backups::BackupMade>(&cfg)?,
        one::<crate::commands::channels::ChannelTested>(&cfg)?,
        one::<crate::commands::attachments::FilesDropped>(&cfg)?,
        one::<poskeeper::files::backup_place::BackupContents>(&cfg)?,
        one::<crate::picks::PickedFile>(&cfg)?,
        one::<poskeeper::files::import::ImportReport>(&cfg)?,
        one::<poskeeper::files::import::Problem>(&cfg)?,
        one::<poskeeper::files::import::ImportPreview>(&cfg)?,
        one::<poskeeper::files::import::PreviewColumn>(&cfg)?,
        one::<poskeeper::files::import::PreviewRow>(&cfg)?,
        one::<poskeeper::files::import::ColumnSource>(&cfg)?,
        one::<poskeeper::files::fields::Field>(&cfg)?,
        one::<files::ColumnChoice>(&cfg)?,
        one::<poskeeper::files::export::ExportFormat>(&cfg)?,
        one::<poskeeper::files::export::Exported>(&cfg)?,
        // The core's records and inputs.
        one::<d::Terminal>(&cfg)?,
        one::<d::TerminalPatch>(&cfg)?,
        one::<d::Sim>(&cfg)?,
        one::<d::SimPatch>(&cfg)?,
        one::<d::Renewal>(&cfg)?,
        one::<d::SimInstall>(&cfg)?,
        one::<d::Contact>(&cfg)?,
        one::<d::ContactInput>(&cfg)?,
        one::<d::Deposit>(&cfg)?,
        one::<d::NewDeposit>(&cfg)?,
        one::<d::MaintenancePlan>(&cfg)?,
        one::<d::NewPlan>(&cfg)?,
        one::<d::Completion>(&cfg)?,
        one::<d::CheckItem>(&cfg)?,
        one::<d::Repair>(&cfg)?,
        one::<d::NewRepair>(&cfg)?,
        one::<d::RepairPatch>(&cfg)?,
        one::<d::RepairClose>(&cfg)?,
        one::<d::Interval>(&cfg)?,
        one::<d::MaintenanceTask>(&cfg)?,
        one::<d::channel::Channel>(&cfg)?,
        one::<d::channel::ChannelStatus>(&cfg)?,
        one::<d::attachment::Attachment>(&cfg)?,
        one::<d::AttachmentOwner>(&cfg)?,
        one::<d::FileKind>(&cfg)?,
        // The closed vocabularies.
        one::<d::TerminalKind>(&cfg)?,
        one::<d::TerminalStatus>(&cfg)?,
        one::<d::Carrier>(&cfg)?,
        one::<d::SimForm>(&cfg)?,
        one::<d::SimStatus>(&cfg)?,
        one::<d::Payer>(&cfg)?,
        one::<d::ContactKind>(&cfg)?,
        one::<d::DepositStatus>(&cfg)?,
        one::<d::MaintenanceMode>(&cfg)?,
        one::<d::RepairFault>(&cfg)?,
        one::<d::RepairChannel>(&cfg)?,
        one::<d::RepairStatus>(&cfg)?,
        one::<d::SimFate>(&cfg)?,
        one::<d::ReminderKind>(&cfg)?,
        one::<d::ChannelKind>(&cfg)?,
        one::<d::Urgency>(&cfg)?,
        one::<i18n::Lang>(&cfg)?,
        // Store and engine views.
        one::<d::QuietHours>(&cfg)?,
        one::<d::Settings>(&cfg)?,
        one::<s::SimDetail>(&cfg)?,
        one::<s::SortKey>(&cfg)?,
        one::<s::TerminalQuery>(&cfg)?,
        one::<s::TerminalRow>(&cfg)?,
        one::<s::TerminalPage>(&cfg)?,
        one::<s::PlanWithLog>(&cfg)?,
        one::<s::Outlook>(&cfg)?,
        one::<s::TerminalCosts>(&cfg)?,
        one::<s::OutlookMonth>(&cfg)?,
        one::<s::DepositMoney>(&cfg)?,
        one::<s::StatusCount>(&cfg)?,
        one::<s::ProviderCount>(&cfg)?,
        one::<s::TerminalDetail>(&cfg)?,
        one::<r::Reminder>(&cfg)?,
        one::<r::TerminalRef>(&cfg)?,
        one::<demo::DemoSummary>(&cfg)?,
    ];
    files.sort();
    let mut index = String::from("// Generated by src-tauri (bindings.rs). Do not edit: run `make bindings`.\n");
    for (name, _) in &files {
        let stem = name.trim_end_matches(".ts");
        index.push_str(&format!("export type {{ {stem} }} from \"./{stem}\";\n"));
    }
    files.push(("index.ts".to_string(), index));
    Ok(files)
}

/// `ui/src/ipc/bindings/`.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("ui").join("src").join("ipc").join("bindings")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails when `ui/src/ipc/bindings/` is not what the Rust types generate (a type changed and
    /// `make bindings` was not run), or holds a file no type generates. With
    /// `UPDATE_BINDINGS=1` it rewrites the folder instead.
    #[test]
    fn bindings_are_current() -> Result<(), Box<dyn std::error::Error>> {
        let files = generate()?;
        let dir = dir();
        if std::env::var("UPDATE_BINDINGS").as_deref() == Ok("1") {
            std::fs::create_dir_all(&dir)?;
            for entry in std::fs::read_dir(&dir)? {
                let p = entry?.path();
                if p.extension().is_some_and(|e| e == "ts") {
                    std::fs::remove_file(p)?;
                }
            }
            for (name, text) in &files {
                std::fs::write(dir.join(name), text)?;
            }
        }
        let mut stale = Vec::new();
        for (name, text) in &files {
            let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            if &on_disk != text {
                stale.push(name.clone());
            }
        }
        let mut extra = Vec::new();
        for entry in std::fs::read_dir(&dir)? {
            let name = entry?.file_name().to_string_lossy().to_string();
            if name.ends_with(".ts") && !files.iter().any(|(n, _)| *n == name) {
                extra.push(name);
            }
        }
        assert!(stale.is_empty(), "bindings out of date (run `make bindings`): {stale:?}");
        assert!(extra.is_empty(), "files in {} that no type generates: {extra:?}", dir.display());
        Ok(())
    }

    #[test]
    fn dates_are_strings_and_ids_are_numbers() -> Result<(), Box<dyn std::error::Error>> {
        let files = generate()?;
        let terminal = files.iter().find(|(n, _)| n == "Terminal.ts").map(|(_, t)| t.as_str()).unwrap_or("");
        assert!(terminal.contains("warranty_until: string | null"), "{terminal}");
        assert!(terminal.contains("id: number"), "{terminal}");
        let patch = files.iter().find(|(n, _)| n == "TerminalPatch.ts").map(|(_, t)| t.as_str()).unwrap_or("");
        assert!(patch.contains("brand?: string | null"), "{patch}");
        Ok(())
    }
}
