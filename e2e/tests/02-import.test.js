// Issue 4: import a spreadsheet through the import screen — a provider's list as Excel on a Chinese
// Windows saves it (GB18030, CRLF, 2026年11月24日 / 2026/3/5 / 20251120 dates, ¥45.00 fees).
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { newEnv, notifyCalls, numberIn, pickNext, screenshot, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("import");
const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "provider-gb18030.csv");

test("a GB18030 provider sheet: preview, confirm, then the terminals and the agenda have it", { timeout: 120_000 }, async () => {
  const app = await startApp(env);
  try {
    await app.waitReady();
    await app.click("nav-import");
    // The shell shows the file dialog itself; here its test stand-in answers with the fixture.
    pickNext(env, FILE);
    await app.click("import-pick");
    const preview = await app.$("import-preview-result");
    await preview.waitForDisplayed({ timeout: 15_000 });
    // The counts as the preview's badges say them, exactly: 3 rows, 3 new, none updated, none
    // refused (the one ICCID with a wrong check digit is a warning, listed below them).
    const badges = async () =>
      app.browser.execute(() =>
        Array.from(document.querySelectorAll('[data-testid="import-preview-result"] .stats > *')).map((b) =>
          b.textContent.trim(),
        ),
      );
    let seen = [];
    await waitUntil(
      async () => {
        seen = await badges();
        return seen.length === 4;
      },
      10_000,
      "the preview's counts",
    ).catch((e) => assert.fail(`${e.message}: ${JSON.stringify(seen)}`));
    assert.deepEqual(seen, ["共 3 行", "新增 3 台", "更新 0 台", "全部行都可以导入"]);
    const warnings = await app.$$("import-warning-row");
    assert.equal(warnings.length, 1, "one warning row");
    assert.match(await warnings[0].getText(), /89860312345678901234/);
    screenshot("10-import-preview-zh-CN.png");
    const shown = await app.browser.execute(() => document.querySelector('[data-testid="import-file"]')?.textContent);
    assert.equal(shown?.trim(), "provider-gb18030.csv", "the window shows the chosen file's name, not its path");
    await app.click("import-confirm");
    const result = await app.$("import-result");
    await result.waitForDisplayed({ timeout: 20_000 });
    // The summary counts every row; the rows with warnings stay listed below it.
    const said = (await app.$("import-result-summary").then((e) => e.getText())).trim();
    assert.equal(said, "导入完成：新增 3 台，更新 0 台（共 3 行）", "the result says 3 terminals were added, of 3 rows");
    assert.equal((await app.$$("import-warning-row")).length, 1, "the warning stays listed after the import");
    screenshot("11-import-result-zh-CN.png");

    await app.click("nav-terminals");
    const count = await app.$("terminal-count");
    await waitUntil(async () => (await numberIn(count)) === 3, 15_000, "3 terminals in the table");
    const row = await app.$("terminal-row", '[data-sn="IMP-PAX-0001"]');
    await row.waitForExist({ timeout: 10_000 });

    // The SIM card of IMP-PAX-0001 expires on 2026年11月24日, two days after "now".
    await app.click("nav-agenda");
    const item = await app.$("agenda-item", '[data-key="sim_expiry:89860012345678901238"]');
    await item.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await item.getAttribute("data-urgency"), "soon");
    await waitUntil(() => notifyCalls().some((c) => c.includes("IMP-PAX-0001")), 20_000, "its notification");
  } finally {
    await app.stop();
  }
});
