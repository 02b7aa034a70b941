// A static demo dataset in the core's shapes (typed with the generated bindings): what the mock
// backend answers when a test or the browser preview does not say otherwise. Every value is
// written out — due dates, days left, urgencies, titles are what the core would have answered on
// 2026-11-22, not computed here. Nothing in this file decides anything: answers only look data up
// (by SN, by urgency, by page).
import type { Args, MockBackend } from './mock-backend';
import type {
  ApiErrorShape,
  AppInfo,
  BackupContents,
  Attachment,
  Channel,
  Outlook,
  BackupFolder,
  BackupInfo,
  BackupMade,
  CheckItem,
  Contact,
  Deposit,
  ImportReport,
  ImportPreview,
  Lang,
  MaintenancePlan,
  AgendaPage,
  BulkDone,
  Reminder,
  ReminderKind,
  ReminderPage,
  Repair,
  RepairClose,
  Settings,
  Sim,
  Terminal,
  TerminalDetail,
  TerminalRow,
  TerminalQuery,
  Urgency,
} from './types';

export const TODAY = '2026-11-22';

// ICCIDs with a right check digit (Luhn).
export const ICCID = {
  /** In PAX10000001, expires 2026-11-28 (soon). */
  a: '8986001122334455667',
  /** In NL20000002, expired 2026-11-15 (overdue). */
  b: '8986012233445566776',
  /** In LD30000003, expires 2027-06-30. */
  c: '8986033344556677883',
  /** In no terminal, expires 2026-12-10 (upcoming). */
  d: '8986004455667788990',
};

export const CONTACTS: Contact[] = [
  { id: 1, name: '邮政储蓄银行', kind: 'bank', phone: '95580', hours: '7×24小时', website: null, address: null, notes: null },
  { id: 2, name: '银联商务', kind: 'payment_company', phone: '95534', hours: '7×24小时', website: null, address: null, notes: null },
  { id: 3, name: '拉卡拉', kind: 'payment_company', phone: '95016', hours: '8:00-22:00', website: null, address: null, notes: null },
  { id: 4, name: 'PAX 百富', kind: 'manufacturer', phone: '400-830-0238', hours: '工作日 9:00-18:00', website: null, address: null, notes: null },
  { id: 5, name: '中国移动', kind: 'carrier', phone: '10086', hours: '7×24小时', website: null, address: '朝阳路88号营业厅', notes: null },
];

function terminal(t: Partial<Terminal> & Pick<Terminal, 'id' | 'sn' | 'status'>): Terminal {
  return {
    brand: null, model: null, kind: null, provider: null, merchant_no: null, terminal_no: null, store: null,
    acquired_on: null, activated_on: null, warranty_until: null, warranty_provider: null, warranty_terms: null,
    warranty_lead_days: null, replaced_by: null, notes: null, ...t,
  };
}

export const TERMINALS: Terminal[] = [
  terminal({ id: 11, sn: 'PAX10000001', brand: 'PAX 百富', model: 'A920', kind: 'smart', provider: '邮政储蓄银行', merchant_no: '898110000000001', terminal_no: '10000001', store: '朝阳路店', status: 'in_use', acquired_on: '2025-11-15', activated_on: '2025-11-22', warranty_until: '2026-11-22', warranty_provider: 'PAX 百富' }),
  terminal({ id: 12, sn: 'NL20000002', brand: '新大陆', model: 'ME31', kind: 'e_sign', provider: '银联商务', merchant_no: '898110000000002', terminal_no: '10000002', store: '人民广场店', status: 'in_use', activated_on: '2025-03-10', warranty_until: '2027-03-10' }),
  terminal({ id: 13, sn: 'LD30000003', brand: '联迪', model: 'E550', kind: 'traditional', provider: '拉卡拉', merchant_no: '898110000000003', terminal_no: '10000003', store: '火车站店', status: 'in_repair', activated_on: '2024-08-01', warranty_until: '2026-08-01' }),
  terminal({ id: 14, sn: 'PAX10000004', brand: 'PAX 百富', model: 'S90', kind: 'traditional', provider: '盛付通', store: '万达广场店', status: 'spare', acquired_on: '2026-05-20' }),
  terminal({ id: 15, sn: 'LKL50000005', brand: '拉卡拉', model: 'Q1', kind: 'qr_box', provider: '拉卡拉', merchant_no: '898110000000005', store: '解放路店', status: 'in_use', activated_on: '2026-02-14' }),
  terminal({ id: 16, sn: 'NL20000006', brand: '新大陆', model: 'N910', kind: 'smart', provider: '海科融通', merchant_no: '898110000000006', store: '滨江店', status: 'in_repair', activated_on: '2025-06-18', warranty_until: '2027-06-18' }),
  terminal({ id: 17, sn: 'LD30000007', brand: '联迪', model: 'A8', kind: 'traditional', provider: '银联商务', store: '新华街店', status: 'replaced', activated_on: '2023-04-02', warranty_until: '2025-04-02', replaced_by: 'PAX10000008' }),
  terminal({ id: 18, sn: 'PAX10000008', brand: 'PAX 百富', model: 'A920', kind: 'smart', provider: '银联商务', store: '新华街店', status: 'in_use', activated_on: '2026-11-10', warranty_until: '2027-11-10' }),
];

