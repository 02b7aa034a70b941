// @vitest-environment happy-dom
// Files through the shell's own dialogs: the page asks the shell to show a dialog and gets a token
// and a name back, never sends a path (SPEC §6). The import screen runs a dry run first, then the
// real one, and shows the report the core answers (reading the file is the core's, tested in Rust);
// export, the template and restore go the same way; and a calm "not available yet" while the shell
// does not have a command. A file damaged after start switches the window to the database-error
// screen.
import { describe, expect, it } from 'vitest';
import { DB_DAMAGED, IMPORT_DONE, IMPORT_MAPPED, IMPORT_PREVIEW } from '../ipc/fixtures';
import { calls, click, mock, q, qa, root, startApp, toastSaying, until, useAppHarness, type Setup } from './harness';

async function openImport(setup?: Setup) {
  await startApp({}, setup);
  click(q('[data-testid=nav-import]'));
  click(await until(() => q('[data-testid=import-pick]'), 'the import screen'));
}

/** Every argument the page sent, as one string: no path may be among them. */
const sent = () => JSON.stringify(mock.log.map((c) => c.args));

useAppHarness();

describe('import', () => {
  it('previews with a dry run, shows the row problems the core found, and writes only when confirmed', async () => {
    await openImport();
    const preview = await until(() => q('[data-testid=import-preview-result]'), 'the preview');
    expect(calls('pick_import_file')).toEqual([{}]);
    expect(calls('preview_import')).toEqual([{ token: 'import-1', mapping: [] }]);
    expect(calls('import_file')).toEqual([]);
    expect(q('[data-testid=import-file]')?.textContent).toBe('终端清单.xlsx');
    expect(preview.textContent).toContain('共 120 行');
    expect(q('[data-testid=import-unchanged]')?.textContent).toBe('2 台没有变化');
    const rows = qa('[data-testid=import-error-row]');
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toContain('7');
    expect(rows[0].textContent).toContain('2026-02-30');
    expect(rows[1].textContent).toContain('8986001');
    // Problems and no "skip": nothing can be written yet.
    expect((q('[data-testid=import-confirm]') as HTMLButtonElement).disabled).toBe(true);
    click(q('[data-testid=import-skip-invalid]'));
    const confirm = await until(() => {
      const b = q('[data-testid=import-confirm]') as HTMLButtonElement | null;
      return b && !b.disabled && b;
    }, 'confirm enabled');
    click(confirm);
    const result = await until(() => q('[data-testid=import-result]'), 'the result');
    // Every row is accounted for: new, updated, unchanged, skipped, out of all the file's rows.
    expect(result.textContent).toContain('导入完成：新增 100 台，更新 16 台，2 台没有变化，跳过 2 行（共 120 行）');
    // The skipped rows stay listed after the import, with their reasons.
    const kept = result.querySelectorAll('[data-testid=import-error-row]');
    expect(kept.length).toBe(2);
    expect(kept[0].textContent).toContain('2026-02-30');
    expect(q('[data-testid=import-preview-result]')).toBeNull();
    // A column the importer did not use is still named after the import.
    expect(q('[data-testid=import-result-ignored]')?.textContent).toBe('这些列不认识，已忽略：联系人');
    // …and can be saved as a spreadsheet to fix: the save dialog, then the shell writes it.
    click(result.querySelector('[data-testid=import-save-problems]'));
    await until(() => calls('save_import_problems').length, 'the save');
    expect(calls('pick_export_file').at(-1)).toEqual({ format: 'xlsx', suggestedName: '终端清单（要改正）.xlsx' });
    expect(calls('save_import_problems')).toEqual([{ token: 'import-1', outToken: 'export-1' }]);
    await toastSaying('已把 2 行存到 /home/user/文档/终端清单（要改正）.xlsx，改好后可以再导入');
    // The preview (a dry run) came first; ticking "skip" needs none again (the counts are the
    // same); the confirmed run writes.
    expect(calls('preview_import')).toEqual([{ token: 'import-1', mapping: [] }]);
    expect(calls('import_file')).toEqual([{ token: 'import-1', dryRun: false, skipInvalid: true, mapping: [] }]);
    expect(sent()).not.toMatch(/\/|path/);
    // There is no field to type a path into.
    expect(root.querySelector('[data-testid=import] input[name=path]')).toBeNull();
  });

  it('a clean preview can be written at once', async () => {
    const clean = { ...IMPORT_PREVIEW, rows: 3, new: 3, updated: 0, unchanged: 0, invalid: 0, problems: [] };
    await openImport((m) =>
      m
        .answer('preview_import', { ...IMPORT_MAPPED, report: clean })
        .answer('import_file', { ...IMPORT_DONE, ...clean, committed: true, dry_run: false }),
    );
    await until(() => q('[data-testid=import-preview-result]'), 'the preview');
    expect(qa('[data-testid=import-error-row]').length).toBe(0);
    const confirm = q<HTMLButtonElement>('[data-testid=import-confirm]')!;
    expect(confirm.disabled).toBe(false);
    click(confirm);
    await until(() => q('[data-testid=import-result]'), 'the result');
    expect(calls('import_file').at(-1)).toEqual({ token: 'import-1', dryRun: false, skipInvalid: false, mapping: [] });
  });

  it('a file the core refuses says why in Chinese', async () => {
    await openImport((m) => m.fail('preview_import', { code: 'unsupported_format', message: 'unsupported file format: xls' }));
    const err = await until(() => q('[data-testid=import-error]'), 'the error');
    expect(err.textContent).toBe('不支持这种文件格式（旧版 .xls 请先另存为 .xlsx）');
    expect(q('[data-testid=import-preview-result]')).toBeNull();
  });

  it('a cancelled dialog changes nothing', async () => {
    await openImport((m) => m.answer('pick_import_file', null));
    await until(() => calls('pick_import_file').length, 'the pick');
    await new Promise((r) => setTimeout(r, 30));
    expect(q('[data-testid=import-file]')?.textContent).toBe('还没有选择文件');
    expect(calls('preview_import')).toEqual([]);
    expect(calls('import_file')).toEqual([]);
  });

  it('says "not available yet" when the shell lacks the command', async () => {
    await openImport((m) => m.missing('pick_import_file'));
    const note = await until(() => q('[data-testid=not-available]'), 'the notice');
    expect(note.textContent).toContain('还未开放');
    expect(q('[data-testid=import-preview-result]')).toBeNull();
  });
});

