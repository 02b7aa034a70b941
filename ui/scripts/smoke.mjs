// A quick walk through the main flows in Chromium against the dev server's browser preview (?mock):
// the fixtures of src/ipc/fixtures.ts behind the recorder of src/ipc/mock-backend.ts. The preview
// has no rules (which reminders are due, what a search finds, how a list sorts are the core's,
// tested in Rust), so each step asserts (a) what the UI sent — window.__mock.calls, every {cmd, args}
// in order — and (b) what the UI shows for the answer. Where a step needs the answer the shell would
// send after a write (the agenda with the new card's reminder, the detail with the swapped card, a
// search's one hit), the script gives it, written out, as the UI tests do (`give`, `answerOnce`).
// Not part of `make test` (the real-window e2e tests are); run it after UI changes:
//   npm run smoke        (needs Debian's chromium at /usr/bin/chromium; CHROMIUM=/path overrides)
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import assert from 'node:assert/strict';

const PORT = 5198;
const base = `http://127.0.0.1:${PORT}/`;
const server = await createServer({ configFile: resolve('vite.config.ts'), server: { port: PORT, strictPort: true }, logLevel: 'error' });
await server.listen();
// The same fixtures the preview answers with, to write the expected answers from.
const fx = await server.ssrLoadModule('/src/ipc/fixtures.ts');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
const page = await ctx.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const $ = (id) => page.locator(`[data-testid=${id}]`);
let passed = 0;
let failed = 0;
async function step(name, f) {
  try {
    await f();
    passed++;
    console.log('ok -', name);
  } catch (e) {
    failed++;
    console.log('not ok -', name);
    console.log(String(e?.stack ?? e).replace(/^/gm, '    '));
  }
}

// --- The recorder -------------------------------------------------------------------------------

/** How many calls the preview has recorded so far (a mark for `callsSince`). */
const mark = () => page.evaluate(() => window.__mock.calls.length);
/** The calls recorded since `m`, without the event plumbing; with `cmd`, only those (their args). */
async function callsSince(m, cmd) {
  const all = await page.evaluate((m) => window.__mock.calls.slice(m).filter((c) => !c.cmd.startsWith('plugin:')), m);
  return cmd ? all.filter((c) => c.cmd === cmd).map((c) => c.args) : all;
}
/** Waits until `cmd` has been called `n` times since `m`. */
async function waitForCalls(m, cmd, n = 1) {
  await page.waitForFunction(([m, cmd, n]) => window.__mock.calls.slice(m).filter((c) => c.cmd === cmd).length >= n, [m, cmd, n]);
  return callsSince(m, cmd);
}
/** The next call of `cmd` answers `value` (then the preview's fixture answer again). */
const answerOnce = (cmd, value) => page.evaluate(([cmd, value]) => void window.__mock.backend.answerOnce(cmd, value), [cmd, value]);

/**
 * Gives the answers the shell would send from now on: `reminders` (the whole list, paged by the
 * fixtures' `reminderPage`) and/or `details` (terminal_detail by SN; any other SN gets the fixture's).
 */
async function give({ reminders, details }) {
  await page.evaluate(
    async ({ reminders, details }) => {
      const fx = await import('/src/ipc/fixtures.ts');
      const g = (window.__given ??= { reminders: [], details: {} });
      const b = window.__mock.backend;
      if (reminders) {
        g.reminders = reminders;
        b.answer('reminders', (a) => fx.reminderPage(g.reminders, a));
      }
      if (details) {
        Object.assign(g.details, details);
        b.answer('terminal_detail', (a) => {
          const d = g.details[a.sn] ?? fx.detailOf(a.sn);
          if (!d) throw { code: 'terminal_not_found', message: `no terminal with SN '${a.sn}'` };
          return d;
        });
      }
    },
    { reminders, details },
  );
}

// --- What the core would answer for the data the script adds (written out, not worked out) -------