function sim(s: Partial<Sim> & Pick<Sim, 'id' | 'iccid'>): Sim {
  return {
    msisdn: null, carrier: 'china_mobile', form: 'physical', plan: '物联网卡 30M/月', quota_mb: 30, annual_fee: 4500,
    paid_by: 'provider', activated_on: null, expires_on: null, status: 'active', terminal_sn: null, lead_days: null,
    luhn_ok: true, notes: null, ...s,
  };
}

export const SIMS: Sim[] = [
  sim({ id: 21, iccid: ICCID.a, msisdn: '1440000000001', activated_on: '2025-11-28', expires_on: '2026-11-28', terminal_sn: 'PAX10000001' }),
  sim({ id: 22, iccid: ICCID.b, msisdn: '1460000000002', carrier: 'china_unicom', annual_fee: 6000, paid_by: 'merchant', activated_on: '2025-03-10', expires_on: '2026-11-15', terminal_sn: 'NL20000002' }),
  sim({ id: 23, iccid: ICCID.c, carrier: 'china_telecom', form: 'embedded', annual_fee: 9900, activated_on: '2024-08-01', expires_on: '2027-06-30', terminal_sn: 'LD30000003' }),
  sim({ id: 24, iccid: ICCID.d, activated_on: '2025-12-10', expires_on: '2026-12-10' }),
];

export const DEPOSITS: Deposit[] = [
  { id: 501, terminal_sn: 'PAX10000001', amount: 19900, paid_on: '2025-11-22', condition: '10个月内刷满30万', volume_target: 30000000, deadline: '2026-12-06', refunded_on: null, status: 'held', lead_days: null },
];

export const PLANS: MaintenancePlan[] = [
  { id: 401, terminal_sn: 'PAX10000001', task: 'clean', interval: { unit: 'months', n: 1 }, starts_on: '2025-12-01', lead_days: null, mode: 'from_completion', last_done_on: '2026-10-25', next_due_on: '2026-11-25' },
  { id: 402, terminal_sn: 'NL20000002', task: 'paper', interval: { unit: 'weeks', n: 2 }, starts_on: '2026-01-05', lead_days: null, mode: 'fixed', last_done_on: '2026-11-16', next_due_on: '2026-11-30' },
];

const items = (names: string[], done: string[] = []): CheckItem[] => names.map((item) => ({ item, done: done.includes(item) }));
// A new ticket's list, as the core writes it (no 开户许可证); ticket 301, opened before, still has it.
export const DOCUMENTS = ['business_licence', 'id_card', 'purchase_proof', 'warranty_card'];
export const TESTS = ['card_swipe', 'chip_insert', 'contactless_tap', 'pin_entry', 'qr_scan', 'receipt_print', 'network', 'settlement'];
export const DEREG_STEPS = ['settle_pending', 'deregister_with_provider', 'move_or_cancel_sim', 'return_old_device', 'claim_deposit'];

