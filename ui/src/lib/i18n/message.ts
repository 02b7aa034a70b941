// Message text: `{name}` placeholders and `{n, plural, one {# item} other {# items}}`, the subset
// of ICU message syntax the catalogues use (`#` is the count; `=0 {…}` matches exactly). A number
// passed as a parameter is shown as a count (formatCount: 10,000), except the parameters that name
// an identifier or a spreadsheet row (`id`, `line`), which stay as the user sees them elsewhere.
import type { Lang } from '../../ipc/types';
import { formatCount } from '../format';

export type Params = Record<string, string | number>;

const RAW = new Set(['id', 'line']);

const rules = new Map<Lang, Intl.PluralRules>();
function pluralOf(n: number, lang: Lang): string {
  let r = rules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang === 'en' ? 'en-US' : lang);
    rules.set(lang, r);
  }
  return r.select(n);
}

/** The index of the `}` closing the `{` at `open`, or -1. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The top-level `{…}` parts of a message: [start, end] of each, braces included. */
function parts(s: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = s.indexOf('{'); i >= 0; i = s.indexOf('{', i)) {
    const end = closing(s, i);
    if (end < 0) break;
    out.push([i, end]);
    i = end + 1;
  }
  return out;
}

const PLACEHOLDER = /^\s*(\w+)\s*(?:,\s*plural\s*,([\s\S]*))?$/;

/** `one {…} other {…}` → selector → text. */
function branches(s: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < s.length) {
    const m = /^\s*(=?\w+)\s*\{/.exec(s.slice(i));
    if (!m) break;
    const open = i + m[0].length - 1;
    const end = closing(s, open);
    if (end < 0) break;
    out.set(m[1], s.slice(open + 1, end));
    i = end + 1;
  }
  return out;
}

function one(body: string, whole: string, params: Params, lang: Lang): string {
  const m = PLACEHOLDER.exec(body);
  if (!m || !(m[1] in params)) return whole;
  const [, name, plural] = m;
  const v = params[name];
  if (plural === undefined) return typeof v === 'number' && !RAW.has(name) ? formatCount(v, lang) : String(v);
  const n = Number(v);
  const cases = branches(plural);
  const text = cases.get(`=${n}`) ?? cases.get(pluralOf(n, lang)) ?? cases.get('other') ?? '';
  return formatMessage(text.replace(/#/g, formatCount(n, lang)), params, lang);
}

/** Fills a catalogue string in `lang`; unknown placeholders are left as they are. */
export function formatMessage(s: string, params: Params | undefined, lang: Lang): string {
  if (!params) return s;
  let out = '';
  let at = 0;
  for (const [open, end] of parts(s)) {
    out += s.slice(at, open) + one(s.slice(open + 1, end), s.slice(open, end + 1), params, lang);
    at = end + 1;
  }
  return out + s.slice(at);
}

/** The parameter names a message uses (sorted, once each), plural branches included. */
export function placeholderNames(s: string): string[] {
  const names = new Set<string>();
  for (const [open, end] of parts(s)) {
    const m = PLACEHOLDER.exec(s.slice(open + 1, end));
    if (!m) continue;
    names.add(m[1]);
    if (m[2] !== undefined) for (const text of branches(m[2]).values()) for (const n of placeholderNames(text)) names.add(n);
  }
  return [...names].sort();
}
