// What the replacement dialog holds for a ticket until it is confirmed or cancelled, so that a
// detour (another screen, a search, the dialog closed by navigation) loses nothing: opened again
// for the same ticket, the dialog starts where it was left. Kept in memory for this window only.
import type { SimFate } from '../ipc';

export interface ReplaceDraft {
  newSn: string;
  inherit: boolean;
  sim: SimFate | null;
  /** Deregistration steps ticked. */
  steps: Record<string, boolean>;
  closedOn: string;
  cost: string;
  result: string;
}

const drafts = new Map<number, ReplaceDraft>();

export function draftOf(ticket: number): ReplaceDraft | undefined {
  const d = drafts.get(ticket);
  return d && { ...d, steps: { ...d.steps } };
}

export function keepDraft(ticket: number, d: ReplaceDraft) {
  drafts.set(ticket, { ...d, steps: { ...d.steps } });
}

export function dropDraft(ticket: number) {
  drafts.delete(ticket);
}