export const REPAIRS: Repair[] = [
  {
    id: 301, terminal_sn: 'LD30000003', opened_on: '2026-11-13', fault: 'printer', description: '打印小票发白，换纸无效', contact: '拉卡拉',
    agent: '王小姐', ticket_no: 'FW20261103', channel: 'send_in', status: 'open', expected_back_on: '2026-11-20', cost: null,
    under_warranty: false, documents: items(['business_licence', 'account_permit', ...DOCUMENTS.slice(1)], ['business_licence']), tests: items(TESTS), deregistration: [], result: null,
    closed_on: null, new_warranty_until: null, replaced_by: null, lead_days: null, terminal_store: '火车站店',
  },
  {
    id: 302, terminal_sn: 'NL20000006', opened_on: '2026-11-19', fault: 'no_power', description: null, contact: '海科融通',
    agent: '张工', ticket_no: null, channel: 'onsite', status: 'in_repair', expected_back_on: '2026-12-01', cost: 15000,
    under_warranty: true, documents: items(DOCUMENTS), tests: items(TESTS), deregistration: [], result: null, closed_on: null,
    new_warranty_until: null, replaced_by: null, lead_days: null, terminal_store: '滨江店',
  },
  {
    id: 303, terminal_sn: 'LD30000007', opened_on: '2026-10-28', fault: 'card_reader', description: '刷卡无反应', contact: '银联商务',
    agent: '李先生', ticket_no: 'YL-88231', channel: 'send_in', status: 'replaced', expected_back_on: '2026-11-05', cost: null,
    under_warranty: false, documents: items(DOCUMENTS, DOCUMENTS), tests: items(TESTS), deregistration: items(DEREG_STEPS, ['settle_pending']),
    result: '主板损坏，换新机', closed_on: '2026-11-10', new_warranty_until: null, replaced_by: 'PAX10000008', lead_days: null,
    terminal_store: '新华街店',
  },
];

/**
 * A ticket as the core answers `close_repair`: replaced (the deregistration checklist with the
 * steps given and, after a SIM choice, `move_or_cancel_sim` ticked) or closed. The core's rules
 * (new terminal created or taken from the spares, details copied, SIM moved) are tested in Rust.
 */
export function closedTicket(id: number, c: RepairClose): Repair {
  const r = REPAIRS.find((x) => x.id === id) ?? REPAIRS[0];
  const base = { ...r, closed_on: c.closed_on ?? TODAY, result: c.result ?? r.result, cost: c.cost ?? r.cost };
  if (!c.replaced_by) return { ...base, status: 'closed', new_warranty_until: c.warranty_until ?? null };
  const done = new Set([...c.deregistration_done, ...(c.sim ? ['move_or_cancel_sim'] : [])]);
  return {
    ...base,
    status: 'replaced',
    replaced_by: c.replaced_by.trim(),
    new_warranty_until: c.warranty_until ?? null,
    deregistration: DEREG_STEPS.map((item) => ({ item, done: done.has(item) })),
  };
}

const ref = (sn: string) => {
  const t = TERMINALS.find((x) => x.sn === sn)!;
  return { sn: t.sn, brand: t.brand, model: t.model, store: t.store, provider: t.provider, status: t.status };
};

function reminder(r: Omit<Reminder, 'acknowledged' | 'snoozed_until' | 'terminal'> & { acknowledged?: boolean }): Reminder {
  return { acknowledged: false, snoozed_until: null, terminal: r.terminal_sn ? ref(r.terminal_sn) : null, ...r };
}

/** What the core answered on 2026-11-22 for the data above: one or more of each urgency. */
export const REMINDERS: Reminder[] = [
  reminder({ key: `sim_expiry:${ICCID.b}`, kind: 'sim_expiry', due_on: '2026-11-15', days_left: -7, urgency: 'overdue', lead_days: 30, terminal_sn: 'NL20000002', iccid: ICCID.b, title: '流量卡到期：新大陆 ME31 · 人民广场店 · SN NL20000002 · 卡号 …566776' }),
  reminder({ key: 'repair_overdue:301', kind: 'repair_overdue', due_on: '2026-11-20', days_left: -2, urgency: 'overdue', lead_days: 0, terminal_sn: 'LD30000003', iccid: null, title: '维修逾期（打印故障 · 单号 FW20261103）：联迪 E550 · 火车站店 · SN LD30000003' }),
  reminder({ key: 'warranty_expiry:PAX10000001', kind: 'warranty_expiry', due_on: '2026-11-22', days_left: 0, urgency: 'today', lead_days: 30, terminal_sn: 'PAX10000001', iccid: null, title: '保修到期：PAX 百富 A920 · 朝阳路店 · SN PAX10000001' }),
  reminder({ key: 'maintenance_due:401', kind: 'maintenance_due', due_on: '2026-11-25', days_left: 3, urgency: 'soon', lead_days: 3, terminal_sn: 'PAX10000001', iccid: null, title: '保养到期（清洁）：PAX 百富 A920 · 朝阳路店 · SN PAX10000001' }),
  reminder({ key: `sim_expiry:${ICCID.a}`, kind: 'sim_expiry', due_on: '2026-11-28', days_left: 6, urgency: 'soon', lead_days: 30, terminal_sn: 'PAX10000001', iccid: ICCID.a, title: '流量卡到期：PAX 百富 A920 · 朝阳路店 · SN PAX10000001 · 卡号 …455667' }),
  reminder({ key: 'deposit_deadline:501', kind: 'deposit_deadline', due_on: '2026-12-06', days_left: 14, urgency: 'upcoming', lead_days: 14, terminal_sn: 'PAX10000001', iccid: null, title: '押金返还截止 ¥199.00：PAX 百富 A920 · 朝阳路店 · SN PAX10000001' }),
  reminder({ key: `sim_expiry:${ICCID.d}`, kind: 'sim_expiry', due_on: '2026-12-10', days_left: 18, urgency: 'upcoming', lead_days: 30, terminal_sn: null, iccid: ICCID.d, acknowledged: true, title: `流量卡到期：卡号 ${ICCID.d}（未装机）` }),
];

