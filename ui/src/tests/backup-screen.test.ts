// @vitest-environment happy-dom
// Settings → 备份 (issue 10): "立即备份" makes a backup and waits visibly while it runs, then the
// new backup is in the list by its readable name; a backup the chosen folder could not take is
// said, and so is a full disk. "从文件恢复…" checks the picked file before asking, and the question
// says what the file holds; a file that cannot be restored is said and nothing is replaced. The
// backup folder is chosen in the OS dialog (the page sends no path), and a folder that is gone is
// said with where backups go meanwhile. The answers are the mock's; the rules are the core's
// (tests/files_backup_place.rs) and the shell's (src-tauri/tests/ipc_commands/backups.rs).
import { describe, expect, it } from 'vitest';
import { BACKUP_FOLDER, BACKUP_MADE, BACKUPS, DB_DAMAGED } from '../ipc/fixtures';
import type { BackupMade } from '../ipc/types';
import { calls, click, mock, q, qa, startApp, toastSaying, until, useAppHarness, type Setup } from './harness';

useAppHarness();

async function openSettings(setup?: Setup) {
  await startApp({}, setup);
  click(q('[data-testid=nav-settings]'));
  return until(() => qa('[data-testid=backup-line]').length === 2 && q('[data-testid=backup-now]'), 'the backup screen');
}

const lines = () => qa('[data-testid=backup-line]').map((l) => l.textContent!.replace(/\s+/g, ' ').trim());
const sent = () => JSON.stringify(mock.log.map((c) => c.args));

describe('backup now', () => {
  it('waits visibly while the copy runs, then lists the new backup by its readable name', async () => {
    let finish: (m: BackupMade) => void = () => {};
    const button = await openSettings((m) =>
      m.answer('backup_now', () => new Promise<BackupMade>((r) => (finish = r))),
    );
    mock.answer('backups', [BACKUP_MADE.backup, ...BACKUPS]);
    click(button);
    await until(() => q('[data-testid=backup-making]'), 'the wait state');
    expect(q<HTMLButtonElement>('[data-testid=backup-now]')!.disabled).toBe(true);
    expect(q('[data-testid=backup-progress]')).not.toBeNull();
    expect(q('[data-testid=backup-making]')!.textContent).toContain('正在备份');
    finish(BACKUP_MADE);
    await toastSaying('已备份');
    await until(() => lines().length === 3, 'the new backup in the list');
    expect(lines()[0]).toBe('手动备份 最新 2026年11月22日 09:30 · 1.1 MB');
    expect(q('[data-testid=backup-making]')).toBeNull();
    expect(q<HTMLButtonElement>('[data-testid=backup-now]')!.disabled).toBe(false);
    expect(q('[data-testid=backup-notice]')).toBeNull();
    expect(calls('backup_now')).toEqual([{}]);
  });

  it('says when the chosen folder could not take it and the backup went to the default folder', async () => {
    const button = await openSettings((m) =>
      m.answer('backup_now', { ...BACKUP_MADE, fell_back: { code: 'backup_folder_missing', message: 'the backup folder /media/u is not there' } }),
    );
    click(button);
    const notice = await until(() => q('[data-testid=backup-notice]'), 'the notice');
    expect(notice.textContent).toBe(
      '备份位置现在用不了：找不到备份文件夹（U 盘拔出了，或网络文件夹没有连上？）。这次备份存到了默认位置，数据没有丢失。',
    );
  });

  it('says a full disk and a folder that cannot be written in Chinese', async () => {
    const button = await openSettings((m) => {
      m.fail('backup_now', { code: 'backup_folder_full', message: 'the backup folder /x is on a full disk' }, { once: true });
      m.fail('backup_now', { code: 'backup_folder_not_writable', message: 'the backup folder /x cannot be written to' }, { once: true });
    });
    click(button);
    const error = await until(() => q('[data-testid=backup-error]'), 'the error');
    expect(error.textContent).toBe('磁盘已满，备份没有写成。请清理磁盘空间，或换一个备份位置');
    click(q('[data-testid=backup-now]'));
    await until(() => q('[data-testid=backup-error]')?.textContent?.includes('无法写入'), 'the second error');
    expect(q('[data-testid=backup-error]')!.textContent).toBe('备份文件夹无法写入（没有权限，或是只读的盘）');
  });
});

