// What a backup file is, read from its name as the core writes it (src/files/backup.rs):
//   poskeeper-daily-2026-11-22.db                   the daily automatic copy
//   poskeeper-weekly-2026-W47.db                    the weekly automatic copy (ISO week)
//   poskeeper-before-import-20261121-093015[-2].db  taken before an import (local time in the name)
//   poskeeper-before-restore-20261121-093015.db     taken before a restore
//   poskeeper-before-migration-v3-to-v4[-2].db      taken before the database was upgraded
//   poskeeper-unreadable-20261121-093015.db         the damaged file a restore put aside
//   poskeeper-manual-20261121-093015[-2].db         "backup now" (src/files/backup_place.rs)
// Anything else is shown by its name as it is.
import type { BackupInfo, Lang } from '../ipc/types';
import { translate, type MessageKey } from './i18n/index.svelte';
import { formatDate, isoParts } from './format';

export type BackupKind = 'daily' | 'weekly' | 'manual' | 'before_import' | 'before_restore' | 'before_migration' | 'unreadable';

export interface BackupName {
  kind: BackupKind;
  /** "YYYY-MM-DD" when the name carries a date. */
  date?: string;
  /** "HH:MM" when the name carries a time. */
  time?: string;
  /** The ISO week of a weekly copy. */
  week?: { year: number; week: number };
}

const STAMPED: [RegExp, BackupKind][] = [
  [/^poskeeper-manual-(\d{8})-(\d{6})(?:-\d+)?\.db$/, 'manual'],
  [/^poskeeper-before-import-(\d{8})-(\d{6})(?:-\d+)?\.db$/, 'before_import'],
  [/^poskeeper-before-restore-(\d{8})-(\d{6})(?:-\d+)?\.db$/, 'before_restore'],
  [/^poskeeper-unreadable-(\d{8})-(\d{6})(?:-\d+)?\.db$/, 'unreadable'],
];

/** The kind and moment a backup's name says, or null for a name the core does not write. */
export function parseBackupName(name: string): BackupName | null {
  let m = /^poskeeper-daily-(\d{4}-\d{2}-\d{2})\.db$/.exec(name);
  if (m) return isoParts(m[1]) ? { kind: 'daily', date: m[1] } : null;
  m = /^poskeeper-weekly-(\d{4})-W(\d{2})\.db$/.exec(name);
  if (m) {
    const week = Number(m[2]);
    return week >= 1 && week <= 53 ? { kind: 'weekly', week: { year: Number(m[1]), week } } : null;
  }
  if (/^poskeeper-before-migration-v\d+-to-v\d+(?:-\d+)?\.db$/.test(name)) return { kind: 'before_migration' };
  for (const [re, kind] of STAMPED) {
    m = re.exec(name);
    if (!m) continue;
    const [d, t] = [m[1], m[2]];
    const date = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    const [hh, mm, ss] = [Number(t.slice(0, 2)), Number(t.slice(2, 4)), Number(t.slice(4, 6))];
    if (!isoParts(date) || hh > 23 || mm > 59 || ss > 59) return null;
    return { kind, date, time: `${t.slice(0, 2)}:${t.slice(2, 4)}` };
  }
  return null;
}

/** A UTC moment ("2026-11-22T01:00:00Z") as a date and time in the computer's time zone, or null. */
export function formatMoment(iso: string | null | undefined, lang: Lang): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : lang, { dateStyle: 'long', timeStyle: 'short' }).format(d);
}

/** When the file was written (taken_at, shown in the computer's time zone), or null. */
function writtenAt(b: BackupInfo, lang: Lang): string | null {
  return formatMoment(b.taken_at, lang);
}

/** A backup as the list shows it: what it is, and when (from its name, else from the file). */
export function describeBackup(b: BackupInfo, lang: Lang): { what: string; when: string | null } {
  const p = parseBackupName(b.name);
  if (!p) return { what: b.name, when: writtenAt(b, lang) };
  const what = translate(lang, `backup.${p.kind}` as MessageKey);
  if (p.week) return { what, when: translate(lang, 'backup.week', { year: String(p.week.year), week: String(p.week.week) }) };
  if (p.date) return { what, when: p.time ? `${formatDate(p.date, lang)} ${p.time}` : formatDate(p.date, lang) };
  return { what, when: writtenAt(b, lang) };
}