export const SETTINGS: Settings = {
  lead_sim_expiry: 30,
  lead_warranty_expiry: 30,
  lead_deposit_deadline: 14,
  lead_maintenance_due: 3,
  lead_repair_overdue: 0,
  quiet_hours: { start: '21:00:00', end: '08:00:00' },
  language: 'zh-CN',
  notifications: true,
  close_to_tray: true,
  autostart: false,
};

export const BACKUPS: BackupInfo[] = [
  { name: 'poskeeper-daily-2026-11-22.db', place: 'default', taken_at: '2026-11-22T01:00:00Z', bytes: 1_203_200 },
  { name: 'poskeeper-before-import-20261121-093015.db', place: 'default', taken_at: '2026-11-21T01:30:15Z', bytes: 1_198_080 },
];

export const BACKUP_FOLDER: BackupFolder = { chosen: null, default: '/home/user/.local/share/com.poskeeper.app/backups', problem: null };
export const BACKUP_MADE: BackupMade = {
  backup: { name: 'poskeeper-manual-20261122-093000.db', place: 'default', taken_at: '2026-11-22T01:30:00Z', bytes: 1_204_224 },
  fell_back: null,
};
/** What the picked backup file holds. */
export const BACKUP_CONTENTS: BackupContents = {
  terminals: 1280, sims: 1104, version: 1, last_change: '2026-11-20T08:12:00Z', written_at: '2026-11-20T10:00:00Z',
};

/** A dry run over a sheet with two bad rows. */
export const IMPORT_PREVIEW: ImportReport = {
  rows: 120, new: 100, updated: 16, unchanged: 2, invalid: 2, committed: false, dry_run: true, format: 'xlsx', encoding: null,
  sheet: 'Sheet1', ignored_columns: ['联系人'],
  problems: [
    { line: 7, column: '流量卡到期', value: '2026-02-30', code: 'no_such_date', reason: '2月没有30日' },
    { line: 12, column: 'ICCID', value: '8986001', code: 'invalid_iccid', reason: 'ICCID“8986001”无效' },
  ],
  problems_not_listed: 0, warnings: [], backup: null,
};

/** The preview of that sheet: a provider's headers, 机具编号 not recognised (so no SN column yet),
 * the other columns matched by the rules. */
export const IMPORT_NO_SN: ImportPreview = {
  columns: [
    { name: '机具编号', field: null, source: 'none' },
    { name: '卡号', field: null, source: 'none' },
    { name: '流量卡到期', field: 'sim_expires_on', source: 'auto' },
    { name: '门店', field: 'store', source: 'auto' },
    { name: '联系人', field: null, source: 'none' },
  ],
  fields: [],
  rows: [],
  remembered: false,
  no_sn_column: true,
  report: null,
};

/** …once 机具编号 is mapped to the SN and 卡号 to the ICCID: the first rows as they will be stored. */
export const IMPORT_MAPPED: ImportPreview = {
  ...IMPORT_NO_SN,
  columns: [
    { name: '机具编号', field: 'sn', source: 'user' },
    { name: '卡号', field: 'iccid', source: 'user' },
    { name: '流量卡到期', field: 'sim_expires_on', source: 'auto' },
    { name: '门店', field: 'store', source: 'auto' },
    { name: '联系人', field: null, source: 'none' },
  ],
  fields: ['sn', 'iccid', 'sim_expires_on', 'store'],
  rows: [
    { line: 2, values: ['PAX-A920-0001', '89860012345678901238', '2027-03-05', '朝阳路店'], problems: [] },
    { line: 3, values: ['NL-ME31-0002', null, null, '望京店'], problems: [] },
    { line: 7, values: ['PAX-A920-0006', null, null, '朝阳路店'], problems: [IMPORT_PREVIEW.problems[0]] },
  ],
  no_sn_column: false,
  report: IMPORT_PREVIEW,
};

