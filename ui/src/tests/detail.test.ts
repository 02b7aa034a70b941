// @vitest-environment happy-dom
// A terminal's detail: it shows the detail the shell answered, and its actions send exactly what
// the user chose (cancel the SIM card, a deposit, a deposit refunded). What these change in the
// database is the core's, tested in Rust.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { app } from '../lib/app.svelte';
import { detailOf, ICCID } from '../ipc/fixtures';
import { calls, click, mock, q, startApp, toastSaying, type, until, useAppHarness } from './harness';

useAppHarness();

async function openDetail(sn: string, store: string) {
  await startApp();
  app.route = { screen: 'terminal', sn };
  return until(() => {
    const d = q(`[data-testid=terminal-detail][data-sn="${sn}"]`);
    return d?.textContent?.includes(store) && d;
  }, `the detail of ${sn}`);
}

function typeDate(scope: HTMLElement, name: string, value: string) {
  const el = scope.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
  type(el, value);
  el.dispatchEvent(new Event('change', { bubbles: true }));
  el.dispatchEvent(new Event('blur', { bubbles: true }));
  flushSync();
}

describe('the terminal detail', () => {
  it('shows what the shell answered: the SIM card, the deposit, the plan, the linked contacts', async () => {
    const d = await openDetail('PAX10000001', '朝阳路店');
    expect(calls('terminal_detail')).toEqual([{ sn: 'PAX10000001' }]);
    expect(q('[data-testid=detail-sim]')!.textContent).toContain(ICCID.a);
    expect(d.textContent).toContain('10个月内刷满30万');
    expect(d.textContent).toContain('邮政储蓄银行');
    expect(d.textContent).toContain('95580');
  });

  it('shows what the terminal has cost so far, as the shell counted it', async () => {
    await openDetail('NL20000002', '人民广场店');
    const costs = await until(() => q('[data-testid=detail-costs]'), 'the costs');
    expect(costs.textContent!.replace(/\s+/g, ' ').trim()).toBe('费用合计 流量卡续费（已记录）¥60.00 维修费用¥0.00 合计¥60.00');
  });

  it('a terminal the shell does not know says so in Chinese', async () => {
    await startApp({}, (m) => m.fail('terminal_detail', { code: 'terminal_not_found', message: "no terminal with SN 'PAX-NOPE'" }));
    app.route = { screen: 'terminal', sn: 'PAX-NOPE' };
    await until(() => q('[data-testid=terminal-detail]')?.textContent?.includes('找不到这台终端'), 'the error');
  });

  it('cancelling the SIM card asks first, sends the ICCID, and shows the card as the shell then answers', async () => {
    await openDetail('NL20000002', '人民广场店');
    click(q('[data-testid=cancel-sim]'));
    await until(() => q('[data-testid=sim-cancel-dialog]'), 'the question');
    expect(calls('cancel_sim')).toEqual([]);
    const after = detailOf('NL20000002')!;
    after.sim!.sim = { ...after.sim!.sim, status: 'cancelled' };
    mock.answer('terminal_detail', after);
    click(q('[data-testid=confirm-cancel-sim]'));
    await toastSaying('流量卡已注销');
    expect(calls('cancel_sim')).toEqual([{ iccid: ICCID.b }]);
    await until(() => q('[data-testid=detail-sim]')?.textContent?.includes('已注销'), 'the cancelled card');
  });

  it('a deposit: amount in fen, the dates and the condition as typed', async () => {
    await openDetail('LKL50000005', '解放路店');
    click(q('[data-testid=add-deposit]'));
    const dialog = await until(() => q('[data-testid=deposit-dialog]'), 'the deposit dialog');
    type(dialog.querySelector('input[name=amount]')!, '199.5');
    typeDate(dialog, 'deadline', '2027-02-14');
    type(dialog.querySelector('input[name=condition]')!, ' 6个月内刷满10万 ');
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => !q('[data-testid=deposit-dialog]'), 'the dialog to close');
    expect(calls('add_deposit')).toEqual([
      { sn: 'LKL50000005', deposit: { amount: 19950, deadline: '2027-02-14', paid_on: null, condition: '6个月内刷满10万' } },
    ]);
  });

  it('a deposit the core refuses keeps the dialog with the reason', async () => {
    await openDetail('LKL50000005', '解放路店');
    mock.fail('add_deposit', { code: 'invalid_money', message: 'invalid amount' });
    click(q('[data-testid=add-deposit]'));
    const dialog = await until(() => q('[data-testid=deposit-dialog]'), 'the deposit dialog');
    type(dialog.querySelector('input[name=amount]')!, '199');
    typeDate(dialog, 'deadline', '2027-02-14');
    click(dialog.querySelector('[data-testid=save]'));
    await until(() => dialog.textContent?.includes('金额无效'), 'the reason');
    expect(q('[data-testid=deposit-dialog]')).not.toBeNull();
  });

  it('a deposit refunded on the date picked', async () => {
    await openDetail('PAX10000001', '朝阳路店');
    click(q('[data-testid=deposit-refunded]'));
    const dialog = await until(() => q('[data-testid=date-dialog]'), 'the date dialog');
    typeDate(dialog, 'date', '2026-11-21');
    click(dialog.querySelector('[data-testid=save]'));
    await toastSaying('押金已标记为已退还');
    expect(calls('settle_deposit')).toEqual([{ id: 501, status: 'refunded', on: '2026-11-21' }]);
  });
});
