// @vitest-environment happy-dom
// The import's "列对应" step (SPEC §5, issue 10): a provider's sheet whose SN column no rule knows
// opens on the mapping with a clear message; each header has a drop-down of the fields in the UI
// language, the unrecognised ones highlighted; a choice re-runs the preview with the mapping; the
// first rows are shown as they will be stored, each with its problem; the import sends the mapping.
// Which columns match and what is stored are the core's (tests/import_mapping.rs).
import { describe, expect, it } from 'vitest';
import { IMPORT_DONE, IMPORT_MAPPED, IMPORT_NO_SN } from '../ipc/fixtures';
import type { ColumnChoice } from '../ipc/types';
import { choose } from '../lib/import-fields';
import { setLang } from '../lib/i18n/index.svelte';
import { calls, click, q, qa, startApp, until, useAppHarness, type Setup } from './harness';

async function openImport(setup?: Setup) {
  await startApp({}, setup);
  click(q('[data-testid=nav-import]'));
  click(await until(() => q('[data-testid=import-pick]'), 'the import screen'));
}

const select = (header: string) => q<HTMLSelectElement>(`[data-testid=import-map-column][data-header="${header}"] select`)!;

function pick(header: string, value: string) {
  const s = select(header);
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The provider's sheet: without a mapping no SN column; with 机具编号 → SN, the rows. */
const provider: Setup = (m) =>
  m
    .answer('preview_import', (a) => ((a.mapping as ColumnChoice[]).some((c) => c.field === 'sn') ? IMPORT_MAPPED : IMPORT_NO_SN))
    .answer('import_file', IMPORT_DONE);

useAppHarness();

describe('import: the column mapping step', () => {
  it('a sheet without an SN column opens on the mapping, which re-previews and is sent with the import', async () => {
    await openImport(provider);
    const step = await until(() => q('[data-testid=import-mapping]'), 'the mapping step');
    expect(q('[data-testid=import-no-sn]')?.textContent).toBe('没有找到序列号列，请指定哪一列是序列号');
    // Nothing to import yet: no counts, no rows, no confirm.
    expect(q('[data-testid=import-preview-result]')).toBeNull();
    expect(q('[data-testid=import-rows]')).toBeNull();
    expect(q('[data-testid=import-confirm]')).toBeNull();
    // Every header with its drop-down; the ones no rule matched are highlighted.
    const cols = qa('[data-testid=import-map-column]');
    expect(cols.map((c) => c.dataset.header)).toEqual(['机具编号', '卡号', '流量卡到期', '门店', '联系人']);
    expect(cols.filter((c) => c.classList.contains('unmatched')).map((c) => c.dataset.header)).toEqual(['机具编号', '卡号', '联系人']);
    expect(select('流量卡到期').value).toBe('sim_expires_on');
    expect(select('机具编号').value).toBe('');
    const options = [...select('机具编号').options].map((o) => o.textContent);
    expect(options[0]).toBe('不导入');
    expect(options).toContain('序列号');
    expect(options).toContain('ICCID（流量卡号）');
    expect(step.textContent).toContain('自动识别');

    pick('机具编号', 'sn');
    await until(() => q('[data-testid=import-rows]'), 'the rows');
    expect(calls('preview_import')).toEqual([
      { token: 'import-1', mapping: [] },
      { token: 'import-1', mapping: [{ header: '机具编号', field: 'sn' }] },
    ]);
    expect(q('[data-testid=import-no-sn]')).toBeNull();
    // The first rows as they will be stored, under the fields' names.
    expect(qa('[data-testid=import-rows-field]').map((h) => h.textContent)).toEqual(['序列号', 'ICCID（流量卡号）', '流量卡到期', '门店']);
    const rows = qa('[data-testid=import-row]');
    expect(rows.map((r) => r.dataset.line)).toEqual(['2', '3', '7']);
    expect(rows[0].textContent).toContain('PAX-A920-0001');
    expect(rows[0].textContent).toContain('2027-03-05');
    expect(rows[0].querySelector('[data-testid=import-row-problem]')?.textContent?.trim()).toBe('可以导入');
    expect(rows[2].classList.contains('bad')).toBe(true);
    expect(rows[2].querySelector('[data-testid=import-row-problem]')?.textContent).toContain('流量卡到期：2月没有30日');
    expect(select('机具编号').value).toBe('sn');
    expect(q('[data-testid=import-map-column][data-header="机具编号"]')?.textContent).toContain('手动指定');

    pick('卡号', 'iccid');
    await until(() => calls('preview_import').length === 3, 'the third preview');
    // "Not imported" is a choice too.
    pick('联系人', '');
    await until(() => calls('preview_import').length === 4, 'the fourth preview');
    const mapping = [
      { header: '机具编号', field: 'sn' },
      { header: '卡号', field: 'iccid' },
      { header: '联系人', field: null },
    ];
    expect(calls('preview_import').at(-1)).toEqual({ token: 'import-1', mapping });

    click(q('[data-testid=import-skip-invalid]'));
    const confirm = await until(() => {
      const b = q<HTMLButtonElement>('[data-testid=import-confirm]');
      return b && !b.disabled && b;
    }, 'confirm enabled');
    click(confirm);
    await until(() => q('[data-testid=import-result]'), 'the result');
    expect(calls('import_file')).toEqual([{ token: 'import-1', dryRun: false, skipInvalid: true, mapping }]);
    // The skipped rows stay listed after the import.
    expect(q('[data-testid=import-result]')?.querySelectorAll('[data-testid=import-error-row]').length).toBe(2);
  });

  it('says when a remembered mapping was used', async () => {
    await openImport();
    await until(() => q('[data-testid=import-rows]'), 'the rows');
    expect(q('[data-testid=import-remembered]')?.textContent).toBe('已沿用上次为这些表头保存的列对应');
    expect(q('[data-testid=import-map-column][data-header="机具编号"]')?.textContent).toContain('沿用上次');
  });

  it('reads in Taiwanese and English words', async () => {
    await openImport(provider);
    await until(() => q('[data-testid=import-no-sn]'), 'the message');
    setLang('zh-TW');
    await until(() => q('[data-testid=import-no-sn]')?.textContent === '沒有找到序號欄位，請指定哪一欄是序號', 'zh-TW');
    expect([...select('机具编号').options].map((o) => o.textContent)).toContain('端末機代號');
    setLang('en');
    await until(() => q('[data-testid=import-no-sn]')?.textContent === 'No SN column was found: choose which column holds the SN', 'en');
    expect(select('机具编号').options[0].textContent).toBe('Not imported');
    setLang('zh-CN');
  });

  it('a field chosen for a second column leaves the first', () => {
    let c = choose({}, '机具编号', 'sn');
    c = choose(c, '卡号', 'iccid');
    c = choose(c, '编号2', 'sn');
    expect(c).toEqual({ 卡号: 'iccid', 编号2: 'sn' });
    expect(choose(c, '卡号', null)).toEqual({ 卡号: null, 编号2: 'sn' });
  });
});
