// @vitest-environment happy-dom
// The real components in a DOM, against canned answers through mockIPC: what a user sees for a
// given answer, and what reaches the shell (with which arguments) when they act.
import { describe, expect, it } from 'vitest';
import { calls, click, mock, mountApp, q, qa, root, toastSaying, toastTexts, unmountApp, until, useAppHarness } from './harness';
import { appInfo, ICCID, REMINDERS, reminderPage } from '../ipc/fixtures';
import type { FirstScreen } from '../ipc';
import { askEarly, takeAgenda } from '../lib/firstScreen';

useAppHarness();

const keys = () => qa('[data-testid=agenda-item]').map((i) => i.dataset.key);
const FIXTURE_KEYS = [
  `sim_expiry:${ICCID.b}`,
  'repair_overdue:301',
  'warranty_expiry:PAX10000001',
  'maintenance_due:401',
  `sim_expiry:${ICCID.a}`,
  'deposit_deadline:501',
  `sim_expiry:${ICCID.d}`,
];

describe('the window', () => {
  it('opens on the agenda, grouped by urgency, and tells the shell once it shows data', async () => {
    mountApp();
    await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
    await until(() => calls('ui_ready').length, 'ui_ready');
    expect(qa('[data-testid^=agenda-group-]').map((g) => g.dataset.testid)).toEqual([
      'agenda-group-overdue',
      'agenda-group-soon',
      'agenda-group-upcoming',
    ]);
    // Today's line is shown with this week's, in the order the shell answered.
    expect(keys()).toEqual(FIXTURE_KEYS);
    expect(q('[data-testid=agenda-group-soon]')!.textContent).toContain('保修到期');
    expect(q('[data-testid=agenda-count]')?.textContent).toContain('7');
    for (const it of qa('[data-testid=agenda-item]')) expect(it.querySelector('[data-testid=snooze-1d]')).not.toBeNull();
    // The acknowledged line says so and offers no second acknowledgement.
    const acked = q(`[data-testid=agenda-item][data-key="sim_expiry:${ICCID.d}"]`)!;
    expect(acked.textContent).toContain('已知晓');
    expect(acked.querySelector('[data-testid=ack]')).toBeNull();
    // The line shows the core's title head, the terminal and the days the core counted.
    const overdue = q(`[data-testid=agenda-item][data-key="sim_expiry:${ICCID.b}"]`)!;
    expect(overdue.textContent).toContain('流量卡到期');
    expect(overdue.textContent).toContain('人民广场店');
    expect(overdue.textContent).toContain('已逾期 7 天');
    expect(overdue.textContent).toContain('2026年11月15日');
    expect(calls('ui_ready').length).toBe(1);
  });

  it('asks for app_info and the four agenda pages together before mounting, and asks nothing twice', async () => {
    mountApp({}, undefined, askEarly);
    await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
    await until(() => calls('ui_ready').length, 'ui_ready');
    const cmds = mock.commands();
    // Everything the first screen shows was asked for before the first component existed.
    expect(mock.log.slice(0, 5).map((c) => [c.cmd, c.args])).toEqual([
      ['app_info', {}],
      ['reminders', { urgency: 'overdue', offset: 0, limit: 20 }],
      ['reminders', { urgency: 'today', offset: 0, limit: 20 }],
      ['reminders', { urgency: 'soon', offset: 0, limit: 20 }],
      ['reminders', { urgency: 'upcoming', offset: 0, limit: 20 }],
    ]);
    expect(cmds.slice(5).filter((c) => c === 'app_info' || c === 'reminders')).toEqual([]);
    expect(keys()).toEqual(FIXTURE_KEYS);
    // The badge is the shell's `due` (the unacknowledged ones), not counted by the page.
    expect(q('[data-testid=agenda-badge]')?.textContent).toBe('6');
  });

  it('shows the badge the shell answered, whatever the lines', async () => {
    mountApp({}, (m) => m.answer('reminders', (a) => ({ ...reminderPage(REMINDERS, a), due: 42 })));
    await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
    expect(q('[data-testid=agenda-badge]')?.textContent).toBe('42');
  });

  it('takes the first screen the shell gave the page, once per session, and asks nothing for it', async () => {
    const given = (): FirstScreen => {
      const page = (urgency: string) => reminderPage(REMINDERS, { urgency, offset: 0, limit: 20 });
      return { info: appInfo(), agenda: { overdue: page('overdue'), today: page('today'), soon: page('soon'), upcoming: page('upcoming') } };
    };
    sessionStorage.clear();
    mountApp({}, undefined, () => {
      const first = given();
      // Marked, so the lines on screen can only have come from here.
      first.agenda!.overdue.rows[0].title = 'FROM-THE-SHELL：新大陆 ME31';
      window.__POSKEEPER_FIRST__ = first;
      askEarly();
    });
    await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
    const before = mock.log.findIndex((c) => c.cmd === 'ui_ready');
    expect(before).toBeGreaterThanOrEqual(0);
    expect(mock.commands().slice(0, mock.commands().indexOf('ui_ready'))).toEqual([]);
    expect(root.textContent).toContain('FROM-THE-SHELL');
    expect(window.__POSKEEPER_FIRST__).toBeUndefined();

    // The page reloads: the shell's script sets the same data again, now out of date; it is not used.
    const reloadAsksOverIpc = async (what: string) => {
      unmountApp();
      mountApp({}, undefined, () => {
        window.__POSKEEPER_FIRST__ = given();
        askEarly();
      });
      await until(() => q('[data-testid=app][data-ready=true]'), what);
      expect(mock.commands().slice(0, 2)).toEqual(['app_info', 'reminders']);
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

  it('an empty agenda says so', async () => {
    mountApp({}, (m) => m.answer('reminders', (a) => reminderPage([], a)));
    await until(() => q('[data-testid=agenda-empty]'), 'the empty agenda');
    expect(q('[data-testid=agenda-item]')).toBeNull();
  });
});

describe('acting on an agenda line', () => {
  it('snoozing for a day asks the shell for tomorrow, says until when, and shows what the shell answers next', async () => {
    mountApp();
    await until(() => q('[data-testid=agenda-item]'), 'an agenda line');
    const key = 'maintenance_due:401';
    // After the snooze, the shell no longer lists the line.
    mock.answer('reminders', (a) => reminderPage(REMINDERS.filter((r) => r.key !== key), a));
    click(q(`[data-testid=agenda-item][data-key="${key}"] [data-testid=snooze-1d]`));
    await until(() => !q(`[data-testid=agenda-item][data-key="${key}"]`), 'the line to leave');
    expect(calls('agenda_act')).toEqual([{ action: 'snooze', keys: [key], until: '2026-11-23' }]);
    // Undoable like a bulk action of one.
    expect(q('[data-testid=agenda-done]')!.textContent).toBe('已推迟 1 项');
    await toastSaying('已推迟到 2026年11月23日');
    expect(keys()).toEqual(FIXTURE_KEYS.filter((k) => k !== key));
    // One undo brings it back.
    mock.answer('reminders', (a) => reminderPage(REMINDERS, a));
    click(q('[data-testid=agenda-undo]'));
    await until(() => keys().length === FIXTURE_KEYS.length, 'the line back');
    expect(calls('agenda_undo')).toEqual([{ token: 1 }]);
  });

  it('a week is seven days from the date the shell gave as today', async () => {
    mountApp();
    await until(() => q('[data-testid=agenda-item]'), 'an agenda line');
    click(q('[data-testid=agenda-item] [data-testid=snooze-1w]'));
    await until(() => calls('agenda_act').length, 'the snooze');
    expect(calls('agenda_act')).toEqual([{ action: 'snooze', keys: [`sim_expiry:${ICCID.b}`], until: '2026-11-29' }]);
  });

  it('a refused snooze keeps the line and says why in Chinese', async () => {
    mountApp({}, (m) => m.fail('agenda_act', { code: 'reminder_not_found', message: "no reminder with key 'maintenance_due:401'" }));
    await until(() => q('[data-testid=agenda-item]'), 'an agenda line');
    click(q('[data-testid=agenda-item][data-key="maintenance_due:401"] [data-testid=snooze-1d]'));
    await toastSaying('这条提醒已经不存在了');
    expect(toastTexts()).toEqual(['这条提醒已经不存在了']);
    expect(keys()).toEqual(FIXTURE_KEYS);
  });

  it('acknowledging sends the key alone and shows the line as the shell then answers it', async () => {
    mountApp();
    await until(() => q('[data-testid=agenda-item]'), 'an agenda line');
    const key = 'repair_overdue:301';
    mock.answer('reminders', (a) => reminderPage(REMINDERS.map((r) => (r.key === key ? { ...r, acknowledged: true } : r)), a));
    click(q(`[data-testid=agenda-item][data-key="${key}"] [data-testid=ack]`));
    await until(() => !q(`[data-testid=agenda-item][data-key="${key}"] [data-testid=ack]`), 'the line acknowledged');
    expect(calls('acknowledge')).toEqual([{ key }]);
    expect(q(`[data-testid=agenda-item][data-key="${key}"]`)!.textContent).toContain('已知晓');
  });

  it('renewing a SIM card from its line: the fee comes from the terminal, a year from today is proposed', async () => {
    mountApp();
    const line = await until(() => q(`[data-testid=agenda-item][data-key="sim_expiry:${ICCID.b}"]`), 'the SIM line');
    click(line.querySelector('[data-testid=action-renew]'));
    const dialog = await until(() => q('[data-testid=renew-dialog]'), 'the renew dialog');
    expect(calls('terminal_detail')).toEqual([{ sn: 'NL20000002' }]);
    expect(dialog.querySelector<HTMLInputElement>('input[name=fee]')?.value).toBe('60.00');
    mock.answer('renew_sim', { id: 610, renewed_on: '2026-11-22', old_expires_on: '2026-11-15', new_expires_on: '2027-11-22', fee: 6000 });
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => !q('[data-testid=renew-dialog]'), 'the dialog to close');
    expect(calls('renew_sim')).toEqual([{ iccid: ICCID.b, until: '2027-11-22', fee: 6000, on: '2026-11-22' }]);
    await toastSaying('已续费到 2027年11月22日');
  });

  it('a renewal the core refuses keeps the dialog open with the reason', async () => {
    mountApp({}, (m) => m.fail('renew_sim', { code: 'invalid_state', message: 'the renewal date must be after the current expiry 2026-11-28' }));
    const line = await until(() => q(`[data-testid=agenda-item][data-key="sim_expiry:${ICCID.a}"]`), 'the SIM line');
    click(line.querySelector('[data-testid=action-renew]'));
    const dialog = await until(() => q('[data-testid=renew-dialog]'), 'the renew dialog');
    click(dialog.querySelector('[data-testid=save]'));
    const err = await until(() => dialog.querySelector<HTMLElement>('[data-testid=dialog-error]'), 'the error');
    expect(err.textContent).toBe('当前状态下不能这样操作');
    expect(calls('renew_sim')).toEqual([{ iccid: ICCID.a, until: '2027-11-28', fee: 4500, on: '2026-11-22' }]);
    expect(q('[data-testid=renew-dialog]')).not.toBeNull();
  });
});

describe('first run and a closed database', () => {
  it('an empty database shows the first-run choices; sample data asks for 200 terminals and shows the agenda', async () => {
    mountApp({ empty: true });
    await until(() => q('[data-testid=first-run]'), 'the first-run screen');
    // What the shell answers once it has loaded the sample data.
    mock.answer('app_info', appInfo()).answer('reminders', (a) => reminderPage(REMINDERS, a));
    click(q('[data-testid=load-demo]'));
    await until(() => q('[data-testid=agenda-item]'), 'agenda lines after loading sample data');
    expect(calls('load_demo')).toEqual([{ terminals: 200 }]);
    expect(keys()).toEqual(FIXTURE_KEYS);
  });

  it('a file the whole-file check finds damaged replaces the agenda with the reason once drawn', async () => {
    const damaged = { code: 'db_damaged', message: '/x/poskeeper.db is damaged' };
    let checked: (v: typeof damaged) => void = () => {};
    const check = new Promise<typeof damaged>((resolve) => (checked = resolve));
    mountApp({}, (m) => m.answer('ui_ready', () => check));
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
    await until(() => calls('ui_ready').length, 'ui_ready');
  });
});

describe('the terminal table', () => {
  it('asks for pages, never the whole list, and shows the total the shell answered', async () => {
    mountApp({ terminals: 1000 });
    await until(() => q('[data-testid=nav-terminals]'), 'the nav');
    click(q('[data-testid=nav-terminals]'));
    await until(() => q('[data-testid=terminal-count]')?.textContent?.includes('1,000'), 'the count');
    const queries = calls('list_terminals').map((c) => c.query as { offset: number; limit: number; sort: string; descending: boolean });
    expect(queries[0]).toMatchObject({ offset: 0, sort: 'sn', descending: false });
    expect(Math.max(...queries.map((x) => x.limit))).toBeLessThanOrEqual(200);
    const first = await until(() => q('[data-testid=terminal-row]'), 'a row');
    expect(first.textContent).toContain('PAX10000001');
    expect(first.textContent).toContain('朝阳路店');
  });
});
