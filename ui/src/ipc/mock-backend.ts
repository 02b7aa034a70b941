// An in-memory stand-in for the shell's commands, for Vitest and for looking at the UI in a plain
// browser (`npm run dev`, then open /?mock). It follows the contract's shapes and the SPEC's rules
// closely enough to exercise every screen; it is never part of the production build.
import { addDays, addMonths, daysBetween } from '../lib/format';
import { luhnOk } from '../lib/iccid';
import type {
  AppInfo,
  BackupInfo,
  PickedFile,
  Carrier,
  Contact,
  ContactInput,
  Deposit,
  MaintenancePlan,
  Completion,
  Reminder,
  ReminderKind,
  Renewal,
  Repair,
  Settings,
  Sim,
  SimInstall,
  Terminal,
  TerminalKind,
  TerminalPatch,
  TerminalQuery,
  TerminalRow,
  TerminalStatus,
  Urgency,
  Lang,
  SimPatch,
  Interval,
  MaintenanceTask,
  RepairPatch,
  RepairClose,
  NewRepair,
  TerminalDetail,
  ReminderPage,
  ImportReport,
  ExportResult,
} from './types';

export interface MockOptions {
  terminals?: number;
  today?: string;
  empty?: boolean;
  /** Commands that answer `unknown_command`, as before the files issue lands. */
  missing?: string[];
  language?: Lang;
  osLang?: Lang;
  dbError?: { code: string; message: string };
}

type Args = Record<string, unknown>;

const BRANDS: [string, string[], TerminalKind][] = [
  ['PAX 百富', ['A920', 'S90', 'A8'], 'smart'],
  ['新大陆', ['ME31', 'N910', 'ME51'], 'e_sign'],
  ['联迪', ['A8', 'E550', 'M35'], 'traditional'],
  ['拉卡拉', ['Q1', 'L3'], 'qr_box'],
];
const PROVIDERS = ['邮政储蓄银行', '银联商务', '拉卡拉', '盛付通', '海科融通'];
const STORES = ['朝阳路店', '人民广场店', '火车站店', '万达广场店', '解放路店', '新华街店', '滨江店'];
const STATUSES: TerminalStatus[] = ['in_use', 'in_use', 'in_use', 'in_use', 'spare', 'in_repair'];
const CARRIERS: Carrier[] = ['china_mobile', 'china_unicom', 'china_telecom'];

/** `body` with the check digit that makes it pass the Luhn check. */
function luhnDigit(body: string): string {
  for (let d = 0; d < 10; d++) if (luhnOk(body + d)) return body + d;
  return body + '0';
}

/** The commands that answer while the database is closed (damaged, or never opened). */
const WITHOUT_DB = new Set([
  'app_info',
  'ui_ready',
  'backups',
  'pick_backup_file',
  'restore_backup',
  'restore_file',
  'plugin:event|listen',
  'plugin:event|unlisten',
]);

class ApiErr {
  constructor(
    public code: string,
    public message: string,
  ) {}
}

export class MockBackend {
  today: string;
  empty: boolean;
  missing: Set<string>;
  terminals: Terminal[] = [];
  sims: Sim[] = [];
  renewals = new Map<number, Renewal[]>();
  installs = new Map<number, SimInstall[]>();
  contacts: Contact[] = [];
  links = new Map<string, number[]>();
  deposits: Deposit[] = [];
  plans: MaintenancePlan[] = [];
  completions = new Map<number, Completion[]>();
  repairs: Repair[] = [];
  acks = new Map<string, { due: string; urgency: Urgency }>();
  snoozes = new Map<string, { due: string; until: string }>();
  settingsMap: Record<string, string> = {
    'lead.sim_expiry': '30',
    'lead.warranty_expiry': '30',
    'lead.deposit_deadline': '14',
    'lead.maintenance_due': '3',
    'lead.repair_overdue': '0',
    quiet_hours: '21:00-08:00',
    language: 'zh-CN',
    notifications: 'on',
    close_to_tray: 'on',
    autostart: 'off',
  };
  calls: { cmd: string; args: Args }[] = [];
  /** Like the shell: the language setting once the user set one, else the OS's. */
  langStored = false;
  osLang: Lang = 'zh-CN';
  dbError: { code: string; message: string } | null = null;
  /** What the next file dialog answers: a file name, or null for a cancelled dialog. */
  nextPick: string | null = '终端清单.xlsx';
  private picked = new Map<string, { purpose: string; name: string }>();
  private nextId = 1;
  private bySn = new Map<string, Terminal>();
  private simBySn = new Map<string, Sim>();

  constructor(opts: MockOptions = {}) {
    this.today = opts.today ?? '2026-11-22';
    this.empty = !!opts.empty;
    this.missing = new Set(opts.missing ?? []);
    if (opts.language) {
      this.settingsMap.language = opts.language;
      this.langStored = true;
    }
    if (opts.osLang) this.osLang = opts.osLang;
    this.dbError = opts.dbError ?? null;
    this.seedContacts();
    if (!opts.empty) this.generate(opts.terminals ?? 60);
  }

