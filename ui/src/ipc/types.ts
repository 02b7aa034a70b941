// TypeScript shapes of the core's serde types (src/domain, src/reminders, src/store) and of the
// shell's own command results (docs/ipc-contract). Dates are "YYYY-MM-DD" strings; money is
// integer fen. When the shell's ts-rs bindings (./bindings/) exist, they are the source of truth.

export type DateStr = string;
export type Fen = number;

export type TerminalKind = 'traditional' | 'e_sign' | 'smart' | 'qr_box' | 'other';
export type TerminalStatus = 'in_use' | 'spare' | 'in_repair' | 'replaced' | 'deregistered' | 'lost';
export type Carrier = 'china_mobile' | 'china_unicom' | 'china_telecom' | 'other';
export type SimForm = 'physical' | 'embedded';
export type SimStatus = 'active' | 'cancelled';
export type Payer = 'merchant' | 'provider';
export type ContactKind =
  | 'bank'
  | 'payment_company'
  | 'manufacturer'
  | 'carrier'
  | 'repair_centre'
  | 'third_party_repair'
  | 'other';
export type DepositStatus = 'held' | 'refunded' | 'forfeited';
export type MaintenanceMode = 'fixed' | 'from_completion';
export type RepairFault =
  | 'no_power'
  | 'screen'
  | 'keypad'
  | 'printer'
  | 'card_reader'
  | 'network'
  | 'system'
  | 'transaction_error'
  | 'other';
export type RepairChannel = 'remote' | 'onsite' | 'send_in' | 'third_party';
export type RepairStatus = 'open' | 'diagnosing' | 'in_repair' | 'ready' | 'closed' | 'replaced';
export type ReminderKind =
  | 'deposit_deadline'
  | 'maintenance_due'
  | 'repair_overdue'
  | 'sim_expiry'
  | 'warranty_expiry';
export type Urgency = 'upcoming' | 'soon' | 'today' | 'overdue';
export type Lang = 'zh-CN' | 'zh-TW' | 'en';

/** serde: unit variants as strings, `Custom(text)` as `{ custom: text }`. */
export type MaintenanceTask =
  | 'clean'
  | 'paper'
  | 'software_update'
  | 'inspect_cables'
  | 'backup'
  | { custom: string };

/** serde(tag = "unit", content = "n"). */
export type Interval = { unit: 'days' | 'weeks' | 'months'; n: number };

export interface Terminal {
  id: number;
  sn: string;
  brand: string | null;
  model: string | null;
  kind: TerminalKind | null;
  provider: string | null;
  merchant_no: string | null;
  terminal_no: string | null;
  store: string | null;
  status: TerminalStatus;
  acquired_on: DateStr | null;
  activated_on: DateStr | null;
  warranty_until: DateStr | null;
  warranty_provider: string | null;
  warranty_terms: string | null;
  warranty_lead_days: number | null;
  replaced_by: string | null;
  notes: string | null;
}

/** `null`/absent leaves a field as it is; for text, "" clears it. */
export interface TerminalPatch {
  brand?: string | null;
  model?: string | null;
  kind?: TerminalKind | null;
  provider?: string | null;
  merchant_no?: string | null;
  terminal_no?: string | null;
  store?: string | null;
  status?: TerminalStatus | null;
  acquired_on?: DateStr | null;
  activated_on?: DateStr | null;
  warranty_until?: DateStr | null;
  warranty_months?: number | null;
  warranty_provider?: string | null;
  warranty_terms?: string | null;
  warranty_lead_days?: number | null;
  notes?: string | null;
}

export interface Sim {
  id: number;
  iccid: string;
  msisdn: string | null;
  carrier: Carrier | null;
  form: SimForm;
  plan: string | null;
  quota_mb: number | null;
  annual_fee: Fen | null;
  paid_by: Payer | null;
  activated_on: DateStr | null;
  expires_on: DateStr | null;
  status: SimStatus;
  terminal_sn: string | null;
  lead_days: number | null;
  luhn_ok: boolean;
  notes: string | null;
}

export interface SimPatch {
  msisdn?: string | null;
  carrier?: Carrier | null;
  form?: SimForm | null;
  plan?: string | null;
  quota_mb?: number | null;
  annual_fee?: Fen | null;
  paid_by?: Payer | null;
  activated_on?: DateStr | null;
  expires_on?: DateStr | null;
  lead_days?: number | null;
  notes?: string | null;
}

