// @vitest-environment happy-dom
// The agenda as a work queue: filters and search go to the shell (which filters and counts), the
// counts it answers are shown on each choice; select some or all that match, act on them in one
// step, undo once; the snoozed view with its dates and "unsnooze".
import { describe, expect, it } from 'vitest';
import { calls, click, mock, mountApp, q, qa, toastSaying, type, until, useAppHarness } from './harness';
import { agendaPage, ICCID, REMINDERS } from '../ipc/fixtures';
import type { Reminder } from '../ipc';

useAppHarness();

const keys = () => qa('[data-testid=agenda-item]').map((i) => i.dataset.key);
const EMPTY = { kinds: [], urgencies: [], stores: [], providers: [], search: '', pending: false };
/** The SIM reminders, as the shell answers a filter on them (the mock does not filter). */
const SIMS = REMINDERS.filter((r) => r.kind === 'sim_expiry');

async function ready() {
  await until(() => q('[data-testid=agenda-item]'), 'an agenda line');
  await until(() => calls('agenda').length, 'the counts');
}

describe('the agenda as a work queue', () => {
  it('shows the counts the shell gives on each choice, and asks again with the filter chosen', async () => {
    mountApp();
    await ready();
    // The unfiltered list comes from `reminders` (as the shell gave it); the counts from one `agenda` call.
    expect(calls('agenda')).toEqual([{ view: 'open', limit: 1 }]);
    const sim = await until(() => q('[data-testid=chip-kind-sim_expiry]')?.textContent?.includes('3') && q('[data-testid=chip-kind-sim_expiry]'), 'the counts');
    expect(sim.textContent).toContain('流量卡到期');
    expect(q<HTMLButtonElement>('[data-testid=chip-kind-repair_overdue]')!.textContent).toContain('1');
    const store = q<HTMLSelectElement>('[data-testid=filter-store]')!;
    expect([...store.options].map((o) => o.textContent)).toContain('朝阳路店 (4)');
    expect([...store.options].map((o) => o.textContent)).toContain('未填门店 (1)');

    mock.answer('agenda', (a) => agendaPage(SIMS, a));
    click(sim);
    await until(() => calls('agenda').length === 2, 'the filtered page');
    expect(calls('agenda')[1]).toEqual({ view: 'open', filter: { ...EMPTY, kinds: ['sim_expiry'] }, limit: 20 });
    await until(() => keys().length === 3, 'the SIM lines');
    expect(keys()).toEqual(SIMS.map((r) => r.key));
    expect(q('[data-testid=agenda-count]')!.textContent).toBe('共 3 项');

    // A store, an overdue chip, a search (sent once the typing pauses).
    store.value = '=朝阳路店';
    store.dispatchEvent(new Event('change', { bubbles: true }));
    click(q('[data-testid=chip-urgency-overdue]'));
    type(q('[data-testid=agenda-search]')!, '  4556 ');
    await until(() => calls('agenda').some((c) => (c.filter as { search?: string })?.search === '4556'), 'the search');
    expect(calls('agenda').at(-1)).toEqual({
      view: 'open',
      filter: { kinds: ['sim_expiry'], urgencies: ['overdue'], stores: ['朝阳路店'], providers: [], search: '4556', pending: false },
      limit: 20,
    });
    // "Clear" goes back to the plain list.
    mock.answer('agenda', (a) => agendaPage(REMINDERS, a));
    click(q('[data-testid=agenda-clear]'));
    await until(() => keys().length === REMINDERS.length, 'the whole list');
  });

  it('acknowledges all that match in one step with the count seen, and undoes it once', async () => {
    mountApp();
    await ready();
    const pending = SIMS.filter((r) => !r.acknowledged);
    mock.answer('agenda', (a) => agendaPage(pending, a));
    click(q('[data-testid=chip-kind-sim_expiry]'));
    click(q('[data-testid=chip-pending]'));
    await until(() => keys().length === 2 && calls('agenda').length === 3, 'the SIM lines not seen yet');
    const seen = { ...EMPTY, kinds: ['sim_expiry'], pending: true };
    expect(calls('agenda').at(-1)).toEqual({ view: 'open', filter: seen, limit: 20 });
    click(q('[data-testid=agenda-select-all]'));
    expect(q('[data-testid=agenda-selected]')!.textContent).toBe('已选 2 项');
    expect(qa('[data-testid=agenda-select]').every((b) => (b as HTMLInputElement).checked)).toBe(true);
    // Acknowledged, they leave the "not seen yet" list.
    mock.answer('agenda_act', { action: 'ack', count: 2, token: 41 }).answer('agenda', (a) => agendaPage([], a));
    click(q('[data-testid=bulk-ack]'));
    await until(() => q('[data-testid=agenda-undo-bar]'), 'the undo bar');
    expect(calls('agenda_act')).toEqual([{ action: 'ack', filter: seen, view: 'open', expect: 2 }]);
    expect(q('[data-testid=agenda-done]')!.textContent).toBe('已将 2 项标为知道了');
    await until(() => q('[data-testid=agenda-count]')?.textContent === '共 0 项', 'the count to drop');
    expect(q('[data-testid=agenda-none]')!.textContent).toContain('没有符合条件的提醒');
    expect(q('[data-testid=agenda-selected]')).toBeNull();

    mock.answer('agenda', (a) => agendaPage(pending, a)).answer('agenda_undo', 2);
    click(q('[data-testid=agenda-undo]'));
    await toastSaying('已撤销，2 项恢复原样');
    expect(calls('agenda_undo')).toEqual([{ token: 41 }]);
    expect(q('[data-testid=agenda-undo-bar]')).toBeNull();
    await until(() => keys().length === 2, 'the lines back');
    expect(q('[data-testid=agenda-count]')!.textContent).toBe('共 2 项');
  });

  it('snoozes the lines picked to a date, and says so when the list changed under the user', async () => {
    mountApp();
    await ready();
    const boxes = () => qa('[data-testid=agenda-select]') as HTMLInputElement[];
    click(boxes()[0]);
    click(boxes()[2]);
    expect(q('[data-testid=agenda-selected]')!.textContent).toBe('已选 2 项');
    click(q('[data-testid=bulk-snooze]'));
    const dialog = await until(() => q('[data-testid=bulk-snooze-dialog]'), 'the date dialog');
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => calls('agenda_act').length, 'the snooze');
    expect(calls('agenda_act')).toEqual([
      { action: 'snooze', keys: [`sim_expiry:${ICCID.b}`, 'warranty_expiry:PAX10000001'], until: '2026-11-29' },
    ]);
    await until(() => q('[data-testid=agenda-done]')?.textContent === '已推迟 2 项', 'what was done');

    // All that match, but the list changed meanwhile: nothing done, the reason in Chinese.
    mock.fail('agenda_act', { code: 'agenda_changed', message: 'the agenda changed: 6 match the filter now, not 7' });
    click(q('[data-testid=agenda-select-all]'));
    click(q('[data-testid=bulk-ack]'));
    await toastSaying('列表刚刚有变化，请看一下再操作');
    expect(calls('agenda_act')[1]).toEqual({ action: 'ack', filter: EMPTY, view: 'open', expect: REMINDERS.length });
  });

  it('renews the SIM cards among the selection in the bulk renewal dialog', async () => {
    mountApp();
    await ready();
    click(q('[data-testid=agenda-select-shown]'));
    expect(q('[data-testid=agenda-selected]')!.textContent).toBe(`已选 ${REMINDERS.length} 项`);
    click(q('[data-testid=bulk-renew]'));
    const dialog = await until(() => q('[data-testid=renew-dialog]'), 'the renew dialog');
    expect(dialog.textContent).toContain('批量续费 3 张流量卡');
  });

  it('the snoozed view lists each with its date, and unsnoozes one (undoable)', async () => {
    const snoozed: Reminder[] = [{ ...REMINDERS[0], snoozed_until: '2026-11-30' }];
    mountApp({}, (m) => m.answer('agenda', (a) => agendaPage(a.view === 'snoozed' ? snoozed : REMINDERS, a)));
    await ready();
    click(q('[data-testid=view-snoozed]'));
    await until(() => keys().length === 1, 'the snoozed line');
    expect(calls('agenda').at(-1)).toEqual({ view: 'snoozed', filter: EMPTY, limit: 20 });
    expect(q('[data-testid=snoozed-until]')!.textContent).toBe('推迟到 2026年11月30日');
    expect(q('[data-testid=agenda-item] [data-testid=snooze-1d]')).toBeNull();
    mock.answer('agenda', (a) => agendaPage(a.view === 'snoozed' ? [] : REMINDERS, a));
    click(q('[data-testid=unsnooze]'));
    await until(() => q('[data-testid=agenda-none]'), 'the empty snoozed view');
    expect(calls('agenda_act')).toEqual([{ action: 'unsnooze', keys: [REMINDERS[0].key] }]);
    expect(q('[data-testid=agenda-none]')!.textContent).toContain('现在没有推迟的提醒');
    expect(q('[data-testid=agenda-done]')!.textContent).toBe('已取消推迟 1 项');
  });
});