const SN = 'PAX-A920-0001';
const ICCID_NEW = '89860012345678901238';
const ICCID_SWAP = '89860312345678901234';
const terminalOf = (sn, t = {}) => ({ ...fx.TERMINALS[0], brand: null, model: null, kind: null, provider: null, merchant_no: null, terminal_no: null, store: null, acquired_on: null, activated_on: null, warranty_until: null, warranty_provider: null, ...t, id: 900, sn, status: 'in_use' });
const simOf = (iccid, sn, s = {}) => ({ ...fx.SIMS[0], id: 950, iccid, msisdn: null, plan: null, quota_mb: null, annual_fee: null, paid_by: null, activated_on: null, expires_on: null, terminal_sn: sn, ...s });
const detail = (terminal, sim) => ({
  terminal,
  sim: sim ? { sim, renewals: [], installs: [{ terminal_sn: terminal.sn, installed_on: fx.TODAY, removed_on: null }] } : null,
  deposits: [], plans: [], repairs: [], contacts: [],
});
const added = terminalOf(SN, { brand: 'PAX', store: '朝阳路店' });
const newSimReminder = {
  key: `sim_expiry:${ICCID_NEW}`, kind: 'sim_expiry', due_on: '2026-11-25', days_left: 3, urgency: 'soon', lead_days: 30,
  terminal_sn: SN, iccid: ICCID_NEW, acknowledged: false, snoozed_until: null,
  terminal: { sn: SN, brand: 'PAX', model: null, store: '朝阳路店', status: 'in_use' },
  title: `流量卡到期：PAX · 朝阳路店 · SN ${SN} · 卡号 …901238`,
};

// --- The walk ------------------------------------------------------------------------------------

await page.goto(`${base}?mock=200`);
await step('first screen is ready and the shell was told', async () => {
  await page.waitForSelector('[data-testid=app][data-ready=true]');
  const calls = await page.evaluate(() => window.__mock.calls.map((c) => c.cmd));
  assert.ok(calls.includes('app_info'));
  assert.equal(calls.filter((c) => c === 'ui_ready').length, 1);
  assert.equal(await $('agenda-item').count(), fx.REMINDERS.length);
});

await step('add a terminal whose SIM card expires in 3 days: it sends both; the agenda shows the reminder the core answers', async () => {
  await $('nav-terminals').click();
  await $('add-terminal').click();
  await $('field-sn').fill(SN);
  await $('field-brand').fill('PAX');
  await $('field-store').fill('朝阳路店');
  await $('field-iccid').fill(ICCID_NEW);
  await $('field-sim-expires-on').fill('2026/11/25');
  // What the shell answers for the new terminal once it is written.
  await give({ details: { [SN]: detail(added, simOf(ICCID_NEW, SN, { expires_on: '2026-11-25' })) } });
  const m = await mark();
  await $('save-terminal').click();
  await page.waitForSelector(`[data-testid=terminal-detail][data-sn="${SN}"]`);
  assert.deepEqual(await callsSince(m, 'add_terminal'), [{ sn: SN, patch: { brand: 'PAX', store: '朝阳路店', status: 'in_use' } }]);
  assert.deepEqual(await callsSince(m, 'add_sim'), [{ iccid: ICCID_NEW, patch: { form: 'physical', expires_on: '2026-11-25' }, terminalSn: SN }]);
  const cmds = (await callsSince(m)).map((c) => c.cmd);
  assert.ok(cmds.indexOf('add_terminal') < cmds.indexOf('add_sim'), 'the terminal is written before its card');
  await page.locator('[data-testid=toast]', { hasText: `终端 ${SN} 已添加` }).waitFor();
  assert.match(await $('detail-sim').innerText(), new RegExp(ICCID_NEW));

  // The core's agenda now has the card's reminder, 3 days left: "soon".
  await give({ reminders: [...fx.REMINDERS, newSimReminder] });
  const a = await mark();
  await $('nav-agenda').click();
  const item = page.locator(`[data-testid=agenda-item][data-key="sim_expiry:${ICCID_NEW}"]`);
  await item.waitFor();
  assert.ok((await callsSince(a, 'reminders')).length > 0, 'the agenda asked the core again');
  assert.equal(await item.getAttribute('data-sn'), SN);
  assert.equal(await item.getAttribute('data-urgency'), 'soon');
  assert.match(await item.innerText(), /还有 3 天/);
  assert.match(await item.innerText(), /卡号尾号 901238/);
  assert.match(await $('agenda-count').innerText(), new RegExp(`共 ${fx.REMINDERS.length + 1} 项`));
});

