// What the form says about an ICCID while it is typed.
import type { Carrier, IccidCheck } from '../ipc/types';
import type { MessageKey } from './i18n/index.svelte';

export type IccidLevel = 'none' | 'ok' | 'warn' | 'error';

export interface IccidFeedback {
  level: IccidLevel;
  key: MessageKey | null;
  params?: Record<string, string | number>;
  suggestion: Carrier | null;
}

/** The Luhn check over all digits, the last being the check digit (same rule as the core). */
export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Combines the shape of what is typed (shown at once) with the core's `check_iccid` answer (when
 * it has arrived for this same text). A wrong check digit is a warning; the carrier is a suggestion.
 */
export function iccidFeedback(input: string, check: IccidCheck | null): IccidFeedback {
  const s = input.trim();
  if (s === '') return { level: 'none', key: null, suggestion: null };
  if (!/^\d+$/.test(s)) return { level: 'error', key: 'form.iccid.digits', suggestion: null };
  if (!s.startsWith('89') && s.length >= 2) return { level: 'error', key: 'form.iccid.prefix', suggestion: null };
  if (s.length < 19 || s.length > 20) {
    return { level: 'error', key: 'form.iccid.length', params: { n: s.length }, suggestion: null };
  }
  const valid = check ? check.valid : true;
  if (!valid) return { level: 'error', key: 'err.invalid_iccid', suggestion: null };
  const luhn = check ? check.luhnOk : luhnOk(s);
  const suggestion = check ? check.suggestedCarrier : null;
  if (!luhn) return { level: 'warn', key: 'form.iccid.luhn', suggestion };
  return { level: 'ok', key: 'form.iccid.ok', suggestion };
}
