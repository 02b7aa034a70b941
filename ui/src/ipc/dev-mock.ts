// Dev only: `npm run dev` then open http://127.0.0.1:5173/?mock (or ?mock=20000&empty&lang=en)
// to click through the UI on the fixture dataset (./fixtures.ts) in a plain browser. main.ts loads
// this module only when import.meta.env.DEV is true, so it is not in the production build.
//
// Writes are recorded and answer success. Where a screen would otherwise look as if nothing
// happened, the fixture is updated in a plain way — a snoozed or settled reminder leaves the list,
// an added terminal or contact is listed, a ticked step is ticked — with no date worked out and no
// rule of the core's: that is what the real app is for.
import { mockIPC } from '@tauri-apps/api/mocks';
import { MockBackend, type Args } from './mock-backend';
import {
  appInfo,
  BACKUPS,
  BACKUP_CONTENTS,
  BACKUP_FOLDER,
  BACKUP_MADE,
  CONTACTS,
  DEREG_STEPS,
  DOCUMENTS,
  DB_DAMAGED,
  detailOf,
  fillerRow,
  installFixtures,
  OUTLOOK,
  REMINDERS,
  REPAIRS,
  agendaPage,
  reminderPage,
  row,
  SETTINGS,
  terminalPage,
  TERMINALS,
  TESTS,
  TODAY,
  WITHOUT_DB,
} from './fixtures';
import type { BulkDone, Channel, ChannelKind, Contact, ContactInput, Lang, NewRepair, Reminder, Repair, RepairClose, RepairPatch, Settings, Terminal, TerminalPatch, TerminalQuery } from './types';

const FILE_COMMANDS =
  'pick_import_file,pick_export_file,pick_backup_file,import_file,preview_import,export_file,reveal_export,save_import_problems,backups,restore_backup,restore_file,backup_folder,pick_backup_folder,reset_backup_folder,backup_now,inspect_backup_file';

export interface DevMock {
  backend: MockBackend;
  /** Every call so far (for scripts/smoke.mjs). */
  calls: MockBackend['log'];
}

