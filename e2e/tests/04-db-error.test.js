// SPEC §6: a file that is not a PosKeeper database is reported in the window and never
// overwritten; a file another program damages while the app runs is never written again, and the
// window switches to the database-error screen at the next save.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { test } from "node:test";
import { appLogLines, cli, newEnv, screenshot, sleep, startApp } from "../lib/harness.js";

const env = newEnv("db-error");

test("a foreign file as the database: the window says so and the file is untouched", { timeout: 90_000 }, async () => {
  const bytes = Buffer.from("这不是数据库 — not a database at all\n".repeat(200));
  fs.writeFileSync(env.db, bytes);
  const app = await startApp(env);
  try {
    const err = await app.$("db-error");
    await err.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await err.getAttribute("data-code"), "not_poskeeper_db");
    const title = await (await err.$("h1")).getText();
    assert.equal(title, "数据库打不开");
    const why = await (await err.$("p.error-text")).getText();
    assert.equal(why, "这不是 POS管家 的数据库文件", "the error screen names the reason");
    assert.match(await err.getText(), /数据库文件没有被改动/, "and says the file was left as it was");
    screenshot("09-db-error-zh-CN.png");
  } finally {
    await app.stop();
  }
  assert.deepEqual(fs.readFileSync(env.db), bytes, "the file was not changed");
  assert.equal(fs.existsSync(`${env.db}-wal`), false, "no WAL file was created beside it");
});

/** The database file and its write-ahead log, as bytes. */
function fileBytes(db) {
  const read = (p) => (fs.existsSync(p) ? fs.readFileSync(p) : Buffer.alloc(0));
  return { db: read(db), wal: read(`${db}-wal`) };
}

/**
 * Does what another program might while the app runs: writes garbage over the start of a page of
 * the `terminals` table (its header and cell pointers) with plain file I/O. The write-ahead log
 * is checkpointed first (through Python's sqlite3), so that page is the one SQLite reads.
 */
function damageTerminalsPage(db) {
  const py = [
    "import sqlite3, sys",
    "c = sqlite3.connect(sys.argv[1])",
    "c.execute('PRAGMA wal_checkpoint(TRUNCATE)').fetchall()",
    "root = c.execute(\"SELECT rootpage FROM sqlite_schema WHERE name = 'terminals'\").fetchone()[0]",
    "size = c.execute('PRAGMA page_size').fetchone()[0]",
    "print((root - 1) * size)",
  ].join("\n");
  const offset = Number(execFileSync("python3", ["-c", py, db], { encoding: "utf8" }).trim());
  const garbage = Buffer.alloc(512);
  let x = 0x9e3779b9;
  for (let i = 0; i < garbage.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    garbage[i] = (x >>> 24) & 0xff;
  }
  const fd = fs.openSync(db, "r+");
  try {
    fs.writeSync(fd, garbage, 0, garbage.length, offset);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

test("a file damaged while the app runs: the next save shows the database-error screen, nothing is written", { timeout: 120_000 }, async () => {
  const env2 = newEnv("db-damaged");
  cli(env2, "init");
  cli(env2, "demo", "--terminals", "300");
  const app = await startApp(env2);
  let damaged;
  try {
    await app.waitReady();
    const item = await app.$("agenda-item");
    await item.waitForDisplayed({ timeout: 15_000 });
    // The whole-file check after the first paint finds the file sound (300 terminals: well
    // under a second).
    await sleep(1500);
    assert.equal(await (await app.$("db-error")).isExisting(), false, "sound at start");

    damageTerminalsPage(env2.db);
    damaged = fileBytes(env2.db);

    // The next save: snooze the first agenda line by a day.
    const snooze = await item.$('[data-testid="snooze-1d"]');
    await snooze.waitForClickable({ timeout: 10_000 });
    await snooze.click();
    const err = await app.$("db-error");
    await err.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await err.getAttribute("data-code"), "db_damaged");
    assert.equal(await (await err.$("h1")).getText(), "数据库文件已损坏");
    assert.equal(await (await err.$("p.error-text")).getText(), "数据库已损坏，请从备份恢复");
    // It offers the backups (listed, or a note that there are none yet).
    await (await app.$("backups")).waitForDisplayed({ timeout: 10_000 });
    await sleep(300);
    screenshot("12-db-damaged-zh-CN.png");
    const now = fileBytes(env2.db);
    assert.ok(now.db.equals(damaged.db), "the database file was not written");
    assert.ok(now.wal.equals(damaged.wal), "nor its -wal");
  } finally {
    await app.stop();
  }
  const after = fileBytes(env2.db);
  assert.ok(after.db.equals(damaged.db), "closing the app wrote nothing either");
  assert.ok(after.wal.equals(damaged.wal), "nor into the -wal");
  assert.ok(appLogLines(env2, /is damaged; closed/).length >= 1, "the app's log says why it stopped writing");
});
