// @vitest-environment happy-dom
// The warranty in the terminal form is never saved (or left out) silently: an empty months field
// says "不登记保修" and holds no value-like placeholder; the detail of a terminal without a
// warranty offers "+ 登记保修", which opens the form at the warranty field.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { app } from '../lib/app.svelte';
import { blankFields, warrantyOutcome } from '../lib/terminal-form';
import { calls, click, mock, q, startApp, type, until, useAppHarness } from './harness';

useAppHarness();

describe('what the warranty part will record', () => {
  const f = { ...blankFields(), activated_on: '2026-03-05' };

  it('nothing typed: no warranty, in either mode; on edit the end date the terminal has is kept', () => {
    expect(warrantyOutcome(f, 'months', null)).toEqual({ kind: 'none' });
    expect(warrantyOutcome(f, 'date', null)).toEqual({ kind: 'none' });
    expect(warrantyOutcome(f, 'months', '2027-01-01')).toEqual({ kind: 'until', date: '2027-01-01', kept: true });
    expect(warrantyOutcome({ ...f, warranty_months: '  ' }, 'months', null)).toEqual({ kind: 'none' });
  });

  it('months count from activation, clamped to the month’s end; out of range or without activation is said', () => {
    expect(warrantyOutcome({ ...f, warranty_months: '12' }, 'months', null)).toEqual({ kind: 'until', date: '2027-03-05', kept: false });
    expect(warrantyOutcome({ ...f, activated_on: '2026-01-31', warranty_months: '1' }, 'months', null)).toMatchObject({ date: '2026-02-28' });
    expect(warrantyOutcome({ ...f, warranty_months: '0' }, 'months', null)).toEqual({ kind: 'badMonths' });
    expect(warrantyOutcome({ ...f, warranty_months: '241' }, 'months', null)).toEqual({ kind: 'badMonths' });
    expect(warrantyOutcome({ ...f, warranty_months: '十二' }, 'months', null)).toEqual({ kind: 'badMonths' });
    expect(warrantyOutcome({ ...f, activated_on: '', warranty_months: '12' }, 'months', null)).toEqual({ kind: 'needActivation' });
  });

  it('a date is recorded as typed', () => {
    expect(warrantyOutcome({ ...f, warranty_until: '2028-01-01' }, 'date', '2027-01-01')).toEqual({ kind: 'until', date: '2028-01-01', kept: false });
  });
});

async function openAddForm() {
  await startApp();
  app.route = { screen: 'terminal-form' };
  return until(() => q('[data-testid=terminal-form]'), 'the form');
}

const state = () => q('[data-testid=warranty-state]');

describe('the form’s warranty', () => {
  it('by months: empty, with no value-like placeholder, says 不登记保修 and sends no warranty', async () => {
    const form = await openAddForm();
    expect(state()?.textContent?.trim()).toBe('不登记保修');
    click(q('[data-testid=warranty-by-months]'));
    const months = q<HTMLInputElement>('[data-testid=field-warranty-months]')!;
    expect(months.value).toBe('');
    expect(months.getAttribute('placeholder') ?? '').not.toMatch(/\d/);
    expect(state()?.dataset.state).toBe('none');
    expect(state()?.textContent?.trim()).toBe('不登记保修');
    type(q('[data-testid=field-sn]')!, 'PAX10000009');
    mock.answer('add_terminal', 'PAX10000009');
    click(form.querySelector('[data-testid=save-terminal]'));
    await until(() => calls('add_terminal').length, 'the save');
    expect(calls('add_terminal')).toEqual([{ sn: 'PAX10000009', patch: { status: 'in_use' } }]);
  });

  it('by months: typed months show the end date, or ask for the activation date first; then they are sent', async () => {
    const form = await openAddForm();
    click(q('[data-testid=warranty-by-months]'));
    type(q('[data-testid=field-warranty-months]')!, '12');
    expect(state()?.textContent?.trim()).toBe('请先填写启用日期');
    const act = q<HTMLInputElement>('input[name=activated_on]')!;
    type(act, '2026-03-05');
    act.dispatchEvent(new Event('change', { bubbles: true }));
    act.dispatchEvent(new Event('blur', { bubbles: true }));
    flushSync();
    await until(() => state()?.textContent?.includes('保修到 2027年3月5日'), 'the computed end');
    type(q('[data-testid=field-warranty-months]')!, '300');
    expect(state()?.textContent?.trim()).toBe('保修月数应为 1 到 240');
    type(q('[data-testid=field-warranty-months]')!, '12');
    type(q('[data-testid=field-sn]')!, 'PAX10000009');
    mock.answer('add_terminal', 'PAX10000009');
    click(form.querySelector('[data-testid=save-terminal]'));
    await until(() => calls('add_terminal').length, 'the save');
    expect(calls('add_terminal')[0].patch).toMatchObject({ activated_on: '2026-03-05', warranty_months: 12 });
  });
});

