import { describe, expect, it } from 'vitest';
import { RowWindow, visibleRange } from '../lib/paging';
import type { TerminalPage, TerminalRow } from '../ipc/types';

function rows(offset: number, n: number, prefix = 'T'): TerminalRow[] {
  return Array.from({ length: n }, (_, i) => ({
    sn: `${prefix}${offset + i}`,
    brand: null,
    model: null,
    kind: null,
    provider: null,
    merchant_no: null,
    store: null,
    status: 'in_use' as const,
    activated_on: null,
    warranty_until: null,
    iccid: null,
    sim_expires_on: null,
  }));
}

function server(total: number, prefix = 'T') {
  const calls: [number, number][] = [];
  const fetch = async (offset: number, limit: number): Promise<TerminalPage> => {
    calls.push([offset, limit]);
    return { total, rows: rows(offset, Math.max(0, Math.min(limit, total - offset)), prefix) };
  };
  return { calls, fetch };
}

describe('RowWindow', () => {
  it('fetches only the pages that are visible, never the whole list', async () => {
    const s = server(100_000);
    const w = new RowWindow(s.fetch, () => {}, 100);
    await w.ensure(0, 40);
    expect(s.calls).toEqual([[0, 100]]);
    expect(w.total).toBe(100_000);
    expect(w.row(39)?.sn).toBe('T39');
    await w.ensure(50_020, 50_060);
    expect(s.calls).toEqual([
      [0, 100],
      [50_000, 100],
    ]);
    expect(w.row(50_042)?.sn).toBe('T50042');
    expect(w.row(70_000)).toBeUndefined();
  });

  it('loads a page once even when asked twice at the same time', async () => {
    const s = server(1000);
    const w = new RowWindow(s.fetch, () => {}, 100);
    await Promise.all([w.ensure(0, 10), w.ensure(5, 20)]);
    expect(s.calls.length).toBe(1);
  });

  it('does not ask past the end once the total is known', async () => {
    const s = server(150);
    const w = new RowWindow(s.fetch, () => {}, 100);
    await w.ensure(0, 10);
    await w.ensure(100, 400);
    expect(s.calls).toEqual([
      [0, 100],
      [100, 100],
    ]);
  });

  it('drops answers to a query that was replaced', async () => {
    let release: (p: TerminalPage) => void = () => {};
    const slow = () => new Promise<TerminalPage>((r) => (release = r));
    const w = new RowWindow(slow, () => {}, 100);
    const pending = w.ensure(0, 10);
    const fresh = server(5, 'NEW');
    w.reset(fresh.fetch);
    await w.ensure(0, 10);
    release({ total: 999, rows: rows(0, 100, 'OLD') });
    await pending;
    expect(w.total).toBe(5);
    expect(w.row(0)?.sn).toBe('NEW0');
  });

  it('keeps a bounded cache, dropping pages far from view', async () => {
    const s = server(100_000);
    const w = new RowWindow(s.fetch, () => {}, 100, 3);
    for (const p of [0, 10, 20, 30, 31]) await w.ensure(p * 100, p * 100 + 50);
    expect(w.loadedPages().length).toBeLessThanOrEqual(3);
    expect(w.loadedPages()).toContain(31);
    expect(w.loadedPages()).not.toContain(0);
  });

  it('keeps showing old rows while a refresh is under way, then the fresh ones', async () => {
    let prefix = 'OLD';
    const fetch = async (offset: number, limit: number): Promise<TerminalPage> => ({ total: 10, rows: rows(offset, Math.min(limit, 10 - offset), prefix) });
    const w = new RowWindow(fetch, () => {}, 100);
    await w.ensure(0, 10);
    prefix = 'NEW';
    w.refresh();
    expect(w.row(3)?.sn).toBe('OLD3');
    await w.ensure(0, 10);
    expect(w.row(3)?.sn).toBe('NEW3');
  });

  it('rejects page sizes the shell would cap', () => {
    expect(() => new RowWindow(server(1).fetch, () => {}, 500)).toThrow(RangeError);
  });
});

describe('visibleRange', () => {
  it('covers the viewport plus overscan, within the list', () => {
    expect(visibleRange(0, 440, 44, 100_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(44_000, 440, 44, 100_000, 5)).toEqual({ start: 995, end: 1015 });
    expect(visibleRange(0, 440, 44, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 440, 44, 0, 5)).toEqual({ start: 0, end: 0 });
  });
});
