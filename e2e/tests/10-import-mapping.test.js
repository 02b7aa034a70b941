// Issue 10: a provider's sheet whose SN header no rule knows (机具编号) and whose ICCID header is the
// combined `流量卡号/ICCID` opens on the import's "列对应" step with a clear message, the ICCID column
// already recognised; mapping 机具编号 to 序列号 by hand previews the row as it will be stored; the
// import then writes it, and the terminal with its SIM card is found in 终端.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { cli, newEnv, numberIn, pickNext, screenshot, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("import-mapping");

test("map 机具编号 to 序列号, preview the row, import it, find the terminal", { timeout: 120_000 }, async () => {
  const file = path.join(env.dir, "服务商机具.csv");
  fs.writeFileSync(file, "机具编号,流量卡号/ICCID,到期日\nMAP-PAX-0001,89860012345678901238,2027/3/5\n");
  const app = await startApp(env);
  try {
    await app.waitReady();
    await app.click("nav-import");
    pickNext(env, file);
    await app.click("import-pick");
    const noSn = await app.$("import-no-sn");
    await noSn.waitForDisplayed({ timeout: 15_000 });
    assert.equal((await noSn.getText()).trim(), "没有找到序列号列，请指定哪一列是序列号");
    const headers = await app.browser.execute(() =>
      Array.from(document.querySelectorAll('[data-testid="import-map-column"]')).map((c) => [
        c.getAttribute("data-header"),
        c.classList.contains("unmatched"),
      ]),
    );
    assert.deepEqual(
      headers,
      [["机具编号", true], ["流量卡号/ICCID", false], ["到期日", true]],
      "every header; only the combined ICCID one recognised",
    );
    assert.equal(await (await app.$("import-confirm")).isExisting(), false, "nothing to import yet");
    screenshot("10-import-mapping-no-sn-zh-CN.png");

    // The user says 机具编号 is the SN (序列号 in the drop-down).
    const chosen = await app.browser.execute(() => {
      const s = document.querySelector('[data-testid="import-map-column"][data-header="机具编号"] select');
      const opt = Array.from(s.options).find((o) => o.textContent === "序列号");
      s.value = opt.value;
      s.dispatchEvent(new Event("change", { bubbles: true }));
      return opt.value;
    });
    assert.equal(chosen, "sn");
    const row = await app.$("import-row", '[data-line="2"]');
    await row.waitForDisplayed({ timeout: 15_000 });
    assert.match(await row.getText(), /MAP-PAX-0001/);
    assert.match(await row.getText(), /89860012345678901238/);
    assert.match(await row.getText(), /可以导入/);
    const fields = await app.browser.execute(() =>
      Array.from(document.querySelectorAll('[data-testid="import-rows-field"]')).map((h) => h.textContent.trim()),
    );
    assert.deepEqual(fields, ["序列号", "ICCID（流量卡号）"]);
    await waitUntil(
      async () => (await app.browser.execute(() => document.querySelector('[data-testid="import-preview-result"]')?.textContent ?? "")).includes("新增 1 台"),
      10_000,
      "the preview's counts",
    );
    screenshot("10-import-mapping-rows-zh-CN.png");

    await app.click("import-confirm");
    const result = await app.$("import-result-summary");
    await result.waitForDisplayed({ timeout: 20_000 });
    assert.equal((await result.getText()).trim(), "导入完成：新增 1 台，更新 0 台（共 1 行）");

    await app.click("nav-terminals");
    const count = await app.$("terminal-count");
    await waitUntil(async () => (await numberIn(count)) === 1, 15_000, "1 terminal in the table");
    await (await app.$("terminal-row", '[data-sn="MAP-PAX-0001"]')).waitForExist({ timeout: 10_000 });
    // Its SIM card came from the 流量卡号/ICCID column: the card's tail finds the terminal.
    const byCard = JSON.parse(cli(env, "terminal", "list", "--search", "901238", "--json")).map((r) => r.sn);
    assert.deepEqual(byCard, ["MAP-PAX-0001"]);
  } finally {
    await app.stop();
  }
});