/** The same sheet written, the bad rows skipped. */
export const IMPORT_DONE: ImportReport = {
  ...IMPORT_PREVIEW,
  committed: true,
  dry_run: false,
  backup: '/home/user/.local/share/com.poskeeper.app/backups/poskeeper-before-import.db',
};

export const DB_DAMAGED: ApiErrorShape = { code: 'db_damaged', message: 'the database /home/user/poskeeper.db is damaged: malformed' };

export function row(t: Terminal): TerminalRow {
  const s = SIMS.find((x) => x.terminal_sn === t.sn && x.status === 'active');
  return {
    sn: t.sn, brand: t.brand, model: t.model, kind: t.kind, provider: t.provider, merchant_no: t.merchant_no, store: t.store,
    status: t.status, activated_on: t.activated_on, warranty_until: t.warranty_until, iccid: s?.iccid ?? null, sim_expires_on: s?.expires_on ?? null,
  };
}

/** The detail of a fixture terminal, put together from the lists above. */
export function detailOf(sn: string): TerminalDetail | null {
  const t = TERMINALS.find((x) => x.sn === sn);
  if (!t) return null;
  const s = SIMS.find((x) => x.terminal_sn === sn);
  const links: Record<string, number[]> = { PAX10000001: [1, 4], NL20000002: [2], LD30000003: [3], LD30000007: [2] };
  return {
    costs: { sim_fees: sn === 'NL20000002' ? 6000 : 0, repairs: 0, forfeited: 0, total: sn === 'NL20000002' ? 6000 : 0 },
    terminal: t,
    sim: s
      ? {
          sim: s,
          renewals: sn === 'NL20000002' ? [{ id: 601, renewed_on: '2025-03-08', old_expires_on: '2025-11-15', new_expires_on: '2026-11-15', fee: 6000 }] : [],
          installs: [{ terminal_sn: sn, installed_on: s.activated_on ?? '2025-01-01', removed_on: null }],
        }
      : null,
    deposits: DEPOSITS.filter((d) => d.terminal_sn === sn),
    plans: PLANS.filter((p) => p.terminal_sn === sn).map((plan) => ({ plan, completions: plan.last_done_on ? [{ id: 700 + plan.id, done_on: plan.last_done_on, note: null }] : [] })),
    repairs: REPAIRS.filter((r) => r.terminal_sn === sn),
    contacts: (links[sn] ?? []).map((id) => CONTACTS.find((c) => c.id === id)!),
  };
}

/** A page of reminders out of `list`, as the core pages them: by urgency, offset and limit. */
export function reminderPage(list: Reminder[], a: Args = {}): ReminderPage {
  const counts: Record<Urgency, number> = { overdue: 0, today: 0, soon: 0, upcoming: 0 };
  for (const r of list) counts[r.urgency]++;
  const sel = a.urgency ? list.filter((r) => r.urgency === a.urgency) : list;
  const offset = (a.offset as number | undefined) ?? 0;
  const limit = (a.limit as number | undefined) ?? 200;
  return { total: sel.length, counts, due: list.filter((r) => !r.acknowledged).length, rows: sel.slice(offset, offset + limit) };
}

/** An `agenda` page out of `list` as the shell pages it (the first `limit` of each urgency, or one
 * urgency from `offset`), with counts per choice. No filtering: a test gives the list it wants. */
export function agendaPage(list: Reminder[], a: Args = {}): AgendaPage {
  const counts: Record<Urgency, number> = { overdue: 0, today: 0, soon: 0, upcoming: 0 };
  const kinds = new Map<ReminderKind, number>();
  const stores = new Map<string, number>();
  for (const r of list) {
    counts[r.urgency]++;
    kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    const s = r.terminal?.store ?? '';
    stores.set(s, (stores.get(s) ?? 0) + 1);
  }
  const offset = (a.offset as number | undefined) ?? 0;
  const limit = (a.limit as number | undefined) ?? 20;
  const u = a.urgency as Urgency | undefined;
  const rows = u
    ? list.filter((r) => r.urgency === u).slice(offset, offset + limit)
    : (['overdue', 'today', 'soon', 'upcoming'] as Urgency[]).flatMap((x) => list.filter((r) => r.urgency === x).slice(0, limit));
  return {
    total: u ? counts[u] : list.length,
    counts,
    all: list.length,
    facets: {
      kinds: [...kinds],
      urgencies: Object.entries(counts) as [Urgency, number][],
      stores: [...stores],
      providers: [['银联商务', list.length]],
      store_count: stores.size,
      provider_count: 1,
      pending: list.filter((r) => !r.acknowledged).length,
    },
    rows,
  };
}

