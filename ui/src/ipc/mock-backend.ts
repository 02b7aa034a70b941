// A stand-in for the shell's commands, for Vitest and for looking at the UI in a plain browser
// (`npm run dev`, then open /?mock). It has no rules of its own: every command answers what it was
// given (`answer`, `fail`, or a fixture set from ./fixtures.ts), and every call is recorded with its
// arguments (`calls`). The rules — reminders, lead windows, snooze, acknowledge, plan modes, import
// — live in the core and are tested there (Rust); a UI test asserts what the UI sent and how it
// shows a given answer. Never part of the production build.
import type {
  AddSimResult,
  ApiErrorShape,
  AppInfo,
  Attachment,
  BackupContents,
  BackupFolder,
  BackupInfo,
  BackupMade,
  Channel,
  ChannelTested,
  Contact,
  Outlook,
  DateStr,
  DemoSummary,
  ExportResult,
  IccidCheck,
  ImportReport,
  ImportPreview,
  PickedFile,
  ReminderPage,
  AgendaPage,
  BulkDone,
  Renewal,
  Repair,
  Settings,
  TerminalDetail,
  TerminalPage,
  Urgency,
} from './types';

/** What each command of the IPC contract answers (see ./index.ts). */
export interface Answers {
  app_info: AppInfo;
  ui_ready: ApiErrorShape | null;
  reminders: ReminderPage;
  acknowledge: Urgency;
  snooze: DateStr;
  agenda: AgendaPage;
  agenda_act: BulkDone;
  agenda_undo: number;
  list_terminals: TerminalPage;
  terminal_detail: TerminalDetail;
  add_terminal: string;
  set_terminal: boolean;
  check_iccid: IccidCheck;
  add_sim: AddSimResult;
  set_sim: boolean;
  assign_sim: null;
  cancel_sim: boolean;
  renew_sim: Renewal;
  add_deposit: number;
  settle_deposit: null;
  add_plans: number[];
  complete_plan: DateStr;
  open_repair: number;
  update_repair: Repair;
  close_repair: Repair;
  open_repairs: Repair[];
  finished_repairs: Repair[];
  contacts: Contact[];
  add_contact: number;
  link_contact: null;
  store_names: string[];
  provider_counts: [string, number][];
  settings: Settings;
  set_setting: string;
  load_demo: DemoSummary;
  pick_import_file: PickedFile | null;
  pick_export_file: PickedFile | null;
  pick_backup_file: PickedFile | null;
  import_file: ImportReport;
  preview_import: ImportPreview;
  export_file: ExportResult;
  reveal_export: null;
  save_import_problems: ExportResult;
  backups: BackupInfo[];
  backup_folder: BackupFolder;
  pick_backup_folder: BackupFolder | null;
  reset_backup_folder: BackupFolder;
  backup_now: BackupMade;
  inspect_backup_file: BackupContents;
  restore_backup: null;
  restore_file: null;
  channels: Channel[];
  add_channel: Channel;
  test_channel: ChannelTested;
  remove_channel: null;
  outlook: Outlook;
  export_outlook: ExportResult;
  pick_attachment_file: PickedFile | null;
  attach_file: Attachment;
  attachments: Attachment[];
  attachment_thumb: string | null;
  open_attachment: null;
  remove_attachment: null;
  'plugin:event|listen': number;
  'plugin:event|unlisten': null;
}

export type Command = keyof Answers;
export type Args = Record<string, unknown>;
/** A canned answer, or a function that picks one for the call's arguments (a lookup, not a rule). */
export type Answer<C extends Command> = Answers[C] | ((args: Args) => Answers[C] | Promise<Answers[C]>);

export interface Call {
  cmd: string;
  args: Args;
}

type Outcome = { ok: unknown } | { err: ApiErrorShape } | { missing: true };

export class MockBackend {
  /** Every call, in order, with a copy of its arguments. */
  readonly log: Call[] = [];
  private standing = new Map<string, Outcome>();
  private queued = new Map<string, Outcome[]>();

  /** `cmd` answers `value` from now on (a function gets the call's arguments). */
  answer<C extends Command>(cmd: C, value: Answer<C>): this {
    this.standing.set(cmd, { ok: value });
    return this;
  }

  /** `cmd` answers `value` once, then as before. Several `once`s answer in turn. */
  answerOnce<C extends Command>(cmd: C, value: Answer<C>): this {
    return this.enqueue(cmd, { ok: value });
  }

  /** `cmd` fails with this error from now on, or once with `{ once: true }`. */
  fail(cmd: Command, err: ApiErrorShape, opts: { once?: boolean } = {}): this {
    const o: Outcome = { err: { code: err.code, message: err.message } };
    if (opts.once) return this.enqueue(cmd, o);
    this.standing.set(cmd, o);
    return this;
  }

  /** The shell does not have `cmd` (as Tauri rejects an unregistered command). */
  missing(...cmds: string[]): this {
    for (const c of cmds) this.standing.set(c, { missing: true });
    return this;
  }

  /** True when `cmd` has an answer, an error or is marked missing. */
  has(cmd: string): boolean {
    return this.standing.has(cmd) || !!this.queued.get(cmd)?.length;
  }

  /** The arguments of every call of `cmd`, in order. */
  calls(cmd: string): Args[] {
    return this.log.filter((c) => c.cmd === cmd).map((c) => c.args);
  }

  /** The commands called, in order (without the event plumbing). */
  commands(): string[] {
    return this.log.map((c) => c.cmd).filter((c) => !c.startsWith('plugin:'));
  }

  /** Forgets the calls recorded so far (the answers stay). */
  clearCalls(): void {
    this.log.length = 0;
  }

  private enqueue(cmd: string, o: Outcome): this {
    const q = this.queued.get(cmd) ?? [];
    q.push(o);
    this.queued.set(cmd, q);
    return this;
  }

  /**
   * Answers one call as mockIPC expects: the value (a copy, as over real IPC), or a rejection
   * with `{code, message}`, or the string Tauri gives for an unknown command.
   */
  async handle(cmd: string, args: Args = {}): Promise<unknown> {
    this.log.push({ cmd, args: structuredClone(args) });
    const o = this.queued.get(cmd)?.shift() ?? this.standing.get(cmd);
    if (!o || 'missing' in o) throw `command ${cmd} not found`;
    if ('err' in o) throw { ...o.err };
    const v = typeof o.ok === 'function' ? await (o.ok as (a: Args) => unknown)(structuredClone(args)) : o.ok;
    return v === undefined ? v : structuredClone(v);
  }
}
