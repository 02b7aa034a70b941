// Dates, money and relative days in the three UI languages. Pure functions: the language is passed in.
import type { Lang } from '../ipc/types';
import { translate } from './i18n/index.svelte';

/** Parses a strict "YYYY-MM-DD" into [y, m, d], or null. */
export function isoParts(iso: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return [y, mo, d];
}

function pad(n: number, w = 2) {
  return String(n).padStart(w, '0');
}

export function toIso(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();
function dateFormat(lang: Lang) {
  let f = dateFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : lang, {
      year: 'numeric',
      month: lang === 'en' ? 'short' : 'long',
      day: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(lang, f);
  }
  return f;
}

/** 2026年12月20日 (zh-CN, zh-TW) · Dec 20, 2026 (en). Null/invalid → "—". */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const p = isoParts(iso);
  if (!p) return iso;
  return dateFormat(lang).format(new Date(Date.UTC(p[0], p[1] - 1, p[2])));
}

/** Whole days from `from` to `to` (both "YYYY-MM-DD"). */
export function daysBetween(from: string, to: string): number {
  const a = isoParts(from);
  const b = isoParts(to);
  if (!a || !b) return NaN;
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / 86_400_000);
}

export function addDays(iso: string, n: number): string {
  const p = isoParts(iso);
  if (!p) return iso;
  const d = new Date(Date.UTC(p[0], p[1] - 1, p[2] + n));
  return toIso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Adds months, clamped to the month's last day (Jan 31 + 1 → Feb 28), as the core does. */
export function addMonths(iso: string, n: number): string {
  const p = isoParts(iso);
  if (!p) return iso;
  const total = p[0] * 12 + (p[1] - 1) + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return toIso(y, m, Math.min(p[2], last));
}

/** "还有 3 天" / "今天" / "已逾期 2 天" (and the zh-TW and English forms). */
export function relativeDays(daysLeft: number, lang: Lang): string {
  if (daysLeft === 0) return translate(lang, 'date.today');
  if (daysLeft === 1) return translate(lang, 'date.tomorrow');
  if (daysLeft > 0) return translate(lang, 'date.inDays', { n: daysLeft });
  if (daysLeft === -1) return translate(lang, 'date.yesterday');
  return translate(lang, 'date.overdueDays', { n: -daysLeft });
}

const countFormats = new Map<Lang, Intl.NumberFormat>();

/**
 * A count shown to the user: 10,000 in English and in Chinese alike (exact digits with a thousands
 * separator read naturally in both; "1万" would round 10,234 away). Every count on screen goes through
 * here: the catalogues' numeric parameters are formatted with it (i18n/message.ts).
 */
export function formatCount(n: number, lang: Lang): string {
  let f = countFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'en' ? 'en-US' : lang, { maximumFractionDigits: 0 });
    countFormats.set(lang, f);
  }
  return f.format(n);
}

/** ¥45.00 from 4500 fen. */
export function formatMoney(fen: number | null | undefined): string {
  if (fen == null) return '—';
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(a / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${pad(a % 100)}`;
}

/** Yuan as typed ("45", "45.5", "¥45.05", "1,200") → fen; null when empty; NaN when not money. */
export function parseYuan(s: string): number | null {
  const t = s.trim().replace(/^[¥￥]\s*/, '').replace(/,/g, '');
  if (t === '') return null;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return NaN;
  const frac = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(frac);
}

/** Fen → the yuan text a form shows ("45.5" → "45.50"; null → ""). */
export function fenToInput(fen: number | null | undefined): string {
  if (fen == null) return '';
  return (fen / 100).toFixed(2);
}

/**
 * A date as people type it: 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305.
 * Returns "YYYY-MM-DD", "" for empty input, or null when it is not a real date.
 */
export function parseTypedDate(s: string): string | null {
  const t = s.trim().replace(/\s+/g, '');
  if (t === '') return '';
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = toIso(Number(m[1]), Number(m[2]), Number(m[3]));
  return isoParts(iso) ? iso : null;
}

/** The last n characters of an SN or ICCID, for an agenda line. */
export function tail(s: string | null | undefined, n = 4): string {
  if (!s) return '';
  return s.length <= n ? s : s.slice(-n);
}

/** "HH:MM:SS" or "HH:MM" → "HH:MM". */
export function hhmm(t: string | null | undefined): string {
  if (!t) return '';
  return t.slice(0, 5);
}
