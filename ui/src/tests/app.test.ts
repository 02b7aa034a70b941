// @vitest-environment happy-dom
// The real components in a DOM, against the in-memory backend through mockIPC: what a user sees
// and what reaches the shell when they act.
import { describe, expect, it } from 'vitest';
import { backend, mountApp, q, qa, until, useAppHarness } from './harness';

useAppHarness();

describe('the window', () => {
  it('opens on the agenda, grouped by urgency, and tells the shell once it shows data', async () => {
    mountApp();
    await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
    await until(() => backend.calls.some((c) => c.cmd === 'ui_ready'), 'ui_ready');
    const groups = qa('[data-testid^=agenda-group-]').map((g) => g.dataset.testid);
    expect(groups[0]).toBe('agenda-group-overdue');
    const items = qa('[data-testid=agenda-item]');
    expect(items.length).toBe(backend.reminders().length);
    for (const it of items) expect(it.querySelector('[data-testid=snooze-1d]')).not.toBeNull();
    expect(q('[data-testid=agenda-count]')?.textContent).toContain(String(items.length));
  });

  it('snoozing a line for a day removes it and asks the shell for tomorrow', async () => {
    mountApp();
    const first = await until(() => q('[data-testid=agenda-item]'), 'an agenda line');
    const key = first.dataset.key!;
    first.querySelector<HTMLButtonElement>('[data-testid=snooze-1d]')!.click();
    await until(() => !q(`[data-testid=agenda-item][data-key="${CSS.escape(key)}"]`), 'the line to leave');
    const call = backend.calls.find((c) => c.cmd === 'snooze');
    expect(call?.args).toEqual({ key, until: '2026-11-23' });
  });

  it('an empty database shows the first-run choices; sample data fills the agenda', async () => {
    mountApp({ empty: true });
    await until(() => q('[data-testid=first-run]'), 'the first-run screen');
    q('[data-testid=load-demo]')!.click();
    await until(() => q('[data-testid=agenda-item]'), 'agenda lines after loading sample data');
    expect(backend.calls.find((c) => c.cmd === 'load_demo')?.args).toEqual({ terminals: 200 });
  });

  it('a database that cannot be opened blocks the window with the reason', async () => {
    mountApp({ dbError: { code: 'not_poskeeper_db', message: '/x/poskeeper.db is not a PosKeeper database' } });
    const box = await until(() => q('[data-testid=db-error]'), 'the db-error screen');
    expect(box.textContent).toContain('这不是 POS管家 的数据库文件');
    await until(() => backend.calls.some((c) => c.cmd === 'ui_ready'), 'ui_ready');
  });

  it('the terminal table asks for pages, never the whole list', async () => {
    mountApp({ terminals: 1000 });
    await until(() => q('[data-testid=nav-terminals]'), 'the nav');
    q('[data-testid=nav-terminals]')!.click();
    await until(() => q('[data-testid=terminal-count]')?.textContent?.includes('1,000'), 'the count');
    const lists = backend.calls.filter((c) => c.cmd === 'list_terminals').map((c) => (c.args.query as { limit: number }).limit);
    expect(lists.length).toBeGreaterThan(0);
    expect(Math.max(...lists)).toBeLessThanOrEqual(200);
  });
});