  private id() {
    return this.nextId++;
  }

  private seedContacts() {
    const c: [string, Contact['kind'], string, string][] = [
      ['邮政储蓄银行', 'bank', '95580', '7×24小时'],
      ['银联商务', 'payment_company', '95534', '7×24小时'],
      ['拉卡拉', 'payment_company', '95016', '8:00-22:00'],
      ['PAX 百富', 'manufacturer', '400-830-0238', '工作日 9:00-18:00'],
      ['中国移动', 'carrier', '10086', '7×24小时'],
    ];
    for (const [name, kind, phone, hours] of c) {
      this.contacts.push({ id: this.id(), name, kind, phone, hours, website: null, address: null, notes: null });
    }
  }

  generate(n: number) {
    const t0 = this.today;
    for (let i = 0; i < n; i++) {
      const [brand, models, kind] = BRANDS[i % BRANDS.length];
      const model = models[i % models.length];
      const sn = `${brand.startsWith('PAX') ? 'PAX' : brand === '新大陆' ? 'NL' : brand === '联迪' ? 'LD' : 'LKL'}${String(
        10000000 + i * 7919,
      ).slice(-8)}`;
      const activated = addDays(t0, -((i * 37) % 700) - 20);
      const term: Terminal = {
        id: this.id(),
        sn,
        brand,
        model,
        kind,
        provider: PROVIDERS[i % PROVIDERS.length],
        merchant_no: `8981${String(1000000000 + i * 31).slice(-11)}`,
        terminal_no: String(10000000 + i),
        store: STORES[i % STORES.length],
        status: STATUSES[i % STATUSES.length],
        acquired_on: addDays(activated, -5),
        activated_on: activated,
        warranty_until: addMonths(activated, i % 3 === 0 ? 12 : 24),
        warranty_provider: null,
        warranty_terms: null,
        warranty_lead_days: null,
        replaced_by: null,
        notes: null,
      };
      this.addT(term);
      this.links.set(sn, [this.contacts[i % 3].id, this.contacts[3].id]);
      if (kind !== 'qr_box') {
        const iccid = luhnDigit(`898600${String(1000000000000 + i * 104729).slice(-13)}`);
        const expires = addDays(t0, ((i * 53) % 400) - 12);
        const sim: Sim = {
          id: this.id(),
          iccid,
          msisdn: `1440${String(1000000 + i).slice(-7)}`,
          carrier: CARRIERS[i % 3],
          form: i % 4 === 0 ? 'embedded' : 'physical',
          plan: '物联网卡 30M/月',
          quota_mb: 30,
          annual_fee: [4500, 6000, 9900][i % 3],
          paid_by: i % 2 ? 'merchant' : 'provider',
          activated_on: activated,
          expires_on: expires,
          status: 'active',
          terminal_sn: sn,
          lead_days: null,
          luhn_ok: true,
          notes: null,
        };
        this.addS(sim);
        this.installs.set(sim.id, [{ terminal_sn: sn, installed_on: activated, removed_on: null }]);
        if (i % 5 === 0) {
          this.renewals.set(sim.id, [
            { id: this.id(), renewed_on: addDays(expires, -380), old_expires_on: addDays(expires, -365), new_expires_on: expires, fee: sim.annual_fee },
          ]);
        }
      }
      if (i % 4 === 1) {
        this.deposits.push({
          id: this.id(),
          terminal_sn: sn,
          amount: [9900, 19900, 29900][i % 3],
          paid_on: activated,
          condition: '10个月内刷满30万',
          volume_target: 30000000,
          deadline: addDays(t0, ((i * 17) % 60) - 5),
          refunded_on: null,
          status: 'held',
          lead_days: null,
        });
      }
      if (i % 3 === 0) {
        const task: MaintenanceTask = (['clean', 'paper', 'software_update'] as const)[i % 3];
        const interval: Interval = { unit: 'months', n: 1 };
        const pid = this.id();
        const last = addDays(t0, -((i * 11) % 35));
        this.plans.push({
          id: pid,
          terminal_sn: sn,
          task,
          interval,
          starts_on: activated,
          lead_days: null,
          mode: 'from_completion',
          last_done_on: last,
          next_due_on: addMonths(last, 1),
        });
        this.completions.set(pid, [{ id: this.id(), done_on: last, note: null }]);
      }
      if (term.status === 'in_repair') {
        this.repairs.push(this.newRepair(sn, {
          fault: (['printer', 'no_power', 'network', 'card_reader'] as const)[i % 4],
          opened_on: addDays(t0, -((i % 12) + 2)),
          ticket_no: `FW${20261100 + i}`,
          agent: ['王小姐', '李先生', '张工'][i % 3],
          contact: PROVIDERS[i % PROVIDERS.length],
          channel: 'send_in',
          expected_back_on: addDays(t0, (i % 9) - 4),
          under_warranty: true,
        }));
      }
    }
    this.empty = this.terminals.length === 0;
  }