/** A page out of `rows` by offset and limit (no filtering, no sorting: the fixture's order). */
export function terminalPage(rows: (i: number) => TerminalRow, total: number, q: TerminalQuery) {
  const end = Math.min(total, q.offset + q.limit);
  const out: TerminalRow[] = [];
  for (let i = q.offset; i < end; i++) out.push(rows(i));
  return { total, rows: out };
}

/** Extra rows for a large table (`?mock=100000`): plain generated names, no dates worked out. */
export function fillerRow(i: number): TerminalRow {
  const brands: [string, string][] = [['PAX 百富', 'A920'], ['新大陆', 'ME31'], ['联迪', 'E550'], ['拉卡拉', 'Q1']];
  const stores = ['朝阳路店', '人民广场店', '火车站店', '万达广场店', '解放路店', '新华街店', '滨江店'];
  const [brand, model] = brands[i % brands.length];
  return {
    sn: `DEMO${String(i).padStart(7, '0')}`, brand, model, kind: 'traditional', provider: '银联商务', merchant_no: null,
    store: stores[i % stores.length], status: 'in_use', activated_on: '2025-06-01', warranty_until: '2027-06-01', iccid: null, sim_expires_on: null,
  };
}

export interface FixtureOptions {
  /** No terminals: the first-run screen. */
  empty?: boolean;
  /** Rows in the terminal table (the fixture's eight, then generated ones). */
  terminals?: number;
  /** The language `app_info` says (the shell's setting or the OS's). */
  language?: Lang;
  /** The database could not be opened, or was found damaged. */
  dbError?: ApiErrorShape;
}

export function appInfo(o: FixtureOptions = {}): AppInfo {
  return {
    version: '0.1.0',
    dbPath: '/home/user/.local/share/com.poskeeper.app/poskeeper.db',
    language: o.language ?? 'zh-CN',
    today: TODAY,
    empty: !!o.empty,
    dbError: o.dbError ?? null,
  };
}

/**
 * Gives every command of the contract its fixture answer. Reads answer from the lists above;
 * writes answer a plain success (the id, the date or the ticket the core would send back for
 * the fixture) and change nothing. A test overrides what it needs with `answer`/`fail`.
 */
