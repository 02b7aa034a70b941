// SPEC §6: a file that is not a PosKeeper database is reported in the window and never overwritten.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { newEnv, screenshot, startApp } from "../lib/harness.js";

const env = newEnv("db-error");

test("a foreign file as the database: the window says so and the file is untouched", { timeout: 90_000 }, async () => {
  const bytes = Buffer.from("这不是数据库 — not a database at all\n".repeat(200));
  fs.writeFileSync(env.db, bytes);
  const app = await startApp(env);
  try {
    const err = await app.$("db-error");
    await err.waitForDisplayed({ timeout: 20_000 });
    const text = await err.getText();
    assert.ok(text.length > 0, "the error screen says something");
    screenshot("09-db-error-zh-CN.png");
  } finally {
    await app.stop();
  }
  assert.deepEqual(fs.readFileSync(env.db), bytes, "the file was not changed");
  assert.equal(fs.existsSync(`${env.db}-wal`), false, "no WAL file was created beside it");
});
