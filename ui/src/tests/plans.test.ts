// @vitest-environment happy-dom
// A maintenance plan's line, on the Maintenance screen (what is due) and on the terminal's detail:
// "已完成" asks for the date and a note, sends them, and says the next date the core answers. When
// the next one is due (and how a plan's mode counts it) is the core's business, tested in Rust.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { app } from '../lib/app.svelte';
import { detailOf, REMINDERS, reminderPage } from '../ipc/fixtures';
import { calls, click, mock, q, qa, startApp, toastSaying, type, until, useAppHarness } from './harness';

useAppHarness();

async function openMaintenance() {
  click(q('[data-testid=nav-maintenance]'));
  return until(() => {
    const l = qa('[data-testid=maintenance-item]');
    return l.length ? l : null;
  }, 'the due plans');
}

describe('the Maintenance screen', () => {
  it('lists the maintenance lines the shell answered, and nothing else', async () => {
    const second = { ...REMINDERS[3], key: 'maintenance_due:402', due_on: '2026-11-24', days_left: 2, terminal_sn: 'NL20000002', title: '保养到期（更换打印纸）：新大陆 ME31 · 人民广场店 · SN NL20000002' };
    await startApp({}, (m) => m.answer('reminders', (a) => reminderPage([...REMINDERS, second], a)));
    const lines = await openMaintenance();
    expect(calls('reminders').at(-1)).toEqual({ offset: 0, limit: 200 });
    expect(lines.map((l) => l.dataset.key)).toEqual(['maintenance_due:401', 'maintenance_due:402']);
    expect(lines[0].textContent).toContain('PAX10000001');
    expect(lines[1].textContent).toContain('更换打印纸');
  });

  it('says when nothing is due', async () => {
    await startApp({}, (m) => m.answer('reminders', (a) => reminderPage(REMINDERS.filter((r) => r.kind !== 'maintenance_due'), a)));
    click(q('[data-testid=nav-maintenance]'));
    const none = await until(() => q('[data-testid=maintenance-none]'), 'the empty list');
    expect(none.textContent).toBeTruthy();
  });

  it('done sends the plan, today and the note, and says the next date the shell answered', async () => {
    await startApp();
    const [line] = await openMaintenance();
    click(line.querySelector('[data-testid=action-done]'));
    const dialog = await until(() => q('[data-testid=date-dialog]'), 'the date dialog');
    expect(dialog.textContent).toContain('记录保养完成');
    type(dialog.querySelector('input[name=note]')!, '换了打印纸');
    mock.answer('complete_plan', '2027-01-05');
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => !q('[data-testid=date-dialog]'), 'the dialog to close');
    expect(calls('complete_plan')).toEqual([{ id: 401, on: '2026-11-22', note: '换了打印纸' }]);
    await toastSaying('已完成，下次保养：2027年1月5日');
  });

  it('a refused completion keeps the dialog open with the reason', async () => {
    await startApp({}, (m) => m.fail('complete_plan', { code: 'not_found', message: 'no maintenance plan with ID 401' }));
    const [line] = await openMaintenance();
    click(line.querySelector('[data-testid=action-done]'));
    const dialog = await until(() => q('[data-testid=date-dialog]'), 'the date dialog');
    click(dialog.querySelector('[data-testid=save]'));
    const err = await until(() => dialog.querySelector<HTMLElement>('.error-text'), 'the error');
    expect(err.textContent).toContain('找不到');
    expect(q('[data-testid=date-dialog]')).not.toBeNull();
  });

  it('adding a plan for one terminal sends what the form says', async () => {
    await startApp();
    await openMaintenance();
    const form = q('[data-testid=maintenance]')!;
    click(form.querySelector('input[type=radio][value=one]'));
    type(form.querySelector('[data-testid=plan-sn]')!, ' NL20000002 ');
    const sel = (name: string, value: string) => {
      const s = form.querySelector<HTMLSelectElement>(`select[name=${name}]`)!;
      const i = [...s.options].findIndex((o) => o.value === value);
      expect(i, `${name}=${value}`).toBeGreaterThanOrEqual(0);
      // happy-dom's `:checked` matches inputs only; Svelte reads the chosen option with it.
      const chosen = s.options[i];
      const own = s.querySelector.bind(s);
      s.querySelector = ((sel: string) => (sel === ':checked' ? chosen : own(sel))) as typeof s.querySelector;
      s.dispatchEvent(new Event('change', { bubbles: true }));
      s.querySelector = own;
      flushSync();
    };
    sel('task', 'paper');
    type(form.querySelector('input[name=every]')!, '2');
    sel('unit', 'weeks');
    sel('mode', 'fixed');
    type(form.querySelector('input[name=lead]')!, '1');
    mock.answer('add_plans', [403]);
    click(q('[data-testid=add-plan]'));
    await toastSaying('已添加 1 个保养计划');
    expect(calls('add_plans')).toEqual([
      { sn: 'NL20000002', plan: { task: 'paper', interval: { unit: 'weeks', n: 2 }, starts_on: '2026-11-22', mode: 'fixed', lead_days: 1 } },
    ]);
  });
});

describe('a plan on the terminal detail', () => {
  it('shows the plan as the shell answered it, sends the date picked, and then shows the detail the shell answers', async () => {
    await startApp();
    app.route = { screen: 'terminal', sn: 'PAX10000001' };
    const section = await until(() => q('[data-testid=detail-plans]'), 'the plans card');
    const button = await until(() => section.querySelector<HTMLElement>('[data-testid=plan-done]'), 'the done button');
    expect(section.textContent).toContain('每 1 个月');
    expect(section.textContent).toContain('下次：2026年11月25日');
    button.click();
    const dialog = await until(() => q('[data-testid=date-dialog]'), 'the date dialog');
    const date = dialog.querySelector<HTMLInputElement>('input[name=date]')!;
    type(date, '2026-11-20');
    date.dispatchEvent(new Event('change', { bubbles: true }));
    date.dispatchEvent(new Event('blur', { bubbles: true }));
    flushSync();
    // What the shell answers after the completion (its dates, not worked out here).
    const after = detailOf('PAX10000001')!;
    after.plans[0].plan = { ...after.plans[0].plan, last_done_on: '2026-11-20', next_due_on: '2026-12-20' };
    mock.answer('complete_plan', '2026-12-20').answer('terminal_detail', after);
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => !q('[data-testid=date-dialog]'), 'the dialog to close');
    expect(calls('complete_plan')).toEqual([{ id: 401, on: '2026-11-20' }]);
    await until(() => section.textContent?.includes('下次：2026年12月20日'), 'the new next date');
  });
});
