// @vitest-environment happy-dom
// Nothing typed into a dialog is lost without asking: Esc, ✕, Cancel or the backdrop close an
// untouched dialog at once, and ask "放弃未保存的修改？" once something was changed.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { app } from '../lib/app.svelte';
import { calls, q, startApp, type, until, useAppHarness } from './harness';

function esc(el: HTMLElement) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  flushSync();
}
function backdropClick(dialog: HTMLElement) {
  const backdrop = dialog.closest<HTMLElement>('[data-testid=dialog-backdrop]')!;
  backdrop.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
  backdrop.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  flushSync();
}
function cancelButton(dialog: HTMLElement): HTMLElement {
  const b = [...dialog.querySelectorAll<HTMLElement>('footer button')].find((x) => x.textContent?.trim() === '取消');
  return b ?? dialog.querySelector<HTMLElement>('[data-testid=dialog-close]')!;
}

/** The fixture terminal with a SIM card, a deposit and a maintenance plan. */
const RICH_TERMINAL = 'PAX10000001';

async function fromDetail(button: string, dialog: string): Promise<HTMLElement> {
  app.route = { screen: 'terminal', sn: RICH_TERMINAL };
  const b = await until(() => q(`[data-testid=${button}]`), button);
  b.click();
  return until(() => q(`[data-testid=${dialog}]`), dialog);
}

async function fromRepairs(button: string, dialog: string): Promise<HTMLElement> {
  q('[data-testid=nav-repairs]')!.click();
  const b = await until(() => q(`[data-testid=repair-card] [data-testid=${button}], [data-testid=${button}]`), button);
  b.click();
  return until(() => q(`[data-testid=${dialog}]`), dialog);
}

// Every dialog where a user types: how to open it, and one field to change.
const DIALOGS: { name: string; open: () => Promise<HTMLElement>; field: string; value: string }[] = [
  {
    name: 'contact form',
    open: async () => {
      q('[data-testid=nav-contacts]')!.click();
      (await until(() => q('[data-testid=add-contact]'), 'add-contact')).click();
      return until(() => q('[data-testid=contact-dialog]'), 'contact-dialog');
    },
    field: 'input[name=name]',
    value: '银联商务 北京分公司',
  },
  { name: 'deposit', open: () => fromDetail('add-deposit', 'deposit-dialog'), field: 'input[name=amount]', value: '199' },
  { name: 'SIM swap', open: () => fromDetail('swap-sim', 'sim-swap-dialog'), field: 'input[name=iccid]', value: '8986001234567890123' },
  { name: 'SIM move', open: () => fromDetail('move-sim', 'sim-move-dialog'), field: 'input[name=terminal_sn]', value: 'PAX0001' },
  { name: 'renewal', open: () => fromDetail('renew-sim', 'renew-dialog'), field: 'input[name=fee]', value: '88' },
  { name: 'plan done (date + note)', open: () => fromDetail('plan-done', 'date-dialog'), field: 'input[name=note]', value: '换了打印纸' },
  { name: 'repair wizard', open: () => fromRepairs('new-repair', 'repair-wizard'), field: 'input[name=description]', value: '开机黑屏' },
  { name: 'repair update', open: () => fromRepairs('repair-update', 'repair-update-dialog'), field: 'input[name=agent]', value: '赵工' },
  { name: 'closing a repair', open: () => fromRepairs('repair-close', 'close-repair-dialog'), field: 'input[name=result]', value: '换了主板' },
  { name: 'replacing a terminal', open: () => fromRepairs('repair-replace', 'close-repair-dialog'), field: 'input[name=replaced_by]', value: 'PAX0001' },
];

useAppHarness();