describe('the detail without a warranty', () => {
  it('offers + 登记保修, which opens the form at the months field when there is an activation date', async () => {
    await startApp();
    app.route = { screen: 'terminal', sn: 'LKL50000005' };
    const box = await until(() => q('[data-testid=detail-warranty]'), 'the warranty card');
    expect(box.textContent).toContain('没有登记保修');
    click(await until(() => q('[data-testid=add-warranty]'), 'the button'));
    expect(q('[data-testid=add-warranty]')).toBeNull();
    const months = await until(() => q<HTMLInputElement>('[data-testid=field-warranty-months]'), 'the months field');
    await until(() => document.activeElement === months, 'the months field focused');
    expect(app.route).toMatchObject({ screen: 'terminal-form', sn: 'LKL50000005', focus: 'warranty' });
    expect(state()?.textContent?.trim()).toBe('不登记保修');
    type(months, '24');
    expect(state()?.textContent?.trim()).toBe('保修到 2028年2月14日');
  });

  it('opens at the end-date field when the terminal has no activation date', async () => {
    await startApp();
    app.route = { screen: 'terminal', sn: 'PAX10000004' };
    click(await until(() => q('[data-testid=add-warranty]'), 'the button'));
    const until_ = await until(() => q<HTMLInputElement>('input[name=warranty_until]'), 'the date field');
    await until(() => document.activeElement === until_, 'the date field focused');
    expect(q('[data-testid=field-warranty-months]')).toBeNull();
  });

  it('is not offered for a terminal that has a warranty', async () => {
    await startApp();
    app.route = { screen: 'terminal', sn: 'NL20000002' };
    const box = await until(() => q('[data-testid=detail-warranty]'), 'the warranty card');
    expect(box.textContent).toContain('保修到');
    expect(q('[data-testid=add-warranty]')).toBeNull();
  });
});

describe('placeholders never look like values', () => {
  const valueLike = () =>
    [...document.querySelectorAll<HTMLInputElement>('input[placeholder]')].map((i) => i.placeholder).filter((p) => /^[\d.,:\s-]+$/.test(p));

  it('in the terminal form', async () => {
    await openAddForm();
    click(q('[data-testid=warranty-by-months]'));
    expect(q<HTMLInputElement>('input[name=annual_fee]')!.placeholder).toBe('例如 45');
    expect(valueLike()).toEqual([]);
  });

  it('in the deposit dialog, in the user’s language', async () => {
    await startApp({ language: 'en' });
    app.route = { screen: 'terminal', sn: 'LKL50000005' };
    click(await until(() => q('[data-testid=add-deposit]'), 'the button'));
    await until(() => q('input[name=amount]'), 'the dialog');
    expect(q<HTMLInputElement>('input[name=amount]')!.placeholder).toBe('e.g. 199');
    expect(q<HTMLInputElement>('input[name=condition]')!.placeholder).not.toMatch(/\p{Script=Han}/u);
    expect(valueLike()).toEqual([]);
  });
});
