//! Replacing a terminal (closing a repair ticket as `replaced`, SPEC §2): the new terminal is a
//! spare one or created from its SN, takes the old one's provider, merchant_no, terminal_no and
//! store when asked, and the old SIM card moves to it or is cancelled — all inside the caller's
//! transaction, so a refusal at any step leaves nothing written.
//!
//! Rule: only a `spare` terminal or an SN not yet recorded can be the new terminal; the old one
//! ends `replaced`, linked to the new one.

use crate::domain::{CheckItem, RepairClose, SimFate, SimStatus, Terminal, TerminalPatch, TerminalStatus};
use crate::error::{Error, ReplaceProblem, Result, StateProblem};
use crate::store::{sims, terminals};
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// The deregistration step a SIM choice does.
const SIM_STEP: &str = "move_or_cancel_sim";

/// Refuses what only a replacement can do when the ticket is closed as fixed.
pub(super) fn check_fixed(c: &RepairClose) -> Result<()> {
    if c.inherit || c.sim.is_some() || !c.deregistration_done.is_empty() {
        return Err(Error::Replacement(ReplaceProblem::NoNewTerminal));
    }
    Ok(())
}

/// Does the replacement of `old` by the terminal `new_sn` (created when the SN is new) and
/// answers the new terminal's id. `steps` is the fresh deregistration checklist; the steps done
/// (given, and the SIM step when a SIM choice was carried out) are ticked in it.
pub(super) fn replace(
    conn: &Connection,
    old: &Terminal,
    new_sn: &str,
    c: &RepairClose,
    on: NaiveDate,
    steps: &mut [CheckItem],
) -> Result<i64> {
    let new_sn = new_sn.trim();
    if new_sn.eq_ignore_ascii_case(&old.sn) {
        return Err(Error::Replacement(ReplaceProblem::SameSn(old.sn.clone())));
    }
    let copied = if c.inherit { inherited(old) } else { TerminalPatch::default() };
    let new_id = match terminals::get(conn, new_sn) {
        Ok(new) => {
            match new.status {
                TerminalStatus::Spare => {}
                s if s.is_retired() => {
                    return Err(Error::Replacement(ReplaceProblem::NewRetired { sn: new.sn, status: s.code() }));
                }
                s => return Err(Error::Replacement(ReplaceProblem::NewInUse { sn: new.sn, status: s.code() })),
            }
            terminals::update(conn, &new.sn, &TerminalPatch { status: Some(TerminalStatus::InUse), ..copied })?;
            new.id
        }
        Err(Error::TerminalNotFound(_)) => {
            terminals::insert(conn, new_sn, &TerminalPatch { status: Some(TerminalStatus::InUse), ..copied })?
        }
        Err(e) => return Err(e),
    };

    let sim = sims::in_terminal(conn, old.id)?;
    let mut done: Vec<&str> = c.deregistration_done.iter().map(|s| s.trim()).collect();
    match (c.sim, sim) {
        (None, Some(s)) if done.contains(&SIM_STEP) && s.status != SimStatus::Cancelled => {
            return Err(Error::Replacement(ReplaceProblem::SimChoiceNeeded(s.iccid)));
        }
        (None, _) => {}
        (Some(_), None) => return Err(Error::Replacement(ReplaceProblem::NoSim(old.sn.clone()))),
        (Some(SimFate::Move), Some(s)) => {
            if s.status == SimStatus::Cancelled {
                return Err(Error::InvalidState(StateProblem::SimCancelled(s.iccid)));
            }
            if let Some(there) = sims::in_terminal(conn, new_id)? {
                return Err(Error::Replacement(ReplaceProblem::NewHasSim {
                    sn: new_sn.to_string(),
                    iccid: there.iccid,
                }));
            }
            sims::place(conn, s.id, new_id, on)?;
            done.push(SIM_STEP);
        }
        (Some(SimFate::Cancel), Some(s)) => {
            sims::cancel(conn, s.id)?;
            done.push(SIM_STEP);
        }
    }
    for name in done {
        let Some(step) = steps.iter_mut().find(|s| s.item == name) else {
            return Err(Error::InvalidValue {
                field: "step",
                value: name.to_string(),
                allowed: steps.iter().map(|s| s.item.as_str()).collect::<Vec<_>>().join(", "),
            });
        };
        step.done = true;
    }

    conn.execute(
        "UPDATE terminals SET status = 'replaced', replaced_by = ?2,
             updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
        params![old.id, new_id],
    )?;
    Ok(new_id)
}

/// What the new terminal takes from the old one: each of the four the old one has (an empty one
/// never clears what the new terminal already holds).
fn inherited(old: &Terminal) -> TerminalPatch {
    TerminalPatch {
        provider: old.provider.clone(),
        merchant_no: old.merchant_no.clone(),
        terminal_no: old.terminal_no.clone(),
        store: old.store.clone(),
        ..TerminalPatch::default()
    }
}