export function installDevMock(params: URLSearchParams): DevMock {
  const n = Number(params.get('mock') || '0');
  // ?lang=zh-TW pretends the OS speaks that language (for screenshots where the locale cannot be set).
  const nav = (params.get('lang') || navigator.language || '').toLowerCase();
  const osLang: Lang = /^zh-(tw|hk|mo|hant)/.test(nav) ? 'zh-TW' : nav.startsWith('zh') ? 'zh-CN' : nav.startsWith('en') ? 'en' : 'zh-CN';
  const mock = new MockBackend();

  // The demo's state: copies of the fixtures that the plain updates below change.
  let empty = params.has('empty');
  let language = osLang;
  let dbError = params.has('dberror') ? DB_DAMAGED : null;
  const reminders = REMINDERS.map((r) => ({ ...r }));
  const snoozed: Reminder[] = [];
  let lastAct: { action: string; moved: Reminder[] } | null = null;
  const terminals: Terminal[] = [];
  const contacts: Contact[] = CONTACTS.map((c) => ({ ...c }));
  const repairs: Repair[] = structuredClone(REPAIRS);
  const settings: Settings = { ...SETTINGS, language };
  let backups = [...BACKUPS];
  let folder = { ...BACKUP_FOLDER };
  let channels: Channel[] = [];
  const total = () => (empty ? terminals.length : Math.max(TERMINALS.length, Number.isFinite(n) && n > 0 ? n : TERMINALS.length) + terminals.length);
  const rowAt = (i: number) => (i < terminals.length ? row(terminals[i]) : i - terminals.length < TERMINALS.length && !empty ? row(TERMINALS[i - terminals.length]) : fillerRow(i));
  const drop = (key: string) => {
    const i = reminders.findIndex((r) => r.key === key);
    if (i >= 0) reminders.splice(i, 1);
  };
  const repair = (a: Args) => {
    const r = repairs.find((x) => x.id === a.id);
    if (!r) throw { code: 'not_found', message: `no repair ticket with ID ${String(a.id)}` };
    return r;
  };

  installFixtures(mock, { language });
  mock
    .answer('app_info', () => ({ ...appInfo({ language, empty: total() === 0, dbError: dbError ?? undefined }) }))
    .answer('reminders', (a) => reminderPage(empty ? [] : reminders, a))
    .answer('acknowledge', (a) => {
      const r = reminders.find((x) => x.key === a.key);
      if (r) r.acknowledged = true;
      return r?.urgency ?? 'overdue';
    })
    .answer('snooze', (a) => {
      const due = reminders.find((x) => x.key === a.key)?.due_on ?? TODAY;
      drop(String(a.key));
      return due;
    })
    .answer('agenda', (a) => agendaPage(empty ? [] : a.view === 'snoozed' ? snoozed : reminders, a))
    .answer('agenda_act', (a) => {
      // Keys only (the demo does not filter); what a snooze hides moves to the snoozed list and back.
      const keys = (a.keys as string[] | undefined) ?? [];
      const moved: Reminder[] = [];
      for (const k of keys) {
        const from = a.action === 'unsnooze' ? snoozed : reminders;
        const i = from.findIndex((r) => r.key === k);
        if (i < 0) continue;
        const [r] = from.splice(i, 1);
        if (a.action === 'ack') {
          r.acknowledged = true;
          from.splice(i, 0, r);
        } else if (a.action === 'snooze') snoozed.push({ ...r, snoozed_until: String(a.until) });
        else reminders.push({ ...r, snoozed_until: null });
        moved.push(r);
      }
      lastAct = { action: String(a.action), moved };
      return { action: a.action as BulkDone['action'], count: moved.length, token: 1 };
    })
    .answer('agenda_undo', () => {
      const last = lastAct;
      lastAct = null;
      for (const r of last?.moved ?? []) {
        if (last?.action === 'ack') {
          const x = reminders.find((y) => y.key === r.key);
          if (x) x.acknowledged = false;
        } else {
          const [from, to] = last?.action === 'snooze' ? [snoozed, reminders] : [reminders, snoozed];
          const i = from.findIndex((y) => y.key === r.key);
          if (i >= 0) to.push(from.splice(i, 1)[0]);
        }
      }
      return last?.moved.length ?? 0;
    })
    .answer('settle_deposit', (a) => (drop(`deposit_deadline:${String(a.id)}`), null))
    .answer('complete_plan', (a) => (drop(`maintenance_due:${String(a.id)}`), '2026-12-22'))
    .answer('list_terminals', (a) => terminalPage(rowAt, total(), a.query as TerminalQuery))
    .answer('terminal_detail', (a) => {
      const added = terminals.find((t) => t.sn === a.sn);
      if (added) return { terminal: added, sim: null, deposits: [], plans: [], repairs: [], contacts: [], costs: { sim_fees: 0, repairs: 0, forfeited: 0, total: 0 } };
      const d = detailOf(String(a.sn));
      if (d) return { ...d, repairs: repairs.filter((r) => r.terminal_sn === a.sn) };
      const i = /^DEMO(\d+)$/.exec(String(a.sn));
      if (!i) throw { code: 'terminal_not_found', message: `no terminal with SN '${String(a.sn)}'` };
      const f = fillerRow(Number(i[1]));
      return { terminal: { ...TERMINALS[1], ...f, id: 100000 + Number(i[1]), terminal_no: null, acquired_on: null, warranty_provider: null, warranty_terms: null, warranty_lead_days: null, replaced_by: null, notes: null }, sim: null, deposits: [], plans: [], repairs: [], contacts: [], costs: { sim_fees: 0, repairs: 0, forfeited: 0, total: 0 } };
    })
    .answer('add_terminal', (a) => {
      const p = a.patch as TerminalPatch;
      const sn = String(a.sn).trim();
      terminals.push({
        id: 900 + terminals.length, sn, brand: p.brand ?? null, model: p.model ?? null, kind: p.kind ?? null, provider: p.provider ?? null,
        merchant_no: p.merchant_no ?? null, terminal_no: p.terminal_no ?? null, store: p.store ?? null, status: p.status ?? 'in_use',
        acquired_on: p.acquired_on ?? null, activated_on: p.activated_on ?? null, warranty_until: p.warranty_until ?? null,
        warranty_provider: null, warranty_terms: null, warranty_lead_days: null, replaced_by: null, notes: p.notes ?? null,
      });
      return sn;
    })
    .answer('contacts', () => contacts)
    .answer('add_contact', (a) => {
      const c = a.contact as ContactInput;
      const id = 100 + contacts.length;
      contacts.push({ id, name: c.name, kind: c.kind ?? 'other', phone: c.phone ?? null, hours: c.hours ?? null, website: c.website ?? null, address: c.address ?? null, notes: c.notes ?? null });
      return id;
    })
    .answer('open_repairs', () => repairs.filter((r) => r.status !== 'closed' && r.status !== 'replaced'))
    .answer('finished_repairs', (a) => repairs.filter((r) => r.status === a.status))
    .answer('open_repair', (a) => {
      const r = a.repair as NewRepair;
      const id = 310 + repairs.length;
      repairs.unshift({
        ...REPAIRS[0], id, terminal_sn: String(a.sn), terminal_store: terminals.find((t) => t.sn === String(a.sn))?.store ?? null, opened_on: r.opened_on, fault: r.fault, description: r.description ?? null,
        contact: r.contact ?? null, agent: r.agent ?? null, ticket_no: r.ticket_no ?? null, channel: r.channel ?? null, status: 'open',
        expected_back_on: r.expected_back_on ?? null, under_warranty: r.under_warranty ?? null,
        documents: DOCUMENTS.map((item) => ({ item, done: false })), tests: TESTS.map((item) => ({ item, done: false })),
      });
      return id;
    })
    .answer('update_repair', (a) => {
      const r = repair(a);
      const p = a.patch as RepairPatch;
      const tick = (list: Repair['documents'], names: string[]) => list.forEach((c) => names.includes(c.item) && (c.done = true));
      tick(r.documents, p.documents_done);
      tick(r.tests, p.tests_passed);
      tick(r.deregistration, p.deregistration_done);
      for (const k of ['status', 'description', 'contact', 'agent', 'ticket_no', 'channel', 'expected_back_on', 'cost', 'under_warranty'] as const) {
        if (p[k] != null) (r as Record<string, unknown>)[k] = p[k];
      }
      return r;
    })
    .answer('close_repair', (a) => {
      const r = repair(a);
      const c = a.close as RepairClose;
      Object.assign(r, { closed_on: c.closed_on ?? TODAY, result: c.result ?? null, cost: c.cost ?? r.cost });
      if (c.replaced_by) {
        // As the core: the ticked steps (and the SIM step after a SIM choice) come back done.
        const done = new Set([...c.deregistration_done, ...(c.sim ? ['move_or_cancel_sim'] : [])]);
        Object.assign(r, { status: 'replaced', replaced_by: c.replaced_by.trim(), deregistration: DEREG_STEPS.map((item) => ({ item, done: done.has(item) })) });
      }
      else Object.assign(r, { status: 'closed', new_warranty_until: c.warranty_until ?? null });
      drop(`repair_overdue:${r.id}`);
      return r;
    })
    .answer('settings', () => settings)
    .answer('set_setting', (a) => {
      const key = String(a.key);
      const value = String(a.value);
      if (key === 'language') language = settings.language = value as Lang;
      else if (key.startsWith('lead.')) (settings as unknown as Record<string, number>)[key.replace('.', '_')] = Number(value);
      else if (key === 'quiet_hours') settings.quiet_hours = value === 'off' ? null : { start: `${value.split('-')[0]}:00`, end: `${value.split('-')[1]}:00` };
      else if (key === 'notifications' || key === 'close_to_tray' || key === 'autostart') settings[key] = value === 'on';
      return value;
    })
    .answer('load_demo', (a) => {
      empty = false;
      return { terminals: Number(a.terminals), sims: 150, deposits: 50, plans: 67, repairs: 33, contacts: 5 };
    })
    .answer('backups', () => backups)
    .answer('backup_folder', () => folder)
    .answer('pick_backup_folder', () => (folder = { ...folder, chosen: '/media/user/U盘/POS备份', problem: null }))
    .answer('reset_backup_folder', () => (folder = { ...folder, chosen: null, problem: null }))
    .answer('backup_now', () => {
      const made = { ...BACKUP_MADE.backup, place: folder.chosen ? ('chosen' as const) : ('default' as const) };
      backups = [made, ...backups];
      return { backup: made, fell_back: null };
    })
    .answer('inspect_backup_file', BACKUP_CONTENTS)
    .answer('restore_backup', () => ((dbError = null), null))
    .answer('restore_file', () => ((dbError = null), null))
    .answer('channels', () => channels)
    .answer('add_channel', (a) => {
      const kind = String(a.kind) as ChannelKind;
      const c: Channel = {
        id: channels.length + 1, kind, name: a.name ? String(a.name) : kind, url_shown: `${String(a.url).slice(0, 40)}…`,
        has_secret: !!a.secret, status: { last_ok_at: null, last_error_code: null, last_error: null, last_error_at: null, failures: 0, next_try_at: null },
      };
      channels = [...channels, c];
      return c;
    })
    .answer('test_channel', (a) => {
      const c = channels.find((x) => x.id === Number(a.id)) ?? channels[0];
      c.status = { ...c.status, last_ok_at: new Date().toISOString() };
      return { ok: true, channel: c };
    })
    .answer('outlook', OUTLOOK)
    .answer('remove_channel', (a) => ((channels = channels.filter((x) => x.id !== Number(a.id))), null));
  // The file commands answer "not available yet" unless &files (as before the shell had them).
  const missing = params.has('files') ? [] : (params.get('missing') ?? FILE_COMMANDS).split(',').filter(Boolean);
  mock.missing(...missing);
  mockIPC(
    (cmd, args) => {
      // With the database closed only the error screen's own commands answer, until a restore.
      if (dbError && !WITHOUT_DB.includes(cmd)) {
        mock.log.push({ cmd, args: (args ?? {}) as Args });
        return Promise.reject({ ...dbError });
      }
      return mock.handle(cmd, (args ?? {}) as Args);
    },
    { shouldMockEvents: true },
  );
  const dev: DevMock = { backend: mock, calls: mock.log };
  (window as unknown as { __mock: DevMock }).__mock = dev;
  return dev;
}