  private newRepair(sn: string, r: NewRepair): Repair {
    return {
      id: this.id(),
      terminal_sn: sn,
      opened_on: r.opened_on,
      fault: r.fault,
      description: r.description ?? null,
      contact: r.contact ?? null,
      agent: r.agent ?? null,
      ticket_no: r.ticket_no ?? null,
      channel: r.channel ?? null,
      status: 'open',
      expected_back_on: r.expected_back_on ?? null,
      cost: null,
      under_warranty: r.under_warranty ?? null,
      documents: ['business_licence', 'account_permit', 'id_card', 'purchase_proof', 'warranty_card'].map((item) => ({ item, done: false })),
      tests: ['card_swipe', 'chip_insert', 'contactless_tap', 'pin_entry', 'qr_scan', 'receipt_print', 'network', 'settlement'].map((item) => ({ item, done: false })),
      deregistration: [],
      result: null,
      closed_on: null,
      new_warranty_until: null,
      replaced_by: null,
      lead_days: null,
    };
  }

  private addT(t: Terminal) {
    this.terminals.push(t);
    this.bySn.set(t.sn.toLowerCase(), t);
  }

  /** The card in this terminal comes out (like the core's sims::place). */
  private takeOut(sn: string) {
    const old = this.simBySn.get(sn);
    if (!old) return;
    old.terminal_sn = null;
    this.simBySn.delete(sn);
    for (const i of this.installs.get(old.id) ?? []) if (!i.removed_on) i.removed_on = this.today;
  }

  private addS(s: Sim) {
    this.sims.push(s);
    if (s.terminal_sn) this.simBySn.set(s.terminal_sn, s);
  }

  private term(sn: string): Terminal {
    const t = this.bySn.get(sn.trim().toLowerCase());
    if (!t) throw new ApiErr('terminal_not_found', `no terminal with SN '${sn}'`);
    return t;
  }

  private ref(t: Terminal) {
    return { sn: t.sn, brand: t.brand, model: t.model, store: t.store, status: t.status };
  }

  private lead(kind: ReminderKind) {
    return Number(this.settingsMap[`lead.${kind}`]);
  }

  settingsValue(): Settings {
    const q = this.settingsMap.quiet_hours;
    const [a, b] = q === 'off' ? ['', ''] : q.split('-');
    return {
      lead_sim_expiry: this.lead('sim_expiry'),
      lead_warranty_expiry: this.lead('warranty_expiry'),
      lead_deposit_deadline: this.lead('deposit_deadline'),
      lead_maintenance_due: this.lead('maintenance_due'),
      lead_repair_overdue: this.lead('repair_overdue'),
      quiet_hours: q === 'off' ? null : { start: a + ':00', end: b + ':00' },
      language: this.settingsMap.language as Lang,
      notifications: this.settingsMap.notifications === 'on',
      close_to_tray: this.settingsMap.close_to_tray === 'on',
      autostart: this.settingsMap.autostart === 'on',
    };
  }

  reminders(asOf = this.today): Reminder[] {
    const out: Reminder[] = [];
    const lang = this.langStored ? (this.settingsMap.language as Lang) : this.osLang;
    const label = (k: ReminderKind) =>
      ({
        sim_expiry: ['流量卡到期', '流量卡到期', 'SIM card expiry'],
        warranty_expiry: ['保修到期', '保修到期', 'Warranty expiry'],
        deposit_deadline: ['押金返还截止', '押金返還截止', 'Deposit deadline'],
        maintenance_due: ['保养到期', '保養到期', 'Maintenance due'],
        repair_overdue: ['维修逾期', '維修逾期', 'Repair overdue'],
      })[k][lang === 'en' ? 2 : lang === 'zh-TW' ? 1 : 0];
    const push = (kind: ReminderKind, key: string, due: string, lead: number, t: Terminal | null, iccid: string | null, extra = '') => {
      const days = daysBetween(asOf, due);
      if (days > lead) return;
      if (kind === 'warranty_expiry' && days < -30) return;
      const snooze = this.snoozes.get(key);
      if (snooze && snooze.due === due && asOf < snooze.until) return;
      const urgency: Urgency = days < 0 ? 'overdue' : days === 0 ? 'today' : days <= 7 ? 'soon' : 'upcoming';
      const ack = this.acks.get(key);
      const who = t ? [[t.brand, t.model].filter(Boolean).join(' '), t.store, `SN ${t.sn}`].filter(Boolean).join(' · ') : '';
      out.push({
        key,
        kind,
        due_on: due,
        days_left: days,
        urgency,
        title: `${label(kind)}${extra}${lang === 'en' ? ': ' : '：'}${who}`,
        terminal_sn: t?.sn ?? null,
        iccid,
        acknowledged: !!ack && ack.due === due && ack.urgency === urgency,
        snoozed_until: snooze && snooze.due === due ? snooze.until : null,
        lead_days: lead,
        terminal: t ? this.ref(t) : null,
      });
    };
    for (const s of this.sims) {
      if (s.status !== 'active' || !s.expires_on) continue;
      const t = s.terminal_sn ? this.term(s.terminal_sn) : null;
      push('sim_expiry', `sim_expiry:${s.iccid}`, s.expires_on, s.lead_days ?? this.lead('sim_expiry'), t, s.iccid);
    }
    for (const t of this.terminals) {
      if (!t.warranty_until || ['replaced', 'deregistered', 'lost'].includes(t.status)) continue;
      push('warranty_expiry', `warranty_expiry:${t.sn}`, t.warranty_until, t.warranty_lead_days ?? this.lead('warranty_expiry'), t, null);
    }
    for (const d of this.deposits) {
      if (d.status !== 'held') continue;
      push('deposit_deadline', `deposit_deadline:${d.id}`, d.deadline, d.lead_days ?? this.lead('deposit_deadline'), this.term(d.terminal_sn), null, ` ¥${(d.amount / 100).toFixed(2)}`);
    }
    for (const p of this.plans) {
      const t = this.term(p.terminal_sn);
      if (!['in_use', 'spare'].includes(t.status)) continue;
      push('maintenance_due', `maintenance_due:${p.id}`, p.next_due_on, p.lead_days ?? this.lead('maintenance_due'), t, null);
    }
    for (const r of this.repairs) {
      if (r.status === 'closed' || r.status === 'replaced') continue;
      push('repair_overdue', `repair_overdue:${r.id}`, r.expected_back_on ?? addDays(r.opened_on, 7), r.lead_days ?? this.lead('repair_overdue'), this.term(r.terminal_sn), null);
    }
    out.sort((a, b) => (a.due_on < b.due_on ? -1 : a.due_on > b.due_on ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.key < b.key ? -1 : 1));
    return out;
  }

