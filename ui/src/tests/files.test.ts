// @vitest-environment happy-dom
// The import screen against the contract's `import_file`: a dry run first, then the real one; and
// a calm "not available yet" while the shell does not have the command.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { MockBackend } from '../ipc/mock-backend';
import App from '../App.svelte';
import { app } from '../lib/app.svelte';

let backend: MockBackend;
let root: HTMLElement;
let instance: ReturnType<typeof mount> | null = null;

async function until<T>(f: () => T | null | undefined | false, what: string, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    flushSync();
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const q = (sel: string) => root.querySelector<HTMLElement>(sel);

async function openImport(missing: string[]) {
  backend = new MockBackend({ terminals: 10, osLang: 'zh-CN', missing });
  mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
  root = document.createElement('div');
  document.body.appendChild(root);
  instance = mount(App, { target: root });
  await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
  q('[data-testid=nav-import]')!.click();
  const input = await until(() => q('[data-testid=import-path]') as HTMLInputElement | null, 'the import screen');
  input.value = '/data/终端清单.xlsx';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
  q('[data-testid=import-preview]')!.click();
}

beforeEach(() => {
  app.info = null;
  app.ready = false;
  app.route = { screen: 'agenda' };
});

afterEach(async () => {
  // Let the delayed ui_ready call land before the mock goes.
  await new Promise((r) => setTimeout(r, 80));
  if (instance) unmount(instance);
  instance = null;
  root?.remove();
  clearMocks();
});

describe('import', () => {
  it('previews with a dry run, shows the row problems, and writes only when confirmed', async () => {
    await openImport([]);
    const preview = await until(() => q('[data-testid=import-preview-result]'), 'the preview');
    expect(preview.textContent).toContain('共 120 行');
    expect(root.querySelectorAll('[data-testid=import-error-row]').length).toBe(2);
    const first = backend.calls.find((c) => c.cmd === 'import_file');
    expect(first?.args).toEqual({ path: '/data/终端清单.xlsx', dryRun: true, skipInvalid: false });
    // Problems and no "skip": nothing can be written yet.
    expect((q('[data-testid=import-confirm]') as HTMLButtonElement).disabled).toBe(true);
    (q('[data-testid=import-skip-invalid]') as HTMLInputElement).click();
    const confirm = await until(() => {
      const b = q('[data-testid=import-confirm]') as HTMLButtonElement | null;
      return b && !b.disabled && b;
    }, 'confirm enabled');
    confirm.click();
    const result = await until(() => q('[data-testid=import-result]'), 'the result');
    expect(result.textContent).toContain('新增 100 台');
    expect(backend.calls.filter((c) => c.cmd === 'import_file').at(-1)?.args).toEqual({
      path: '/data/终端清单.xlsx',
      dryRun: false,
      skipInvalid: true,
    });
  });

  it('says "not available yet" when the shell lacks the command', async () => {
    await openImport(['import_file']);
    const note = await until(() => q('[data-testid=not-available]'), 'the notice');
    expect(note.textContent).toContain('还未开放');
    expect(q('[data-testid=import-preview-result]')).toBeNull();
  });
});