export interface Renewal {
  id: number;
  renewed_on: DateStr;
  old_expires_on: DateStr | null;
  new_expires_on: DateStr;
  fee: Fen | null;
}

export interface SimInstall {
  terminal_sn: string;
  installed_on: DateStr;
  removed_on: DateStr | null;
}

export interface SimDetail {
  sim: Sim;
  renewals: Renewal[];
  installs: SimInstall[];
}

export interface Contact {
  id: number;
  name: string;
  kind: ContactKind;
  phone: string | null;
  hours: string | null;
  website: string | null;
  address: string | null;
  notes: string | null;
}

export interface ContactInput {
  name: string;
  kind?: ContactKind | null;
  phone?: string | null;
  hours?: string | null;
  website?: string | null;
  address?: string | null;
  notes?: string | null;
}

export interface Deposit {
  id: number;
  terminal_sn: string;
  amount: Fen;
  paid_on: DateStr | null;
  condition: string | null;
  volume_target: Fen | null;
  deadline: DateStr;
  refunded_on: DateStr | null;
  status: DepositStatus;
  lead_days: number | null;
}

export interface NewDeposit {
  amount: Fen;
  deadline: DateStr;
  paid_on?: DateStr | null;
  condition?: string | null;
  volume_target?: Fen | null;
  lead_days?: number | null;
}

export interface MaintenancePlan {
  id: number;
  terminal_sn: string;
  task: MaintenanceTask;
  interval: Interval;
  starts_on: DateStr;
  lead_days: number | null;
  mode: MaintenanceMode;
  last_done_on: DateStr | null;
  next_due_on: DateStr;
}

export interface NewPlan {
  task: MaintenanceTask;
  interval: Interval;
  starts_on: DateStr;
  mode: MaintenanceMode;
  lead_days: number | null;
}

export interface Completion {
  id: number;
  done_on: DateStr;
  note: string | null;
}

export interface CheckItem {
  item: string;
  done: boolean;
}

export interface Repair {
  id: number;
  terminal_sn: string;
  opened_on: DateStr;
  fault: RepairFault;
  description: string | null;
  contact: string | null;
  agent: string | null;
  ticket_no: string | null;
  channel: RepairChannel | null;
  status: RepairStatus;
  expected_back_on: DateStr | null;
  cost: Fen | null;
  under_warranty: boolean | null;
  documents: CheckItem[];
  tests: CheckItem[];
  deregistration: CheckItem[];
  result: string | null;
  closed_on: DateStr | null;
  new_warranty_until: DateStr | null;
  replaced_by: string | null;
  lead_days: number | null;
}

export interface NewRepair {
  fault: RepairFault;
  opened_on: DateStr;
  description?: string | null;
  contact?: string | null;
  agent?: string | null;
  ticket_no?: string | null;
  channel?: RepairChannel | null;
  expected_back_on?: DateStr | null;
  under_warranty?: boolean | null;
}

export interface RepairPatch {
  status?: RepairStatus | null;
  description?: string | null;
  contact?: string | null;
  agent?: string | null;
  ticket_no?: string | null;
  channel?: RepairChannel | null;
  expected_back_on?: DateStr | null;
  cost?: Fen | null;
  under_warranty?: boolean | null;
  documents_done?: string[];
  tests_passed?: string[];
  deregistration_done?: string[];
}

export interface RepairClose {
  closed_on?: DateStr | null;
  result?: string | null;
  warranty_until?: DateStr | null;
  replaced_by?: string | null;
  cost?: Fen | null;
}

export interface TerminalRef {
  sn: string;
  brand: string | null;
  model: string | null;
  store: string | null;
  status: TerminalStatus;
}

export interface Reminder {
  key: string;
  kind: ReminderKind;
  due_on: DateStr;
  days_left: number;
  urgency: Urgency;
  title: string;
  terminal_sn: string | null;
  iccid: string | null;
  acknowledged: boolean;
  snoozed_until: DateStr | null;
  lead_days: number;
  terminal: TerminalRef | null;
}

