import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api, ApiError, toApiError } from '../ipc';
import { MockBackend } from '../ipc/mock-backend';
import { lookup, normalizeScan } from '../lib/search';
import { describeError } from '../lib/errors';
import { setLang } from '../lib/i18n/index.svelte';

let backend: MockBackend;

beforeEach(() => {
  // @tauri-apps/api/mocks needs a window with crypto.
  (globalThis as unknown as { window: unknown }).window = globalThis;
  backend = new MockBackend({ terminals: 30, missing: ['pick_import_file'] });
  mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>));
});

afterEach(() => clearMocks());

describe('the IPC layer', () => {
  it('sends the contract’s argument names', async () => {
    await api.listTerminals({ search: 'PAX', sort: 'sn', descending: false, offset: 0, limit: 50 });
    await api.renewSim(backend.sims[0].iccid, '2028-01-01', 4500);
    await api.snooze((await api.reminders()).rows[0].key, '2026-11-23');
    const sent = backend.calls.map((c) => [c.cmd, Object.keys(c.args).sort()]);
    expect(sent).toEqual([
      ['list_terminals', ['query']],
      ['renew_sim', ['fee', 'iccid', 'until']],
      ['reminders', []],
      ['snooze', ['key', 'until']],
    ]);
  });

  it('turns shell errors into ApiError with the core code, translated for the user', async () => {
    const e = await api.addTerminal(backend.terminals[0].sn, {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('duplicate_sn');
    setLang('zh-CN');
    expect(describeError(e)).toBe('这个序列号的终端已经存在');
    setLang('zh-TW');
    expect(describeError(e)).toBe('這個序列號的終端已經存在');
  });

  it('says a command that is not there yet is unknown_command', async () => {
    const e = await api.pickImportFile().catch((x: unknown) => x);
    expect(toApiError(e).code).toBe('unknown_command');
    setLang('zh-CN');
    expect(describeError(e)).toContain('还未开放');
  });

  it('snoozing removes a reminder from the agenda until its date', async () => {
    const before = await api.reminders();
    const first = before.rows[0];
    await api.snooze(first.key, '2026-11-23');
    const after = await api.reminders();
    expect(after.rows.map((r) => r.key)).not.toContain(first.key);
    expect(after.total).toBe(before.total - 1);
    expect((await api.reminders({ asOf: '2026-11-23' })).rows.map((r) => r.key)).toContain(first.key);
  });
});

describe('search box and barcode scanner', () => {
  it('opens the terminal a scanned SN or ICCID names', async () => {
    const t = backend.terminals[4];
    expect(await lookup(`  ${t.sn}  `, api.listTerminals)).toEqual({ kind: 'open', sn: t.sn });
    const sim = backend.sims[2];
    expect(await lookup(sim.iccid, api.listTerminals)).toEqual({ kind: 'open', sn: sim.terminal_sn });
  });

  it('lists several matches, and says when nothing matches', async () => {
    const r = await lookup('朝阳', api.listTerminals);
    expect(r.kind).toBe('list');
    expect(await lookup('NOPE-123', api.listTerminals)).toEqual({ kind: 'none' });
  });

  it('drops the spaces some scanners put in long numbers', () => {
    expect(normalizeScan(' 8986 0012 3456 7890 123 ')).toBe('8986001234567890123');
    expect(normalizeScan(' PAX A920 ')).toBe('PAX A920');
  });
});
