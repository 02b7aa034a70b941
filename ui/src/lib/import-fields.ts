// The fields a column of an import can be mapped to (the core's `Field`, in its order), their
// names in the UI language, and a previewed value as the user reads it.
import type { ColumnChoice, ImportField, PreviewColumn } from '../ipc/types';
import { label, t, type MessageKey } from './i18n/index.svelte';

export const IMPORT_FIELDS: ImportField[] = [
  'sn', 'brand', 'model', 'kind', 'provider', 'merchant_no', 'terminal_no', 'store', 'status',
  'activated_on', 'warranty_until', 'warranty_months', 'iccid', 'carrier', 'sim_status',
  'sim_expires_on', 'sim_annual_fee', 'deposit_amount', 'deposit_deadline', 'notes',
];

export function fieldName(f: ImportField): string {
  return t(`mapField.${f}` as MessageKey);
}

/** Stored codes shown as their labels; dates, numbers and money as the core wrote them. */
export function shownValue(f: ImportField, v: string | null): string {
  if (v == null) return '';
  switch (f) {
    case 'kind':
      return label('kind', v);
    case 'status':
      return label('status', v);
    case 'carrier':
      return label('carrier', v);
    case 'sim_status':
      return label('simStatus', v);
    default:
      return v;
  }
}

/** A header no rule matched and no mapping named (empty headers are not columns to map). */
export function unmatched(c: PreviewColumn): boolean {
  return c.source === 'none' && c.field == null && c.name.trim() !== '';
}

/** The user's choices (header as written → field, `null`: not imported) as the shell takes them. */
export function choicesToMapping(choices: Record<string, ImportField | null>): ColumnChoice[] {
  return Object.entries(choices).map(([header, field]) => ({ header, field }));
}

/** Chooses `field` for `header`: another column the user had given that field loses it, so no
 * field is chosen twice (the core refuses that). */
export function choose(
  choices: Record<string, ImportField | null>,
  header: string,
  field: ImportField | null,
): Record<string, ImportField | null> {
  const next: Record<string, ImportField | null> = {};
  for (const [h, f] of Object.entries(choices)) if (h !== header && (field == null || f !== field)) next[h] = f;
  next[header] = field;
  return next;
}
