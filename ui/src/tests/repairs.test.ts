// @vitest-environment happy-dom
// Replaced repair tickets: the deregistration checklist is kept by the core (update_repair with
// `deregistration_done`); the UI sends exactly the steps ticked, shows the ticket the core answers
// with its progress wherever the ticket is, and never pretends. What the core accepts or refuses
// for a finished ticket is tested in Rust (store/repairs.rs); here the refusals are canned.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { app } from '../lib/app.svelte';
import { DEREG_STEPS, REPAIRS } from '../ipc/fixtures';
import type { Repair } from '../ipc/types';
import { calls, click, mock, q, startApp, type, until, useAppHarness } from './harness';

/** The fixture's replaced ticket (303, LD30000007 → PAX10000008), `settle_pending` done. */
const REPLACED = REPAIRS.find((r) => r.id === 303)!;
/** The fixture's open ticket 301 (LD30000003, printer). */
const OPEN = REPAIRS.find((r) => r.id === 301)!;
const SPARE = 'PAX10000004';

/** A ticket as the core would answer it with these steps done. */
function withSteps(r: Repair, done: string[]): Repair {
  return { ...r, deregistration: DEREG_STEPS.map((item) => ({ item, done: done.includes(item) })) };
}

/** 301 as the core answers its close as replaced by the spare. */
const REPLACED_301: Repair = { ...withSteps(OPEN, []), status: 'replaced', replaced_by: SPARE, closed_on: '2026-11-22' };

function step(scope: HTMLElement, item: string): HTMLInputElement {
  return scope.querySelector<HTMLInputElement>(`[data-testid=dereg-step][data-item=${item}]`)!;
}

useAppHarness();

describe('the deregistration checklist of a replaced ticket', () => {
  it('is reachable on the Repairs screen; a tick sends exactly that step and the answer moves the progress', async () => {
    await startApp();
    click(q('[data-testid=nav-repairs]'));
    click(await until(() => q('[data-testid=repair-filter-replaced]'), 'the replaced filter'));
    const card = await until(() => q(`[data-testid=replaced-card][data-id="303"]`), 'the replaced ticket');
    expect(calls('finished_repairs')[0]).toMatchObject({ status: 'replaced', offset: 0 });
    const progress = card.querySelector<HTMLElement>('[data-testid=dereg-progress]')!;
    expect(progress.textContent).toContain('1/5');
    expect(card.querySelectorAll('[data-testid=dereg-step]').length).toBe(5);
    expect(step(card, 'settle_pending').checked).toBe(true);
    expect(step(card, 'settle_pending').disabled).toBe(true);

    mock.answer('update_repair', withSteps(REPLACED, ['settle_pending', 'deregister_with_provider']));
    step(card, 'deregister_with_provider').click();
    await until(() => progress.textContent?.includes('2/5'), 'the progress to reach 2/5');
    expect(calls('update_repair')).toEqual([
      { id: 303, patch: { documents_done: [], tests_passed: [], deregistration_done: ['deregister_with_provider'] } },
    ]);
    // Shown done and locked (the core cannot untick).
    const box = step(card, 'deregister_with_provider');
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
    expect(step(card, 'claim_deposit').disabled).toBe(false);
  });

  it("in the terminal's repair timeline: a failed tick un-ticks and says why", async () => {
    await startApp();
    app.route = { screen: 'terminal', sn: 'LD30000007' };
    const list = await until(() => q(`[data-testid=detail-repairs] [data-testid=dereg-checklist][data-id="303"]`), 'the checklist in the timeline');
    expect(calls('terminal_detail')).toEqual([{ sn: 'LD30000007' }]);
    const progress = list.querySelector<HTMLElement>('[data-testid=dereg-progress]')!;
    expect(progress.textContent).toContain('1/5');

    mock.fail('update_repair', { code: 'database', message: 'database error: disk I/O error' }, { once: true });
    step(list, 'return_old_device').click();
    const err = await until(() => list.querySelector<HTMLElement>('[data-testid=dereg-error]'), 'the error');
    expect(err.textContent).toBe('数据库出错了');
    const box = step(list, 'return_old_device');
    expect(box.checked).toBe(false);
    expect(box.disabled).toBe(false);
    expect(progress.textContent).toContain('1/5');

    // Ticking again sends the same step, and the answer clears the error.
    mock.answer('update_repair', withSteps(REPLACED, ['settle_pending', 'return_old_device']));
    step(list, 'return_old_device').click();
    await until(() => progress.textContent?.includes('2/5'), 'the progress after the retry');
    expect(calls('update_repair').map((a) => (a.patch as { deregistration_done: string[] }).deregistration_done)).toEqual([
      ['return_old_device'],
      ['return_old_device'],
    ]);
    expect(list.querySelector('[data-testid=dereg-error]')).toBeNull();
    expect(step(list, 'return_old_device').checked).toBe(true);
  });
});

