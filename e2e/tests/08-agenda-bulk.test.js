// Issue 10: the agenda as a work queue in the real window. From a filtered agenda (overdue SIM
// cards of one provider, not yet seen, at 20,000 demo terminals: a few hundred), select all that
// match, acknowledge them in one step, see the count drop, undo, see them back — with the
// command line reading the same file to say what was written.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { CLI, cli, newEnv, numberIn, screenshot, sleep, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("agenda-bulk");

/** The CLI's JSON answer (lists at 20k terminals are several megabytes). */
function cliJson(...args) {
  const out = execFileSync(CLI, ["--db", env.db, ...args, "--json"], {
    env: { ...process.env, ...env.vars },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

/** The overdue SIM reminders of terminals of `provider`: [all, not acknowledged] keys, by the CLI. */
function overdueSims(provider) {
  const terminals = cliJson("terminal", "list");
  const sns = new Set(terminals.filter((t) => t.provider === provider).map((t) => t.sn));
  const listed = cliJson("reminders");
  const mine = listed.filter((r) => r.kind === "sim_expiry" && r.urgency === "overdue" && sns.has(r.terminal_sn));
  return [mine.map((r) => r.key), mine.filter((r) => !r.acknowledged).map((r) => r.key)];
}

test("20k terminals: all overdue SIM cards of one provider acknowledged in one step, then undone", { timeout: 240_000 }, async () => {
  cli(env, "init");
  cli(env, "demo", "--terminals", "20000");
  const app = await startApp(env);
  try {
    await app.waitReady();
    await (await app.$("agenda-item")).waitForDisplayed({ timeout: 20_000 });
    const count = await app.$("agenda-count");
    const total = await numberIn(count);
    assert.ok(total > 2000, `the demo lists thousands of reminders (${total})`);

    // Narrow: SIM cards, overdue, not seen yet; then the provider with the most of them.
    await app.click("chip-kind-sim_expiry");
    await waitUntil(async () => (await numberIn(count)) < total, 15_000, "the kind filter to apply");
    await app.click("chip-urgency-overdue");
    await app.click("chip-pending");
    const provider = await waitUntil(
      () =>
        app.browser.execute(() => {
          const sel = document.querySelector('[data-testid="filter-provider"]');
          const opts = Array.from(sel.options).filter((o) => o.value.startsWith("="));
          const best = opts
            .map((o) => ({ value: o.value, n: Number((o.textContent.match(/\(([\d,]+)\)$/) || [])[1]?.replace(/,/g, "")) }))
            .sort((a, b) => b.n - a.n)[0];
          return best && best.n > 0 && best.value;
        }),
      15_000,
      "the providers with their counts",
    );
    await (await app.$("filter-provider")).selectByAttribute("value", provider);
    const name = provider.slice(1);
    const [keys, pending] = overdueSims(name);
    assert.ok(pending.length >= 200, `at least 200 overdue SIM cards of ${name} not seen yet (${pending.length})`);
    let shown;
    await waitUntil(async () => (shown = await numberIn(count)) === pending.length, 20_000, `the count ${pending.length}`).catch(
      (e) => assert.fail(`${e.message}; the window says ${shown}`),
    );
    const rows = await app.browser.execute(() =>
      Array.from(document.querySelectorAll('[data-testid="agenda-item"]')).map((r) => [r.dataset.kind, r.dataset.urgency, r.dataset.key]),
    );
    assert.ok(rows.length > 0 && rows.length < pending.length, `a page of rows, not all ${pending.length} (${rows.length})`);
    assert.ok(rows.every(([k, u, key]) => k === "sim_expiry" && u === "overdue" && pending.includes(key)), "every row matches the filters");
    await sleep(300);
    screenshot("08-agenda-filtered-zh-CN.png");

    // All that match, not only the rows on screen.
    await app.click("agenda-select-all");
    await waitUntil(async () => (await numberIn(await app.$("agenda-selected"))) === pending.length, 10_000, "all selected");
    screenshot("08-agenda-selected-all-zh-CN.png");
    await app.click("bulk-ack");
    await waitUntil(async () => (await numberIn(count)) === 0, 20_000, "the count to drop to 0");
    const done = await app.$("agenda-done");
    assert.equal(await numberIn(done), pending.length);
    const [, after] = overdueSims(name);
    assert.deepEqual(after, [], "the command line sees every one of them acknowledged");
    await sleep(300);
    screenshot("08-agenda-acknowledged-zh-CN.png");

    // One undo: exactly those back, as they were.
    await app.click("agenda-undo");
    await waitUntil(async () => (await numberIn(count)) === pending.length, 20_000, `the count back to ${pending.length}`);
    const [keysBack, pendingBack] = overdueSims(name);
    assert.deepEqual(keysBack, keys);
    assert.deepEqual(pendingBack, pending, "the same ones not seen, as before");
    await (await app.$("agenda-undo-bar")).waitForExist({ reverse: true, timeout: 5_000 });
    await sleep(300);
    screenshot("08-agenda-undone-zh-CN.png");
  } finally {
    await app.stop();
  }
});