  row(t: Terminal): TerminalRow {
    const found = this.simBySn.get(t.sn);
    const sim = found && found.status === 'active' ? found : undefined;
    return {
      sn: t.sn,
      brand: t.brand,
      model: t.model,
      kind: t.kind,
      provider: t.provider,
      merchant_no: t.merchant_no,
      store: t.store,
      status: t.status,
      activated_on: t.activated_on,
      warranty_until: t.warranty_until,
      iccid: sim?.iccid ?? null,
      sim_expires_on: sim?.expires_on ?? null,
    };
  }

  list(q: TerminalQuery) {
    let rows = this.terminals.map((t) => this.row(t));
    const s = q.search?.trim();
    if (s) {
      const l = s.toLowerCase();
      rows = rows.filter(
        (r) =>
          r.sn.toLowerCase().startsWith(l) ||
          (r.store ?? '').includes(s) ||
          (r.merchant_no ?? '').startsWith(s) ||
          (/^\d+$/.test(s) && (r.iccid ?? '').startsWith(s)),
      );
    }
    if (q.status) rows = rows.filter((r) => r.status === q.status);
    if (q.kind) rows = rows.filter((r) => r.kind === q.kind);
    if (q.provider) rows = rows.filter((r) => r.provider === q.provider);
    if (q.store) rows = rows.filter((r) => r.store === q.store);
    const key = q.sort as keyof TerminalRow;
    const dir = q.descending ? -1 : 1;
    rows.sort((a, b) => {
      const x = (a[key] ?? '') as string;
      const y = (b[key] ?? '') as string;
      if (x !== y) return (x < y ? -1 : 1) * dir;
      return (a.sn < b.sn ? -1 : 1) * dir;
    });
    const limit = Math.min(q.limit || 50, 200);
    return { total: rows.length, rows: rows.slice(q.offset, q.offset + limit) };
  }

  detail(sn: string): TerminalDetail {
    const t = this.term(sn);
    const sim = this.simBySn.get(t.sn);
    return {
      terminal: t,
      sim: sim ? { sim, renewals: this.renewals.get(sim.id) ?? [], installs: this.installs.get(sim.id) ?? [] } : null,
      deposits: this.deposits.filter((d) => d.terminal_sn === t.sn),
      plans: this.plans.filter((p) => p.terminal_sn === t.sn).map((plan) => ({ plan, completions: this.completions.get(plan.id) ?? [] })),
      repairs: this.repairs.filter((r) => r.terminal_sn === t.sn),
      contacts: (this.links.get(t.sn) ?? []).map((id) => this.contacts.find((c) => c.id === id)!).filter(Boolean),
    };
  }

  private applyPatch(t: Terminal, p: TerminalPatch) {
    const text = ['brand', 'model', 'provider', 'merchant_no', 'terminal_no', 'store', 'warranty_provider', 'warranty_terms', 'notes'] as const;
    for (const k of text) {
      const v = p[k];
      if (v != null) t[k] = v.trim() === '' ? null : v.trim();
    }
    if (p.kind != null) t.kind = p.kind;
    if (p.status != null) t.status = p.status;
    if (p.acquired_on != null) t.acquired_on = p.acquired_on;
    if (p.activated_on != null) t.activated_on = p.activated_on;
    if (p.warranty_lead_days != null) t.warranty_lead_days = p.warranty_lead_days;
    if (p.warranty_until != null) t.warranty_until = p.warranty_until;
    else if (p.warranty_months != null) {
      if (!t.activated_on) throw new ApiErr('invalid_number', 'months are counted from the activation date, which is not set');
      t.warranty_until = addMonths(t.activated_on, p.warranty_months);
    }
  }

