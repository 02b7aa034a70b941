// @vitest-environment happy-dom
// "导出当前列表" on 终端 (issue 10): the export is sent the list's own search and filters (the core
// then writes exactly those terminals, tested in Rust), and says how many it wrote and where.
import { describe, expect, it } from 'vitest';
import { calls, click, q, startApp, type, until, useAppHarness } from './harness';
import type { TerminalQuery } from '../ipc/types';

useAppHarness();

const lastQuery = () => calls('list_terminals').at(-1)?.query as TerminalQuery | undefined;

describe('exporting the current list', () => {
  it('sends the search and filters the list shows, and says what it wrote', async () => {
    await startApp({}, (m) => m.answer('export_file', { path: '/home/user/文档/poskeeper-2026-11-22.xlsx', items: 37 }));
    click(q('[data-testid=nav-terminals]'));
    await until(() => q('[data-testid=terminal-row]'), 'the list');
    click(q('[data-testid=chip-status-spare]'));
    type(q('[data-testid=terminal-search]')!, '1179');
    await until(() => lastQuery()?.search === '1179' && lastQuery()?.status === 'spare', 'the filtered query');
    click(q('[data-testid=export-list]'));
    click(await until(() => q('[data-testid=export-list-xlsx]'), 'the format choices'));
    const r = await until(() => q('[data-testid=export-list-result]'), 'the result');
    expect(calls('pick_export_file').at(-1)).toMatchObject({ format: 'xlsx' });
    const sent = calls('export_file').at(-1)!;
    expect(sent.token).toBe('export-1');
    expect(sent.query).toMatchObject({ search: '1179', status: 'spare', kind: null, provider: null, store: null, sort: 'sn' });
    expect(r.textContent).toBe('已导出 37 台终端到 /home/user/文档/poskeeper-2026-11-22.xlsx');
    // 打开所在文件夹 names the export by its token, never by the path shown.
    const reveal = q('[data-testid=reveal-export]')!;
    expect(reveal.textContent).toBe('打开所在文件夹');
    click(reveal);
    await until(() => calls('reveal_export').length === 1, 'the reveal call');
    expect(calls('reveal_export')).toEqual([{ token: 'export-1' }]);
  });

  it('is not offered for an empty list', async () => {
    await startApp({}, (m) => m.answer('list_terminals', { total: 0, rows: [] }));
    click(q('[data-testid=nav-terminals]'));
    await until(() => q('[data-testid=terminal-count]')?.textContent?.includes('0'), 'the count');
    expect(q<HTMLButtonElement>('[data-testid=export-list]')!.disabled).toBe(true);
  });
});
