// How the agenda groups and acts on reminders.
import type { AgendaFilter, AgendaPage, Reminder, ReminderKind, Urgency } from '../ipc/types';
import type { MessageKey } from './i18n/index.svelte';

export type GroupId = 'overdue' | 'soon' | 'upcoming';

export interface AgendaGroup {
  id: GroupId;
  items: Reminder[];
}

/** overdue → red; today and this week → orange; later → quiet. */
export function groupOf(u: Urgency): GroupId {
  if (u === 'overdue') return 'overdue';
  if (u === 'today' || u === 'soon') return 'soon';
  return 'upcoming';
}

/** Groups in a fixed order, keeping the core's order (due date, kind, key) inside each; empty groups dropped. */
export function groupReminders(list: readonly Reminder[]): AgendaGroup[] {
  const groups: AgendaGroup[] = [
    { id: 'overdue', items: [] },
    { id: 'soon', items: [] },
    { id: 'upcoming', items: [] },
  ];
  for (const r of list) groups.find((g) => g.id === groupOf(r.urgency))!.items.push(r);
  return groups.filter((g) => g.items.length > 0);
}

export type ActionId = 'renew' | 'done' | 'refunded' | 'update' | 'view';

/** The one action that resolves a reminder of this kind. */
export function actionFor(kind: ReminderKind): { id: ActionId; label: MessageKey } {
  switch (kind) {
    case 'sim_expiry':
      return { id: 'renew', label: 'agenda.renew' };
    case 'maintenance_due':
      return { id: 'done', label: 'agenda.done' };
    case 'deposit_deadline':
      return { id: 'refunded', label: 'agenda.refunded' };
    case 'repair_overdue':
      return { id: 'update', label: 'agenda.update' };
    case 'warranty_expiry':
      return { id: 'view', label: 'agenda.view' };
  }
}

/** The numeric id in keys like `maintenance_due:12`; null for SIM and warranty keys. */
export function keyId(key: string): number | null {
  const i = key.indexOf(':');
  if (i < 0) return null;
  const n = Number(key.slice(i + 1));
  return Number.isSafeInteger(n) && /^\d+$/.test(key.slice(i + 1)) ? n : null;
}

/** What the reminder is about (without the terminal), e.g. "流量卡到期". From the core's title. */
export function whatOf(r: Reminder): string {
  const i = r.title.search(/：|: /);
  return i > 0 ? r.title.slice(0, i) : r.title;
}

export const URGENCIES: Urgency[] = ['overdue', 'today', 'soon', 'upcoming'];

/** What the agenda holds of one urgency: the rows fetched so far and how many there are. */
export interface UrgencyList {
  rows: Reminder[];
  total: number;
}
export type AgendaPages = Record<Urgency, UrgencyList>;

export interface AgendaSection extends AgendaGroup {
  total: number;
  /** Urgencies of this group with rows not fetched yet (for "show more"). */
  more: Urgency[];
}

/** The three groups from pages fetched per urgency (the shell pages the list: it can be long). */
export function sectionsFromPages(p: AgendaPages): AgendaSection[] {
  const parts: Record<GroupId, Urgency[]> = { overdue: ['overdue'], soon: ['today', 'soon'], upcoming: ['upcoming'] };
  const out: AgendaSection[] = [];
  for (const id of ['overdue', 'soon', 'upcoming'] as GroupId[]) {
    const us = parts[id];
    const items = us.flatMap((u) => p[u].rows);
    const total = us.reduce((n, u) => n + p[u].total, 0);
    if (total === 0) continue;
    out.push({ id, items, total, more: us.filter((u) => p[u].rows.length < p[u].total) });
  }
  return out;
}

export function totalOf(p: AgendaPages): number {
  return URGENCIES.reduce((n, u) => n + p[u].total, 0);
}

/** What the agenda is narrowed to (the shell's AgendaFilter; one store and one provider at most here). */
export interface QueueFilter {
  kinds: ReminderKind[];
  urgencies: Urgency[];
  /** `''`: terminals with no store recorded. `null`: any. */
  store: string | null;
  provider: string | null;
  search: string;
  /** Only what is not acknowledged yet. */
  pending: boolean;
}

export function emptyFilter(): QueueFilter {
  return { kinds: [], urgencies: [], store: null, provider: null, search: '', pending: false };
}

export function isEmptyFilter(f: QueueFilter): boolean {
  return !f.kinds.length && !f.urgencies.length && f.store === null && f.provider === null && !f.search.trim() && !f.pending;
}

/** The filter as the shell takes it. */
export function toShellFilter(f: QueueFilter): AgendaFilter {
  return {
    kinds: [...f.kinds],
    urgencies: [...f.urgencies],
    stores: f.store === null ? [] : [f.store],
    providers: f.provider === null ? [] : [f.provider],
    search: f.search.trim(),
    pending: f.pending,
  };
}

/** Adds `v` to a list of choices, or takes it out. */
export function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

/** The count a facet gives a choice (0 when it is not listed). */
export function countOf<T>(pairs: readonly (readonly [T, number])[] | undefined, v: T): number {
  return pairs?.find(([k]) => k === v)?.[1] ?? 0;
}

/** Agenda pages from one `agenda` answer (its rows are the first ones of each urgency). */
export function pagesFromAgenda(p: AgendaPage): AgendaPages {
  const out = {} as AgendaPages;
  for (const u of URGENCIES) out[u] = { rows: p.rows.filter((r) => r.urgency === u), total: p.counts[u] };
  return out;
}
