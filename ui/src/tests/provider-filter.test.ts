// @vitest-environment happy-dom
// The terminal list's provider drop-down (issue 10): its choices are the providers the terminals
// name, with their counts, also a provider no contact names (one that came in by import); choosing
// one narrows the list to it.
import { describe, expect, it } from 'vitest';
import { calls, click, q, qa, startApp, until, useAppHarness } from './harness';
import type { TerminalQuery } from '../ipc/types';

useAppHarness();

const lastQuery = () => calls('list_terminals').at(-1)?.query as TerminalQuery | undefined;

describe('the provider filter', () => {
  it('offers every provider the terminals name, with counts, contact or not', async () => {
    await startApp({}, (m) => m.answer('provider_counts', [['工商银行', 1250], ['拉卡拉', 61], ['建设银行', 3]]));
    click(q('[data-testid=nav-terminals]'));
    const sel = await until(() => q<HTMLSelectElement>('[data-testid=filter-provider]'), 'the provider drop-down');
    await until(() => sel.options.length > 1, 'its choices');
    const options = qa('[data-testid=filter-provider] option').map((o) => [(o as HTMLOptionElement).value, o.textContent]);
    expect(options).toEqual([
      ['', '服务商: 全部'],
      ['工商银行', '工商银行 (1,250)'],
      ['拉卡拉', '拉卡拉 (61)'],
      ['建设银行', '建设银行 (3)'],
    ]);
    expect(calls('contacts')).toEqual([]);
    sel.value = '工商银行';
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => lastQuery()?.provider === '工商银行', 'the query for 工商银行');
  });
});
