// @vitest-environment happy-dom
// Adding and editing a terminal: what the form sends (add_terminal, then add_sim for its card),
// what it shows for the core's answers to check_iccid, and the core's refusals in zh-CN. Whether
// an SN is a duplicate or an ICCID valid is the core's to say (tested in Rust): here it is canned.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { app } from '../lib/app.svelte';
import { ICCID } from '../ipc/fixtures';
import { calls, click, mock, q, startApp, toastSaying, type, until, useAppHarness } from './harness';

useAppHarness();

function typeDate(name: string, value: string) {
  const el = q<HTMLInputElement>(`input[name=${name}]`)!;
  type(el, value);
  el.dispatchEvent(new Event('change', { bubbles: true }));
  el.dispatchEvent(new Event('blur', { bubbles: true }));
  flushSync();
}

async function openAddForm() {
  await startApp();
  app.route = { screen: 'terminal-form' };
  return until(() => q('[data-testid=terminal-form]'), 'the form');
}

describe('adding a terminal', () => {
  it('sends the terminal, then its SIM card for it, and opens its detail', async () => {
    const form = await openAddForm();
    type(q('[data-testid=field-sn]')!, ' PAX10000009 ');
    type(q('[data-testid=field-brand]')!, 'PAX 百富');
    type(q('[data-testid=field-store]')!, '朝阳路店');
    type(q('[data-testid=field-iccid]')!, ICCID.d);
    typeDate('expires_on', '2026-11-25');
    mock.answer('add_terminal', 'PAX10000009');
    click(form.querySelector('[data-testid=save-terminal]'));
    await until(() => q('[data-testid=terminal-detail][data-sn="PAX10000009"]'), 'the new terminal');
    expect(calls('add_terminal')).toEqual([{ sn: 'PAX10000009', patch: { brand: 'PAX 百富', store: '朝阳路店', status: 'in_use' } }]);
    expect(calls('add_sim')).toEqual([{ iccid: ICCID.d, patch: { form: 'physical', expires_on: '2026-11-25' }, terminalSn: 'PAX10000009' }]);
    await toastSaying('终端 PAX10000009 已添加');
  });

  it('a duplicate SN is refused by the core: the form says so in Chinese and sends nothing more', async () => {
    const form = await openAddForm();
    mock.fail('add_terminal', { code: 'duplicate_sn', message: "a terminal with SN 'PAX10000001' already exists" });
    type(q('[data-testid=field-sn]')!, 'PAX10000001');
    type(q('[data-testid=field-iccid]')!, ICCID.d);
    click(form.querySelector('[data-testid=save-terminal]'));
    const err = await until(() => q('[data-testid=form-error]'), 'the error');
    expect(err.textContent).toBe('这个序列号的终端已经存在');
    expect(calls('add_terminal')).toEqual([{ sn: 'PAX10000001', patch: { status: 'in_use' } }]);
    expect(calls('add_sim')).toEqual([]);
    expect(q('[data-testid=terminal-form]')).not.toBeNull();
  });

  it('an empty SN is not sent', async () => {
    const form = await openAddForm();
    click(form.querySelector('[data-testid=save-terminal]'));
    expect((await until(() => q('[data-testid=form-error]'), 'the error')).textContent).toBe('请填写序列号');
    expect(calls('add_terminal')).toEqual([]);
  });

  it('asks the core about a whole ICCID and offers the carrier it suggests', async () => {
    await openAddForm();
    mock.answer('check_iccid', { valid: true, luhnOk: true, suggestedCarrier: 'china_unicom' });
    type(q('[data-testid=field-iccid]')!, ICCID.b);
    const hint = await until(() => q('[data-testid=carrier-suggestion]'), 'the suggestion');
    expect(calls('check_iccid')).toEqual([{ iccid: ICCID.b }]);
    expect(hint.textContent).toContain('中国联通');
  });
});

describe('editing a terminal', () => {
  it('loads the detail, and sends set_terminal and set_sim for the SN and the card it has', async () => {
    await startApp();
    app.route = { screen: 'terminal-form', sn: 'NL20000002' };
    const form = await until(() => q('[data-testid=terminal-form]'), 'the form');
    await until(() => q<HTMLInputElement>('[data-testid=field-model]')?.value === 'ME31', 'the loaded model');
    expect(calls('terminal_detail')).toEqual([{ sn: 'NL20000002' }]);
    type(q('[data-testid=field-model]')!, 'ME31 Pro');
    click(form.querySelector('[data-testid=save-terminal]'));
    await until(() => calls('set_sim').length, 'the card saved');
    expect(calls('add_terminal')).toEqual([]);
    expect(calls('set_terminal')).toHaveLength(1);
    expect(calls('set_terminal')[0]).toMatchObject({ sn: 'NL20000002', patch: { model: 'ME31 Pro', brand: '新大陆', store: '人民广场店' } });
    expect(calls('set_sim')).toHaveLength(1);
    expect(calls('set_sim')[0]).toMatchObject({ iccid: ICCID.b, patch: { carrier: 'china_unicom', expires_on: '2026-11-15', annual_fee: 6000 } });
    expect(calls('add_sim')).toEqual([]);
  });
});
