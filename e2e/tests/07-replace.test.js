// Issue 10: replace a terminal from its repair ticket in the real window — the new SN is typed (not
// recorded before), the SIM card is moved with the checklist's step — and the new terminal's page
// shows the SIM card, the provider, the 商户号 and the store; the command line reads the same.
import assert from "node:assert/strict";
import { test } from "node:test";
import { cli, iccid, newEnv, screenshot, sleep, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("replace");
const OLD = "E2E-OLD-0001";
const NEW = "E2E-NEW-0002";
const ICCID = iccid("8986031234567890123");

test("replacing a terminal gives the new one the SIM card, provider and store", { timeout: 120_000 }, async () => {
  cli(env, "init");
  cli(env, "terminal", "add", "--sn", OLD, "--brand", "联迪", "--model", "E550", "--provider", "拉卡拉",
    "--merchant-no", "822100058120001", "--terminal-no", "50012345", "--store", "火车站店");
  cli(env, "sim", "add", "--iccid", ICCID, "--terminal", OLD, "--expires-on", "2027-06-30");
  const id = cli(env, "repair", "open", OLD, "--fault", "no_power", "--opened-on", "2026-11-15").trim();

  const app = await startApp(env);
  try {
    await app.waitReady();
    await app.click("nav-repairs");
    await app.click("repair-replace", "");
    const dialog = await app.$("close-repair-dialog");
    await dialog.waitForDisplayed({ timeout: 10_000 });
    await (await app.$("replace-sim")).waitForDisplayed({ timeout: 10_000 });
    await app.type("replaced-by", NEW);
    await (await app.$("replace-target", '[data-kind="new"]')).waitForDisplayed({ timeout: 10_000 });
    const inherited = await (await app.$("replace-inherit-list")).getText();
    for (const want of ["拉卡拉", "822100058120001", "50012345", "火车站店"]) {
      assert.ok(inherited.includes(want), `the dialog shows ${want} before confirming: ${inherited}`);
    }
    await app.click("dereg-step", '[data-item="move_or_cancel_sim"]');
    assert.equal(await (await app.$("sim-move")).isSelected(), true, "ticking the SIM step chooses to move the card");
    await sleep(300);
    screenshot("30-replace-dialog-zh-CN.png");
    await app.click("save");
    await waitUntil(async () => !(await dialog.isExisting()), 10_000, "the dialog to close");

    // The replaced ticket links the new terminal; its page has the card, the provider and the store.
    await app.click("repair-filter-replaced");
    await app.click("replaced-new-sn");
    const page = await app.$("terminal-detail", `[data-sn="${NEW}"]`);
    await page.waitForDisplayed({ timeout: 10_000 });
    const sim = await app.$("detail-sim");
    await waitUntil(async () => (await sim.getText()).includes(ICCID), 10_000, "the SIM card on the new terminal");
    const text = await page.getText();
    for (const want of ["拉卡拉", "822100058120001", "火车站店"]) {
      assert.ok(text.includes(want), `the new terminal's page shows ${want}`);
    }
    screenshot("31-replaced-new-terminal-zh-CN.png");
  } finally {
    await app.stop();
  }

  const shown = JSON.parse(cli(env, "terminal", "show", NEW, "--json"));
  const all = JSON.stringify(shown);
  for (const want of ["拉卡拉", "822100058120001", "50012345", "火车站店", ICCID]) {
    assert.ok(all.includes(want), `terminal show ${NEW} has ${want}`);
  }
  assert.equal(JSON.parse(cli(env, "terminal", "show", OLD, "--json")).terminal.status, "replaced");
  assert.equal(JSON.parse(cli(env, "repair", "show", id, "--json")).status, "replaced");
});
