// @vitest-environment happy-dom
// The terminal list's search: kept for "back to the list" from a terminal, cleared when the user
// comes to the list through the sidebar; a search from the top bar (typed or scanned) still lands in
// the list. What is checked is the box the user sees and the query the core is sent.
import { describe, expect, it } from 'vitest';
import { calls, click, q, startApp, type, until, useAppHarness } from './harness';
import type { TerminalQuery } from '../ipc/types';

useAppHarness();

const box = () => q<HTMLInputElement>('[data-testid=terminal-search]');
const lastQuery = () => calls('list_terminals').at(-1)?.query as TerminalQuery | undefined;

async function openList() {
  click(q('[data-testid=nav-terminals]'));
  await until(() => q('[data-testid=terminal-row]'), 'the list');
}

async function searchInList(text: string) {
  type(box()!, text);
  await until(() => lastQuery()?.search === text, `the query for ${text}`);
}

async function openRowThenBack() {
  click(q('[data-testid=terminal-row]'));
  await until(() => q('button.back'), 'the terminal detail');
  click(q('button.back'));
  await until(() => q('[data-testid=terminal-row]'), 'the list again');
}

describe('the list search', () => {
  it('is kept when coming back from a terminal opened from the list', async () => {
    await startApp();
    await openList();
    await searchInList('PAX');
    await openRowThenBack();
    expect(box()!.value).toBe('PAX');
    expect(lastQuery()?.search).toBe('PAX');
  });

  it('is cleared, with the filters, when the user leaves the list through the sidebar and comes back', async () => {
    await startApp();
    await openList();
    await searchInList('PAX');
    click(q('[data-testid=chip-status-spare]'));
    await until(() => lastQuery()?.status === 'spare', 'the filtered query');
    click(q('[data-testid=nav-agenda]'));
    await until(() => q('[data-testid=agenda-group-overdue]'), 'the agenda');
    await openList();
    expect(box()!.value).toBe('');
    expect(lastQuery()).toMatchObject({ search: null, status: null });
    expect(q('[data-testid=chip-status-spare]')!.classList.contains('on')).toBe(false);
  });

  it('is cleared by the sidebar after a terminal was opened from it, and by choosing 终端 on the list itself', async () => {
    await startApp();
    await openList();
    await searchInList('PAX');
    click(q('[data-testid=terminal-row]'));
    await until(() => q('button.back'), 'the terminal detail');
    await openList();
    expect(box()!.value).toBe('');

    await searchInList('LD3');
    await openList();
    expect(box()!.value).toBe('');
    expect(lastQuery()?.search).toBeNull();
    // … and a later "back to the list" does not bring the old search back.
    await openRowThenBack();
    expect(box()!.value).toBe('');
  });

  it('keeps the chosen sort across trips through the sidebar', async () => {
    await startApp();
    await openList();
    click(q('[data-testid=sort-store]'));
    await until(() => lastQuery()?.sort === 'store', 'the sorted query');
    click(q('[data-testid=nav-agenda]'));
    await openList();
    expect(lastQuery()).toMatchObject({ sort: 'store', search: null });
  });

  it('a search from the top bar with several matches lands in the list, replacing the list’s own', async () => {
    await startApp();
    await openList();
    await searchInList('LD3');
    const top = q<HTMLInputElement>('[data-testid=search-input]')!;
    type(top, 'PAX');
    top.form!.requestSubmit();
    await until(() => box()?.value === 'PAX', 'the list with the top bar’s search');
    await until(() => lastQuery()?.search === 'PAX', 'the query');
    // The top bar is free for the next scan; the search is shown where it applies.
    expect(top.value).toBe('');
    // From another screen too.
    click(q('[data-testid=nav-agenda]'));
    type(top, 'NL2');
    top.form!.requestSubmit();
    await until(() => box()?.value === 'NL2', 'the list from the agenda');
    expect(lastQuery()?.search).toBe('NL2');
  });
});
