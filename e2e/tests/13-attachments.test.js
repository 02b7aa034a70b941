// Issue 12: attach a photo to a repair ticket in the real window (the file chosen in the shell's
// dialog stand-in), see its thumbnail; back up, remove the photo, restore the backup in the
// window: the photo is back, the same bytes.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { cli, newEnv, pickNext, screenshot, sleep, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("attachments");
const SN = "E2E-ATT-0001";
const PHOTO = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "warranty-card.jpg");

async function openTerminal(app) {
  await app.type("search-input", SN);
  await app.browser.keys("Enter");
  await (await app.$("terminal-detail", `[data-sn="${SN}"]`)).waitForDisplayed({ timeout: 15_000 });
  await (await app.$("attachments")).waitForDisplayed({ timeout: 10_000 });
}

const rows = (app) => app.$$("attachment");

test("a photo attached to a repair ticket survives a backup and restore", { timeout: 240_000 }, async () => {
  cli(env, "init");
  cli(env, "settings", "language", "zh-CN");
  cli(env, "terminal", "add", "--sn", SN, "--brand", "PAX", "--model", "A920", "--store", "朝阳路店");
  const ticket = cli(env, "repair", "open", SN, "--fault", "screen", "--opened-on", "2026-11-20").trim();
  const app = await startApp(env);
  try {
    await app.waitReady();
    await openTerminal(app);
    await (await app.$("attach-none")).waitForDisplayed({ timeout: 10_000 });
    // 附在 → the ticket, then the dialog answers the photo.
    const chosen = await app.browser.execute(() => {
      const s = document.querySelector('[data-testid="attach-to"]');
      const i = [...s.options].findIndex((o) => o.text.startsWith("维修工单"));
      s.value = String(i);
      s.dispatchEvent(new Event("change", { bubbles: true }));
      return s.options[i].text;
    });
    assert.equal(chosen, `维修工单 #${ticket}`);
    pickNext(env, PHOTO);
    await app.click("attach-add");
    await waitUntil(async () => (await rows(app)).length === 1, 20_000, "the photo listed");
    const row = (await rows(app))[0];
    await sleep(500);
    await app.browser.saveScreenshot(screenshot("13-attachments-zh-CN.png"));
    // textContent: WebDriver's visible text leaves out a one-line name cut with an ellipsis.
    const shown = (await row.getProperty("textContent")).replace(/\s+/g, " ");
    assert.match(shown, /warranty-card\.jpg/);
    assert.match(shown, /维修工单 #\d+ · 64 KB/);
    const src = await waitUntil(
      async () => (await row.$("img").isExisting()) && (await row.$("img").getAttribute("src")),
      10_000,
      "the thumbnail",
    );
    assert.ok(src.startsWith("data:image/jpeg;base64,"), src.slice(0, 40));
    const listed = JSON.parse(cli(env, "attachment", "list", "repair", ticket, "--json"));
    assert.deepEqual(listed.map((a) => [a.name, a.size]), [["warranty-card.jpg", fs.statSync(PHOTO).size]]);

    // Back up in the window.
    await app.click("nav-settings");
    await app.click("backup-now");
    await waitUntil(async () => (await app.$$("backup-line")).length >= 1, 30_000, "the backup listed");

    // The photo removed (asked first).
    await openTerminal(app);
    await waitUntil(async () => (await rows(app)).length === 1, 10_000, "the photo");
    await app.click("attachment-remove");
    await app.click("attach-remove-confirm");
    await (await app.$("attach-none")).waitForDisplayed({ timeout: 10_000 });
    assert.deepEqual(JSON.parse(cli(env, "attachment", "list", "repair", ticket, "--json")), []);

    // Restored from the backup in the window: the photo is back, byte for byte.
    await app.click("nav-settings");
    await app.browser.execute(() => (window.__beforeRestore = true));
    await app.click("restore");
    await app.click("save");
    await waitUntil(() => JSON.parse(cli(env, "attachment", "list", "repair", ticket, "--json")).length === 1, 30_000, "the restore");
    // The window reloads its data from the restored file (a page reload, shortly after).
    await waitUntil(() => app.browser.execute(() => !window.__beforeRestore), 30_000, "the window to reload");
    await app.waitReady();
    await openTerminal(app);
    await waitUntil(async () => (await rows(app)).length === 1, 15_000, "the photo back in the window");
    const back = path.join(env.dir, "back.jpg");
    cli(env, "attachment", "save", "1", "--out", back);
    assert.deepEqual(fs.readFileSync(back), fs.readFileSync(PHOTO));
  } finally {
    await app.stop();
  }
});
