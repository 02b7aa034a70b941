// @vitest-environment happy-dom
// 费用与到期 (issue 12): the tiles sum the core's figures (fees for the next 12 months, lapsed
// cards, deposits held and late, terminals); every chart has its numbers in a table beneath it,
// and a copy button that gives them as tab-separated cells for Excel. The figures are the core's
// (tests/store_outlook.rs); the charts need a canvas, which this DOM has not: the tables stand.
import { describe, expect, it } from 'vitest';
import { calls, click, q, qa, startApp, toastSaying, until, useAppHarness } from './harness';

useAppHarness();

const text = (el: Element | null) => el!.textContent!.replace(/\s+/g, ' ').trim();
/** A table row's cells, one space between. */
const cells = (tr: Element) => [...tr.querySelectorAll('td')].map((td) => text(td)).join(' ');

describe('the outlook', () => {
  it('shows the tiles and every chart’s numbers, in Chinese', async () => {
    await startApp({});
    click(q('[data-testid=nav-outlook]'));
    await until(() => q('[data-testid=outlook-months]'), 'the outlook');
    expect(calls('outlook')).toEqual([{}]);
    expect(text(q('[data-testid=outlook-fees-total]'))).toBe('未来 12 个月流量卡续费 ¥993.00 22 张卡 · 1 张未填年费');
    expect(text(q('[data-testid=outlook-lapsed]'))).toBe('已过期未续费的流量卡 2 张卡 ¥90.00');
    expect(text(q('[data-testid=outlook-deposits]'))).toBe('押金在押 ¥995.00 5 笔 · 其中 ¥199.00 已过返还截止');
    expect(text(q('[data-testid=outlook-terminals]'))).toBe('终端总数 47');
    const rows = qa('[data-testid=outlook-months] tbody tr').map(cells);
    expect(rows).toHaveLength(12);
    expect(rows[0]).toBe('2026年11月 3 ¥135.00 0 0 1 1 ¥0.00');
    expect(rows[2]).toBe('2027年1月 4 ¥180.00 2 0 1 0 ¥0.00');
    expect(rows[3]).toBe('2月 0 ¥0.00 0 2 1 0 ¥398.00');
    expect(qa('[data-testid=outlook-deposit-table] tr').map(cells)[1]).toBe('在押（已过截止） 1 ¥199.00');
    expect(qa('[data-testid=outlook-providers] tr').map(cells)).toEqual(['拉卡拉 25', '银联商务 15', '未填服务商 7']);
  });

  it('exports every chart’s numbers to the Excel file picked', async () => {
    await startApp();
    click(q('[data-testid=nav-outlook]'));
    click(await until(() => q('[data-testid=outlook-export]'), 'the export button'));
    await toastSaying('已导出到 /home/user/文档/费用与到期-2026-11-22.xlsx');
    expect(calls('pick_export_file')).toEqual([{ format: 'xlsx', suggestedName: '费用与到期-2026-11-22.xlsx' }]);
    expect(calls('export_outlook')).toEqual([{ token: 'export-1' }]);
  });
});
