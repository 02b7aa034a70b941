// The only door to the Tauri shell: one typed function per command of the IPC contract.
// Nothing else in the UI imports @tauri-apps/*.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  AgendaPage,
  Attachment,
  AttachmentOwner,
  FilesDropped,
  AgendaQuery,
  AgendaTarget,
  BulkAction,
  BulkDone,
  AddSimResult,
  ApiErrorShape,
  AppInfo,
  FirstScreen,
  BackupContents,
  BackupFolder,
  BackupInfo,
  BackupMade,
  BackupPlace,
  Channel,
  ChannelKind,
  ChannelTested,
  Contact,
  ContactInput,
  DateStr,
  DemoSummary,
  DepositStatus,
  ExportFormat,
  ExportResult,
  Fen,
  IccidCheck,
  ImportProgress,
  ImportReport,
  ImportPreview,
  ColumnChoice,
  NewDeposit,
  Outlook,
  NewPlan,
  NewRepair,
  PickedFile,
  ReminderPage,
  RemindersChanged,
  RemindersQuery,
  Renewal,
  Repair,
  RepairClose,
  RepairPatch,
  RepairStatus,
  Settings,
  SimPatch,
  TerminalDetail,
  TerminalPage,
  TerminalPatch,
  TerminalQuery,
  Urgency,
} from './types';

export * from './types';

/** An error from the shell: a stable code (translated by the UI) and the core's English message. */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'ApiError';
  }
}

/** Normalises whatever `invoke` rejected with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object' && 'code' in e) {
    const o = e as { code: unknown; message?: unknown };
    return new ApiError(String(o.code), o.message == null ? '' : String(o.message));
  }
  const text = e instanceof Error ? e.message : String(e);
  // Tauri rejects with a plain string when the command is not registered.
  if (/command .*not found|unknown command|not allowed/i.test(text)) {
    return new ApiError('unknown_command', text);
  }
  return new ApiError('internal', text);
}

/** The error codes that mean the shell has closed the database for good (until a restore). */
const CLOSING_CODES = new Set(['db_damaged']);
const closedListeners = new Set<(e: ApiError) => void>();

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    const err = toApiError(e);
    if (CLOSING_CODES.has(err.code)) for (const f of closedListeners) f(err);
    throw err;
  }
}

/** Drops undefined values so optional arguments are simply absent. */
function args(o: Record<string, unknown>): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) r[k] = v;
  return r;
}

declare global {
  interface Window {
    /** Set by the shell's initialization script (src-tauri/src/first_screen.rs). */
    __POSKEEPER_FIRST__?: FirstScreen;
  }
}

const FIRST_SCREEN_TAKEN = 'poskeeper.firstScreenTaken';

/**
 * The first screen the shell made the window with, if it had it ready: what `app_info` and the
 * agenda's first `reminders` calls would answer, without asking. Given once per session — the
 * shell's script runs again when the page reloads, and by then its data may be out of date.
 */
