// Issue 10: the agenda names a terminal by its SN tail ("SN 尾号 1179"); typed in the top-bar search,
// that tail finds the terminal at 10,000 demo terminals: its detail opens when it is the only one,
// else the list shows it FIRST (the SNs ending with the tail lead, before the ICCIDs, merchant and
// phone numbers that hold it inside).
import assert from "node:assert/strict";
import { test } from "node:test";
import { cli, newEnv, numberIn, screenshot, sleep, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("find-by-tail");

test("10k terminals: the SN tail the agenda shows, typed in the top bar, finds the terminal", { timeout: 180_000 }, async () => {
  cli(env, "init");
  cli(env, "demo", "--terminals", "10000");
  const app = await startApp(env);
  try {
    await app.waitReady();
    const item = await app.$("agenda-item", "[data-sn]:not([data-sn=''])");
    await item.waitForDisplayed({ timeout: 15_000 });
    const sn = await item.getAttribute("data-sn");
    const text = await item.getText();
    // What the user reads: the tail as the item shows it, not taken from the data attribute.
    const tail = /SN 尾号\s*([0-9A-Za-z]+)/.exec(text)?.[1];
    assert.ok(tail, `the agenda item names an SN tail: ${JSON.stringify(text)}`);
    assert.ok(sn.endsWith(tail), `the tail ${tail} is the end of ${sn}`);

    // The command line answers the same search over the same file.
    const hits = JSON.parse(cli(env, "terminal", "list", "--search", tail, "--json")).map((r) => r.sn);
    assert.ok(hits.includes(sn), `the CLI finds ${sn} by ${tail}`);

    await app.type("search-input", tail);
    await app.browser.keys("Enter");
    if (hits.length === 1) {
      const detail = await app.$("terminal-detail", `[data-sn="${sn}"]`);
      await detail.waitForDisplayed({ timeout: 15_000 });
    } else {
      const count = await app.$("terminal-count");
      let shown;
      await waitUntil(async () => (shown = await numberIn(count)) === hits.length, 15_000, `the count ${hits.length}`).catch(
        (e) => assert.fail(`${e.message}; the window says ${shown}`),
      );
      const rows = await waitUntil(async () => {
        const s = await app.browser.execute(() =>
          Array.from(document.querySelectorAll('[data-testid="terminal-row"]')).map((r) => r.getAttribute("data-sn")),
        );
        return s.length > 0 && s;
      }, 15_000, "the rows found");
      // The SNs ending with the tail lead the list (in SN order, as the CLI lists them): the
      // terminal is the first row, or one of those few when another SN ends the same way.
      const tails = hits.filter((h) => h.toLowerCase().endsWith(tail.toLowerCase()));
      assert.deepEqual(rows.slice(0, tails.length), tails, `the SNs ending with ${tail} first (${rows.slice(0, 5).join(", ")})`);
      if (tails.length === 1) assert.equal(rows[0], sn, `${sn} is the first row`);
      else assert.ok(tails.includes(sn), `${sn} is among ${tails.join(", ")}`);
      assert.ok(rows.every((r) => hits.includes(r)), "every row shown is one the search finds");
      assert.equal(await (await app.$("terminal-search")).getValue(), tail, "the list's own box holds the search");
    }
    await sleep(500);
    screenshot("09-find-by-tail-zh-CN.png");

    // The list's own box: 3 characters of that tail anywhere, the count the CLI says, every row
    // shown one the CLI finds (what the results look like at 10k).
    const three = tail.slice(-3);
    const many = JSON.parse(cli(env, "terminal", "list", "--search", three, "--json")).map((r) => r.sn);
    await app.click("nav-terminals");
    await app.type("terminal-search", three);
    const count = await app.$("terminal-count");
    let shown;
    await waitUntil(async () => (shown = await numberIn(count)) === many.length, 15_000, `the count ${many.length}`).catch((e) =>
      assert.fail(`${e.message}; the window says ${shown}`),
    );
    const listed = await waitUntil(async () => {
      const s = await app.browser.execute(() =>
        Array.from(document.querySelectorAll('[data-testid="terminal-row"]')).map((r) => r.getAttribute("data-sn")),
      );
      return s.length > 0 && s.every((x) => many.includes(x)) && s;
    }, 15_000, `rows found by ${three}`);
    assert.ok(listed.length > 0);
    await sleep(500);
    screenshot("09-find-results-zh-CN.png");
  } finally {
    await app.stop();
  }
});
