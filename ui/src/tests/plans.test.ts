// @vitest-environment happy-dom
// A maintenance plan's line, on the Maintenance screen (what is due) and on the terminal's detail:
// "已完成" asks for the date and a note, records the completion and says when the next one is due.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { app } from '../lib/app.svelte';
import { backend, q, qa, startApp, type, until, useAppHarness } from './harness';

useAppHarness();

describe('marking a maintenance plan done', () => {
  it('on the Maintenance screen: one line per due plan; done records the date and the note', async () => {
    await startApp();
    q('[data-testid=nav-maintenance]')!.click();
    const lines = await until(() => {
      const l = qa('[data-testid=maintenance-item]');
      return l.length ? l : null;
    }, 'the due plans');
    const due = backend.reminders().filter((r) => r.kind === 'maintenance_due');
    expect(lines.map((l) => l.dataset.key)).toEqual(due.map((r) => r.key));
    const line = lines[0];
    const id = Number(line.dataset.key!.split(':')[1]);
    // The line names the terminal (its SN) and when it is due.
    expect(line.textContent).toContain(due[0].terminal!.sn);

    line.querySelector<HTMLElement>('[data-testid=action-done]')!.click();
    const dialog = await until(() => q('[data-testid=date-dialog]'), 'the date dialog');
    expect(dialog.textContent).toContain('记录保养完成');
    type(dialog.querySelector('input[name=note]')!, '换了打印纸');
    dialog.querySelector<HTMLElement>('[data-testid=save]')!.click();
    await until(() => !q('[data-testid=date-dialog]'), 'the dialog to close');

    const call = backend.calls.find((c) => c.cmd === 'complete_plan');
    expect(call?.args).toEqual({ id, on: '2026-11-22', note: '换了打印纸' });
    const toast = await until(() => q('[data-testid=toast]'), 'the toast');
    expect(toast.textContent).toContain('已完成，下次保养：');
    expect(toast.textContent).toContain('2026年12月22日');
  });

  it('on the terminal detail: the plan line shows the next date and moves it when done', async () => {
    await startApp();
    const plan = backend.plans[0];
    app.route = { screen: 'terminal', sn: plan.terminal_sn };
    const section = await until(() => q('[data-testid=detail-plans]'), 'the plans card');
    const button = await until(() => section.querySelector<HTMLElement>('[data-testid=plan-done]'), 'the done button');
    expect(section.textContent).toContain('每 1 个月');
    button.click();
    const dialog = await until(() => q('[data-testid=date-dialog]'), 'the date dialog');
    const date = dialog.querySelector<HTMLInputElement>('input[name=date]')!;
    type(date, '2026-11-20');
    date.dispatchEvent(new Event('change', { bubbles: true }));
    date.dispatchEvent(new Event('blur', { bubbles: true }));
    flushSync();
    dialog.querySelector<HTMLElement>('[data-testid=save]')!.click();
    await until(() => !q('[data-testid=date-dialog]'), 'the dialog to close');
    expect(backend.calls.find((c) => c.cmd === 'complete_plan')?.args).toEqual({ id: plan.id, on: '2026-11-20' });
    await until(() => section.textContent?.includes('下次：2026年12月20日'), 'the new next date');
  });
});
