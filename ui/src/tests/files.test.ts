// @vitest-environment happy-dom
// The import screen against the contract's `import_file`: a dry run first, then the real one; and
// a calm "not available yet" while the shell does not have the command.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { backend, q, root, startApp, until, useAppHarness } from './harness';

async function openImport(missing: string[]) {
  await startApp({ terminals: 10, missing });
  q('[data-testid=nav-import]')!.click();
  const input = await until(() => q('[data-testid=import-path]') as HTMLInputElement | null, 'the import screen');
  input.value = '/data/终端清单.xlsx';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
  q('[data-testid=import-preview]')!.click();
}

useAppHarness();

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
