// What the add/edit terminal form sends: TerminalPatch and SimPatch from the fields as typed.
import type { Carrier, Payer, SimForm, SimPatch, TerminalKind, TerminalPatch, TerminalStatus } from '../ipc/types';
import { addMonths, parseYuan } from './format';

export interface TerminalFields {
  sn: string;
  brand: string;
  model: string;
  kind: TerminalKind | '';
  provider: string;
  merchant_no: string;
  terminal_no: string;
  store: string;
  status: TerminalStatus;
  acquired_on: string;
  activated_on: string;
  warranty_until: string;
  warranty_months: string;
  warranty_provider: string;
  warranty_terms: string;
  notes: string;
  iccid: string;
  msisdn: string;
  carrier: Carrier | '';
  form: SimForm;
  plan: string;
  quota_mb: string;
  annual_fee: string;
  paid_by: Payer | '';
  sim_activated_on: string;
  expires_on: string;
}

export function blankFields(): TerminalFields {
  return {
    sn: '',
    brand: '',
    model: '',
    kind: '',
    provider: '',
    merchant_no: '',
    terminal_no: '',
    store: '',
    status: 'in_use',
    acquired_on: '',
    activated_on: '',
    warranty_until: '',
    warranty_months: '',
    warranty_provider: '',
    warranty_terms: '',
    notes: '',
    iccid: '',
    msisdn: '',
    carrier: '',
    form: 'physical',
    plan: '',
    quota_mb: '',
    annual_fee: '',
    paid_by: '',
    sim_activated_on: '',
    expires_on: '',
  };
}

/** Text as the patch wants it: on add, empty means "not given"; on edit, "" clears the field. */
function text(v: string, editing: boolean): string | undefined {
  const s = v.trim();
  if (s) return s;
  return editing ? '' : undefined;
}

/** A whole number as typed; undefined when empty, NaN when not a number. */
export function intOf(v: string): number | undefined {
  const s = v.trim();
  if (!s) return undefined;
  return /^\d+$/.test(s) ? Number(s) : NaN;
}

export function terminalPatch(f: TerminalFields, editing: boolean, warranty: 'date' | 'months'): TerminalPatch {
  const p: TerminalPatch = {
    brand: text(f.brand, editing),
    model: text(f.model, editing),
    provider: text(f.provider, editing),
    merchant_no: text(f.merchant_no, editing),
    terminal_no: text(f.terminal_no, editing),
    store: text(f.store, editing),
    warranty_provider: text(f.warranty_provider, editing),
    warranty_terms: text(f.warranty_terms, editing),
    notes: text(f.notes, editing),
    status: f.status,
    kind: f.kind || undefined,
    acquired_on: f.acquired_on || undefined,
    activated_on: f.activated_on || undefined,
  };
  if (warranty === 'date') p.warranty_until = f.warranty_until || undefined;
  else p.warranty_months = intOf(f.warranty_months);
  return dropUndefined(p);
}

export function simPatch(f: TerminalFields, editing: boolean): SimPatch {
  const fee = parseYuan(f.annual_fee);
  return dropUndefined({
    msisdn: text(f.msisdn, editing),
    plan: text(f.plan, editing),
    carrier: f.carrier || undefined,
    form: f.form,
    quota_mb: intOf(f.quota_mb),
    annual_fee: fee ?? undefined,
    paid_by: f.paid_by || undefined,
    activated_on: f.sim_activated_on || undefined,
    expires_on: f.expires_on || undefined,
  });
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * What the warranty part of the form will leave on the terminal, shown under it so that nothing is
 * saved (or not saved) silently. `kept` is the end date the terminal already has (on edit): an empty
 * field leaves it as it is.
 */
export type WarrantyOutcome =
  | { kind: 'none' }
  | { kind: 'until'; date: string; kept: boolean }
  | { kind: 'needActivation' }
  | { kind: 'badMonths' };

export function warrantyOutcome(f: TerminalFields, mode: 'date' | 'months', kept: string | null): WarrantyOutcome {
  const unchanged: WarrantyOutcome = kept ? { kind: 'until', date: kept, kept: true } : { kind: 'none' };
  if (mode === 'date') return f.warranty_until ? { kind: 'until', date: f.warranty_until, kept: f.warranty_until === kept } : unchanged;
  const m = intOf(f.warranty_months);
  if (m === undefined) return unchanged;
  if (Number.isNaN(m) || m < 1 || m > 240) return { kind: 'badMonths' };
  if (!f.activated_on) return { kind: 'needActivation' };
  return { kind: 'until', date: addMonths(f.activated_on, m), kept: false };
}
