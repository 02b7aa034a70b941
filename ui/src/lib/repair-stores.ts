// The store (门店) of each repair ticket's terminal, for the ticket cards. A ticket names only its
// terminal's SN, so the stores come from the terminals: one paged read of the terminals in repair
// (opening a ticket puts its terminal in_repair, so that covers the open tickets) and the detail of
// any terminal still missing (a finished ticket's, or a retired terminal's).
import { api } from '../ipc';

const PAGE = 200;
/** Pages of in-repair terminals read at most (an agent's 100k would have a few thousand). */
const MAX_PAGES = 50;

/**
 * Adds to `known` the store (or null) of every SN in `sns` it lacks, and answers it. A terminal
 * that cannot be read is left out, to be tried again next time.
 */
export async function storesOf(sns: string[], known: Map<string, string | null>): Promise<Map<string, string | null>> {
  const out = new Map(known);
  const missing = new Set(sns.filter((sn) => !out.has(sn)));
  // A few lookups cost less than reading every terminal in repair.
  if (missing.size > 3) {
    for (let page = 0; page < MAX_PAGES && missing.size; page++) {
      const { total, rows } = await api.listTerminals({ status: 'in_repair', sort: 'sn', descending: false, offset: page * PAGE, limit: PAGE });
      for (const r of rows) {
        if (missing.delete(r.sn)) out.set(r.sn, r.store);
      }
      if (rows.length < PAGE || (page + 1) * PAGE >= total) break;
    }
  }
  for (const sn of missing) {
    try {
      out.set(sn, (await api.terminalDetail(sn)).terminal.store);
    } catch {
      // Not found or not readable now: the card shows no store.
    }
  }
  return out;
}