await step('snooze it for a day: snooze(key, tomorrow) is sent and the answered agenda no longer has it', async () => {
  const item = page.locator(`[data-testid=agenda-item][data-key="sim_expiry:${ICCID_NEW}"]`);
  const before = await $('agenda-count').innerText();
  // The agenda the core answers once the line is snoozed.
  await give({ reminders: [...fx.REMINDERS] });
  const m = await mark();
  await item.locator('[data-testid=snooze-1d]').click();
  await item.waitFor({ state: 'detached' });
  assert.deepEqual(await callsSince(m, 'snooze'), [{ key: `sim_expiry:${ICCID_NEW}`, until: '2026-11-23' }]);
  await page.locator('[data-testid=toast]', { hasText: '已推迟到 2026年11月23日' }).waitFor();
  assert.notEqual(await $('agenda-count').innerText(), before);
  assert.match(await $('agenda-count').innerText(), new RegExp(`共 ${fx.REMINDERS.length} 项`));
});

await step('a scanned ICCID + Enter asks the core and opens the one terminal it answers', async () => {
  await answerOnce('list_terminals', { total: 1, rows: [{ ...fx.row(added), iccid: ICCID_NEW, sim_expires_on: '2026-11-25' }] });
  const m = await mark();
  await page.keyboard.press('Control+k');
  await page.keyboard.type(`${ICCID_NEW}\n`);
  await page.waitForSelector(`[data-testid=terminal-detail][data-sn="${SN}"]`);
  assert.deepEqual(await callsSince(m, 'list_terminals'), [{ query: { search: ICCID_NEW, sort: 'sn', descending: false, offset: 0, limit: 2 } }]);
  assert.deepEqual((await callsSince(m, 'terminal_detail')).at(-1), { sn: SN });
});

await step('unsaved edits ask before leaving, and nothing is written', async () => {
  const m = await mark();
  await $('edit-terminal').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=field-sn]')?.value === 'PAX-A920-0001');
  await $('field-model').fill('A920 Pro');
  await $('nav-agenda').click();
  await $('leave-dialog').waitFor();
  await page.getByRole('button', { name: '继续编辑' }).click();
  assert.equal(await $('field-model').inputValue(), 'A920 Pro');
  await $('nav-agenda').click();
  await $('leave-confirm').click();
  await $('agenda').waitFor();
  const writes = (await callsSince(m)).filter((c) => /^(set_|add_)/.test(c.cmd));
  assert.deepEqual(writes, []);
});

