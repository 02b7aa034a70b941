// Issue 14, the reminder promise in the real window through time: started just before the end of
// quiet hours (Asia/Shanghai, the clock shifted with Debian's libfaketime), a SIM reminder is held,
// then shown exactly once after 08:00 without a restart, counted on D-Bus; and the notification
// server (dunst) stopped and started again mid-run: the notification is not lost, and not shown
// twice; and dunst hung (SIGSTOP) when a reminder comes due: the call left unanswered is not sent
// again, and shown once when dunst wakes.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { APP, appLogLines, cli, iccid, newEnv, notifyCalls, screenshot, sleep, startApp, waitUntil } from "../lib/harness.js";

const FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

/** The reminder checks the app logged, in order: `{due, shown, held}`. */
function checks(env) {
  return appLogLines(env, /reminder check: /).map((l) => {
    const m = l.match(/due=(\d+) shown=(\d+) held=(true|false)/);
    return m ? { due: Number(m[1]), shown: Number(m[2]), held: m[3] === "true" } : { bad: l };
  });
}

/** The real time (epoch seconds) of a Notify call, as dbus-monitor stamped it. */
const callTime = (call) => Number((call.match(/ time=([\d.]+)/) || [])[1]);

/** A write through the window's IPC, as the UI makes one (it asks the notifier for a check). */
async function write(app, cmd, args) {
  return app.browser.execute((c, a) => window.__TAURI_INTERNALS__.invoke(c, a), cmd, args);
}

/** A script that starts the app with its clock at `local` (Asia/Shanghai) now. */
function shiftedApp(env, local) {
  const offset = Math.round((Date.parse(`${local}+08:00`) - Date.now()) / 1000);
  const wrapper = path.join(env.dir, "poskeeper-app-faketime");
  fs.writeFileSync(
    wrapper,
    [
      "#!/bin/sh",
      `export LD_PRELOAD=${FAKETIME_LIB}`,
      `export FAKETIME=${offset >= 0 ? "+" : ""}${offset}`,
      "export FAKETIME_DONT_FAKE_MONOTONIC=1",
      "export TZ=Asia/Shanghai",
      `exec ${APP} "$@"`,
      "",
    ].join("\n"),
  );
  fs.chmodSync(wrapper, 0o755);
  return { wrapper, offset };
}

test("held in quiet hours, the reminder pops up once after 08:00 in the running app", { timeout: 120_000 }, async () => {
  assert.ok(fs.existsSync(FAKETIME_LIB), `libfaketime (apt: libfaketime) at ${FAKETIME_LIB}`);
  const env = newEnv("time-quiet");
  // The app reads the (shifted) system clock, not a pinned moment.
  delete env.vars.POSKEEPER_NOW;
  const SN = "E2E-TIME-0001";
  cli(env, "init");
  cli(env, "terminal", "add", "--sn", SN, "--brand", "PAX", "--model", "A920", "--store", "朝阳路店");
  cli(env, "sim", "add", "--iccid", iccid("8986011234567890601"), "--expires-on", "2026-11-25", "--terminal", SN);
  const notified = () => notifyCalls().filter((c) => c.includes(SN));
  assert.equal(notified().length, 0);

  const { wrapper, offset } = shiftedApp(env, "2026-11-22T07:59:35");
  const app = await startApp(env, { application: wrapper });
  try {
    await app.waitReady();
    // The start-up check finds it due (3 days left) and holds it: quiet hours until 08:00.
    await waitUntil(() => checks(env).length >= 1, 15_000, "the start-up check");
    assert.deepEqual(checks(env)[0], { due: 1, shown: 0, held: true }, "held at start, before 08:00");
    assert.equal(notified().length, 0);

    // The next periodic check (at most 60 s later, after 08:00) shows it.
    await waitUntil(() => notified().length > 0, 75_000, "the held reminder after 08:00");
    const [call] = notified();
    const shownAt = callTime(call) + offset;
    assert.ok(
      shownAt >= Date.parse("2026-11-22T08:00:00+08:00") / 1000,
      `shown after 08:00 Asia/Shanghai, not at ${new Date(shownAt * 1000).toISOString()}`,
    );
    assert.ok(shownAt < Date.parse("2026-11-22T08:01:05+08:00") / 1000, "within a check period of 08:00");
    assert.match(call, /还有 3 天到期（2026年11月25日）/);
    screenshot("14-time-after-quiet-hours.png");

    // One more check (a write asks for one): nothing again.
    const before = checks(env).length;
    assert.equal(await write(app, "set_setting", { key: "close_to_tray", value: "on" }), "on");
    await waitUntil(() => checks(env).length > before, 10_000, "the check after a write");
    await sleep(1000);
    assert.equal(notified().length, 1, `one Notify naming ${SN}:\n${notified().join("\n")}`);
    // Held at every check before the one that showed it; nothing at any check after it.
    const all = checks(env);
    const at = all.findIndex((c) => c.shown > 0);
    assert.ok(at >= 1, JSON.stringify(all));
    assert.deepEqual(all[at], { due: 1, shown: 1, held: false }, JSON.stringify(all));
    assert.ok(all.slice(0, at).every((c) => c.held && c.shown === 0), JSON.stringify(all));
    assert.ok(all.length > at + 1 && all.slice(at + 1).every((c) => !c.held && c.shown === 0), JSON.stringify(all));
  } finally {
    await app.stop();
  }
});

