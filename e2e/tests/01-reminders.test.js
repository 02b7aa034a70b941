// Issue 4: add a terminal whose SIM card expires in 3 days → the agenda lists it and a Notify call
// naming its SN reaches the session bus; restart → no second notification; snooze → it leaves
// the agenda.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  appLogLines,
  iccid,
  newEnv,
  notifyCalls,
  screenshot,
  sleep,
  startApp,
  waitUntil,
  windowVisible,
} from "../lib/harness.js";

const env = newEnv("reminders");
const SN = "E2E-PAX-A920-0001";
const ICCID = iccid("8986011234567890123");
const KEY = `sim_expiry:${ICCID}`;
const notifiedSn = () => notifyCalls().filter((c) => c.includes(SN));
const checks = () => appLogLines(env, /reminder check:/).length;

/**
 * Fills the add-terminal form (the terminals screen must be open) and saves it; returns once the
 * window shows the new terminal's page. A form error shown instead — at once or when a later step
 * of the save fails — fails the test with its text.
 */
async function addTerminal(app, { sn, brand, model, store, iccid: card, expires }) {
  await app.click("add-terminal");
  await app.type("field-sn", sn);
  await app.type("field-brand", brand);
  await app.type("field-model", model);
  await app.type("field-store", store);
  await app.type("field-iccid", card);
  await app.type("field-sim-expires-on", expires);
  return app;
}

async function saveTerminal(app, sn) {
  await app.click("save-terminal");
  const outcome = await waitUntil(
    async () => {
      const err = await app.$("form-error");
      if (await err.isDisplayed().catch(() => false)) return `the form reported an error: ${await err.getText()}`;
      const page = await app.$("terminal-detail", `[data-sn="${sn}"]`);
      return (await page.isDisplayed().catch(() => false)) && "saved";
    },
    15_000,
    `the save of ${sn} to settle (its page shown, or an error)`,
  );
  assert.equal(outcome, "saved");
}

test("a terminal added in the window is listed and notified once", { timeout: 120_000 }, async () => {
  const app = await startApp(env);
  try {
    await app.waitReady();
    await waitUntil(() => windowVisible(), 10_000, "the window to be shown after the first paint");
    screenshot("01-first-run-zh-CN.png");

    await app.click("nav-terminals");
    await addTerminal(app, { sn: SN, brand: "PAX", model: "A920", store: "朝阳路店", iccid: ICCID, expires: "2026-11-25" });
    screenshot("02-add-terminal-zh-CN.png");
    await saveTerminal(app, SN);

    await app.click("nav-agenda");
    const item = await app.$("agenda-item", `[data-key="${KEY}"]`);
    await item.waitForDisplayed({ timeout: 15_000 });
    const itemText = `${await item.getText()} ${(await item.getAttribute("data-sn")) ?? ""}`;
    assert.ok(itemText.includes(SN), `the agenda line names the terminal: ${itemText}`);
    assert.equal(await item.getAttribute("data-urgency"), "soon");
    screenshot("03-agenda-zh-CN.png");

    const calls = await waitUntil(() => notifiedSn().length > 0 && notifiedSn(), 20_000, "a Notify call naming the SN");
    assert.equal(calls.length, 1, `exactly one notification for ${SN}: ${calls.join("\n---\n")}`);
    assert.ok(calls[0].includes("流量卡"), `the notification is in Chinese: ${calls[0]}`);
  } finally {
    await app.stop();
  }
});

test("after a restart it is still listed but not notified again; snoozing hides it", { timeout: 120_000 }, async () => {
  const before = notifiedSn().length;
  assert.equal(before, 1, "the first scenario left one notification");
  const checksBefore = checks();
  const paintedBefore = appLogLines(env, /start-up: first screen painted/).length;
  const app = await startApp(env);
  try {
    await app.waitReady();
    const item = await app.$("agenda-item", `[data-key="${KEY}"]`);
    await item.waitForDisplayed({ timeout: 15_000 });
    // The shell computed the agenda while the webview started and gave it to the page, which drew
    // it without asking (src-tauri/src/first_screen.rs); the log's start-up marks say so.
    const painted = () => appLogLines(env, /start-up: first screen painted/);
    await waitUntil(() => painted().length > paintedBefore, 10_000, "the start-up log line of this run");
    const line = painted().at(-1) ?? "";
    assert.match(line, /"from-shell"/, `the first screen came with the page: ${line}`);
    // The start-up check (the catch-up) has run, and decided nothing is new.
    await waitUntil(() => checks() > checksBefore, 20_000, "the notifier's start-up check");
    await sleep(1500); // a notification handed to the bus just before the log line has arrived
    assert.equal(notifiedSn().length, before, "no second notification after the restart");

    // Notifications work in this run: a second card, due in 2 days, added now, pops up once.
    const SN_B = "E2E-NL-ME31-0002";
    await app.click("nav-terminals");
    await addTerminal(app, {
      sn: SN_B,
      brand: "新大陆",
      model: "ME31",
      store: "望京店",
      iccid: iccid("8986011234567890456"),
      expires: "2026-11-24",
    });
    await saveTerminal(app, SN_B);
    const forB = () => notifyCalls().filter((c) => c.includes(SN_B));
    await waitUntil(() => forB().length > 0, 20_000, `a Notify call naming ${SN_B} in this run`);
    await sleep(1500);
    assert.equal(forB().length, 1, `one notification for ${SN_B}: ${forB().join("\n---\n")}`);
    assert.equal(notifiedSn().length, before, `still none more for ${SN}`);
    const allBefore = notifyCalls().length;

    await app.click("nav-agenda");
    const agendaLine = await app.$("agenda-item", `[data-key="${KEY}"]`);
    await agendaLine.waitForDisplayed({ timeout: 15_000 });
    const checksBeforeSnooze = checks();
    const menu = await agendaLine.$('[data-testid="snooze"]');
    if (await menu.isExisting()) await menu.click();
    const week = await agendaLine.$('[data-testid="snooze-1w"]');
    if (!(await week.isExisting())) {
      // The choices may open outside the line (a popover).
      await (await app.$("snooze-1w")).click();
    } else {
      await week.click();
    }
    await waitUntil(
      async () => !(await (await app.$("agenda-item", `[data-key="${KEY}"]`)).isExisting()),
      10_000,
      "the snoozed reminder to leave the agenda",
    );
    screenshot("04-agenda-after-snooze-zh-CN.png");
    // The snooze is a write: the notifier checks again after it, and shows nothing new.
    await waitUntil(() => checks() > checksBeforeSnooze, 20_000, "the notifier's check after the snooze");
    await sleep(1500);
    assert.equal(notifyCalls().length, allBefore, `snoozing notifies nothing: ${notifyCalls().slice(allBefore).join("\n---\n")}`);
    assert.equal(notifiedSn().length, before);
  } finally {
    await app.stop();
  }
});