export function installFixtures(mock: MockBackend, o: FixtureOptions = {}): MockBackend {
  const total = o.empty ? 0 : Math.max(TERMINALS.length, o.terminals ?? TERMINALS.length);
  const rowAt = (i: number) => (i < TERMINALS.length ? row(TERMINALS[i]) : fillerRow(i));
  const reminders = o.empty ? [] : REMINDERS;
  const open = REPAIRS.filter((r) => r.status !== 'closed' && r.status !== 'replaced');
  const notFound = (sn: unknown) => ({ code: 'terminal_not_found', message: `no terminal with SN '${String(sn)}'` });
  mock
    .answer('app_info', appInfo(o))
    .answer('ui_ready', null)
    .answer('reminders', (a) => reminderPage(reminders, a))
    .answer('acknowledge', 'overdue')
    .answer('snooze', '2026-11-15')
    .answer('agenda', (a) => agendaPage(a.view === 'snoozed' ? [] : reminders, a))
    .answer('agenda_act', (a) => ({ action: a.action as BulkDone['action'], count: (a.keys as string[] | undefined)?.length ?? (a.expect as number), token: 1 }))
    .answer('agenda_undo', 1)
    .answer('list_terminals', (a) => terminalPage(rowAt, total, a.query as TerminalQuery))
    .answer('terminal_detail', (a) => {
      const d = detailOf(a.sn as string);
      if (!d) throw notFound(a.sn);
      return d;
    })
    .answer('add_terminal', (a) => String(a.sn).trim())
    .answer('set_terminal', true)
    .answer('check_iccid', { valid: true, luhnOk: true, suggestedCarrier: 'china_mobile' })
    .answer('add_sim', { luhnOk: true })
    .answer('set_sim', true)
    .answer('assign_sim', null)
    .answer('cancel_sim', true)
    .answer('renew_sim', { id: 602, renewed_on: TODAY, old_expires_on: '2026-11-28', new_expires_on: '2027-11-28', fee: 4500 })
    .answer('add_deposit', 502)
    .answer('settle_deposit', null)
    .answer('add_plans', [403])
    .answer('complete_plan', '2026-12-22')
    .answer('open_repair', 304)
    .answer('update_repair', REPAIRS[0])
    .answer('close_repair', (a) => closedTicket(a.id as number, a.close as RepairClose))
    .answer('open_repairs', (a) => open.slice((a.offset as number) ?? 0, ((a.offset as number) ?? 0) + ((a.limit as number) ?? 200)))
    .answer('finished_repairs', (a) =>
      REPAIRS.filter((r) => r.status === a.status).slice((a.offset as number) ?? 0, ((a.offset as number) ?? 0) + ((a.limit as number) ?? 200)),
    )
    .answer('contacts', CONTACTS)
    .answer('add_contact', 6)
    .answer('link_contact', null)
    .answer('provider_counts', [['拉卡拉', 61], ['银联商务', 48], ['工商银行', 31], ['建设银行', 30], ['收钱吧', 30]])
    .answer('store_names', ['万达广场店', '人民广场店', '新华街店', '朝阳路店', '滨江店', '火车站店', '解放路店'])
    .answer('settings', { ...SETTINGS, language: o.language ?? 'zh-CN' })
    .answer('set_setting', (a) => String(a.value))
    .answer('load_demo', { terminals: 200, sims: 150, deposits: 50, plans: 67, repairs: 33, contacts: 5 })
    .answer('pick_import_file', { token: 'import-1', name: '终端清单.xlsx' })
    .answer('pick_export_file', (a) => ({ token: `export-1`, name: (a.suggestedName as string | undefined) ?? `poskeeper.${String(a.format)}` }))
    .answer('pick_backup_file', { token: 'backup-1', name: 'poskeeper-U盘备份.db' })
    .answer('import_file', (a) => (a.dryRun ? IMPORT_PREVIEW : IMPORT_DONE))
    .answer('preview_import', (a) => ((a.mapping as unknown[] | undefined)?.length ? IMPORT_MAPPED : { ...IMPORT_MAPPED, columns: IMPORT_MAPPED.columns.map((c) => ({ ...c, source: c.source === 'user' ? 'remembered' : c.source })), remembered: true }))
    .answer('export_file', { path: '/home/user/文档/poskeeper-2026-11-22.xlsx', items: TERMINALS.length })
    .answer('save_import_problems', { path: '/home/user/文档/终端清单（要改正）.xlsx', items: IMPORT_DONE.invalid })
    .answer('reveal_export', null)
    .answer('backups', BACKUPS)
    .answer('backup_folder', BACKUP_FOLDER)
    .answer('pick_backup_folder', { ...BACKUP_FOLDER, chosen: '/media/user/U盘/POS备份' })
    .answer('reset_backup_folder', BACKUP_FOLDER)
    .answer('backup_now', BACKUP_MADE)
    .answer('inspect_backup_file', BACKUP_CONTENTS)
    .answer('restore_backup', null)
    .answer('restore_file', null)
    .answer('channels', CHANNELS)
    .answer('add_channel', CHANNELS[0])
    .answer('test_channel', { ok: true, channel: CHANNELS[0] })
    .answer('remove_channel', null)
    .answer('outlook', OUTLOOK)
    .answer('export_outlook', { path: '/home/user/文档/费用与到期-2026-11-22.xlsx', items: 12 })
    .answer('pick_attachment_file', { token: 'attach-1', name: '保修卡.jpg' })
    .answer('attach_file', (a) => ({ ...ATTACHMENTS[0], id: 9, owner: a.owner as Attachment['owner'], document: (a.document as string | null) ?? null }))
    .answer('attachments', (a) => ATTACHMENTS.filter((x) => x.owner === a.owner && (a.owner !== 'terminal' || a.key === 'PAX10000001') && (a.owner !== 'deposit' || a.key === '501')))
    .answer('attachment_thumb', (a) => (a.id === 1 ? THUMB : null))
    .answer('open_attachment', null)
    .answer('remove_attachment', null)
    .answer('plugin:event|listen', 1)
    .answer('plugin:event|unlisten', null);
  if (o.dbError) closedDatabase(mock, o.dbError);
  return mock;
}

/** A 1×1 JPEG's data URL, standing in for a thumbnail. */
export const THUMB = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2w==';