describe('closing a ticket as replaced', () => {
  /** Opens the replace dialog of ticket 301 from the Repairs screen and types the spare's SN. */
  async function openReplaceDialog() {
    await startApp();
    click(q('[data-testid=nav-repairs]'));
    const card = await until(() => q(`[data-testid=repair-card][data-id="301"]`), 'the open ticket');
    click(card.querySelector('[data-testid=repair-replace]'));
    const dialog = await until(() => q('[data-testid=close-repair-dialog]'), 'the replace dialog');
    type(dialog.querySelector('[data-testid=replaced-by]')!, ` ${SPARE} `);
    return dialog;
  }

  async function replaceThroughDialog(ticks: string[]) {
    const dialog = await openReplaceDialog();
    for (const item of ticks) step(dialog, item).click();
    flushSync();
    mock.answer('close_repair', REPLACED_301);
    mock.answer('update_repair', withSteps(REPLACED_301, ticks));
    mock.clearCalls();
    click(dialog.querySelector('[data-testid=save]'));
  }

  const CLOSE = { id: 301, close: { closed_on: '2026-11-22', result: null, cost: null, warranty_until: null, replaced_by: SPARE } };

  it('checks the new terminal exists, closes, then saves the steps ticked in the dialog in the checklist order', async () => {
    await replaceThroughDialog(['move_or_cancel_sim', 'settle_pending']);
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close');
    expect(mock.commands().filter((c) => ['terminal_detail', 'close_repair', 'update_repair'].includes(c))).toEqual([
      'terminal_detail',
      'close_repair',
      'update_repair',
    ]);
    expect(calls('terminal_detail')[0]).toEqual({ sn: SPARE });
    expect(calls('close_repair')).toEqual([CLOSE]);
    // In the checklist's order, whatever the order of the clicks.
    expect(calls('update_repair')).toEqual([
      { id: 301, patch: { documents_done: [], tests_passed: [], deregistration_done: ['settle_pending', 'move_or_cancel_sim'] } },
    ]);
  });

  it('nothing ticked: only the close is sent', async () => {
    await replaceThroughDialog([]);
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close');
    expect(calls('close_repair')).toEqual([CLOSE]);
    expect(calls('update_repair')).toEqual([]);
  });

  it('an SN the shell does not know is not sent as the replacement', async () => {
    const dialog = await openReplaceDialog();
    type(dialog.querySelector('[data-testid=replaced-by]')!, 'PAX-NOPE');
    mock.fail('terminal_detail', { code: 'terminal_not_found', message: "no terminal with SN 'PAX-NOPE'" });
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => calls('terminal_detail').some((a) => a.sn === 'PAX-NOPE'), 'the look-up');
    await new Promise((r) => setTimeout(r, 30));
    expect(calls('close_repair')).toEqual([]);
    expect(q('[data-testid=close-repair-dialog]')).not.toBeNull();
  });

  it('if saving the steps fails, the ticket is closed all the same and the dialog says so', async () => {
    const dialog = await openReplaceDialog();
    step(dialog, 'claim_deposit').click();
    flushSync();
    mock.answer('close_repair', REPLACED_301);
    mock.fail('update_repair', { code: 'database', message: 'database error: database is locked' }, { once: true });
    mock.answer('update_repair', withSteps(REPLACED_301, ['claim_deposit']));
    click(dialog.querySelector('[data-testid=save]'));

    const err = await until(() => q('[data-testid=dereg-save-error]'), 'the error in the dialog');
    expect(err.textContent).toContain('工单已结束');
    expect(err.textContent).toContain('数据库出错了');
    // No second close is offered; saving the steps again is.
    expect(q('[data-testid=close-repair-dialog] [data-testid=save]')).toBeNull();
    expect(calls('close_repair').length).toBe(1);

    click(q('[data-testid=dereg-retry]'));
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close after the retry');
    expect(calls('close_repair').length).toBe(1);
    const steps = { id: 301, patch: { documents_done: [], tests_passed: [], deregistration_done: ['claim_deposit'] } };
    expect(calls('update_repair')).toEqual([steps, steps]);
  });
});
