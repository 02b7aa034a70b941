// A quick walk through the main flows in Chromium against the dev server's mock backend (?mock).
// Not part of `make test` (the real-window e2e tests are); run it after UI changes:
//   node scripts/smoke.mjs        (needs Debian's chromium; CHROMIUM=/path overrides)
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import assert from 'node:assert/strict';

const server = await createServer({ configFile: resolve('vite.config.ts'), server: { port: 5198, strictPort: true }, logLevel: 'error' });
await server.listen();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
});
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
const page = await ctx.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const $ = (id) => page.locator(`[data-testid=${id}]`);
let passed = 0;
async function step(name, f) {
  await f();
  passed++;
  console.log('ok -', name);
}

await page.goto('http://127.0.0.1:5198/?mock=200');
await step('first screen is ready and the shell was told', async () => {
  await page.waitForSelector('[data-testid=app][data-ready=true]');
  const calls = await page.evaluate(() => window.__mock.calls.map((c) => c.cmd));
  assert.ok(calls.includes('ui_ready'));
  assert.equal(calls.filter((c) => c === 'ui_ready').length, 1);
});

await step('add a terminal whose SIM card expires in 3 days; the agenda lists it', async () => {
  await $('nav-terminals').click();
  await $('add-terminal').click();
  await $('field-sn').fill('PAX-A920-0001');
  await $('field-brand').fill('PAX');
  await $('field-store').fill('朝阳路店');
  await $('field-iccid').fill('89860012345678901238');
  await $('field-sim-expires-on').fill('2026/11/25');
  await $('save-terminal').click();
  await page.waitForSelector('[data-testid=terminal-detail][data-sn="PAX-A920-0001"]');
  await $('nav-agenda').click();
  const item = page.locator('[data-testid=agenda-item][data-key="sim_expiry:89860012345678901238"]');
  await item.waitFor();
  assert.equal(await item.getAttribute('data-sn'), 'PAX-A920-0001');
  assert.equal(await item.getAttribute('data-urgency'), 'soon');
  assert.match(await item.innerText(), /还有 3 天/);
});

await step('snooze it for a day: it leaves the agenda', async () => {
  const item = page.locator('[data-testid=agenda-item][data-key="sim_expiry:89860012345678901238"]');
  const before = await $('agenda-count').innerText();
  await item.locator('[data-testid=snooze-1d]').click();
  await item.waitFor({ state: 'detached' });
  assert.notEqual(await $('agenda-count').innerText(), before);
});

await step('a scanned ICCID + Enter opens its terminal', async () => {
  await page.keyboard.press('Control+k');
  await page.keyboard.type('89860012345678901238\n');
  await page.waitForSelector('[data-testid=terminal-detail][data-sn="PAX-A920-0001"]');
});

await step('unsaved edits ask before leaving', async () => {
  await $('edit-terminal').click();
  await $('field-model').fill('A920 Pro');
  await $('nav-agenda').click();
  await $('leave-dialog').waitFor();
  await page.getByRole('button', { name: '继续编辑' }).click();
  assert.equal(await $('field-model').inputValue(), 'A920 Pro');
  await $('nav-agenda').click();
  await $('leave-confirm').click();
  await $('agenda').waitFor();
});

await step('swap the SIM card, then cancel the old one is asked first', async () => {
  await $('edit-terminal').waitFor({ state: 'detached' }).catch(() => {});
  await page.keyboard.press('Control+k');
  await page.keyboard.type('PAX-A920-0001\n');
  await $('terminal-detail').waitFor();
  await $('swap-sim').click();
  await page.locator('[data-testid=sim-swap-dialog] input[name=iccid]').fill('89860312345678901234');
  await page.locator('[data-testid=sim-swap-dialog] [data-testid=save]').click();
  await page.locator('[data-testid=detail-sim]', { hasText: '89860312345678901234' }).waitFor();
  await $('cancel-sim').click();
  await $('sim-cancel-dialog').waitFor();
  await $('confirm-cancel-sim').click();
  await page.locator('[data-testid=detail-sim]', { hasText: '已注销' }).waitFor();
});

await step('the table filters, sorts, and moves with the keyboard', async () => {
  await $('nav-terminals').click();
  await $('terminal-row').first().waitFor();
  const all = await $('terminal-count').innerText();
  await $('terminal-search').fill('PAX-A920');
  await page.waitForFunction((a) => document.querySelector('[data-testid=terminal-count]')?.textContent?.trim() !== a, all);
  assert.match(await $('terminal-count').innerText(), /1/);
  await $('terminal-search').fill('');
  await $('chip-status-spare').click();
  await page.waitForTimeout(300);
  const spare = await page.locator('[data-testid=terminal-row] .badge').allInnerTexts();
  assert.ok(spare.length > 0 && spare.every((s) => s === '备用'));
  await $('chip-status-spare').click();
  await $('sort-sn').click();
  await page.waitForTimeout(300);
  assert.equal(await $('sort-sn').getAttribute('aria-sort'), 'descending');
  await $('terminal-table').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await $('terminal-detail').waitFor();
});