  private applySim(s: Sim, p: SimPatch) {
    for (const k of ['msisdn', 'plan', 'notes'] as const) {
      const v = p[k];
      if (v != null) s[k] = v.trim() === '' ? null : v;
    }
    if (p.carrier != null) s.carrier = p.carrier;
    if (p.form != null) s.form = p.form;
    if (p.quota_mb != null) s.quota_mb = p.quota_mb;
    if (p.annual_fee != null) s.annual_fee = p.annual_fee;
    if (p.paid_by != null) s.paid_by = p.paid_by;
    if (p.activated_on != null) s.activated_on = p.activated_on;
    if (p.expires_on != null) s.expires_on = p.expires_on;
    if (p.lead_days != null) s.lead_days = p.lead_days;
  }

  checkIccid(iccid: string) {
    const s = iccid.trim();
    const valid = /^89\d{17,18}$/.test(s);
    const luhnOk = valid && luhnDigit(s.slice(0, -1)) === s;
    let suggestedCarrier: Carrier | null = null;
    if (s.startsWith('8986') && s.length >= 6) {
      const c = s.slice(4, 6);
      if (['00', '02', '04', '07', '08', '13'].includes(c)) suggestedCarrier = 'china_mobile';
      else if (['01', '06', '09', '10'].includes(c)) suggestedCarrier = 'china_unicom';
      else if (['03', '05', '11'].includes(c)) suggestedCarrier = 'china_telecom';
    }
    return { valid, luhnOk, suggestedCarrier };
  }

  /** Another program damages the file: like the shell, every later call that needs the
   * database answers `db_damaged` (and `app_info` reports it). */
  damage() {
    this.dbError = { code: 'db_damaged', message: 'the database /home/user/poskeeper.db is damaged: malformed' };
  }

  /** A file the user "picked" for `purpose`, remembered under a token as the shell does. */
  private pick(purpose: string, name: string | null): PickedFile | null {
    if (name === null) return null;
    const token = `${purpose}-${this.picked.size + 1}`;
    this.picked.set(token, { purpose, name });
    return { token, name };
  }

  private pickedFor(token: unknown, purpose: string): { purpose: string; name: string } {
    const p = this.picked.get(String(token));
    if (!p || !p.purpose.startsWith(purpose)) throw new ApiErr('file_not_picked', 'choose the file again');
    return p;
  }

  /** Answers one command as the shell would: a value, or throws {code, message}. */
  handle(cmd: string, a: Args): unknown {
    this.calls.push({ cmd, args: a });
    if (this.missing.has(cmd)) throw `command ${cmd} not found`;
    try {
      // With the database closed only these still answer (the error screen's own calls).
      if (this.dbError && !WITHOUT_DB.has(cmd)) throw new ApiErr(this.dbError.code, this.dbError.message);
      // A copy, as over real IPC: the UI never holds the backend's own objects.
      const v = this.dispatch(cmd, a);
      return v === undefined ? v : structuredClone(v);
    } catch (e) {
      if (e instanceof ApiErr) throw { code: e.code, message: e.message };
      throw e;
    }
  }

