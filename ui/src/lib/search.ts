// The global search / barcode box: an SN or ICCID that matches one terminal opens it.
import type { TerminalPage, TerminalQuery } from '../ipc/types';

export type SearchOutcome = { kind: 'open'; sn: string } | { kind: 'list'; search: string; total: number } | { kind: 'none' };

/** What scanners and people type: trimmed, inner spaces dropped for digit-only codes. */
export function normalizeScan(raw: string): string {
  const t = raw.trim();
  return /^[\d\s]+$/.test(t) ? t.replace(/\s+/g, '') : t;
}

export async function lookup(raw: string, list: (q: TerminalQuery) => Promise<TerminalPage>): Promise<SearchOutcome> {
  const q = normalizeScan(raw);
  if (!q) return { kind: 'none' };
  const page = await list({ search: q, sort: 'sn', descending: false, offset: 0, limit: 2 });
  if (page.total === 0) return { kind: 'none' };
  if (page.total === 1) return { kind: 'open', sn: page.rows[0].sn };
  // Several match (SNs ending with it first, then ICCIDs, then the rest: the core's order): an
  // exact SN or ICCID still opens its terminal; else the list shows them all, tails on top.
  const exact = page.rows.find((r) => r.sn.toLowerCase() === q.toLowerCase() || r.iccid === q);
  if (exact) return { kind: 'open', sn: exact.sn };
  return { kind: 'list', search: q, total: page.total };
}
