// @vitest-environment happy-dom
// Finding by any part (issue 10): both search boxes say what can be searched — any 3 characters of
// a number (a tail too), 1–2 characters from the start, any part of a name — in each language, and
// the SN tail the agenda shows, typed in the top bar, is sent as it is and opens the one terminal
// the core finds by it.
import { describe, expect, it } from 'vitest';
import { calls, click, q, startApp, type, until, useAppHarness } from './harness';
import { row, TERMINALS } from '../ipc/fixtures';
import type { TerminalQuery } from '../ipc/types';

useAppHarness();

const top = () => q<HTMLInputElement>('[data-testid=search-input]')!;
const listBox = () => q<HTMLInputElement>('[data-testid=terminal-search]');

async function hints() {
  click(q('[data-testid=nav-terminals]'));
  await until(() => listBox(), 'the list');
  return { top: top().placeholder, help: top().title, list: listBox()!.placeholder, listHelp: listBox()!.title };
}

describe('finding by any part', () => {
  it('says what can be searched, in zh-CN', async () => {
    await startApp();
    const h = await hints();
    expect(h.top).toContain('任意 3 位');
    expect(h.top).toContain('品牌');
    expect(h.help).toContain('尾号 1179');
    expect(h.help).toContain('1–2 位时从开头匹配');
    expect(h.help).toContain('服务商');
    expect(h.list).toContain('尾号');
    expect(h.listHelp).toBe(h.help);
  });

  it('says it with Taiwanese words in zh-TW', async () => {
    await startApp({ language: 'zh-TW' });
    const tw = await hints();
    expect(tw.top).toContain('任意 3 碼');
    expect(tw.help).toContain('末碼 1179');
    expect(tw.help).toContain('門市');
    expect(tw.list).toContain('末碼');
    expect(tw.help).not.toMatch(/尾号|门店|搜索/);
  });

  it('says it in English', async () => {
    await startApp({ language: 'en' });
    const en = await hints();
    expect(en.top).toContain('any 3+ characters');
    expect(en.help).toContain('1–2 characters match the start only');
    expect(en.list).toContain('tail');
  });

  it('sends the SN tail as typed and opens the one terminal it finds', async () => {
    const target = TERMINALS[2];
    const tail = target.sn.slice(-4);
    await startApp({}, (mock) =>
      mock.answer('list_terminals', (a) => {
        const query = a.query as TerminalQuery;
        return query.search === tail ? { total: 1, rows: [row(target)] } : { total: 0, rows: [] };
      }),
    );
    type(top(), tail);
    top().form!.requestSubmit();
    await until(() => q(`[data-testid=terminal-detail][data-sn="${target.sn}"]`), 'the terminal found by its tail');
    const sent = calls('list_terminals').map((c) => (c.query as TerminalQuery).search);
    expect(sent).toContain(tail);
  });
});
