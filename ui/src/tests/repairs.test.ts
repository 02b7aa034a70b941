// @vitest-environment happy-dom
// Replaced repair tickets: the replacement is one close_repair that names the new terminal, what
// it takes from the old one and what becomes of the SIM card, with the steps already done; later
// ticks of the deregistration checklist are update_repair with `deregistration_done`. The UI
// sends exactly what was chosen, shows the ticket the core answers wherever it is, and never
// pretends. What the core does, accepts or refuses is tested in Rust (tests/repair_replace.rs,
// store/repairs.rs); here its answers and refusals are canned.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { app } from '../lib/app.svelte';
import { DEREG_STEPS, ICCID, REPAIRS } from '../ipc/fixtures';
import type { Repair } from '../ipc/types';
import { calls, click, mock, q, startApp, toastSaying, type, until, useAppHarness } from './harness';

/** The fixture's replaced ticket (303, LD30000007 → PAX10000008), `settle_pending` done. */
const REPLACED = REPAIRS.find((r) => r.id === 303)!;
const SPARE = 'PAX10000004';

/** A ticket as the core would answer it with these steps done. */
function withSteps(r: Repair, done: string[]): Repair {
  return { ...r, deregistration: DEREG_STEPS.map((item) => ({ item, done: done.includes(item) })) };
}


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
  // Ticket 301's terminal LD30000003: 拉卡拉, 商户号 898110000000003, 终端号 10000003, 火车站店, SIM card ICCID.c.
  const OLD_SIM = ICCID.c;
  const target = () => q('[data-testid=replace-target]');

  /** Opens the replace dialog of ticket 301 from the Repairs screen and types `sn`. */
  async function openReplaceDialog(sn?: string) {
    await startApp();
    return reopen(sn);
  }

  async function reopen(sn?: string) {
    click(q('[data-testid=nav-repairs]'));
    const card = await until(() => q(`[data-testid=repair-card][data-id="301"]`), 'the open ticket');
    click(card.querySelector('[data-testid=repair-replace]'));
    const dialog = await until(() => q('[data-testid=close-repair-dialog]'), 'the replace dialog');
    await until(() => dialog.querySelector('[data-testid=replace-sim]'), 'the old SIM card');
    if (sn !== undefined) type(dialog.querySelector('[data-testid=replaced-by]')!, sn);
    return dialog;
  }

  const radio = (dialog: HTMLElement, which: 'move' | 'cancel' | 'keep') =>
    dialog.querySelector<HTMLInputElement>(`[data-testid=sim-${which}]`)!;

  it('a new SN: says it will be added, shows what it takes from the old terminal, and one close does it all', async () => {
    const dialog = await openReplaceDialog(' PAX-NEW-01 ');
    await until(() => target()?.dataset.kind === 'new', 'the look-up');
    expect(target()!.textContent).toContain('PAX-NEW-01 还没有登记：确认换机时新建这台终端（使用中）');
    // Before confirming: the four details the new terminal takes.
    const list = dialog.querySelector<HTMLElement>('[data-testid=replace-inherit-list]')!;
    const shown = [...list.querySelectorAll<HTMLElement>('dd')].map((d) => [d.dataset.field, d.textContent?.trim()]);
    expect(shown).toEqual([
      ['provider', '拉卡拉'],
      ['merchant_no', '898110000000003'],
      ['terminal_no', '10000003'],
      ['store', '火车站店'],
    ]);
    // Ticking the SIM step chooses "move" (shown, changeable); the card is named.
    expect(dialog.querySelector('[data-testid=replace-sim]')!.textContent).toContain(OLD_SIM);
    step(dialog, 'move_or_cancel_sim').click();
    step(dialog, 'settle_pending').click();
    flushSync();
    expect(radio(dialog, 'move').checked).toBe(true);
    mock.clearCalls();
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close');
    expect(calls('close_repair')).toEqual([
      {
        id: 301,
        close: {
          closed_on: '2026-11-22', result: null, cost: null, replaced_by: 'PAX-NEW-01', inherit: true, sim: 'move',
          deregistration_done: ['settle_pending'],
        },
      },
    ]);
    // Nothing else writes: no second call for the steps, no terminal added beside the core's own.
    expect(calls('update_repair')).toEqual([]);
    expect(calls('add_terminal')).toEqual([]);
    await toastSaying('已换机：新终端 PAX-NEW-01');
  });

  it('a spare: shows the details it takes over its own; the SIM can be cancelled and the details left', async () => {
    const dialog = await openReplaceDialog(SPARE);
    await until(() => target()?.dataset.kind === 'spare', 'the look-up');
    expect(target()!.textContent).toContain(`使用备用机 ${SPARE}（PAX 百富 S90）：确认后改为使用中`);
    const provider = dialog.querySelector<HTMLElement>('[data-testid=replace-inherit-list] dd[data-field=provider]')!;
    expect(provider.textContent).toContain('拉卡拉');
    expect(provider.textContent).toContain('（替换 盛付通）');
    radio(dialog, 'cancel').click();
    flushSync();
    // The checklist's SIM step follows the choice.
    expect(step(dialog, 'move_or_cancel_sim').checked).toBe(true);
    dialog.querySelector<HTMLInputElement>('[data-testid=replace-inherit]')!.click();
    flushSync();
    expect(dialog.querySelector('[data-testid=replace-inherit-list]')).toBeNull();
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close');
    expect(calls('close_repair')[0]).toMatchObject({ id: 301, close: { replaced_by: SPARE, inherit: false, sim: 'cancel', deregistration_done: [] } });
    await toastSaying(`已换机：新终端 ${SPARE}`);
  });

  it('a terminal in use, or the old SN, cannot be confirmed', async () => {
    const dialog = await openReplaceDialog('PAX10000001');
    await until(() => target()?.dataset.kind === 'blocked', 'the look-up');
    expect(target()!.textContent).toContain('PAX10000001 的状态是“使用中”，不能用来换机');
    expect(dialog.querySelector<HTMLButtonElement>('[data-testid=save]')!.disabled).toBe(true);
    type(dialog.querySelector('[data-testid=replaced-by]')!, 'ld30000003');
    await until(() => target()?.dataset.kind === 'same', 'the same SN');
    expect(target()!.textContent).toContain('新机的序列号不能和旧机相同');
    expect(dialog.querySelector<HTMLButtonElement>('[data-testid=save]')!.disabled).toBe(true);
    expect(calls('close_repair')).toEqual([]);
  });

  it('a refusal of the core is said in the dialog, which stays open with everything as it was', async () => {
    const dialog = await openReplaceDialog('PAX-NEW-02');
    await until(() => target()?.dataset.kind === 'new', 'the look-up');
    radio(dialog, 'move').click();
    flushSync();
    mock.fail('close_repair', { code: 'replacement_has_sim', message: 'terminal PAX-NEW-02 already holds SIM card …' });
    click(dialog.querySelector('[data-testid=save]'));
    const err = await until(() => q('[data-testid=dialog-error]'), 'the error');
    expect(err.textContent).toBe('新机里已经有一张流量卡；请先取出，或改为注销旧卡');
    expect(radio(dialog, 'move').checked).toBe(true);
    expect(dialog.querySelector<HTMLInputElement>('[data-testid=replaced-by]')!.value).toBe('PAX-NEW-02');
  });

  it('what is typed and ticked survives leaving the screen, until cancelled', async () => {
    let dialog = await openReplaceDialog('PAX-NEW-03');
    step(dialog, 'return_old_device').click();
    radio(dialog, 'cancel').click();
    flushSync();
    // A detour: another screen, then back to the ticket.
    click(q('[data-testid=nav-terminals]'));
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog gone with the screen');
    dialog = await reopen();
    expect(dialog.querySelector<HTMLInputElement>('[data-testid=replaced-by]')!.value).toBe('PAX-NEW-03');
    expect(step(dialog, 'return_old_device').checked).toBe(true);
    expect(radio(dialog, 'cancel').checked).toBe(true);
    expect(step(dialog, 'move_or_cancel_sim').checked).toBe(true);
    await until(() => target()?.dataset.kind === 'new', 'the look-up again');

    // Cancelled (and the discard confirmed): the next time starts blank.
    click([...dialog.querySelectorAll<HTMLElement>('footer button')].find((b) => b.textContent?.trim() === '取消')!);
    click(await until(() => q('[data-testid=discard-confirm]'), 'the question'));
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close');
    dialog = await reopen();
    expect(dialog.querySelector<HTMLInputElement>('[data-testid=replaced-by]')!.value).toBe('');
    expect(radio(dialog, 'keep').checked).toBe(true);
    expect(step(dialog, 'return_old_device').checked).toBe(false);
  });
});
