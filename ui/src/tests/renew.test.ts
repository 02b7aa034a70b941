// @vitest-environment happy-dom
// Renewing SIM cards from the terminal list, many at once: the fee typed reaches every card (left
// empty, each card's own annual fee, as a single renewal offers it); every selected terminal left
// out is named with its reason; a card valid for more than a year is renewed only when ticked; a
// card the core refuses is named. The renewal itself is the core's (tested in Rust): canned here.
import { describe, expect, it } from 'vitest';
import { detailOf, terminalPage } from '../ipc/fixtures';
import type { TerminalDetail, TerminalQuery, TerminalRow } from '../ipc/types';
import { calls, click, mock, q, qa, startApp, toastSaying, type, until, useAppHarness } from './harness';

useAppHarness();

const iccidOf = (i: number) => `898600${String(i).padStart(13, '0')}`;
const snOf = (i: number) => `T${String(i).padStart(4, '0')}`;

/** 19 terminals: T0000 has no SIM, T0001's card runs to 2028 (more than a year after 2026-11-22),
 * the other 17 expire next month. */
const ROWS: TerminalRow[] = Array.from({ length: 19 }, (_, i) => ({
  sn: snOf(i), brand: 'PAX 百富', model: 'A920', kind: 'smart', provider: '银联商务', merchant_no: null, store: '朝阳路店',
  status: 'in_use', activated_on: '2025-06-01', warranty_until: null,
  iccid: i === 0 ? null : iccidOf(i),
  sim_expires_on: i === 0 ? null : i === 1 ? '2028-03-01' : '2026-12-15',
}));

/** Each terminal's detail: its card with an annual fee of ¥(30 + i). */
function detail(sn: string): TerminalDetail {
  const base = detailOf('PAX10000001')!;
  const i = Number(sn.slice(1));
  return {
    ...base,
    terminal: { ...base.terminal, sn },
    sim: i === 0 ? null : { ...base.sim!, sim: { ...base.sim!.sim, iccid: iccidOf(i), annual_fee: (30 + i) * 100, terminal_sn: sn } },
  };
}

async function openBulkRenew() {
  await startApp({}, (m) => {
    m.answer('list_terminals', (a) => terminalPage((i) => ROWS[i], ROWS.length, a.query as TerminalQuery));
    m.answer('terminal_detail', (a) => detail(a.sn as string));
  });
  click(q('[data-testid=nav-terminals]'));
  await until(() => qa('[data-testid=terminal-row]').length === 19, 'the 19 rows');
  for (const box of qa('[data-testid=terminal-row] input[type=checkbox]')) click(box);
  expect(q('[data-testid=selected-count]')!.textContent).toBe('已选 19 台');
  click(q('[data-testid=bulk-renew]'));
  return until(() => q('[data-testid=renew-dialog]'), 'the renew dialog');
}

const renewed = () => calls('renew_sim') as { iccid: string; until: string; fee?: number; on?: string }[];

describe('bulk renewal', () => {
  it('names the terminal left out and why, and leaves out a card valid for more than a year unless ticked', async () => {
    const dlg = await openBulkRenew();
    expect(dlg.textContent).toContain('批量续费 17 张流量卡');
    const skipped = q('[data-testid=renew-skipped]')!;
    expect(skipped.textContent).toContain('选中的终端里有 1 台不在这次续费中');
    expect(skipped.textContent).toContain('SN T0000 · 没有流量卡');
    const far = q('[data-testid=renew-far]')!;
    expect(far.textContent).toContain('这 1 张卡一年以后才到期，默认不续费');
    expect(far.textContent).toContain('SN T0001');
    expect(far.textContent).toContain('2028年3月1日 到期');
    const tick = q<HTMLInputElement>('[data-testid=renew-far-item]')!;
    expect(tick.checked).toBe(false);

    click(q('[data-testid=save]'));
    await toastSaying('已续费 17 张，0 张未成功');
    expect(renewed().map((c) => c.iccid)).toEqual(ROWS.slice(2).map((r) => r.iccid));
    expect(renewed().every((c) => c.until === '2027-12-15')).toBe(true);
  });

  it('renews the far card too when the user ticks it', async () => {
    await openBulkRenew();
    click(q('[data-testid=renew-far-item]'));
    expect(q('[data-testid=renew-dialog]')!.textContent).toContain('批量续费 18 张流量卡');
    click(q('[data-testid=save]'));
    await toastSaying('已续费 18 张，0 张未成功');
    expect(renewed().map((c) => c.iccid)).toEqual(ROWS.slice(1).map((r) => r.iccid));
    // +1 year from its own expiry, not from today.
    expect(renewed()[0].until).toBe('2029-03-01');
  });

  it('records the fee typed for every card', async () => {
    await openBulkRenew();
    const fee = q<HTMLInputElement>('input[name=fee]')!;
    expect(fee.value).toBe('');
    expect(fee.placeholder).toBe('例如 45');
    type(fee, '45');
    click(q('[data-testid=save]'));
    await toastSaying('已续费 17 张，0 张未成功');
    expect(renewed()).toHaveLength(17);
    expect(renewed().map((c) => c.fee)).toEqual(Array(17).fill(4500));
    expect(calls('terminal_detail')).toEqual([]);
  });

  it('with no fee typed, records each card its own annual fee, as a single renewal offers it', async () => {
    await openBulkRenew();
    expect(q('[data-testid=renew-fee-hint]')!.textContent).toBe('留空：每张卡按它登记的年费记录');
    click(q('[data-testid=save]'));
    await toastSaying('已续费 17 张，0 张未成功');
    expect(renewed().map((c) => c.fee)).toEqual(ROWS.slice(2).map((_, k) => (30 + k + 2) * 100));
  });

  it('names each card the core refused, with its reason, and stays open', async () => {
    await openBulkRenew();
    mock.answer('renew_sim', (a) => {
      if (a.iccid === iccidOf(5)) throw { code: 'sim_cancelled', message: 'the SIM card is cancelled' };
      return { id: 1, renewed_on: '2026-11-22', old_expires_on: '2026-12-15', new_expires_on: '2027-12-15', fee: null };
    });
    click(q('[data-testid=save]'));
    await toastSaying('已续费 16 张，1 张未成功');
    const failed = await until(() => q('[data-testid=renew-failed]'), 'the failures');
    expect(failed.textContent).toContain('这 1 张卡没有续费成功');
    expect(failed.textContent).toContain('SN T0005 · 卡号尾号 000005');
    expect(q('[data-testid=save]')).toBeNull();
  });
});

describe('single renewal', () => {
  it('offers the card’s annual fee, and its fee field shows an example rather than a value', async () => {
    await startApp();
    click(q('[data-testid=nav-terminals]'));
    await until(() => q('[data-testid=terminal-row]'), 'the list');
    const { app } = await import('../lib/app.svelte');
    app.route = { screen: 'terminal', sn: 'PAX10000001' };
    click(await until(() => q('[data-testid=renew-sim]'), 'the renew button'));
    const fee = await until(() => q<HTMLInputElement>('[data-testid=renew-dialog] input[name=fee]'), 'the fee');
    expect(fee.value).toBe('45.00');
    expect(fee.placeholder).toBe('例如 45');
    expect(q('[data-testid=renew-far-one]')).toBeNull();
  });
});
