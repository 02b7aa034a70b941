// @vitest-environment happy-dom
// The real components in a DOM, against the in-memory backend through mockIPC: what a user sees
// and what reaches the shell when they act.
import { describe, expect, it } from 'vitest';
import { backend, mountApp, q, qa, root, unmountApp, until, useAppHarness } from './harness';
import type { MockBackend } from '../ipc/mock-backend';
import type { AppInfo, FirstScreen, ReminderPage } from '../ipc';
import { askEarly, takeAgenda } from '../lib/firstScreen';

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

  it('asks for app_info and the agenda together before mounting, and asks nothing twice', async () => {
    mountApp({}, undefined, askEarly);
    await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
    await until(() => backend.calls.some((c) => c.cmd === 'ui_ready'), 'ui_ready');
    const cmds = backend.calls.map((c) => c.cmd);
    // Everything the first screen shows was asked for before the first component existed.
    expect(cmds.slice(0, 5)).toEqual(['app_info', 'reminders', 'reminders', 'reminders', 'reminders']);
    expect(cmds.slice(5).filter((c) => c === 'app_info' || c === 'reminders')).toEqual([]);
    expect(qa('[data-testid=agenda-item]').length).toBe(backend.reminders().length);
    const due = backend.reminders().filter((r) => !r.acknowledged).length;
    expect(q('[data-testid=agenda-badge]')?.textContent).toBe(String(due));
  });

  it('takes the first screen the shell gave the page, once per session, and asks nothing for it', async () => {
    const given = (b: MockBackend): FirstScreen => {
      const page = (u: string) => b.handle('reminders', { urgency: u, offset: 0, limit: 20 }) as ReminderPage;
      const info = b.handle('app_info', {}) as AppInfo;
      return { info, agenda: { overdue: page('overdue'), today: page('today'), soon: page('soon'), upcoming: page('upcoming') } };
    };
    sessionStorage.clear();
    mountApp({}, undefined, () => {
      const first = given(backend);
      // Marked, so the lines on screen can only have come from here.
      first.agenda!.overdue.rows[0].title = 'FROM-THE-SHELL';
      window.__POSKEEPER_FIRST__ = first;
      backend.calls.length = 0;
      askEarly();
    });
    await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
    const before = backend.calls.findIndex((c) => c.cmd === 'ui_ready');
    expect(before).toBeGreaterThanOrEqual(0);
    expect(backend.calls.slice(0, before).map((c) => c.cmd)).toEqual([]);
    expect(root.textContent).toContain('FROM-THE-SHELL');
    expect(window.__POSKEEPER_FIRST__).toBeUndefined();

    // The page reloads: the shell's script sets the same data again, now out of date; it is not used.
    const reloadAsksOverIpc = async (what: string) => {
      unmountApp();
      mountApp({}, undefined, () => {
        window.__POSKEEPER_FIRST__ = given(backend);
        askEarly();
      });
      await until(() => q('[data-testid=app][data-ready=true]'), what);
      expect(backend.calls.map((c) => c.cmd).slice(0, 2)).toEqual(['app_info', 'reminders']);
    };
    await reloadAsksOverIpc('the first screen after a reload');

    // The shell's script came too late for the first document, which asked over IPC: a reload
    // must not take it either.
    unmountApp();
    sessionStorage.clear();
    mountApp({}, undefined, askEarly);
    await until(() => q('[data-testid=app][data-ready=true]'), 'a first screen asked over IPC');
    await reloadAsksOverIpc('the first screen after that reload');
    sessionStorage.clear();
  });

  it('pages asked for at start are dropped when the database turns out empty', async () => {
    mountApp({ empty: true }, undefined, askEarly);
    await until(() => q('[data-testid=first-run]'), 'the first-run screen');
    // A first visit to the agenda later (after terminals were added) asks again.
    expect(takeAgenda()).toBeNull();
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

  it('a file the whole-file check finds damaged replaces the agenda with the reason once drawn', async () => {
    const damaged = { code: 'db_damaged', message: '/x/poskeeper.db is damaged' };
    let checked: (v: unknown) => void = () => {};
    const check = new Promise((resolve) => (checked = resolve));
    mountApp({}, (cmd, args) => (cmd === 'ui_ready' ? check : backend.handle(cmd, args)));
    // The agenda is drawn while the shell still checks the file…
    await until(() => q('[data-testid=agenda-item]'), 'the agenda');
    // …then its answer to ui_ready blocks the window with the reason and the way back.
    checked(damaged);
    const box = await until(() => q('[data-testid=db-error]'), 'the db-error screen');
    expect(q('[data-testid=agenda-item]')).toBeNull();
    expect(box.textContent).toContain('数据库已损坏，请从备份恢复');
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