describe('restore from a file', () => {
  it('checks the picked file first and asks with what it holds', async () => {
    await openSettings();
    click(q('[data-testid=restore-from-file]'));
    const holds = await until(() => q('[data-testid=restore-file-holds]'), 'the question');
    expect(holds.textContent).toMatch(/^备份文件“poskeeper-U盘备份\.db”里有 1,280 台终端、1,104 张流量卡，最后修改于 2026年11月20日 \d\d:\d\d。$/);
    expect(q('[data-testid=restore-dialog]')!.textContent).toContain('恢复前会先备份当前数据');
    expect(calls('inspect_backup_file')).toEqual([{ token: 'backup-1' }]);
    expect(calls('restore_file')).toEqual([]);
    click(q('[data-testid=restore-dialog] [data-testid=save]'));
    await until(() => calls('restore_file').length, 'the restore');
    expect(calls('restore_file')).toEqual([{ token: 'backup-1' }]);
    expect(sent()).not.toMatch(/\//);
  });

  for (const [code, text] of [
    ['db_too_new', '数据库来自更新版本的 POS管家，请先升级。现在的数据没有改动。'],
    ['not_poskeeper_db', '这不是 POS管家 的数据库文件。现在的数据没有改动。'],
    ['backup_refused', '这个文件不是完好的 POS管家 备份，现在的数据没有改动'],
  ]) {
    it(`says a file that cannot be restored (${code}) and asks nothing`, async () => {
      await openSettings((m) => m.fail('inspect_backup_file', { code, message: 'refused' }));
      click(q('[data-testid=restore-from-file]'));
      const error = await until(() => q('[data-testid=backup-error]'), 'the error');
      expect(error.textContent).toBe(text);
      expect(q('[data-testid=restore-dialog]')).toBeNull();
      expect(calls('restore_file')).toEqual([]);
    });
  }
});

describe('the backup folder', () => {
  it('shows the default folder, takes one chosen in the dialog, and lists its backups', async () => {
    await openSettings();
    const path = await until(() => q('[data-testid=backup-place-path]'), 'the folder');
    expect(path.textContent).toBe(BACKUP_FOLDER.default);
    expect(q('[data-testid=backup-place]')!.textContent).toContain('默认位置');
    const before = calls('backups').length;
    mock.answer('backups', [{ ...BACKUPS[0], name: 'poskeeper-daily-2026-11-23.db', place: 'chosen' }, ...BACKUPS]);
    click(q('[data-testid=backup-place-choose]'));
    await until(() => q('[data-testid=backup-place-path]')?.textContent === '/media/user/U盘/POS备份', 'the chosen folder');
    await toastSaying('备份位置已更改');
    expect(calls('pick_backup_folder')).toEqual([{}]);
    await until(() => calls('backups').length > before && lines().length === 3, 'the list again');
    expect(lines()[0]).toContain('备份位置');
    expect(q('[data-testid=backup-place-default]')).not.toBeNull();
    expect(sent()).not.toMatch(/\//);
  });

  it('says a chosen folder that is gone, and where backups go meanwhile', async () => {
    await openSettings((m) =>
      m.answer('backup_folder', {
        ...BACKUP_FOLDER,
        chosen: '/media/user/U盘/POS备份',
        problem: { code: 'backup_folder_missing', message: 'not there' },
      }),
    );
    const problem = await until(() => q('[data-testid=backup-place-problem]'), 'the problem');
    expect(problem.textContent!.trim()).toBe(
      `现在用不了：找不到备份文件夹（U 盘拔出了，或网络文件夹没有连上？）。备份会先存到默认位置：${BACKUP_FOLDER.default}`,
    );
    click(q('[data-testid=backup-place-default]'));
    await until(() => calls('reset_backup_folder').length, 'the reset');
    await until(() => !q('[data-testid=backup-place-problem]'), 'the problem gone');
    expect(q('[data-testid=backup-place-path]')!.textContent).toBe(BACKUP_FOLDER.default);
  });

  it('a folder that cannot take a backup is refused with the reason, the choice unchanged', async () => {
    await openSettings((m) => m.fail('pick_backup_folder', { code: 'backup_folder_not_writable', message: 'no' }));
    click(await until(() => q('[data-testid=backup-place-choose]'), 'the button'));
    const error = await until(() => q('[data-testid=backup-place-error]'), 'the error');
    expect(error.textContent).toBe('备份文件夹无法写入（没有权限，或是只读的盘）');
    expect(q('[data-testid=backup-place-path]')!.textContent).toBe(BACKUP_FOLDER.default);
  });
});

describe('the damaged-database screen', () => {
  it('lists the backups to restore, without backup now or the folder (nothing can be copied)', async () => {
    await startApp({ dbError: DB_DAMAGED });
    await until(() => qa('[data-testid=restore]').length === 2, 'the backups');
    expect(q('[data-testid=backup-now]')).toBeNull();
    expect(q('[data-testid=backup-place]')).toBeNull();
  });
});
