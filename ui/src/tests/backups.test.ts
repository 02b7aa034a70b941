// @vitest-environment happy-dom
// Backups are listed by what they are and when, in the user's language, from the names the core
// writes (src/files/backup.rs); the file's name stays in a tooltip, and a name the core does not
// write is shown as it is.
import { describe, expect, it } from 'vitest';
import { describeBackup, parseBackupName } from '../lib/backups';
import { calls, click, q, qa, startApp, until, useAppHarness } from './harness';
import type { BackupInfo } from '../ipc/types';

useAppHarness();

const b = (name: string, taken_at: string | null = null): BackupInfo => ({ name, place: 'default', taken_at, bytes: null });

describe('backup names', () => {
  it('reads each name the core writes', () => {
    expect(parseBackupName('poskeeper-daily-2026-11-22.db')).toEqual({ kind: 'daily', date: '2026-11-22' });
    expect(parseBackupName('poskeeper-weekly-2026-W07.db')).toEqual({ kind: 'weekly', week: { year: 2026, week: 7 } });
    expect(parseBackupName('poskeeper-before-import-20261121-093015.db')).toEqual({ kind: 'before_import', date: '2026-11-21', time: '09:30' });
    expect(parseBackupName('poskeeper-before-import-20261121-093015-2.db')).toEqual({ kind: 'before_import', date: '2026-11-21', time: '09:30' });
    expect(parseBackupName('poskeeper-before-restore-20260101-000000.db')).toEqual({ kind: 'before_restore', date: '2026-01-01', time: '00:00' });
    expect(parseBackupName('poskeeper-before-migration-v3-to-v4.db')).toEqual({ kind: 'before_migration' });
    expect(parseBackupName('poskeeper-unreadable-20261121-235959-3.db')).toEqual({ kind: 'unreadable', date: '2026-11-21', time: '23:59' });
  });

  it('takes no other name for one of them', () => {
    for (const n of [
      'poskeeper-2026-11-22.db',
      'poskeeper-daily-2026-02-30.db',
      'poskeeper-weekly-2026-W54.db',
      'poskeeper-before-import-20261121-253015.db',
      'poskeeper-daily-2026-11-22.db.bak',
      'my-backup.db',
      'poskeeper-U盘备份.db',
    ]) {
      expect(parseBackupName(n), n).toBeNull();
    }
  });

  it('says what and when in each language', () => {
    expect(describeBackup(b('poskeeper-daily-2026-11-22.db'), 'zh-CN')).toEqual({ what: '每日自动备份', when: '2026年11月22日' });
    expect(describeBackup(b('poskeeper-before-import-20261121-093015.db'), 'zh-CN')).toEqual({ what: '导入前自动备份', when: '2026年11月21日 09:30' });
    expect(describeBackup(b('poskeeper-before-restore-20261121-093015.db'), 'zh-TW')).toEqual({ what: '還原前自動備份', when: '2026年11月21日 09:30' });
    expect(describeBackup(b('poskeeper-weekly-2026-W47.db'), 'zh-TW')).toEqual({ what: '每週自動備份', when: '2026年第47週' });
    expect(describeBackup(b('poskeeper-weekly-2026-W47.db'), 'en')).toEqual({ what: 'Weekly automatic backup', when: 'week 47 of 2026' });
    expect(describeBackup(b('poskeeper-daily-2026-11-22.db'), 'en')).toEqual({ what: 'Daily automatic backup', when: 'Nov 22, 2026' });
    const up = describeBackup(b('poskeeper-before-migration-v3-to-v4.db', '2026-11-20T04:00:00Z'), 'zh-CN');
    expect(up.what).toBe('升级前自动备份');
    expect(up.when).toMatch(/^2026年11月20日/);
    expect(describeBackup(b('poskeeper-before-migration-v3-to-v4.db'), 'en')).toEqual({ what: 'Automatic backup before an upgrade', when: null });
  });

  it('shows an unknown name as it is', () => {
    expect(describeBackup(b('my-backup.db'), 'zh-CN')).toEqual({ what: 'my-backup.db', when: null });
  });
});

describe('the backup list', () => {
  it('shows readable names with the file name in a tooltip, and restores by the file name', async () => {
    const list: BackupInfo[] = [
      { name: 'poskeeper-before-import-20261122-101500.db', place: 'default', taken_at: '2026-11-22T02:15:00Z', bytes: 2_097_152 },
      { name: 'poskeeper-daily-2026-11-22.db', place: 'default', taken_at: '2026-11-22T01:00:00Z', bytes: null },
      { name: 'poskeeper-weekly-2026-W47.db', place: 'default', taken_at: '2026-11-16T01:00:00Z', bytes: null },
      { name: 'copy-from-old-pc.db', place: 'default', taken_at: null, bytes: null },
    ];
    await startApp({}, (m) => m.answer('backups', list));
    click(q('[data-testid=nav-settings]'));
    const lines = await until(() => qa('[data-testid=backup-line]').length === 4 && qa('[data-testid=backup-line]'), 'the backups');
    expect(lines.map((l) => l.title)).toEqual(list.map((x) => x.name));
    expect(lines.map((l) => l.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      '导入前自动备份 最新 2026年11月22日 10:15 · 2.0 MB',
      '每日自动备份 2026年11月22日',
      '每周自动备份 2026年第47周',
      'copy-from-old-pc.db',
    ]);
    // No raw file name is printed for a backup the core named.
    expect(q('[data-testid=backups]')!.textContent).not.toContain('poskeeper-');
    click(qa('[data-testid=restore]')[1]);
    const ask = await until(() => q('[data-testid=restore-dialog]'), 'the question');
    expect(ask.textContent).toContain('用 2026年11月22日 的备份替换现在的数据吗');
    click(q('[data-testid=restore-dialog] [data-testid=save]'));
    await until(() => calls('restore_backup').length, 'the restore');
    expect(calls('restore_backup')).toEqual([{ name: 'poskeeper-daily-2026-11-22.db', place: 'default' }]);
  });
});
