// @vitest-environment happy-dom
// The Repairs screen and the new-ticket wizard: a hotline typed in the contact step is saved as a
// contact, linked to the terminal and noted on the ticket (the step's text promises a field
// "below"); the documents asked for are the core's list (no 开户许可证); closed tickets have their
// own 已完成 view; every card names its terminal's store. What the core stores is tested in Rust.
import { describe, expect, it } from 'vitest';
import { REPAIRS } from '../ipc/fixtures';
import type { Repair } from '../ipc/types';
import { calls, click, mock, q, qa, startApp, type, until, useAppHarness } from './harness';

useAppHarness();

async function openWizard(sn: string) {
  await startApp();
  click(q('[data-testid=nav-repairs]'));
  click(await until(() => q('[data-testid=new-repair]'), 'the new-repair button'));
  const dlg = await until(() => q('[data-testid=repair-wizard]'), 'the wizard');
  const box = q<HTMLInputElement>('[data-testid=wizard-sn]')!;
  type(box, sn);
  box.dispatchEvent(new Event('change', { bubbles: true }));
  await until(() => dlg.querySelector('.ok-text'), 'the terminal found');
  click(q('[data-testid=fault-printer]'));
  click(q('[data-testid=wizard-next]'));
  await until(() => dlg.textContent?.includes('请拨打服务商或厂商的客服电话报修'), 'the contact step');
  return dlg;
}

/** Next through the remaining steps, then create. */
async function finish() {
  for (let i = 0; i < 3; i++) click(q('[data-testid=wizard-next]'));
  click(await until(() => q('[data-testid=wizard-create]'), 'the last step'));
  await until(() => calls('open_repair').length, 'the ticket opened');
}

describe('the wizard’s contact step', () => {
  it('has the hotline field its text promises, and saves what is typed as the terminal’s contact', async () => {
    // PAX10000004 has no contact linked; its provider is 盛付通.
    const dlg = await openWizard('PAX10000004');
    expect(dlg.textContent).toContain('这台终端还没有关联客服电话。可以在“联系方式”里添加，或在下面填写。');
    expect(q<HTMLInputElement>('[data-testid=hotline-name]')!.value).toBe('盛付通');
    const phone = q<HTMLInputElement>('[data-testid=hotline-phone]')!;
    expect(phone.value).toBe('');
    expect(phone.placeholder).toBe('例如 95534');
    type(phone, ' 95574 ');
    await finish();
    expect(mock.commands().filter((c) => ['add_contact', 'link_contact', 'open_repair'].includes(c))).toEqual([
      'add_contact',
      'link_contact',
      'open_repair',
    ]);
    expect(calls('add_contact')).toEqual([{ contact: { name: '盛付通', phone: '95574' } }]);
    expect(calls('link_contact')).toEqual([{ name: '盛付通', sn: 'PAX10000004' }]);
    expect(calls('open_repair')[0]).toMatchObject({ sn: 'PAX10000004', repair: { fault: 'printer', contact: '盛付通' } });
  });

  it('links an existing contact of that name rather than adding a second one', async () => {
    await openWizard('PAX10000004');
    type(q('[data-testid=hotline-name]')!, '银联商务');
    type(q('[data-testid=hotline-phone]')!, '95534');
    await finish();
    expect(calls('add_contact')).toEqual([]);
    expect(calls('link_contact')).toEqual([{ name: '银联商务', sn: 'PAX10000004' }]);
    expect(calls('open_repair')[0]).toMatchObject({ repair: { contact: '银联商务' } });
  });

  it('saves no contact when no number is typed', async () => {
    await openWizard('PAX10000004');
    await finish();
    expect(calls('add_contact')).toEqual([]);
    expect(calls('link_contact')).toEqual([]);
    expect(calls('open_repair')[0]).toMatchObject({ repair: { contact: null } });
  });

  it('for a terminal with hotlines, shows them and offers another on request', async () => {
    const dlg = await openWizard('PAX10000001');
    expect(qa('[data-testid=hotline]').map((e) => e.textContent)).toEqual(['95580', '400-830-0238']);
    expect(q('[data-testid=hotline-fields]')).toBeNull();
    expect(dlg.textContent).not.toContain('在下面填写');
    click(q('[data-testid=add-hotline]'));
    expect(q('[data-testid=hotline-fields]')).not.toBeNull();
    expect(q<HTMLInputElement>('[data-testid=hotline-name]')!.value).toBe('');
  });
});