await step('swap the SIM card (the old one is cancelled), then cancelling the new one is asked first', async () => {
  await page.keyboard.press('Control+k');
  await page.keyboard.type(`${SN}\n`);
  await page.waitForSelector(`[data-testid=terminal-detail][data-sn="${SN}"]`);
  await page.locator('[data-testid=detail-sim]', { hasText: ICCID_NEW }).waitFor();
  await $('swap-sim').click();
  const m = await mark();
  await page.locator('[data-testid=sim-swap-dialog] input[name=iccid]').fill(ICCID_SWAP);
  // The core's ICCID check suggests the carrier (the fixture's answer: China Mobile).
  await page.waitForFunction(() => document.querySelector('[data-testid=sim-swap-dialog] select[name=carrier]')?.value === 'china_mobile');
  assert.deepEqual(await callsSince(m, 'check_iccid'), [{ iccid: ICCID_SWAP }]);
  // The detail the shell answers after the swap.
  await give({ details: { [SN]: detail(added, simOf(ICCID_SWAP, SN, { carrier: 'china_mobile' })) } });
  await page.locator('[data-testid=sim-swap-dialog] [data-testid=save]').click();
  await page.locator('[data-testid=detail-sim]', { hasText: ICCID_SWAP }).waitFor();
  assert.deepEqual(await callsSince(m, 'add_sim'), [{ iccid: ICCID_SWAP, patch: { carrier: 'china_mobile', expires_on: null, annual_fee: null }, terminalSn: SN }]);
  assert.deepEqual(await callsSince(m, 'cancel_sim'), [{ iccid: ICCID_NEW }]);
  await page.locator('[data-testid=toast]', { hasText: '已换上新卡' }).waitFor();

  const c = await mark();
  await $('cancel-sim').click();
  await $('sim-cancel-dialog').waitFor();
  assert.match(await $('sim-cancel-dialog').innerText(), new RegExp(ICCID_SWAP));
  assert.deepEqual(await callsSince(c, 'cancel_sim'), [], 'nothing is cancelled before the answer');
  await give({ details: { [SN]: detail(added, simOf(ICCID_SWAP, SN, { carrier: 'china_mobile', status: 'cancelled' })) } });
  await $('confirm-cancel-sim').click();
  await page.locator('[data-testid=detail-sim]', { hasText: '已注销' }).waitFor();
  assert.deepEqual(await callsSince(c, 'cancel_sim'), [{ iccid: ICCID_SWAP }]);
  assert.equal(await $('cancel-sim').count(), 0);
});

await step('the table sends its search, filter and sort, shows what it is answered, and moves with the keyboard', async () => {
  await $('nav-terminals').click();
  await $('terminal-row').first().waitFor();
  const all = await $('terminal-count').innerText();
  assert.match(all, /共 201 台/);
  const q = { search: null, status: null, kind: null, provider: null, store: null, sort: 'sn', descending: false };

  // Search: the core's answer is the one terminal.
  await answerOnce('list_terminals', { total: 1, rows: [fx.row(added)] });
  let m = await mark();
  await $('terminal-search').fill('PAX-A920');
  await page.waitForFunction((a) => document.querySelector('[data-testid=terminal-count]')?.textContent?.trim() !== a, all);
  assert.equal(await $('terminal-count').innerText(), '找到 1 台');
  assert.deepEqual(await page.locator('[data-testid=terminal-row]').evaluateAll((rs) => rs.map((r) => r.dataset.sn)), [SN]);
  let sent = await callsSince(m, 'list_terminals');
  const { offset, limit, ...asked } = sent[0].query;
  assert.deepEqual(asked, { ...q, search: 'PAX-A920' });
  assert.equal(offset, 0);
  assert.ok(limit > 0);

  // Back to everything, then the "spare" chip: the core answers the spare terminal.
  m = await mark();
  await $('terminal-search').fill('');
  await page.waitForFunction((a) => document.querySelector('[data-testid=terminal-count]')?.textContent?.trim() === a, all);
  assert.equal((await callsSince(m, 'list_terminals'))[0].query.search, null);
  await answerOnce('list_terminals', { total: 1, rows: [fx.row(fx.TERMINALS.find((t) => t.status === 'spare'))] });
  m = await mark();
  await $('chip-status-spare').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=terminal-count]')?.textContent?.trim() === '找到 1 台');
  sent = await callsSince(m, 'list_terminals');
  assert.equal(sent[0].query.status, 'spare');
  const spare = await page.locator('[data-testid=terminal-row] .badge').allInnerTexts();
  assert.ok(spare.length > 0 && spare.every((s) => s === '备用'), spare.join());
  m = await mark();
  await $('chip-status-spare').click();
  await page.waitForFunction((a) => document.querySelector('[data-testid=terminal-count]')?.textContent?.trim() === a, all);
  assert.equal((await callsSince(m, 'list_terminals'))[0].query.status, null);

  // Sort by SN, descending: asked of the core (the fixture answers its own order).
  m = await mark();
  await $('sort-sn').click();
  sent = await waitForCalls(m, 'list_terminals');
  assert.equal(await $('sort-sn').getAttribute('aria-sort'), 'descending');
  assert.deepEqual({ sort: sent[0].query.sort, descending: sent[0].query.descending }, { sort: 'sn', descending: true });

  // The keyboard: down one row, Enter opens that terminal.
  await $('terminal-row').first().waitFor();
  const sns = await page.locator('[data-testid=terminal-row]').evaluateAll((rs) => rs.map((r) => r.dataset.sn));
  await $('terminal-table').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await $('terminal-detail').waitFor();
  const opened = await $('terminal-detail').getAttribute('data-sn');
  assert.ok(sns.slice(0, 2).includes(opened), `${opened} is one of the first rows ${sns.slice(0, 2)}`);
});

