// @vitest-environment happy-dom
// Replaced repair tickets: the deregistration checklist is kept by the core (update_repair with
// `deregistration_done`), shown with its progress wherever the ticket is, and never pretends.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { MockBackend } from '../ipc/mock-backend';
import { app } from '../lib/app.svelte';
import type { Repair } from '../ipc/types';
import { backend, q, startApp, type, until, useAppHarness } from './harness';

/** Commands that fail once with this error (then answer normally). */
let failOnce: Record<string, { code: string; message: string }> = {};

const calls = (cmd: string) => backend.calls.filter((c) => c.cmd === cmd);

async function start() {
  failOnce = {};
  await startApp({}, (cmd, args) => {
    const f = failOnce[cmd];
    if (f) {
      delete failOnce[cmd];
      backend.calls.push({ cmd, args });
      throw f;
    }
    return backend.handle(cmd, args);
  });
}

/** An open ticket and a spare terminal to replace its terminal with. */
function openTicketAndSpare(): { ticket: Repair; spare: string } {
  const ticket = backend.repairs.find((r) => r.status !== 'closed' && r.status !== 'replaced')!;
  const spare = backend.terminals.find((t) => t.status === 'spare')!.sn;
  return { ticket, spare };
}

/** Closes a ticket as replaced behind the UI's back, as an earlier session would have. */
function replacedTicket(): Repair {
  const { ticket, spare } = openTicketAndSpare();
  backend.handle('close_repair', { id: ticket.id, close: { replaced_by: spare } });
  backend.calls = [];
  return backend.repairs.find((r) => r.id === ticket.id)!;
}

function step(scope: HTMLElement, item: string): HTMLInputElement {
  return scope.querySelector<HTMLInputElement>(`[data-testid=dereg-step][data-item=${item}]`)!;
}

useAppHarness();

describe('the deregistration checklist of a replaced ticket', () => {
  it('is reachable on the Repairs screen; a tick saves exactly that step and the progress moves', async () => {
    await start();
    const r = replacedTicket();
    q('[data-testid=nav-repairs]')!.click();
    await until(() => q('[data-testid=repair-filter-replaced]'), 'the replaced filter');
    q('[data-testid=repair-filter-replaced]')!.click();
    const card = await until(() => q(`[data-testid=replaced-card][data-id="${r.id}"]`), 'the replaced ticket');
    const progress = card.querySelector<HTMLElement>('[data-testid=dereg-progress]')!;
    expect(progress.textContent).toContain('0/5');
    expect(card.querySelectorAll('[data-testid=dereg-step]').length).toBe(5);

    step(card, 'deregister_with_provider').click();
    await until(() => progress.textContent?.includes('1/5'), 'the progress to reach 1/5');
    const sent = calls('update_repair');
    expect(sent.length).toBe(1);
    expect(sent[0].args).toEqual({
      id: r.id,
      patch: { documents_done: [], tests_passed: [], deregistration_done: ['deregister_with_provider'] },
    });
    // Kept by the backend, shown done and locked (the core cannot untick).
    expect(backend.repairs.find((x) => x.id === r.id)!.deregistration.filter((c) => c.done).map((c) => c.item)).toEqual([
      'deregister_with_provider',
    ]);
    const box = step(card, 'deregister_with_provider');
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
    expect(step(card, 'settle_pending').disabled).toBe(false);

    step(card, 'settle_pending').click();
    await until(() => progress.textContent?.includes('2/5'), 'the progress to reach 2/5');
    expect(calls('update_repair')[1].args.patch).toMatchObject({ deregistration_done: ['settle_pending'] });
  });

  it('in the terminal\'s repair timeline: a failed tick un-ticks and says why', async () => {
    await start();
    const r = replacedTicket();
    app.route = { screen: 'terminal', sn: r.terminal_sn };
    const list = await until(() => q(`[data-testid=detail-repairs] [data-testid=dereg-checklist][data-id="${r.id}"]`), 'the checklist in the timeline');
    const progress = list.querySelector<HTMLElement>('[data-testid=dereg-progress]')!;
    expect(progress.textContent).toContain('0/5');

    failOnce.update_repair = { code: 'database', message: 'database error: disk I/O error' };
    step(list, 'return_old_device').click();
    const err = await until(() => list.querySelector<HTMLElement>('[data-testid=dereg-error]'), 'the error');
    expect(err.textContent).toBe('数据库出错了');
    const box = step(list, 'return_old_device');
    expect(box.checked).toBe(false);
    expect(box.disabled).toBe(false);
    expect(progress.textContent).toContain('0/5');
    expect(backend.repairs.find((x) => x.id === r.id)!.deregistration.every((c) => !c.done)).toBe(true);

    // Ticking again works and clears the error.
    step(list, 'return_old_device').click();
    await until(() => progress.textContent?.includes('1/5'), 'the progress after the retry');
    expect(list.querySelector('[data-testid=dereg-error]')).toBeNull();
    expect(step(list, 'return_old_device').checked).toBe(true);
  });
});

