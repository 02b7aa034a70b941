// Issue 4: the terminal table at 10,000 rows scrolls and searches (data made by the CLI's demo).
import assert from "node:assert/strict";
import { test } from "node:test";
import { cli, newEnv, numberIn, screenshot, sleep, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("terminals-10k");

test("10k terminals: the table shows the count, scrolls to later rows, and searches", { timeout: 180_000 }, async () => {
  cli(env, "init");
  cli(env, "demo", "--terminals", "10000");
  const app = await startApp(env);
  try {
    await app.waitReady();
    await (await app.$("agenda-item")).waitForDisplayed({ timeout: 15_000 });
    await sleep(500); // let the window paint before the screenshot
    screenshot("05-agenda-10k-zh-CN.png");
    await app.click("nav-terminals");
    const count = await app.$("terminal-count");
    await waitUntil(async () => (await numberIn(count)) === 10000, 15_000, "the count of 10000 terminals");

    // One round trip for all rendered rows (the table re-renders while it scrolls).
    const sns = () =>
      app.browser.execute(() =>
        Array.from(document.querySelectorAll('[data-testid="terminal-row"]')).map((r) => r.getAttribute("data-sn")),
      );
    const first = await waitUntil(async () => {
      const s = await sns();
      return s.length > 0 && s;
    }, 10_000, "the first rows");
    assert.ok(first.length <= 400, `the table renders a window of rows, not all 10000 (${first.length})`);
    screenshot("06-terminals-10k-zh-CN.png");

    // Scroll to the end: rows that were not there before appear.
    const table = await app.$("terminal-table");
    await app.browser.execute((el) => {
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event("scroll"));
    }, table);
    const later = await waitUntil(async () => {
      const s = await sns();
      return s.some((x) => !first.includes(x)) && s;
    }, 15_000, "new rows after scrolling to the end");
    assert.ok(later.length > 0);
    screenshot("07-terminals-scrolled-zh-CN.png");

    // Search by an SN prefix: fewer matches, and every row shown starts with it.
    const target = later[later.length - 1];
    const prefix = target.slice(0, target.length - 2);
    await app.type("terminal-search", prefix);
    // The command line counts the same search over the same file: the window must say that number.
    const n = JSON.parse(cli(env, "terminal", "list", "--search", prefix, "--json")).length;
    assert.ok(n > 0 && n < 10000, `the prefix ${prefix} narrows the list (${n})`);
    let shownCount;
    await waitUntil(async () => (shownCount = await numberIn(count)) === n, 15_000, `the count to be ${n}`).catch((e) =>
      assert.fail(`${e.message}; the window says ${shownCount}`),
    );
    const found = await waitUntil(async () => {
      const s = await sns();
      return s.length > 0 && s.every((x) => x.toLowerCase().startsWith(prefix.toLowerCase())) && s;
    }, 15_000, "rows matching the prefix");
    assert.ok(found.includes(target), `the searched terminal ${target} is listed`);
    assert.ok(found.length <= n);
    screenshot("08-terminals-search-zh-CN.png");
  } finally {
    await app.stop();
  }
});