await step('bulk: select two rows and change their status: one set_terminal each', async () => {
  await $('nav-terminals').click();
  await $('terminal-row').first().waitFor();
  const rows = page.locator('[data-testid=terminal-row]');
  const picked = [await rows.nth(0).getAttribute('data-sn'), await rows.nth(1).getAttribute('data-sn')];
  const boxes = page.locator('[data-testid=terminal-row] input[type=checkbox]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  assert.match(await $('selected-count').innerText(), /2/);
  const m = await mark();
  await $('bulk-status').click();
  await page.locator('[data-testid=bulk-status-dialog] select').selectOption('spare');
  await page.locator('[data-testid=bulk-status-dialog] [data-testid=save]').click();
  await page.locator('[data-testid=toast]', { hasText: '已修改 2 台' }).waitFor();
  const sent = await callsSince(m, 'set_terminal');
  assert.deepEqual(sent.map((a) => a.sn).sort(), [...picked].sort());
  assert.ok(sent.every((a) => JSON.stringify(a.patch) === JSON.stringify({ status: 'spare' })), JSON.stringify(sent));
});

await step('a new repair ticket through the guided steps: open_repair with what was chosen', async () => {
  await $('nav-repairs').click();
  await $('repair-card').first().waitFor();
  const before = await $('repair-card').count();
  await $('new-repair').click();
  const m = await mark();
  await $('wizard-sn').fill(SN);
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
  assert.deepEqual((await callsSince(m, 'terminal_detail'))[0], { sn: SN });
  const sent = await callsSince(m, 'open_repair');
  assert.equal(sent.length, 1);
  assert.equal(sent[0].sn, SN);
  assert.equal(sent[0].repair.fault, 'printer');
  assert.equal(sent[0].repair.opened_on, fx.TODAY);
  assert.equal(sent[0].repair.ticket_no, 'FW-1');
  assert.equal(sent[0].repair.agent, '王小姐');
  await page.locator('[data-testid=toast]', { hasText: /工单 #\d+ 已建立/ }).waitFor();
  // The preview lists the added ticket (a plain update of its fixture list).
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=repair-card]').length === n + 1, before);
});

await step('import says "not available yet" while the command is missing', async () => {
  await $('nav-import').click();
  const m = await mark();
  await $('import-pick').click();
  await $('not-available').waitFor();
  assert.deepEqual((await callsSince(m)).map((c) => c.cmd), ['pick_import_file']);
});

await step('the language select switches the whole window and is saved', async () => {
  await $('nav-settings').click();
  const m = await mark();
  await $('setting-language').selectOption('en');
  await page.waitForSelector('text=Settings');
  assert.equal(await page.locator('[data-testid=nav-agenda] .label').innerText(), 'Agenda');
  await $('setting-language').selectOption('zh-TW');
  assert.equal(await page.locator('[data-testid=nav-agenda] .label').innerText(), '待辦提醒');
  const sent = await waitForCalls(m, 'set_setting', 2);
  assert.deepEqual(sent, [{ key: 'language', value: 'en' }, { key: 'language', value: 'zh-TW' }]);
});

await step('first run: adding one terminal by hand leaves the first-run screen', async () => {
  await page.goto(`${base}?mock&empty`);
  await $('first-run').waitFor();
  await page.waitForSelector('[data-testid=app][data-ready=true]');
  assert.equal(await $('agenda-item').count(), 0);
  const m = await mark();
  await $('nav-terminals').click();
  await $('add-terminal').click();
  await $('field-sn').fill('E2E-1');
  await $('field-iccid').fill(ICCID_NEW);
  await $('field-sim-expires-on').fill('2026-11-25');
  // What the shell answers once the first terminal is written.
  const first = terminalOf('E2E-1');
  await give({
    details: { 'E2E-1': detail(first, simOf(ICCID_NEW, 'E2E-1', { expires_on: '2026-11-25' })) },
    reminders: [{ ...newSimReminder, terminal_sn: 'E2E-1', terminal: { sn: 'E2E-1', brand: null, model: null, store: null, status: 'in_use' }, title: `流量卡到期：SN E2E-1 · 卡号 …901238` }],
  });
  await $('save-terminal').click();
  await page.waitForSelector('[data-testid=terminal-detail][data-sn="E2E-1"]');
  assert.deepEqual(await callsSince(m, 'add_terminal'), [{ sn: 'E2E-1', patch: { status: 'in_use' } }]);
  assert.deepEqual(await callsSince(m, 'add_sim'), [{ iccid: ICCID_NEW, patch: { form: 'physical', expires_on: '2026-11-25' }, terminalSn: 'E2E-1' }]);
  await $('nav-agenda').click();
  const item = page.locator(`[data-testid=agenda-item][data-key="sim_expiry:${ICCID_NEW}"]`);
  await item.waitFor();
  assert.equal(await item.getAttribute('data-sn'), 'E2E-1');
  assert.equal(await $('first-run').count(), 0);
});

await step('first run: sample data is asked for and the agenda shows what is answered', async () => {
  await page.goto(`${base}?mock&empty`);
  await $('load-demo').click();
  await $('agenda-item').first().waitFor();
  assert.deepEqual(await callsSince(0, 'load_demo'), [{ terminals: 200 }]);
  assert.equal(await $('agenda-item').count(), fx.REMINDERS.length);
  assert.equal(await $('first-run').count(), 0);
});

await step('import: preview with row problems, skip them, confirm, see the result', async () => {
  await page.goto(`${base}?mock&files`);
  await $('nav-import').click();
  // The fixture's file dialog answers 终端清单.xlsx; the dry run answers IMPORT_PREVIEW.
  await $('import-pick').click();
  await $('import-preview-result').waitFor();
  assert.equal(await $('import-file').innerText(), '终端清单.xlsx');
  assert.match(await $('import-preview-result').innerText(), /共 120 行/);
  assert.equal(await $('import-error-row').count(), 2);
  assert.equal(await $('import-confirm').isDisabled(), true);
  await $('import-skip-invalid').check();
  await page.waitForFunction(() => !document.querySelector('[data-testid=import-confirm]')?.hasAttribute('disabled'));
  const m = await mark();
  await $('import-confirm').click();
  await $('import-result').waitFor();
  assert.match(await $('import-result').innerText(), /新增 100 台/);
  assert.deepEqual(await callsSince(m, 'import_file'), [{ token: 'import-1', dryRun: false, skipInvalid: true }]);
  const dry = await callsSince(0, 'import_file');
  assert.deepEqual(dry[0], { token: 'import-1', dryRun: true, skipInvalid: false });
});

await step('the template is written through the save dialog and the CSV export', async () => {
  const m = await mark();
  await $('template-download').first().click();
  await page.locator('[data-testid=toast]', { hasText: '模板已保存到' }).waitFor();
  const picks = await callsSince(m, 'pick_export_file');
  assert.equal(picks.at(-1).format, 'csv');
  assert.deepEqual(await callsSince(m, 'export_file'), [{ token: 'export-1' }]);
});

await step('no page errors', async () => {
  assert.deepEqual(errors, []);
});

console.log(`${passed} passed, ${failed} failed`);
await browser.close();
await server.close();
process.exit(failed ? 1 : 0);