await step('bulk: select two rows and change their status', async () => {
  await $('nav-terminals').click();
  await $('terminal-row').first().waitFor();
  const boxes = page.locator('[data-testid=terminal-row] input[type=checkbox]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  assert.match(await $('selected-count').innerText(), /2/);
  await $('bulk-status').click();
  await page.locator('[data-testid=bulk-status-dialog] select').selectOption('spare');
  await page.locator('[data-testid=bulk-status-dialog] [data-testid=save]').click();
  await page.locator('[data-testid=toast]', { hasText: '已修改 2 台' }).waitFor();
});

await step('a new repair ticket through the guided steps', async () => {
  await $('nav-repairs').click();
  const before = await $('repair-card').count();
  await $('new-repair').click();
  await $('wizard-sn').fill('PAX-A920-0001');
  await $('wizard-sn').blur();
  await $('fault-printer').click();
  assert.match(await $('repair-tips').innerText(), /打印头/);
  await $('wizard-next').click();
  await $('wizard-next').click();
  await $('wizard-next').click();
  await $('wizard-ticket-no').fill('FW-1');
  await $('wizard-agent').fill('王小姐');
  await $('wizard-next').click();
  await $('wizard-create').click();
  await $('repair-wizard').waitFor({ state: 'detached' });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=repair-card]').length === n + 1, before);
});

await step('import says "not available yet" while the command is missing', async () => {
  await $('nav-import').click();
  await $('import-pick').click();
  await $('not-available').waitFor();
});

await step('the language select switches the whole window', async () => {
  await $('nav-settings').click();
  await $('setting-language').selectOption('en');
  await page.waitForSelector('text=Settings');
  assert.equal(await page.locator('[data-testid=nav-agenda] .label').innerText(), 'Agenda');
  await $('setting-language').selectOption('zh-TW');
  assert.equal(await page.locator('[data-testid=nav-agenda] .label').innerText(), '待辦提醒');
});

await step('first run: adding one terminal by hand leaves the first-run screen', async () => {
  await page.goto('http://127.0.0.1:5198/?mock&empty');
  await $('first-run').waitFor();
  await page.waitForSelector('[data-testid=app][data-ready=true]');
  await $('nav-terminals').click();
  await $('add-terminal').click();
  await $('field-sn').fill('E2E-1');
  await $('field-iccid').fill('89860012345678901238');
  await $('field-sim-expires-on').fill('2026-11-25');
  await $('save-terminal').click();
  await $('terminal-detail').waitFor();
  await $('nav-agenda').click();
  await page.locator('[data-testid=agenda-item][data-key="sim_expiry:89860012345678901238"]').waitFor();
  assert.equal(await $('first-run').count(), 0);
});

await step('first run: sample data fills the agenda', async () => {
  await page.goto('http://127.0.0.1:5198/?mock&empty');
  await $('load-demo').click();
  await $('agenda-item').first().waitFor();
});

await step('import: preview with row problems, skip them, confirm, see the result', async () => {
  await page.goto('http://127.0.0.1:5198/?mock&files');
  await $('nav-import').click();
  // The mock's file dialog answers 终端清单.xlsx.
  await $('import-pick').click();
  await $('import-preview-result').waitFor();
  assert.equal(await $('import-file').innerText(), '终端清单.xlsx');
  assert.match(await $('import-preview-result').innerText(), /共 120 行/);
  assert.equal(await $('import-error-row').count(), 2);
  assert.equal(await $('import-confirm').isDisabled(), true);
  await $('import-skip-invalid').check();
  await page.waitForFunction(() => !document.querySelector('[data-testid=import-confirm]')?.hasAttribute('disabled'));
  await $('import-confirm').click();
  await $('import-result').waitFor();
  assert.match(await $('import-result').innerText(), /新增 100 台/);
});

await step('the template is written through the save dialog and the CSV export', async () => {
  await $('template-download').first().click();
  await page.locator('[data-testid=toast]', { hasText: '模板已保存到' }).waitFor();
  const calls = await page.evaluate(() => window.__mock.calls.filter((c) => c.cmd === 'pick_export_file').map((c) => c.args));
  assert.equal(calls.at(-1).format, 'csv');
});

assert.deepEqual(errors, []);
console.log(`${passed} passed, 0 failed`);
await browser.close();
await server.close();