/** The process that owns the notification service's name on the session bus, if any. */
function notificationServer() {
  try {
    const out = execFileSync(
      "dbus-send",
      [
        "--session",
        "--print-reply",
        "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus.GetConnectionUnixProcessID",
        "string:org.freedesktop.Notifications",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    const m = out.match(/uint32 (\d+)/);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** A recorder of Notify calls and their answers: `accepted(text)` counts the Notify calls
 * containing `text` that a server answered with a method return. */
function replyMonitor(dir) {
  const file = path.join(dir, "notify-replies.log");
  const out = fs.openSync(file, "a");
  const child = spawn(
    "dbus-monitor",
    ["--session", "type='method_call',interface='org.freedesktop.Notifications',member='Notify'", "type='method_return'", "type='error'"],
    { stdio: ["ignore", out, "ignore"] },
  );
  const blocks = () =>
    fs
      .readFileSync(file, "utf8")
      .split(/\n(?=(?:method call|method return|error|signal) )/)
      .filter(Boolean);
  return {
    child,
    ready: () => fs.readFileSync(file, "utf8").includes("NameAcquired"),
    calls(text) {
      const all = blocks();
      const field = (b, k) => (b.match(new RegExp(`${k}=(\\S+)`)) || [])[1];
      return all
        .filter((b) => b.startsWith("method call ") && b.includes("member=Notify") && b.includes(text))
        .map((call) => {
          const sender = field(call, "sender");
          const serial = field(call, "serial");
          const answer = all.find(
            (b) =>
              (b.startsWith("method return ") || b.startsWith("error ")) &&
              field(b, "destination") === sender &&
              field(b, "reply_serial") === serial,
          );
          if (!answer) return { answer: "none" };
          return { answer: answer.startsWith("error ") ? `error ${field(answer, "error_name")}` : "method return" };
        });
    },
    stop: () => child.kill(),
  };
}

test("dunst stopped and started again mid-run: the notification is not lost and not shown twice", { timeout: 150_000 }, async () => {
  const env = newEnv("time-dunst");
  const SN = "E2E-DUNST-0001";
  cli(env, "init");
  const monitor = replyMonitor(env.dir);
  let dunst = null;
  const app = await startApp(env);
  try {
    await waitUntil(() => monitor.ready(), 10_000, "the reply monitor");
    await app.waitReady();
    await waitUntil(() => checks(env).length >= 1, 15_000, "the start-up check");

    // The notification server goes away.
    const server = notificationServer();
    assert.ok(server, "a notification server on the bus");
    process.kill(server, "SIGTERM");
    await waitUntil(() => notificationServer() === null, 10_000, "dunst to leave the bus");

    // Something comes due while it is away (a write in the window asks for a check at once).
    await write(app, "add_terminal", { sn: SN, patch: { brand: "PAX", model: "A920", store: "朝阳路店" } });
    await write(app, "add_sim", { iccid: iccid("8986011234567890602"), patch: { expires_on: "2026-11-25" }, terminalSn: SN });
    await waitUntil(() => monitor.calls(SN).length >= 1 && monitor.calls(SN).every((c) => c.answer !== "none"), 30_000, "an answer to the first Notify");
    const first = monitor.calls(SN);

    // dunst is back (started by us if the bus did not start it on demand).
    if (notificationServer() === null) {
      dunst = spawn("dunst", [], { stdio: "ignore" });
      await waitUntil(() => notificationServer() !== null, 10_000, "dunst back on the bus");
    }
    // Shown once: at once, if the bus started dunst for the call; else at the next check (≤ 60 s).
    await waitUntil(() => monitor.calls(SN).some((c) => c.answer === "method return"), 75_000, "the notification shown");
    // Later checks (a write asks for one) show it no more.
    const before = checks(env).length;
    assert.equal(await write(app, "set_setting", { key: "close_to_tray", value: "on" }), "on");
    await waitUntil(() => checks(env).length > before, 10_000, "the check after a write");
    await sleep(1000);
    const calls = monitor.calls(SN);
    assert.equal(calls.filter((c) => c.answer === "method return").length, 1, `shown once: ${JSON.stringify({ first, calls })}`);
    // Every refused attempt was tried again, none was lost: the last call is the one shown.
    assert.equal(calls.at(-1).answer, "method return", JSON.stringify(calls));
    assert.equal(
      checks(env).reduce((n, c) => n + c.shown, 0),
      1,
      `the app counts one shown: ${JSON.stringify(checks(env))}`,
    );
    assert.equal(
      notifyCalls().filter((c) => c.includes(SN)).length,
      calls.length,
      "the run's own monitor saw the same Notify calls",
    );
  } finally {
    await app.stop();
    monitor.stop();
    // The dunst this scenario started, if any (the bus starts one on demand for later calls).
    if (dunst) dunst.kill();
  }
});

/** How many notifications dunst has on screen now (`dunstctl count displayed`). */
function dunstDisplayed() {
  return Number(execFileSync("dunstctl", ["count", "displayed"], { encoding: "utf8" }).trim());
}

/** The app's log lines saying a notification went unanswered and was logged as shown. */
const unconfirmed = (env) => appLogLines(env, /not confirmed \(no answer from the notification service\)/);

test("dunst hung (SIGSTOP) when a reminder comes due: sent once, shown once when it wakes, never sent again", { timeout: 90_000 }, async () => {
  const env = newEnv("time-hung");
  const SN = "E2E-HUNG-0001";
  cli(env, "init");
  const monitor = replyMonitor(env.dir);
  const app = await startApp(env);
  let stopped = null;
  try {
    await waitUntil(() => monitor.ready(), 10_000, "the reply monitor");
    await app.waitReady();
    await waitUntil(() => checks(env).length >= 1, 15_000, "the start-up check");
    const server = notificationServer();
    assert.ok(server, "a notification server on the bus");
    execFileSync("dunstctl", ["close-all"]);
    assert.equal(dunstDisplayed(), 0);

    // The server hangs: it keeps its name on the bus, and answers nothing.
    process.kill(server, "SIGSTOP");
    stopped = server;
    const t0 = Date.now();
    await write(app, "add_terminal", { sn: SN, patch: { brand: "PAX", model: "A920", store: "朝阳路店" } });
    await write(app, "add_sim", { iccid: iccid("8986011234567890603"), patch: { expires_on: "2026-11-25" }, terminalSn: SN });
    // The check after add_sim sends it, gets no answer within the call's timeout, and logs it as
    // shown, not confirmed: the checks go on (not held up beyond the timeout).
    await waitUntil(() => unconfirmed(env).length >= 1, 20_000, "the call left unanswered");
    assert.ok(Date.now() - t0 < 15_000, `the check came back after ${Date.now() - t0} ms`);
    assert.deepEqual(monitor.calls(SN), [{ answer: "none" }]);
    const before = checks(env).length;
    assert.equal(await write(app, "set_setting", { key: "close_to_tray", value: "on" }), "on");
    await waitUntil(() => checks(env).length > before, 10_000, "a check while the server is still hung");
    assert.equal(monitor.calls(SN).length, 1, "not sent again while the server hangs");

    // The server wakes: it shows the call it was sent, once; a ping answered means it has
    // handled everything sent before it.
    process.kill(server, "SIGCONT");
    stopped = null;
    execFileSync("dbus-send", [
      "--session",
      "--print-reply",
      "--dest=org.freedesktop.Notifications",
      "/org/freedesktop/Notifications",
      "org.freedesktop.Notifications.GetServerInformation",
    ]);
    assert.equal(dunstDisplayed(), 1, "the notification on screen once");

    // Later checks (a write asks for one) send it no more.
    const after = checks(env).length;
    assert.equal(await write(app, "set_setting", { key: "close_to_tray", value: "off" }), "off");
    await waitUntil(() => checks(env).length > after, 10_000, "the check after the server woke");
    await sleep(1000);
    assert.equal(monitor.calls(SN).length, 1, `one Notify naming ${SN}: ${JSON.stringify(monitor.calls(SN))}`);
    assert.equal(notifyCalls().filter((c) => c.includes(SN)).length, 1, "the run's own monitor saw one Notify");
    assert.equal(dunstDisplayed(), 1);
    assert.equal(unconfirmed(env).length, 1);
    assert.equal(
      checks(env).reduce((n, c) => n + c.shown, 0),
      1,
      `the app counts one shown: ${JSON.stringify(checks(env))}`,
    );
  } finally {
    if (stopped) process.kill(stopped, "SIGCONT");
    await app.stop();
    monitor.stop();
  }
});