describe('the documents to bring', () => {
  it('are the core’s list for a new ticket, without the abolished account permit', async () => {
    const dlg = await openWizard('PAX10000001');
    click(q('[data-testid=wizard-next]'));
    const docs = await until(() => dlg.querySelector('[data-testid=documents]'), 'the documents step');
    expect(docs.textContent).not.toContain('开户许可证');
    expect([...docs.querySelectorAll('label')].map((l) => l.textContent?.trim())).toEqual(['营业执照', '法人/经营者身份证', '购机凭证', '保修卡']);
  });

  it('a document can be ticked by attaching its photo, attached to the ticket once it is opened', async () => {
    const dlg = await openWizard('PAX10000001');
    click(q('[data-testid=wizard-next]'));
    await until(() => dlg.querySelector('[data-testid=documents]'), 'the documents step');
    click(q('[data-testid=attach-doc-warranty_card]'));
    const shown = await until(() => q('[data-testid=doc-file]'), 'the picked file');
    expect(shown.textContent).toBe('附件：保修卡.jpg');
    const boxes = [...dlg.querySelectorAll<HTMLInputElement>('[data-testid=documents] input[type=checkbox]')];
    expect(boxes.map((b) => b.checked)).toEqual([false, false, false, true]);
    expect(calls('attach_file')).toEqual([]);
    for (let i = 0; i < 2; i++) click(q('[data-testid=wizard-next]'));
    click(await until(() => q('[data-testid=wizard-create]'), 'the last step'));
    await until(() => calls('attach_file').length, 'the photo attached');
    expect(calls('update_repair')).toMatchObject([{ id: 304, patch: { documents_done: ['warranty_card'] } }]);
    expect(calls('attach_file')).toEqual([{ token: 'attach-1', owner: 'repair', key: '304', document: 'warranty_card', downsize: true }]);
  });

  it('a ticket opened before still shows the account permit it asked for', async () => {
    await startApp();
    click(q('[data-testid=nav-repairs]'));
    const card = await until(() => q('[data-testid=repair-card][data-id="301"]'), 'ticket 301');
    expect(card.querySelector('details')!.textContent).toContain('开户许可证');
  });
});

const CLOSED: Repair = {
  ...REPAIRS[1],
  id: 290, status: 'closed', closed_on: '2026-11-18', result: '更换电源板', cost: 15000, new_warranty_until: '2027-05-18',
};

describe('the Repairs screen', () => {
  it('has a 已完成 view listing closed tickets, newest first, a page at a time', async () => {
    await startApp({}, (m) => m.answer('finished_repairs', (a) => (a.status === 'closed' ? [CLOSED] : [])));
    click(q('[data-testid=nav-repairs]'));
    await until(() => q('[data-testid=repair-card]'), 'the open tickets');
    expect(qa('[data-testid=repair-card]').some((c) => c.dataset.id === '290')).toBe(false);
    const chip = q('[data-testid=repair-filter-closed]')!;
    expect(chip.textContent?.trim()).toBe('已完成');
    click(chip);
    const card = await until(() => q('[data-testid=closed-card][data-id="290"]'), 'the closed ticket');
    expect(calls('finished_repairs').at(-1)).toMatchObject({ status: 'closed', offset: 0, limit: 101 });
    expect(chip.textContent?.trim()).toBe('已完成 (1)');
    expect(card.textContent).toContain('2026年11月18日 完成');
    expect(card.textContent).toContain('费用 ¥150.00 · 保修延至 2027年5月18日');
    expect(card.textContent).toContain('更换电源板');
    await until(() => card.querySelector('[data-testid=repair-store]')?.textContent === '滨江店', 'its store');
    expect(card.querySelector('[data-testid=dereg-progress]')).toBeNull();
  });

  it('says so when no ticket is closed yet', async () => {
    await startApp();
    click(q('[data-testid=nav-repairs]'));
    click(await until(() => q('[data-testid=repair-filter-closed]'), 'the chip'));
    expect((await until(() => q('[data-testid=closed-empty]'), 'the empty view')).textContent).toContain('还没有已完成的工单');
  });

  it('names the store of each open ticket’s terminal', async () => {
    await startApp();
    click(q('[data-testid=nav-repairs]'));
    await until(() => qa('[data-testid=repair-store]').length === 2, 'the stores');
    const storeOf = (id: number) => q(`[data-testid=repair-card][data-id="${id}"] [data-testid=repair-store]`)?.textContent;
    expect([storeOf(301), storeOf(302)]).toEqual(['火车站店', '滨江店']);
  });

  it('names each ticket’s store from the ticket itself, reading no terminal', async () => {
    const stores = ['朝阳路店', '人民广场店', null, '解放路店', '滨江店'];
    const open = stores.map((store, i) => ({ ...REPAIRS[0], id: 400 + i, terminal_sn: `SN-${i}`, terminal_store: store }));
    await startApp({}, (m) => m.answer('open_repairs', (a) => ((a.offset as number) ? [] : open)));
    click(q('[data-testid=nav-repairs]'));
    await until(() => qa('[data-testid=repair-card]').length === 5, 'the cards');
    expect(qa('[data-testid=repair-store]').map((e) => e.textContent)).toEqual(['朝阳路店', '人民广场店', '解放路店', '滨江店']);
    expect(q('[data-testid=repair-card][data-id="402"] [data-testid=repair-store]')).toBeNull();
    expect(calls('list_terminals')).toEqual([]);
    expect(calls('terminal_detail')).toEqual([]);
  });
});
