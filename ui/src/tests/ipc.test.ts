// The IPC layer: what each typed function sends (command and argument names, exactly), and how
// the shell's errors reach the user. The answers are canned: what the core decides is tested in Rust.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api, ApiError, toApiError } from '../ipc';
import { MockBackend } from '../ipc/mock-backend';
import { ICCID, installFixtures, row, TERMINALS } from '../ipc/fixtures';
import { lookup, normalizeScan } from '../lib/search';
import { describeError } from '../lib/errors';
import { setLang } from '../lib/i18n/index.svelte';

let mock: MockBackend;

beforeEach(() => {
  // @tauri-apps/api/mocks needs a window with crypto.
  (globalThis as unknown as { window: unknown }).window = globalThis;
  mock = installFixtures(new MockBackend());
  mockIPC((cmd, args) => mock.handle(cmd, (args ?? {}) as Record<string, unknown>));
});

afterEach(() => {
  clearMocks();
  setLang('zh-CN');
});

describe('the IPC layer', () => {
  it('sends the contract’s command and argument names, optional ones only when given', async () => {
    await api.listTerminals({ search: 'PAX', sort: 'sn', descending: false, offset: 0, limit: 50 });
    await api.renewSim(ICCID.a, '2027-11-28', 4500);
    await api.renewSim(ICCID.b, '2027-11-15', undefined, '2026-11-20');
    await api.reminders();
    await api.reminders({ urgency: 'soon', offset: 20, limit: 50 });
    await api.snooze('maintenance_due:401', '2026-11-23');
    await api.acknowledge(`sim_expiry:${ICCID.b}`);
    await api.addSim(ICCID.c, { carrier: 'china_telecom' }, 'LD30000003');
    await api.addSim(ICCID.d, {});
    await api.completePlan(401);
    await api.completePlan(402, '2026-11-20', '换了打印纸');
    await api.settleDeposit(501, 'refunded', '2026-11-21');
    await api.updateRepair(303, { deregistration_done: ['claim_deposit'] });
    await api.pickExportFile('xlsx', 'poskeeper-2026-11-22.xlsx');
    await api.importFile('import-1', true, false);
    expect(mock.log.map((c) => [c.cmd, c.args])).toEqual([
      ['list_terminals', { query: { search: 'PAX', sort: 'sn', descending: false, offset: 0, limit: 50 } }],
      ['renew_sim', { iccid: ICCID.a, until: '2027-11-28', fee: 4500 }],
      ['renew_sim', { iccid: ICCID.b, until: '2027-11-15', on: '2026-11-20' }],
      ['reminders', {}],
      ['reminders', { urgency: 'soon', offset: 20, limit: 50 }],
      ['snooze', { key: 'maintenance_due:401', until: '2026-11-23' }],
      ['acknowledge', { key: `sim_expiry:${ICCID.b}` }],
      ['add_sim', { iccid: ICCID.c, patch: { carrier: 'china_telecom' }, terminalSn: 'LD30000003' }],
      ['add_sim', { iccid: ICCID.d, patch: {} }],
      ['complete_plan', { id: 401 }],
      ['complete_plan', { id: 402, on: '2026-11-20', note: '换了打印纸' }],
      ['settle_deposit', { id: 501, status: 'refunded', on: '2026-11-21' }],
      ['update_repair', { id: 303, patch: { documents_done: [], tests_passed: [], deregistration_done: ['claim_deposit'] } }],
      ['pick_export_file', { format: 'xlsx', suggestedName: 'poskeeper-2026-11-22.xlsx' }],
      ['import_file', { token: 'import-1', dryRun: true, skipInvalid: false }],
    ]);
  });

  it('hands back what the shell answered', async () => {
    mock.answer('renew_sim', { id: 9, renewed_on: '2026-11-22', old_expires_on: '2026-11-28', new_expires_on: '2027-11-28', fee: 4500 });
    expect(await api.renewSim(ICCID.a, '2027-11-28', 4500)).toEqual({
      id: 9,
      renewed_on: '2026-11-22',
      old_expires_on: '2026-11-28',
      new_expires_on: '2027-11-28',
      fee: 4500,
    });
    mock.answer('complete_plan', '2026-12-25');
    expect(await api.completePlan(401)).toBe('2026-12-25');
  });

  it('turns shell errors into ApiError with the core code, translated for the user', async () => {
    mock.fail('add_terminal', { code: 'duplicate_sn', message: "a terminal with SN 'PAX10000001' already exists" });
    const e = await api.addTerminal('PAX10000001', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('duplicate_sn');
    expect((e as ApiError).message).toBe("a terminal with SN 'PAX10000001' already exists");
    expect(mock.calls('add_terminal')).toEqual([{ sn: 'PAX10000001', patch: {} }]);
    setLang('zh-CN');
    expect(describeError(e)).toBe('这个序列号的终端已经存在');
    setLang('zh-TW');
    expect(describeError(e)).toBe('這個序號的刷卡機已經存在');
  });

  it('translates the codes the screens meet most', async () => {
    setLang('zh-CN');
    const cases: [string, string][] = [
      ['terminal_not_found', '找不到这台终端'],
      ['database', '数据库出错了'],
    ];
    for (const [code, text] of cases) {
      mock.fail('terminal_detail', { code, message: 'from the core' });
      const e = await api.terminalDetail('NOPE').catch((x: unknown) => x);
      expect(describeError(e), code).toContain(text);
    }
  });

  it('a failure once, then the answer as before', async () => {
    mock.fail('contacts', { code: 'database', message: 'database is locked' }, { once: true });
    await expect(api.contacts()).rejects.toMatchObject({ code: 'database' });
    expect((await api.contacts()).map((c) => c.name)).toContain('银联商务');
  });

  it('says a command that is not there yet is unknown_command', async () => {
    mock.missing('pick_import_file');
    const e = await api.pickImportFile().catch((x: unknown) => x);
    expect(toApiError(e).code).toBe('unknown_command');
    setLang('zh-CN');
    expect(describeError(e)).toContain('还未开放');
  });
});

describe('search box and barcode scanner', () => {
  const page = (...sns: string[]) => ({ total: sns.length, rows: sns.map((sn) => row(TERMINALS.find((t) => t.sn === sn)!)) });

  it('asks for two rows of the trimmed scan, and opens the one terminal answered', async () => {
    mock.answer('list_terminals', page('NL20000002'));
    expect(await lookup('  NL20000002  ', api.listTerminals)).toEqual({ kind: 'open', sn: 'NL20000002' });
    expect(mock.calls('list_terminals')).toEqual([{ query: { search: 'NL20000002', sort: 'sn', descending: false, offset: 0, limit: 2 } }]);
  });

  it('a scanned ICCID with spaces is sent without them; an exact ICCID among several opens its terminal', async () => {
    mock.answer('list_terminals', page('PAX10000001', 'PAX10000004'));
    expect(await lookup(ICCID.a.replace(/(\d{4})/g, '$1 '), api.listTerminals)).toEqual({ kind: 'open', sn: 'PAX10000001' });
    expect((mock.calls('list_terminals')[0].query as { search: string }).search).toBe(ICCID.a);
  });

  it('lists several matches, and says when nothing matches', async () => {
    mock.answer('list_terminals', { ...page('PAX10000001', 'PAX10000004'), total: 3 });
    expect(await lookup('PAX', api.listTerminals)).toEqual({ kind: 'list', search: 'PAX', total: 3 });
    mock.answer('list_terminals', { total: 0, rows: [] });
    expect(await lookup('NOPE-123', api.listTerminals)).toEqual({ kind: 'none' });
  });

  it('drops the spaces some scanners put in long numbers', () => {
    expect(normalizeScan(' 8986 0012 3456 7890 123 ')).toBe('8986001234567890123');
    expect(normalizeScan(' PAX A920 ')).toBe('PAX A920');
  });
});