export function takeFirstScreen(): FirstScreen | null {
  const first = window.__POSKEEPER_FIRST__ ?? null;
  delete window.__POSKEEPER_FIRST__;
  try {
    // Only the session's first document may take it, given or not: the shell may add its script
    // just too late for that one, and a later document (a reload) would get out-of-date data.
    const firstDocument = !sessionStorage.getItem(FIRST_SCREEN_TAKEN);
    sessionStorage.setItem(FIRST_SCREEN_TAKEN, '1');
    return firstDocument ? first : null;
  } catch {
    // No session storage: a reload is rare, and the agenda reloads on the next change anyway.
    return first;
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  /** The first screen has painted; `marks` are start-up milestones for the app's log. */
  /** Answers why the database cannot be used if its whole-file check (done after the first
   * screen) found it damaged, else `null`. */
  uiReady: (marks?: Record<string, number>) => call<ApiErrorShape | null>('ui_ready', args({ marks })),
  reminders: (q: RemindersQuery = {}) => call<ReminderPage>('reminders', args({ ...q })),
  acknowledge: (key: string, asOf?: DateStr) => call<Urgency>('acknowledge', args({ key, asOf })),
  snooze: (key: string, until: DateStr) => call<DateStr>('snooze', { key, until }),
  /** A filtered page of the agenda (or of what is snoozed), with counts per choice. */
  agenda: (q: AgendaQuery = {}) => call<AgendaPage>('agenda', args({ ...q })),
  /** Acknowledges, snoozes (`until`) or un-snoozes many in one step; answers the undo token. */
  agendaAct: (action: BulkAction, target: AgendaTarget, until?: DateStr) =>
    call<BulkDone>('agenda_act', args({ action, ...target, until })),
  /** Undoes the last bulk action (once). */
  agendaUndo: (token: number) => call<number>('agenda_undo', { token }),
  listTerminals: (query: TerminalQuery) => call<TerminalPage>('list_terminals', { query }),
  terminalDetail: (sn: string) => call<TerminalDetail>('terminal_detail', { sn }),
  addTerminal: (sn: string, patch: TerminalPatch) => call<string>('add_terminal', { sn, patch }),
  setTerminal: (sn: string, patch: TerminalPatch) => call<boolean>('set_terminal', { sn, patch }),
  checkIccid: (iccid: string) => call<IccidCheck>('check_iccid', { iccid }),
  addSim: (iccid: string, patch: SimPatch, terminalSn?: string) =>
    call<AddSimResult>('add_sim', args({ iccid, patch, terminalSn })),
  setSim: (iccid: string, patch: SimPatch) => call<boolean>('set_sim', { iccid, patch }),
  assignSim: (iccid: string, terminalSn: string) => call<null>('assign_sim', { iccid, terminalSn }),
  cancelSim: (iccid: string) => call<boolean>('cancel_sim', { iccid }),
  renewSim: (iccid: string, until: DateStr, fee?: Fen, on?: DateStr) =>
    call<Renewal>('renew_sim', args({ iccid, until, fee, on })),
  addDeposit: (sn: string, deposit: NewDeposit) => call<number>('add_deposit', { sn, deposit }),
  settleDeposit: (id: number, status: Exclude<DepositStatus, 'held'>, on?: DateStr) =>
    call<null>('settle_deposit', args({ id, status, on })),
  addPlans: (sn: string | null, plan: NewPlan) => call<number[]>('add_plans', { sn, plan }),
  completePlan: (id: number, on?: DateStr, note?: string) =>
    call<DateStr>('complete_plan', args({ id, on, note })),
  openRepair: (sn: string, repair: NewRepair) => call<number>('open_repair', { sn, repair }),
  /** The checklist lists may be left out: they default to "tick nothing". */
  updateRepair: (id: number, patch: Partial<RepairPatch>) =>
    call<Repair>('update_repair', {
      id,
      patch: { documents_done: [], tests_passed: [], deregistration_done: [], ...patch } satisfies RepairPatch,
    }),
  /** A fix, or a replacement (with `replaced_by`): what it copies, does with the SIM card and ticks defaults to nothing. */
  closeRepair: (id: number, close: Partial<RepairClose>) =>
    call<Repair>('close_repair', { id, close: { inherit: false, deregistration_done: [], ...close } satisfies RepairClose }),
  openRepairs: (offset?: number, limit?: number) => call<Repair[]>('open_repairs', args({ offset, limit })),
  /** Finished tickets (`closed` or `replaced`), most recently finished first. */
  finishedRepairs: (status: RepairStatus, offset?: number, limit?: number) =>
    call<Repair[]>('finished_repairs', args({ status, offset, limit })),
  contacts: () => call<Contact[]>('contacts'),
  addContact: (contact: ContactInput) => call<number>('add_contact', { contact }),
  linkContact: (name: string, sn: string) => call<null>('link_contact', { name, sn }),
  storeNames: () => call<string[]>('store_names'),
  /** The providers the terminals name, with how many each, most first. */
  providerCounts: () => call<[string, number][]>('provider_counts'),
  settings: () => call<Settings>('settings'),
  setSetting: (key: string, value: string) => call<string>('set_setting', { key, value }),
  loadDemo: (terminals: number) => call<DemoSummary>('load_demo', { terminals }),
  // Files. The page never names a path: the shell shows the file dialog itself and answers a
  // token for the file the user chose (null when cancelled), which the commands below take.
  pickImportFile: () => call<PickedFile | null>('pick_import_file'),
  /** `suggestedName`: the file name the save dialog proposes. */
  pickExportFile: (format: ExportFormat, suggestedName?: string) =>
    call<PickedFile | null>('pick_export_file', args({ format, suggestedName })),
  pickBackupFile: () => call<PickedFile | null>('pick_backup_file'),
  /** `mapping`: the columns the user mapped by hand (over the remembered mapping and the rules). */
  importFile: (token: string, dryRun: boolean, skipInvalid: boolean, mapping?: ColumnChoice[]) =>
    call<ImportReport>('import_file', args({ token, dryRun, skipInvalid, mapping })),
  /** Each header with its field, the first rows as they will be stored, and a dry run's report;
   * `no_sn_column` when no column is the SN yet (nothing is written). */
  previewImport: (token: string, mapping: ColumnChoice[]) => call<ImportPreview>('preview_import', { token, mapping }),
  /** Writes the export picked with `pickExportFile` (in the format it was picked for). */
  /** Shows a file an export wrote (its pick's token) in the system's file manager. */
  revealExport: (token: string) => call<null>('reveal_export', { token }),
  /** With `query` (the list's search and filters), a CSV or XLSX holds only what the list shows. */
  exportFile: (token: string, query?: Omit<TerminalQuery, 'offset' | 'limit'>) =>
    call<ExportResult>('export_file', query ? { token, query } : { token }),
  /** Saves the rows of the import file (`token`) that cannot be imported, with a 问题 column, to
   * the CSV or XLSX file picked with `pickExportFile` (`outToken`). */
  saveImportProblems: (token: string, outToken: string, mapping?: ColumnChoice[]) =>
    call<ExportResult>('save_import_problems', args({ token, outToken, mapping })),
  /** The backups of the default folder and of the chosen one, newest first. */
  backups: () => call<BackupInfo[]>('backups'),
  /** Where backups go, and why the chosen folder cannot take one now, if it cannot. */
  backupFolder: () => call<BackupFolder>('backup_folder'),
  /** The OS folder dialog; the folder is checked writable, then backups go there (null: cancelled). */
  pickBackupFolder: () => call<BackupFolder | null>('pick_backup_folder'),
  resetBackupFolder: () => call<BackupFolder>('reset_backup_folder'),
  /** A backup now, in the backup folder (the default one if the chosen one cannot take it: `fell_back` says why). */
  backupNow: () => call<BackupMade>('backup_now'),
  /** What the backup file picked with `pickBackupFile` holds, checked as a restore would; changes nothing. */
  inspectBackupFile: (token: string) => call<BackupContents>('inspect_backup_file', { token }),
  /** Restores a backup of the list, by its `name` and the folder it is listed in. */
  restoreBackup: (name: string, place: BackupPlace) => call<null>('restore_backup', { name, place }),
  /** Restores the backup file picked with `pickBackupFile`. */
  restoreFile: (token: string) => call<null>('restore_file', { token }),
  /** The phone-push channels (addresses with their key hidden; secrets never come back). */
  channels: () => call<Channel[]>('channels'),
  /** Adds a channel, checked by the core first (the platform's address, a secret only where it signs). */
  addChannel: (kind: ChannelKind, url: string, secret: string | null, name: string | null) =>
    call<Channel>('add_channel', { kind, url, secret, name }),
  /** Sends a test message now; the channel's status says how it went. */
  testChannel: (id: number) => call<ChannelTested>('test_channel', { id }),
  removeChannel: (id: number) => call<null>('remove_channel', { id }),
  /** 费用与到期: the next 12 months of fees and expiries, the deposits' money, terminals by status and provider. */
  outlook: () => call<Outlook>('outlook'),
  /** Writes the outlook's numbers, one sheet per chart, to the .xlsx picked with `pickExportFile('xlsx')`. */
  exportOutlook: (token: string) => call<ExportResult>('export_outlook', { token }),
  // Attachments (photos, scans, PDFs). Files come from the shell's dialog or a drop on the window
  // (`onFilesDropped`), as tokens.
  pickAttachmentFile: () => call<PickedFile | null>('pick_attachment_file'),
  /** `key`: the terminal's SN, the SIM card's ICCID, or the deposit's or ticket's ID. */
  attachFile: (token: string, owner: AttachmentOwner, key: string, document: string | null, downsize: boolean) =>
    call<Attachment>('attach_file', { token, owner, key, document, downsize }),
  attachments: (owner: AttachmentOwner, key: string) => call<Attachment[]>('attachments', { owner, key }),
  /** A `data:image/jpeg` URL, or null for a PDF. */
  attachmentThumb: (id: number) => call<string | null>('attachment_thumb', { id }),
  /** Opens the file in the OS's own viewer. */
  openAttachment: (id: number) => call<null>('open_attachment', { id }),
  removeAttachment: (id: number) => call<null>('remove_attachment', { id }),
};

export type Api = typeof api;

/** Runs when the shell says the reminders changed (notifier tick or any write). */
export function onRemindersChanged(f: (due: number | null) => void): Promise<UnlistenFn> {
  return listen<RemindersChanged | null>('reminders-changed', (e) => f(e.payload?.due ?? null));
}

/** Runs when files are dropped on the window (tokens for `attachFile`, and where they fell). */
export function onFilesDropped(f: (d: FilesDropped) => void): Promise<UnlistenFn> {
  return listen<FilesDropped>('files-dropped', (e) => f(e.payload));
}

export function onImportProgress(f: (p: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>('import-progress', (e) => f(e.payload));
}

/**
 * Runs when the shell closes the database because another program damaged the file: the shell
 * says so with an event (when its own background work found it), and any command answers
 * `db_damaged`. Nothing is written to the file after that; the window shows the database-error
 * screen. Returns a function that stops listening.
 */
export function onDatabaseClosed(f: (e: ApiError) => void): () => void {
  closedListeners.add(f);
  let unlisten: UnlistenFn | null = null;
  let stopped = false;
  listen<ApiErrorShape>('database-closed', (e) => f(toApiError(e.payload)))
    .then((u) => (stopped ? u() : (unlisten = u)))
    .catch(() => {});
  return () => {
    stopped = true;
    closedListeners.delete(f);
    unlisten?.();
  };
}

/** True inside the Tauri window (or under mockIPC). */
export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}
