// @vitest-environment happy-dom
// Files through the shell's own dialogs: the page asks the shell to show a dialog and gets a token
// and a name back, never sends a path (SPEC §6). The import screen runs a dry run first, then the
// real one; export, the template and restore go the same way; and a calm "not available yet"
// while the shell does not have a command. A file damaged after start switches the window to the
// database-error screen.
import { describe, expect, it } from 'vitest';
import { backend, q, qa, root, startApp, until, useAppHarness } from './harness';

async function openImport(missing: string[] = []) {
  await startApp({ terminals: 10, missing });
  q('[data-testid=nav-import]')!.click();
  const pick = await until(() => q('[data-testid=import-pick]'), 'the import screen');
  pick.click();
}

/** Every argument the page sent, as one string: no path may be among them. */
const sent = () => JSON.stringify(backend.calls.map((c) => c.args));

useAppHarness();

describe('import', () => {
  it('previews with a dry run, shows the row problems, and writes only when confirmed', async () => {
    await openImport();
    const preview = await until(() => q('[data-testid=import-preview-result]'), 'the preview');
    expect(q('[data-testid=import-file]')?.textContent).toBe('终端清单.xlsx');
    expect(preview.textContent).toContain('共 120 行');
    expect(root.querySelectorAll('[data-testid=import-error-row]').length).toBe(2);
    const first = backend.calls.find((c) => c.cmd === 'import_file');
    expect(first?.args).toEqual({ token: 'import-1', dryRun: true, skipInvalid: false });
    // Problems and no "skip": nothing can be written yet.
    expect((q('[data-testid=import-confirm]') as HTMLButtonElement).disabled).toBe(true);
    (q('[data-testid=import-skip-invalid]') as HTMLInputElement).click();
    const confirm = await until(() => {
      const b = q('[data-testid=import-confirm]') as HTMLButtonElement | null;
      return b && !b.disabled && b;
    }, 'confirm enabled');
    confirm.click();
    const result = await until(() => q('[data-testid=import-result]'), 'the result');
    expect(result.textContent).toContain('新增 100 台');
    expect(backend.calls.filter((c) => c.cmd === 'import_file').at(-1)?.args).toEqual({
      token: 'import-1',
      dryRun: false,
      skipInvalid: true,
    });
    expect(sent()).not.toMatch(/\/|path/);
    // There is no field to type a path into.
    expect(root.querySelector('[data-testid=import] input[name=path]')).toBeNull();
  });

  it('a cancelled dialog changes nothing', async () => {
    await startApp({ terminals: 10 });
    backend.nextPick = null;
    q('[data-testid=nav-import]')!.click();
    (await until(() => q('[data-testid=import-pick]'), 'the import screen')).click();
    await until(() => backend.calls.some((c) => c.cmd === 'pick_import_file'), 'the pick');
    await new Promise((r) => setTimeout(r, 30));
    expect(q('[data-testid=import-file]')?.textContent).toBe('还没有选择文件');
    expect(backend.calls.some((c) => c.cmd === 'import_file')).toBe(false);
  });

  it('says "not available yet" when the shell lacks the command', async () => {
    await openImport(['pick_import_file']);
    const note = await until(() => q('[data-testid=not-available]'), 'the notice');
    expect(note.textContent).toContain('还未开放');
    expect(q('[data-testid=import-preview-result]')).toBeNull();
  });
});

describe('export', () => {
  it('asks the shell for a place with a suggested name, then writes there', async () => {
    await startApp({ terminals: 10 });
    q('[data-testid=nav-export]')!.click();
    (await until(() => q('[data-testid=export-xlsx]'), 'the export screen')).click();
    const done = await until(() => q('[data-testid=export-result]'), 'the result');
    expect(done.textContent).toContain('poskeeper-2026-11-22.xlsx');
    const calls = backend.calls.filter((c) => c.cmd.includes('export'));
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      ['pick_export_file', { format: 'xlsx', suggestedName: 'poskeeper-2026-11-22.xlsx' }],
      ['export_file', { token: 'export:xlsx-1' }],
    ]);
  });

  it('the template is written through the same dialog', async () => {
    await startApp({ terminals: 10 });
    q('[data-testid=nav-import]')!.click();
    (await until(() => q('[data-testid=template-download]'), 'the template link')).click();
    await until(() => backend.calls.some((c) => c.cmd === 'export_file'), 'the export');
    expect(backend.calls.find((c) => c.cmd === 'pick_export_file')?.args.format).toBe('csv');
  });
});

describe('backups', () => {
  it('restores a listed backup by its name, and one kept elsewhere by a picked file', async () => {
    await startApp({ terminals: 10 });
    q('[data-testid=nav-settings]')!.click();
    const buttons = await until(() => qa('[data-testid=restore]').length === 2 && qa('[data-testid=restore]'), 'the backups');
    expect(q('[data-testid=backups]')?.textContent).toContain('最新');
    buttons[0].click();
    (await until(() => q('[data-testid=restore-dialog] [data-testid=save]'), 'the question')).click();
    await until(() => backend.calls.some((c) => c.cmd === 'restore_backup'), 'the restore');
    expect(backend.calls.find((c) => c.cmd === 'restore_backup')?.args).toEqual({ name: 'poskeeper-2026-11-22.db' });

    await until(() => !q('[data-testid=restore-dialog]'), 'the dialog to close');
    q('[data-testid=restore-from-file]')!.click();
    const ask = await until(() => q('[data-testid=restore-dialog]'), 'the question');
    expect(ask.textContent).toContain('poskeeper-U盘备份.db');
    q('[data-testid=restore-dialog] [data-testid=save]')!.click();
    await until(() => backend.calls.some((c) => c.cmd === 'restore_file'), 'the restore');
    expect(backend.calls.find((c) => c.cmd === 'restore_file')?.args).toEqual({ token: 'backup-1' });
    expect(sent()).not.toMatch(/\//);
  });
});

describe('a database damaged after start', () => {
  it('the next save switches the window to the database-error screen with the backups', async () => {
    await startApp({ terminals: 30 });
    const line = await until(() => q('[data-testid=agenda-item]'), 'an agenda line');
    backend.damage();
    line.querySelector<HTMLButtonElement>('[data-testid=snooze-1d]')!.click();
    const box = await until(() => q('[data-testid=db-error]'), 'the db-error screen');
    expect(box.dataset.code).toBe('db_damaged');
    expect(box.textContent).toContain('数据库文件已损坏');
    expect(box.textContent).toContain('已停止写入');
    expect(q('[data-testid=agenda-item]')).toBeNull();
    await until(() => qa('[data-testid=restore]').length === 2, 'the backups on the error screen');
  });
});