describe('export', () => {
  it('asks the shell for a place with a suggested name, then writes there and says where', async () => {
    await startApp({}, (m) => m.answer('export_file', { path: '/home/user/文档/门店终端.xlsx', items: 8 }));
    click(q('[data-testid=nav-export]'));
    click(await until(() => q('[data-testid=export-xlsx]'), 'the export screen'));
    const done = await until(() => q('[data-testid=export-result]'), 'the result');
    expect(done.textContent).toBe('已导出 8 条到 /home/user/文档/门店终端.xlsx');
    // 打开所在文件夹: the shell shows the file it wrote, named by the export's token.
    click(q('[data-testid=reveal-export]'));
    await until(() => calls('reveal_export').length === 1, 'the reveal call');
    expect(calls('reveal_export')).toEqual([{ token: 'export-1' }]);
    expect(mock.log.filter((c) => c.cmd.includes('export')).map((c) => [c.cmd, c.args])).toEqual([
      ['pick_export_file', { format: 'xlsx', suggestedName: 'poskeeper-2026-11-22.xlsx' }],
      ['export_file', { token: 'export-1' }],
      ['reveal_export', { token: 'export-1' }],
    ]);
  });

  it('says how many with a thousands separator, in Chinese and in English', async () => {
    for (const [language, text] of [
      ['zh-CN', '已导出 10,000 条到 /tmp/a.csv'],
      ['en', '10,000 items exported to /tmp/a.csv'],
    ] as const) {
      await startApp({ language }, (m) => m.answer('export_file', { path: '/tmp/a.csv', items: 10000 }));
      click(q('[data-testid=nav-export]'));
      click(await until(() => q('[data-testid=export-csv]'), 'the export screen'));
      expect((await until(() => q('[data-testid=export-result]'), 'the result')).textContent).toBe(text);
    }
  });

  it('the template is written through the same dialog', async () => {
    await startApp();
    click(q('[data-testid=nav-import]'));
    click(await until(() => q('[data-testid=template-download]'), 'the template link'));
    await until(() => calls('export_file').length, 'the export');
    expect(calls('pick_export_file')[0].format).toBe('csv');
    expect(calls('export_file')).toEqual([{ token: 'export-1' }]);
  });
});

describe('backups', () => {
  it('restores a listed backup by its name, and one kept elsewhere by a picked file', async () => {
    await startApp();
    click(q('[data-testid=nav-settings]'));
    const buttons = await until(() => qa('[data-testid=restore]').length === 2 && qa('[data-testid=restore]'), 'the backups');
    expect(q('[data-testid=backups]')?.textContent).toContain('最新');
    click(buttons[0]);
    click(await until(() => q('[data-testid=restore-dialog] [data-testid=save]'), 'the question'));
    await until(() => calls('restore_backup').length, 'the restore');
    expect(calls('restore_backup')).toEqual([{ name: 'poskeeper-daily-2026-11-22.db', place: 'default' }]);

    await until(() => !q('[data-testid=restore-dialog]'), 'the dialog to close');
    click(q('[data-testid=restore-from-file]'));
    const ask = await until(() => q('[data-testid=restore-dialog]'), 'the question');
    expect(ask.textContent).toContain('poskeeper-U盘备份.db');
    click(q('[data-testid=restore-dialog] [data-testid=save]'));
    await until(() => calls('restore_file').length, 'the restore');
    expect(calls('restore_file')).toEqual([{ token: 'backup-1' }]);
    expect(sent()).not.toMatch(/\//);
  });
});

describe('a database damaged after start', () => {
  it('the next save switches the window to the database-error screen with the backups', async () => {
    await startApp();
    const line = await until(() => q('[data-testid=agenda-item]'), 'an agenda line');
    mock.fail('agenda_act', DB_DAMAGED);
    click(line.querySelector('[data-testid=snooze-1d]'));
    const box = await until(() => q('[data-testid=db-error]'), 'the db-error screen');
    expect(box.dataset.code).toBe('db_damaged');
    expect(box.textContent).toContain('数据库文件已损坏');
    expect(box.textContent).toContain('已停止写入');
    expect(q('[data-testid=agenda-item]')).toBeNull();
    await until(() => qa('[data-testid=restore]').length === 2, 'the backups on the error screen');
  });
});
