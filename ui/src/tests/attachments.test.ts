// @vitest-environment happy-dom
// Attachments on the terminal page (issue 12): the files of the terminal, its SIM card, deposits
// and tickets, with a thumbnail or the file's kind; adding one from the dialog or by dropping files
// sends the token to the owner chosen; a refusal names the file and says why in Chinese; removal
// asks first; the repair wizard attaches a document's photo and ticks it. What is kept and checked
// is the core's (tests/attachments.rs) and the shell's (src-tauri/tests/ipc_commands/attachments.rs).
import { describe, expect, it } from 'vitest';
import { emit } from '@tauri-apps/api/event';
import { app } from '../lib/app.svelte';
import { calls, click, q, qa, startApp, toastSaying, until, useAppHarness, type Setup } from './harness';

useAppHarness();

async function openDetail(setup?: Setup) {
  await startApp({}, setup);
  app.route = { screen: 'terminal', sn: 'PAX10000001' };
  return until(() => q('[data-testid=attachments]'), 'the attachments');
}

const text = (el: Element | null) => el!.textContent!.replace(/\s+/g, ' ').trim();

describe('attachments', () => {
  it('lists the files of the terminal and of its deposit, a photo with its thumbnail', async () => {
    await openDetail();
    const rows = await until(() => qa('[data-testid=attachment]').length === 2 && qa('[data-testid=attachment]'), 'two files');
    expect(text(rows[0])).toContain('保修卡.jpg');
    expect(text(rows[0])).toContain('这台终端 · 1.8 MB');
    await until(() => rows[0].querySelector('img')?.getAttribute('src')?.startsWith('data:image/jpeg'), 'the thumbnail');
    expect(text(rows[1])).toContain('押金收据.pdf');
    expect(text(rows[1])).toContain('押金 ¥199.00 · 86 KB');
    expect(rows[1].querySelector('img')).toBeNull();
    expect(text(rows[1])).toContain('PDF');
    const asked = calls('attachments').map((a) => `${a.owner}:${a.key}`);
    expect(asked).toEqual(expect.arrayContaining(['terminal:PAX10000001', 'deposit:501']));
  });

  it('adds a picked file to the owner chosen, downsizing large photos unless unticked', async () => {
    await openDetail();
    const to = await until(() => q<HTMLSelectElement>('[data-testid=attach-to]'), 'the owner choice');
    to.value = String([...to.options].findIndex((o) => o.text.startsWith('押金')));
    to.dispatchEvent(new Event('change', { bubbles: true }));
    click(q('[data-testid=attach-add]'));
    await toastSaying('已添加“保修卡.jpg”');
    expect(calls('attach_file')).toEqual([{ token: 'attach-1', owner: 'deposit', key: '501', document: null, downsize: true }]);
    click(q('[data-testid=attach-downsize]'));
    click(q('[data-testid=attach-add]'));
    await until(() => calls('attach_file').length === 2, 'the second attach');
    expect(calls('attach_file')[1].downsize).toBe(false);
  });

  it('says a refused file by its name, in Chinese', async () => {
    await openDetail((m) =>
      m.fail('attach_file', { code: 'attachment_lying_name', message: "'保修卡.jpg' is named .jpg but holds a program" }),
    );
    click(q('[data-testid=attach-add]'));
    await toastSaying('“保修卡.jpg”没有添加：文件的扩展名和内容对不上（可能是改过名的其他文件），为了安全没有添加');
  });

  it('attaches files dropped on the window to the owner chosen', async () => {
    await openDetail();
    await until(() => qa('[data-testid=attachment]').length === 2, 'the files');
    await emit('files-dropped', { files: [{ token: 'drop-1', name: '发票.pdf' }, { token: 'drop-2', name: '营业执照.png' }], x: 10, y: 10 });
    await until(() => calls('attach_file').length === 2, 'both files attached');
    expect(calls('attach_file').map((a) => [a.token, a.owner, a.key])).toEqual([
      ['drop-1', 'terminal', 'PAX10000001'],
      ['drop-2', 'terminal', 'PAX10000001'],
    ]);
  });

  it('asks before removing, then the file is gone from the list', async () => {
    await openDetail();
    await until(() => qa('[data-testid=attachment]').length === 2, 'two files');
    click(qa('[data-testid=attachment-remove]')[0]);
    const dialog = await until(() => q('[data-testid=attach-remove-dialog]'), 'the question');
    expect(text(dialog)).toContain('删除“保修卡.jpg”？删除后只能从备份里找回。');
    expect(calls('remove_attachment')).toEqual([]);
    click(q('[data-testid=attach-remove-confirm]'));
    await toastSaying('已删除附件');
    expect(calls('remove_attachment')).toEqual([{ id: 1 }]);
    await until(() => qa('[data-testid=attachment]').length === 1, 'one file left');
  });

  it('opens a file in the system viewer', async () => {
    await openDetail();
    await until(() => qa('[data-testid=attachment-open]').length === 2, 'the files');
    click(qa('[data-testid=attachment-open]')[1]);
    await until(() => calls('open_attachment').length === 1, 'the open call');
    expect(calls('open_attachment')).toEqual([{ id: 2 }]);
  });
});
