// A window onto a server-side list of any length: rows are fetched a page at a time as they scroll
// into view (never the whole list over IPC), kept in a small cache, and answers that arrive after
// the query changed are dropped.
import type { TerminalPage, TerminalRow } from '../ipc/types';

export type PageFetcher = (offset: number, limit: number) => Promise<TerminalPage>;

export class RowWindow {
  readonly pageSize: number;
  readonly maxPages: number;
  /** Matches of the current query; null until the first answer. */
  total: number | null = null;
  error: unknown = null;
  private pages = new Map<number, TerminalRow[]>();
  /** Rows of before a refresh, shown until their page is fetched again (no flash of placeholders). */
  private stale = new Map<number, TerminalRow[]>();
  private inflight = new Map<number, Promise<void>>();
  private generation = 0;
  private fetcher: PageFetcher;
  private onChange: () => void;

  constructor(fetcher: PageFetcher, onChange: () => void = () => {}, pageSize = 100, maxPages = 12) {
    if (pageSize < 1 || pageSize > 200) throw new RangeError('pageSize must be 1..200');
    this.fetcher = fetcher;
    this.onChange = onChange;
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  /** A new query: forget every row; answers to the old query are ignored from now on. */
  reset(fetcher?: PageFetcher) {
    if (fetcher) this.fetcher = fetcher;
    this.generation++;
    this.pages.clear();
    this.stale.clear();
    this.inflight.clear();
    this.error = null;
    this.onChange();
  }

  /** The same query again (the data changed): keep showing the old rows until fresh ones arrive. */
  refresh() {
    this.generation++;
    for (const [k, v] of this.pages) this.stale.set(k, v);
    this.pages.clear();
    this.inflight.clear();
  }

  /** The row at an index, or undefined while its page is not loaded. */
  row(i: number): TerminalRow | undefined {
    const n = Math.floor(i / this.pageSize);
    const p = this.pages.get(n) ?? this.stale.get(n);
    return p?.[i % this.pageSize];
  }

  loadedPages(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }

  /** Makes sure rows [start, end) are loaded or loading; resolves when they are. */
  async ensure(start: number, end: number): Promise<void> {
    const first = Math.max(0, Math.floor(start / this.pageSize));
    let last = Math.floor(Math.max(start, end - 1) / this.pageSize);
    if (this.total !== null) last = Math.min(last, Math.max(0, Math.ceil(this.total / this.pageSize) - 1));
    const waits: Promise<void>[] = [];
    for (let p = first; p <= last; p++) waits.push(this.load(p));
    await Promise.all(waits);
    this.evict(first, last);
  }

  private load(page: number): Promise<void> {
    if (this.pages.has(page)) return Promise.resolve();
    const existing = this.inflight.get(page);
    if (existing) return existing;
    const gen = this.generation;
    const job = this.fetcher(page * this.pageSize, this.pageSize)
      .then((res) => {
        if (gen !== this.generation) return;
        this.total = res.total;
        this.pages.set(page, res.rows);
        this.stale.delete(page);
        this.error = null;
      })
      .catch((e: unknown) => {
        if (gen !== this.generation) return;
        this.error = e;
      })
      .finally(() => {
        if (gen !== this.generation) return;
        this.inflight.delete(page);
        this.onChange();
      });
    this.inflight.set(page, job);
    return job;
  }

  /** Keeps at most maxPages pages, dropping those farthest from the visible ones. */
  private evict(first: number, last: number) {
    if (this.pages.size <= this.maxPages) return;
    const dist = (p: number) => (p < first ? first - p : p > last ? p - last : 0);
    const order = [...this.pages.keys()].sort((a, b) => dist(b) - dist(a));
    this.stale.clear();
    while (this.pages.size > this.maxPages) {
      const p = order.shift();
      if (p === undefined) break;
      this.pages.delete(p);
    }
  }
}

/** Which row indexes a scroll position shows (plus some overscan), for a fixed row height. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 10) {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