describe('closing a ticket as replaced', () => {
  /** Opens the replace dialog of an open ticket from the Repairs screen and types a spare's SN. */
  async function openReplaceDialog() {
    await start();
    const { ticket, spare } = openTicketAndSpare();
    q('[data-testid=nav-repairs]')!.click();
    const card = await until(() => q(`[data-testid=repair-card][data-id="${ticket.id}"]`), 'the open ticket');
    card.querySelector<HTMLElement>('[data-testid=repair-replace]')!.click();
    const dialog = await until(() => q('[data-testid=close-repair-dialog]'), 'the replace dialog');
    type(dialog.querySelector('[data-testid=replaced-by]')!, spare);
    return { ticket, spare, dialog };
  }

  async function replaceThroughDialog(ticks: string[]) {
    const { ticket, spare, dialog } = await openReplaceDialog();
    for (const item of ticks) step(dialog, item).click();
    flushSync();
    backend.calls = [];
    dialog.querySelector<HTMLElement>('[data-testid=save]')!.click();
    return { ticket, spare };
  }

  it('saves the steps ticked in the dialog on the closed ticket', async () => {
    const { ticket, spare } = await replaceThroughDialog(['move_or_cancel_sim', 'settle_pending']);
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close');
    const cmds = backend.calls.map((c) => c.cmd).filter((c) => c === 'close_repair' || c === 'update_repair');
    expect(cmds).toEqual(['close_repair', 'update_repair']);
    expect(calls('close_repair')[0].args.close).toMatchObject({ replaced_by: spare });
    // In the checklist's order, whatever the order of the clicks.
    expect(calls('update_repair')[0].args).toEqual({
      id: ticket.id,
      patch: { documents_done: [], tests_passed: [], deregistration_done: ['settle_pending', 'move_or_cancel_sim'] },
    });
    const kept = backend.repairs.find((r) => r.id === ticket.id)!;
    expect(kept.status).toBe('replaced');
    expect(kept.deregistration.filter((c) => c.done).map((c) => c.item)).toEqual(['settle_pending', 'move_or_cancel_sim']);

    // And the Repairs screen shows it with 2/5.
    q('[data-testid=repair-filter-replaced]')!.click();
    const card = await until(() => q(`[data-testid=replaced-card][data-id="${ticket.id}"]`), 'the replaced ticket');
    expect(card.querySelector('[data-testid=dereg-progress]')!.textContent).toContain('2/5');
    expect(step(card, 'settle_pending').disabled).toBe(true);
    expect(step(card, 'claim_deposit').checked).toBe(false);
  });

  it('nothing ticked: only the close is sent', async () => {
    const { ticket } = await replaceThroughDialog([]);
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close');
    expect(calls('close_repair').length).toBe(1);
    expect(calls('update_repair').length).toBe(0);
    expect(backend.repairs.find((r) => r.id === ticket.id)!.status).toBe('replaced');
  });

  it('if saving the steps fails, the ticket is closed all the same and the dialog says so', async () => {
    const { ticket, dialog } = await openReplaceDialog();
    step(dialog, 'claim_deposit').click();
    flushSync();
    failOnce.update_repair = { code: 'database', message: 'database error: database is locked' };
    dialog.querySelector<HTMLElement>('[data-testid=save]')!.click();

    const err = await until(() => q('[data-testid=dereg-save-error]'), 'the error in the dialog');
    expect(err.textContent).toContain('工单已结束');
    expect(err.textContent).toContain('数据库出错了');
    expect(backend.repairs.find((r) => r.id === ticket.id)!.status).toBe('replaced');
    // No second close is offered; saving the steps again is.
    expect(q('[data-testid=close-repair-dialog] [data-testid=save]')).toBeNull();
    expect(calls('close_repair').length).toBe(1);

    q('[data-testid=dereg-retry]')!.click();
    await until(() => !q('[data-testid=close-repair-dialog]'), 'the dialog to close after the retry');
    expect(calls('close_repair').length).toBe(1);
    expect(backend.repairs.find((r) => r.id === ticket.id)!.deregistration.filter((c) => c.done).map((c) => c.item)).toEqual([
      'claim_deposit',
    ]);
  });
});

describe('the mock backend refuses like the core (store/repairs.rs)', () => {
  const refused = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as { code: string; message: string };
    }
    return null;
  };

  it('a replaced ticket takes deregistration ticks and nothing else; a fixed one takes none', () => {
    // Its own backend, without the app: the shared one belongs to the mounted tests.
    const backend = new MockBackend({ terminals: 40 });
    const open = backend.repairs.filter((r) => r.status === 'open');
    const spare = backend.terminals.find((t) => t.status === 'spare')!.sn;
    backend.handle('close_repair', { id: open[0].id, close: { replaced_by: spare } });
    backend.handle('close_repair', { id: open[1].id, close: {} });
    const base = { documents_done: [], tests_passed: [], deregistration_done: [] };

    const ok = backend.handle('update_repair', { id: open[0].id, patch: { ...base, deregistration_done: ['claim_deposit'] } }) as Repair;
    expect(ok.deregistration.find((c) => c.item === 'claim_deposit')!.done).toBe(true);

    for (const patch of [
      { ...base, deregistration_done: ['settle_pending'], agent: '张工' },
      { ...base, tests_passed: ['card_swipe'] },
      { ...base, cost: 1000 },
    ]) {
      expect(refused(() => backend.handle('update_repair', { id: open[0].id, patch }))?.code, JSON.stringify(patch)).toBe('invalid_state');
    }
    // Nothing of a refused patch was written.
    expect(backend.repairs.find((r) => r.id === open[0].id)!.deregistration.filter((c) => c.done).length).toBe(1);

    const closed = refused(() => backend.handle('update_repair', { id: open[1].id, patch: { ...base, deregistration_done: ['settle_pending'] } }));
    expect(closed).toEqual({ code: 'invalid_state', message: `repair ticket ${open[1].id} is already finished` });
    expect(refused(() => backend.handle('update_repair', { id: open[0].id, patch: { ...base, deregistration_done: ['sell_it'] } }))?.code).toBe(
      'invalid_value',
    );
  });
});