describe('a dialog with unsaved changes asks before closing', () => {
  for (const d of DIALOGS) {
    it(`${d.name}: untouched, Esc closes at once`, async () => {
      await startApp();
      const dialog = await d.open();
      const testid = dialog.dataset.testid!;
      esc(dialog.querySelector(d.field)!);
      expect(q('[data-testid=discard-dialog]')).toBeNull();
      expect(q(`[data-testid=${testid}]`)).toBeNull();
    });

    it(`${d.name}: changed, Esc asks; 继续编辑 keeps the value; Cancel asks again and 放弃 closes`, async () => {
      await startApp();
      const dialog = await d.open();
      const testid = dialog.dataset.testid!;
      const field = dialog.querySelector<HTMLInputElement>(d.field)!;
      type(field, d.value);
      esc(field);
      const ask = await until(() => q('[data-testid=discard-dialog]'), 'the question');
      expect(ask.textContent).toContain('放弃未保存的修改？');
      expect(q(`[data-testid=${testid}]`)).not.toBeNull();

      q('[data-testid=discard-keep]')!.click();
      flushSync();
      expect(q('[data-testid=discard-dialog]')).toBeNull();
      expect(q<HTMLInputElement>(`[data-testid=${testid}] ${d.field}`)?.value).toBe(d.value);

      cancelButton(q(`[data-testid=${testid}]`)!).click();
      flushSync();
      await until(() => q('[data-testid=discard-dialog]'), 'the question again');
      q('[data-testid=discard-confirm]')!.click();
      flushSync();
      expect(q(`[data-testid=${testid}]`)).toBeNull();
      expect(q('[data-testid=discard-dialog]')).toBeNull();
    });
  }

  it('the ✕, Cancel and the backdrop close an untouched dialog at once, and ask once it is changed', async () => {
    await startApp();
    for (const how of ['✕', 'cancel', 'backdrop'] as const) {
      const close = (dialog: HTMLElement) => {
        if (how === '✕') dialog.querySelector<HTMLElement>('[data-testid=dialog-close]')!.click();
        else if (how === 'cancel') cancelButton(dialog).click();
        else backdropClick(dialog);
        flushSync();
      };
      let dialog = await DIALOGS[0].open();
      close(dialog);
      expect(q('[data-testid=contact-dialog]'), how).toBeNull();
      expect(q('[data-testid=discard-dialog]'), how).toBeNull();

      dialog = await DIALOGS[0].open();
      type(dialog.querySelector('input[name=phone]')!, '95534');
      close(dialog);
      expect(q('[data-testid=discard-dialog]'), how).not.toBeNull();
      q('[data-testid=discard-confirm]')!.click();
      flushSync();
      expect(q('[data-testid=contact-dialog]'), how).toBeNull();
    }
  });

  it('Esc while asking means "keep editing"; a click inside the dialog is not a backdrop click', async () => {
    await startApp();
    const dialog = await DIALOGS[0].open();
    const field = dialog.querySelector<HTMLInputElement>('input[name=name]')!;
    type(field, '拉卡拉客服');
    field.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    dialog.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    flushSync();
    expect(q('[data-testid=discard-dialog]')).toBeNull();
    esc(field);
    const ask = await until(() => q('[data-testid=discard-dialog]'), 'the question');
    esc(ask.querySelector('[data-testid=discard-keep]')!);
    expect(q('[data-testid=discard-dialog]')).toBeNull();
    expect(q<HTMLInputElement>('[data-testid=contact-dialog] input[name=name]')?.value).toBe('拉卡拉客服');
  });

  it('discarded text does not come back; saving closes without asking', async () => {
    await startApp();
    let dialog = await DIALOGS[0].open();
    type(dialog.querySelector('input[name=name]')!, '旧的草稿');
    esc(dialog);
    (await until(() => q('[data-testid=discard-confirm]'), 'the question')).click();
    flushSync();
    dialog = await DIALOGS[0].open();
    expect(dialog.querySelector<HTMLInputElement>('input[name=name]')!.value).toBe('');

    type(dialog.querySelector('input[name=name]')!, '海科融通');
    dialog.querySelector<HTMLElement>('[data-testid=save]')!.click();
    await until(() => !q('[data-testid=contact-dialog]'), 'the dialog to close after saving');
    expect(q('[data-testid=discard-dialog]')).toBeNull();
    expect(calls('add_contact')).toEqual([
      { contact: { name: '海科融通', kind: 'bank', phone: null, hours: null, website: null, address: null, notes: null } },
    ]);
  });
});
