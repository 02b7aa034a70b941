// Issue 12: the outlook (费用与到期) at 10k terminals in the real window: the tiles, the charts
// drawn (Chart.js, loaded when the screen opens) and their numbers; a screenshot to look at.
import assert from "node:assert/strict";
import { test } from "node:test";
import { cli, newEnv, screenshot, sleep, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("outlook-10k");

test("the outlook at 10k terminals draws its charts and numbers", { timeout: 180_000 }, async () => {
  cli(env, "init");
  cli(env, "settings", "language", "zh-CN");
  cli(env, "demo", "--terminals", "10000");
  const app = await startApp(env);
  try {
    await app.waitReady();
    const started = Date.now();
    await app.click("nav-outlook");
    const table = await app.$("outlook-months");
    await table.waitForDisplayed({ timeout: 20_000 });
    const shown = Date.now() - started;
    const terminals = await (await app.$("outlook-terminals")).getText();
    assert.match(terminals.replace(/\s+/g, " "), /终端总数 10,000/);
    const rows = await app.$$("outlook-months", " tbody tr");
    assert.equal(rows.length, 12);
    // Each canvas has been drawn on (Chart.js sizes it and paints non-blank pixels).
    const drawn = await waitUntil(
      () =>
        app.browser.execute(() =>
          [...document.querySelectorAll("canvas")].map((c) => {
            const ctx = c.getContext("2d");
            if (!ctx || c.width === 0) return false;
            const px = ctx.getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
            return false;
          }),
        ).then((v) => v.length === 5 && v.every(Boolean) && v),
      20_000,
      "the five charts drawn",
    );
    assert.equal(drawn.length, 5);
    console.log(`outlook at 10k: table shown ${shown} ms after the click`);
    await sleep(300);
    await app.browser.saveScreenshot(screenshot("12-outlook-10k-zh-CN.png"));
  } finally {
    await app.stop();
  }
});