/** PAX10000001's warranty card photo, and the receipt of its deposit 501 (a PDF). */
export const ATTACHMENTS: Attachment[] = [
  { id: 1, owner: 'terminal', owner_id: 1, name: '保修卡.jpg', kind: 'jpeg', size: 1_843_200, sha256: 'a'.repeat(64), document: null, added_at: '2026-11-20T02:00:00Z', has_thumb: true },
  { id: 2, owner: 'deposit', owner_id: 501, name: '押金收据.pdf', kind: 'pdf', size: 88_064, sha256: 'b'.repeat(64), document: null, added_at: '2026-11-21T02:00:00Z', has_thumb: false },
];

/** Two phone-push channels: one that delivered, one whose platform refused the last message. */
export const CHANNELS: Channel[] = [
  {
    id: 1, kind: 'wecom', name: '店长群', url_shown: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…', has_secret: false,
    status: { last_ok_at: '2026-11-22T01:30:00Z', last_error_code: null, last_error: null, last_error_at: null, failures: 0, next_try_at: null },
  },
  {
    id: 2, kind: 'dingtalk', name: '钉钉', url_shown: 'https://oapi.dingtalk.com/robot/send?access_token=0123…', has_secret: true,
    status: {
      last_ok_at: null, last_error_code: 'push_signature', last_error: '平台拒绝了签名：请核对签名密钥，并确认这台电脑的时间准确（错误 310000：sign not match）',
      last_error_at: '2026-11-22T01:31:00Z', failures: 1, next_try_at: '2026-11-22T01:32:00Z',
    },
  },
];

/** The outlook of a small chain as of 2026-11-22: fees and expiries for 12 months from November. */
export const OUTLOOK: Outlook = {
  from: '2026-11-01',
  months: ['2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10'].map((month, i) => ({
    month, sims: [3, 12, 4, 0, 0, 2, 0, 0, 0, 0, 1, 0][i], sim_fees: [13500, 54000, 18000, 0, 0, 9000, 0, 0, 0, 0, 4800, 0][i], sims_without_fee: i === 1 ? 1 : 0,
    warranties: [0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0][i], deposits: i === 3 ? 2 : 0, deposit_amount: i === 3 ? 39800 : 0, maintenance: 1, repairs: i === 0 ? 1 : 0,
  })),
  sims_lapsed: 2, sim_fees_lapsed: 9000,
  deposits: { held: 5, held_amount: 99500, held_late: 1, held_late_amount: 19900, refunded: 3, refunded_amount: 59700, forfeited: 1, forfeited_amount: 19900 },
  by_status: [{ status: 'in_use', count: 40 }, { status: 'spare', count: 5 }, { status: 'in_repair', count: 2 }],
  by_provider: [{ provider: '拉卡拉', count: 25 }, { provider: '银联商务', count: 15 }, { provider: null, count: 7 }],
  other_providers: 0,
  terminals: 47,
};

/** The commands that still answer while the shell has the database closed. */
export const WITHOUT_DB: string[] = ['app_info', 'ui_ready', 'backups', 'pick_backup_file', 'inspect_backup_file', 'restore_backup', 'restore_file', 'plugin:event|listen', 'plugin:event|unlisten'];

/** Every command that needs the database fails with `err` (a closed database, canned). */
export function closedDatabase(mock: MockBackend, err: ApiErrorShape = DB_DAMAGED): MockBackend {
  const all: (keyof import('./mock-backend').Answers)[] = [
    'reminders', 'acknowledge', 'snooze', 'agenda', 'agenda_act', 'agenda_undo', 'list_terminals', 'terminal_detail', 'add_terminal', 'set_terminal', 'check_iccid', 'add_sim',
    'set_sim', 'assign_sim', 'cancel_sim', 'renew_sim', 'add_deposit', 'settle_deposit', 'add_plans', 'complete_plan', 'open_repair',
    'update_repair', 'close_repair', 'open_repairs', 'finished_repairs', 'contacts', 'add_contact', 'link_contact', 'store_names',
    'provider_counts', 'settings', 'set_setting', 'load_demo', 'pick_import_file', 'pick_export_file', 'import_file', 'preview_import', 'export_file',
    'save_import_problems', 'backup_folder', 'pick_backup_folder', 'reset_backup_folder', 'backup_now',
    'channels', 'add_channel', 'test_channel', 'remove_channel', 'outlook', 'export_outlook',
    'pick_attachment_file', 'attach_file', 'attachments', 'attachment_thumb', 'open_attachment', 'remove_attachment',
  ];
  for (const c of all) mock.fail(c, err);
  return mock;
}