  private dispatch(cmd: string, a: Args): unknown {
    const str = (k: string) => a[k] as string;
    switch (cmd) {
      case 'app_info':
        return {
          version: '0.1.0',
          dbPath: '/home/user/.local/share/com.poskeeper.app/poskeeper.db',
          language: this.langStored ? (this.settingsMap.language as Lang) : this.osLang,
          today: this.today,
          empty: this.terminals.length === 0,
          dbError: this.dbError,
        } satisfies AppInfo;
      case 'ui_ready':
        return null;
      case 'reminders': {
        const all = this.reminders((a.asOf as string) ?? this.today);
        const counts = { overdue: 0, today: 0, soon: 0, upcoming: 0 };
        for (const r of all) counts[r.urgency]++;
        const sel = a.urgency ? all.filter((r) => r.urgency === a.urgency) : all;
        const offset = (a.offset as number) ?? 0;
        const limit = Math.min((a.limit as number) || 200, 200);
        return {
          total: sel.length,
          counts,
          due: all.filter((r) => !r.acknowledged).length,
          rows: sel.slice(offset, offset + limit),
        } satisfies ReminderPage;
      }
      case 'acknowledge': {
        const r = this.reminders((a.asOf as string) ?? this.today).find((x) => x.key === str('key'));
        if (!r) throw new ApiErr('reminder_not_found', `no reminder with key '${str('key')}'`);
        this.acks.set(r.key, { due: r.due_on, urgency: r.urgency });
        return r.urgency;
      }
      case 'snooze': {
        const r = this.reminders().find((x) => x.key === str('key'));
        if (!r) throw new ApiErr('reminder_not_found', `no reminder with key '${str('key')}'`);
        this.snoozes.set(r.key, { due: r.due_on, until: str('until') });
        return r.due_on;
      }
      case 'list_terminals':
        return this.list(a.query as TerminalQuery);
      case 'terminal_detail':
        return this.detail(str('sn'));
      case 'add_terminal': {
        const sn = str('sn').trim();
        if (!sn) throw new ApiErr('invalid_sn', `invalid SN '${sn}': empty`);
        if (this.bySn.has(sn.toLowerCase())) throw new ApiErr('duplicate_sn', `a terminal with SN '${sn}' already exists`);
        const t: Terminal = {
          id: this.id(), sn, brand: null, model: null, kind: null, provider: null, merchant_no: null, terminal_no: null, store: null,
          status: 'in_use', acquired_on: null, activated_on: null, warranty_until: null, warranty_provider: null, warranty_terms: null,
          warranty_lead_days: null, replaced_by: null, notes: null,
        };
        this.applyPatch(t, a.patch as TerminalPatch);
        this.addT(t);
        return sn;
      }
      case 'set_terminal': {
        const t = this.term(str('sn'));
        const before = JSON.stringify(t);
        this.applyPatch(t, a.patch as TerminalPatch);
        return JSON.stringify(t) !== before;
      }
      case 'check_iccid':
        return this.checkIccid(str('iccid'));
      case 'add_sim': {
        const c = this.checkIccid(str('iccid'));
        if (!c.valid) throw new ApiErr('invalid_iccid', `invalid ICCID '${str('iccid')}'`);
        if (this.sims.some((s) => s.iccid === str('iccid'))) throw new ApiErr('duplicate_iccid', `a SIM card with ICCID '${str('iccid')}' already exists`);
        const sn = a.terminalSn as string | undefined;
        const s: Sim = {
          id: this.id(), iccid: str('iccid'), msisdn: null, carrier: null, form: 'physical', plan: null, quota_mb: null, annual_fee: null,
          paid_by: null, activated_on: null, expires_on: null, status: 'active', terminal_sn: sn ? this.term(sn).sn : null, lead_days: null,
          luhn_ok: c.luhnOk, notes: null,
        };
        this.applySim(s, a.patch as SimPatch);
        if (s.terminal_sn) this.takeOut(s.terminal_sn);
        this.addS(s);
        if (sn) this.installs.set(s.id, [{ terminal_sn: sn, installed_on: this.today, removed_on: null }]);
        return { luhnOk: c.luhnOk };
      }
      case 'set_sim': {
        const s = this.sims.find((x) => x.iccid === str('iccid'));
        if (!s) throw new ApiErr('sim_not_found', `no SIM card with ICCID '${str('iccid')}'`);
        this.applySim(s, a.patch as SimPatch);
        return true;
      }
      case 'assign_sim': {
        const s = this.sims.find((x) => x.iccid === str('iccid'));
        if (!s) throw new ApiErr('sim_not_found', `no SIM card with ICCID '${str('iccid')}'`);
        const t = this.term(str('terminalSn'));
        if (s.terminal_sn) {
          this.simBySn.delete(s.terminal_sn);
          for (const i of this.installs.get(s.id) ?? []) if (!i.removed_on) i.removed_on = this.today;
        }
        this.takeOut(t.sn);
        s.terminal_sn = t.sn;
        this.simBySn.set(t.sn, s);
        this.installs.set(s.id, [...(this.installs.get(s.id) ?? []), { terminal_sn: t.sn, installed_on: this.today, removed_on: null }]);
        return null;
      }
      case 'cancel_sim': {
        const s = this.sims.find((x) => x.iccid === str('iccid'));
        if (!s) throw new ApiErr('sim_not_found', `no SIM card with ICCID '${str('iccid')}'`);
        if (s.status === 'cancelled') return false;
        s.status = 'cancelled';
        return true;
      }
      case 'renew_sim': {
        const s = this.sims.find((x) => x.iccid === str('iccid'));
        if (!s) throw new ApiErr('sim_not_found', `no SIM card with ICCID '${str('iccid')}'`);
        if (s.expires_on && str('until') <= s.expires_on) throw new ApiErr('invalid_state', `the renewal date must be after the current expiry ${s.expires_on}`);
        const r: Renewal = { id: this.id(), renewed_on: (a.on as string) ?? this.today, old_expires_on: s.expires_on, new_expires_on: str('until'), fee: (a.fee as number) ?? null };
        s.expires_on = str('until');
        this.renewals.set(s.id, [...(this.renewals.get(s.id) ?? []), r]);
        return r;
      }
      case 'settle_deposit': {
        const d = this.deposits.find((x) => x.id === a.id);
        if (!d) throw new ApiErr('not_found', `no deposit with ID ${a.id}`);
        d.status = a.status as Deposit['status'];
        d.refunded_on = d.status === 'refunded' ? ((a.on as string) ?? this.today) : null;
        return null;
      }
      case 'add_deposit': {
        const nd = a.deposit as Deposit;
        const id = this.id();
        this.deposits.push({ id, terminal_sn: this.term(str('sn')).sn, amount: nd.amount, paid_on: nd.paid_on ?? null, condition: nd.condition ?? null, volume_target: nd.volume_target ?? null, deadline: nd.deadline, refunded_on: null, status: 'held', lead_days: nd.lead_days ?? null });
        return id;
      }
      case 'add_plans': {
        const np = a.plan as MaintenancePlan;
        const targets = a.sn ? [this.term(str('sn'))] : this.terminals.filter((t) => t.status === 'in_use' || t.status === 'spare');
        return targets.map((t) => {
          const id = this.id();
          this.plans.push({ id, terminal_sn: t.sn, task: np.task, interval: np.interval, starts_on: np.starts_on, lead_days: np.lead_days, mode: np.mode, last_done_on: null, next_due_on: np.starts_on });
          return id;
        });
      }
      case 'complete_plan': {
        const p = this.plans.find((x) => x.id === a.id);
        if (!p) throw new ApiErr('not_found', `no maintenance plan with ID ${a.id}`);
        const on = (a.on as string) ?? this.today;
        p.last_done_on = on;
        const { unit, n } = p.interval;
        p.next_due_on = unit === 'months' ? addMonths(on, n) : addDays(on, unit === 'weeks' ? 7 * n : n);
        this.completions.set(p.id, [...(this.completions.get(p.id) ?? []), { id: this.id(), done_on: on, note: (a.note as string) ?? null }]);
        return p.next_due_on;
      }
      case 'open_repair': {
        const t = this.term(str('sn'));
        const r = this.newRepair(t.sn, a.repair as NewRepair);
        this.repairs.push(r);
        t.status = 'in_repair';
        return r.id;
      }
      case 'update_repair': {
        const r = this.repairs.find((x) => x.id === a.id);
        if (!r) throw new ApiErr('not_found', `no repair ticket with ID ${a.id}`);
        const p = a.patch as RepairPatch;
        const fields = ['status', 'description', 'contact', 'agent', 'ticket_no', 'channel', 'expected_back_on', 'cost', 'under_warranty'] as const;
        if (p.status === 'closed' || p.status === 'replaced') throw new ApiErr('invalid_state', 'use `repair close` to finish a ticket');
        // Like the core (store/repairs.rs): a finished ticket is refused, except that a replaced one
        // still takes ticks of its deregistration checklist when that is all the patch asks.
        const onlyDereg = fields.every((k) => p[k] == null) && !(p.documents_done ?? []).length && !(p.tests_passed ?? []).length;
        if ((r.status === 'closed' || r.status === 'replaced') && !(r.status === 'replaced' && onlyDereg)) {
          throw new ApiErr('invalid_state', `repair ticket ${r.id} is already finished`);
        }
        // Unknown items refuse the whole patch (the core's transaction writes nothing).
        const check = (list: { item: string }[], names: string[] | undefined, field: string) => {
          for (const n of names ?? []) {
            if (!list.some((c) => c.item === n.trim())) {
              throw new ApiErr('invalid_value', `invalid ${field}: '${n}' (allowed: ${list.map((c) => c.item).join(', ')})`);
            }
          }
        };
        check(r.documents, p.documents_done, 'document');
        check(r.tests, p.tests_passed, 'test');
        check(r.deregistration, p.deregistration_done, 'step');
        if (p.status) r.status = p.status;
        for (const k of fields) {
          if (k !== 'status' && p[k] != null) (r as unknown as Record<string, unknown>)[k] = p[k];
        }
        const tick = (list: { item: string; done: boolean }[], names: string[] | undefined) => {
          for (const n of names ?? []) list.forEach((c) => c.item === n.trim() && (c.done = true));
        };
        tick(r.documents, p.documents_done);
        tick(r.tests, p.tests_passed);
        tick(r.deregistration, p.deregistration_done);
        return r;
      }
      case 'close_repair': {
        const r = this.repairs.find((x) => x.id === a.id);
        if (!r) throw new ApiErr('not_found', `no repair ticket with ID ${a.id}`);
        const c = a.close as RepairClose;
        if (r.status === 'closed' || r.status === 'replaced') throw new ApiErr('invalid_state', `repair ticket ${r.id} is already finished`);
        if (c.replaced_by && this.term(c.replaced_by).sn === r.terminal_sn) {
          throw new ApiErr('invalid_state', `a terminal cannot replace itself: ${r.terminal_sn}`);
        }
        r.closed_on = c.closed_on ?? this.today;
        r.result = c.result ?? null;
        r.cost = c.cost ?? r.cost;
        const t = this.term(r.terminal_sn);
        if (c.replaced_by) {
          const n = this.term(c.replaced_by);
          r.status = 'replaced';
          r.replaced_by = n.sn;
          t.status = 'replaced';
          t.replaced_by = n.sn;
          r.deregistration = ['settle_pending', 'deregister_with_provider', 'move_or_cancel_sim', 'return_old_device', 'claim_deposit'].map((item) => ({ item, done: false }));
        } else {
          r.status = 'closed';
          t.status = 'in_use';
          if (c.warranty_until) {
            r.new_warranty_until = c.warranty_until;
            t.warranty_until = c.warranty_until;
          }
        }
        return r;
      }
      case 'open_repairs': {
        const open = this.repairs.filter((r) => r.status !== 'closed' && r.status !== 'replaced');
        const offset = (a.offset as number) ?? 0;
        return open.slice(offset, offset + Math.min((a.limit as number) || 200, 200));
      }
      case 'finished_repairs': {
        const status = str('status');
        if (status !== 'closed' && status !== 'replaced') throw new ApiErr('invalid_value', `not a finished status: ${status}`);
        const done = this.repairs
          .filter((r) => r.status === status)
          .sort((x, y) => ((x.closed_on ?? '') < (y.closed_on ?? '') ? 1 : (x.closed_on ?? '') > (y.closed_on ?? '') ? -1 : y.id - x.id));
        const offset = (a.offset as number) ?? 0;
        return done.slice(offset, offset + Math.min((a.limit as number) || 200, 200));
      }
      case 'contacts':
        return [...this.contacts].sort((x, y) => (x.name < y.name ? -1 : 1));
      case 'add_contact': {
        const c = a.contact as ContactInput;
        if (this.contacts.some((x) => x.name === c.name.trim())) throw new ApiErr('duplicate_contact', `a contact named '${c.name}' already exists`);
        const id = this.id();
        this.contacts.push({ id, name: c.name.trim(), kind: c.kind ?? 'other', phone: c.phone ?? null, hours: c.hours ?? null, website: c.website ?? null, address: c.address ?? null, notes: c.notes ?? null });
        return id;
      }
      case 'link_contact': {
        const c = this.contacts.find((x) => x.name === str('name'));
        if (!c) throw new ApiErr('contact_not_found', `no contact named '${str('name')}'`);
        const t = this.term(str('sn'));
        this.links.set(t.sn, [...new Set([...(this.links.get(t.sn) ?? []), c.id])]);
        return null;
      }
      case 'store_names':
        return [...new Set(this.terminals.map((t) => t.store).filter((s): s is string => !!s))].sort();
      case 'settings':
        return this.settingsValue();
      case 'set_setting': {
        const k = str('key');
        if (!(k in this.settingsMap)) throw new ApiErr('unknown_setting', `unknown setting '${k}'`);
        this.settingsMap[k] = str('value');
        if (k === 'language') this.langStored = true;
        return str('value');
      }
      case 'load_demo': {
        if (this.terminals.length) throw new ApiErr('invalid_state', 'the database already holds terminals');
        this.generate(a.terminals as number);
        return { terminals: this.terminals.length, sims: this.sims.length, deposits: this.deposits.length, plans: this.plans.length, repairs: this.repairs.length, contacts: this.contacts.length };
      }
      case 'pick_import_file':
        return this.pick('import', this.nextPick);
      case 'pick_export_file': {
        const name = (a.suggestedName as string | undefined) ?? `poskeeper.${str('format')}`;
        return this.pick(`export:${str('format')}`, this.nextPick === null ? null : name);
      }
      case 'pick_backup_file':
        return this.pick('backup', this.nextPick === null ? null : 'poskeeper-U盘备份.db');
      case 'import_file': {
        this.pickedFor(a.token, 'import');
        const problems = [
          { line: 7, column: '流量卡到期', value: '2026-02-30', code: 'invalid_date', reason: '日期无效：“2026-02-30”' },
          { line: 12, column: 'ICCID', value: '8986001', code: 'invalid_iccid', reason: 'ICCID“8986001”无效' },
        ];
        const dry = !!a.dryRun;
        const skip = !!a.skipInvalid;
        const committed = !dry && skip;
        return {
          rows: 120, new: 100, updated: 16, unchanged: 2, invalid: 2, committed, dry_run: dry, format: 'xlsx', encoding: null,
          sheet: 'Sheet1', ignored_columns: ['联系人'], problems, problems_not_listed: 0, warnings: [],
          backup: committed ? '/home/user/.local/share/com.poskeeper.app/backups/poskeeper-before-import.db' : null,
        } satisfies ImportReport;
      }
      case 'export_file': {
        const { name } = this.pickedFor(a.token, 'export');
        return { path: `/home/user/文档/${name}`, items: this.terminals.length } satisfies ExportResult;
      }
      case 'backups':
        return [
          { name: 'poskeeper-2026-11-22.db', taken_at: '2026-11-22T01:00:00Z', bytes: 1_203_200 },
          { name: 'poskeeper-2026-11-21.db', taken_at: '2026-11-21T01:00:00Z', bytes: 1_198_080 },
        ] satisfies BackupInfo[];
      case 'restore_backup':
        if (!['poskeeper-2026-11-22.db', 'poskeeper-2026-11-21.db'].includes(str('name')))
          throw new ApiErr('backup_not_found', `no backup named "${str('name')}"`);
        this.dbError = null;
        return null;
      case 'restore_file':
        this.pickedFor(a.token, 'backup');
        this.dbError = null;
        return null;
      case 'plugin:event|listen':
        return 1;
      case 'plugin:event|unlisten':
        return null;
      default:
        throw `command ${cmd} not found`;
    }
  }
}