export type SortKey =
  | 'sn'
  | 'brand'
  | 'model'
  | 'kind'
  | 'provider'
  | 'merchant_no'
  | 'store'
  | 'status'
  | 'activated_on'
  | 'warranty_until'
  | 'sim_expires_on';

export interface TerminalQuery {
  search?: string | null;
  status?: TerminalStatus | null;
  kind?: TerminalKind | null;
  provider?: string | null;
  store?: string | null;
  sort: SortKey;
  descending: boolean;
  offset: number;
  limit: number;
}

export interface TerminalRow {
  sn: string;
  brand: string | null;
  model: string | null;
  kind: TerminalKind | null;
  provider: string | null;
  merchant_no: string | null;
  store: string | null;
  status: TerminalStatus;
  activated_on: DateStr | null;
  warranty_until: DateStr | null;
  iccid: string | null;
  sim_expires_on: DateStr | null;
}

export interface TerminalPage {
  total: number;
  rows: TerminalRow[];
}

export interface PlanWithLog {
  plan: MaintenancePlan;
  completions: Completion[];
}

export interface TerminalDetail {
  terminal: Terminal;
  sim: SimDetail | null;
  deposits: Deposit[];
  plans: PlanWithLog[];
  repairs: Repair[];
  contacts: Contact[];
}

/** chrono NaiveTime serialises as "HH:MM:SS". */
export interface QuietHours {
  start: string;
  end: string;
}

export interface Settings {
  lead_sim_expiry: number;
  lead_warranty_expiry: number;
  lead_deposit_deadline: number;
  lead_maintenance_due: number;
  lead_repair_overdue: number;
  quiet_hours: QuietHours | null;
  language: Lang;
  notifications: boolean;
  close_to_tray: boolean;
  autostart: boolean;
}

export interface DemoSummary {
  terminals: number;
  sims: number;
  deposits: number;
  plans: number;
  repairs: number;
  contacts: number;
}

// Shell-defined results (camelCase, see the IPC contract).
export interface ApiErrorShape {
  code: string;
  message: string;
}

export interface AppInfo {
  version: string;
  dbPath: string;
  language: Lang;
  today: DateStr;
  empty: boolean;
  /** Set when the database could not be opened (the file was not touched). */
  dbError: ApiErrorShape | null;
}

export interface UrgencyCounts {
  overdue: number;
  today: number;
  soon: number;
  upcoming: number;
}

/** One page of reminders (of one urgency when asked so), with the counts of every urgency. */
export interface ReminderPage {
  total: number;
  counts: UrgencyCounts;
  /** Listed and not acknowledged, all urgencies: what the tray shows. */
  due: number;
  rows: Reminder[];
}

export interface RemindersQuery {
  asOf?: DateStr;
  urgency?: Urgency;
  offset?: number;
  limit?: number;
}

export interface RemindersChanged {
  due: number;
}

export interface IccidCheck {
  valid: boolean;
  luhnOk: boolean;
  suggestedCarrier: Carrier | null;
}

export interface AddSimResult {
  luhnOk: boolean;
}

// Files (import/export/backups): added by the files issue. Shapes assumed until its API lands.
export type ExportFormat = 'csv' | 'xlsx' | 'ics' | 'json';

/** One problem of an import: where (line, column header, value), a stable code, the reason. */
export interface ImportProblem {
  line: number;
  column: string | null;
  value: string | null;
  code: string;
  reason: string;
}

/** What an import did, or (dry run, or refused) would have done (core: files::import::ImportReport). */
export interface ImportReport {
  rows: number;
  new: number;
  updated: number;
  unchanged: number;
  invalid: number;
  committed: boolean;
  dry_run: boolean;
  format: string;
  encoding: string | null;
  sheet: string | null;
  ignored_columns: string[];
  problems: ImportProblem[];
  problems_not_listed: number;
  warnings: ImportProblem[];
  backup: string | null;
}

/** core: files::export::Exported (the shell may add the path). */
export interface ExportResult {
  items: number;
  path?: string;
}

/** Assumed shape until the shell's `backups` command lands; only `path` is required. */
export interface BackupInfo {
  path: string;
  taken_at?: string | null;
  bytes?: number | null;
}

export interface ImportProgress {
  done: number;
  total: number;
}
