// Issue 4, the shell on a desktop: the tray menu (read and clicked over D-Bus as a panel does),
// closing the window to the tray (through a real window manager), a second launch focusing the
// first window (single instance), quitting from the tray, and "start at login".
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  appRunning,
  cli,
  iccid,
  launchApp,
  lineProcess,
  newEnv,
  screenshot,
  sleep,
  startApp,
  visibleWindows,
  waitUntil,
} from "../lib/harness.js";

const PROBE = process.env.TRAY_PROBE;
const env = newEnv("desktop");
// A real launch: one instance only.
delete env.vars.POSKEEPER_NO_SINGLE_INSTANCE;

const labels = (layout) => layout.items.map((i) => i.label);
const itemId = (layout, re) => {
  const item = layout.items.find((i) => re.test(i.label));
  assert.ok(item, `a tray menu item matching ${re}: ${labels(layout).join(" | ")}`);
  return item.id;
};
const closeWindow = (id) => spawn("wmctrl", ["-i", "-c", id]);

test("tray menu, close to tray, a second launch, quit from the tray", { timeout: 120_000 }, async () => {
  cli(env, "init");
  cli(env, "terminal", "add", "--sn", "E2E-TRAY-0001", "--brand", "PAX", "--model", "A920", "--store", "朝阳路店");
  cli(env, "sim", "add", "--iccid", iccid("8986011234567890777"), "--expires-on", "2026-11-25", "--terminal", "E2E-TRAY-0001");

  const wm = spawn("openbox", ["--sm-disable"], { env: process.env, stdio: "ignore" });
  const tray = lineProcess(PROBE, env);
  let app;
  try {
    await tray.next((m) => m.ready, 10_000, "the tray host on the bus");
    app = launchApp(env);
    await waitUntil(() => visibleWindows().length > 0, 20_000, "the window");
    // 30 s: the CI machine builds for Windows beside this run (the icon came after 15 s once).
    await tray.next((m) => m.registered, 30_000, "the tray icon to register");

    // The menu names the app, counts what is due (once the first check has run), and quits.
    const layout = await waitUntil(
      async () => {
        const l = await tray.ask("layout");
        return labels(l).some((s) => s === "1 项待处理") && l;
      },
      20_000,
      "the tray menu to count 1 item due",
    );
    assert.deepEqual(labels(layout), ["打开 POS管家", "1 项待处理", "退出"]);

    // Closing the window keeps the app running in the tray.
    const [win] = visibleWindows();
    closeWindow(win);
    await waitUntil(() => visibleWindows().length === 0, 10_000, "the window to hide on close");
    await sleep(500);
    assert.equal(app.exitCode, null, "closing the window does not quit the app");

    // The tray's "open" brings it back.
    await tray.ask(`click ${itemId(layout, /^打开/)}`);
    await waitUntil(() => visibleWindows().length > 0, 10_000, "the tray's open to show the window");
    screenshot("10-back-from-tray-zh-CN.png");

    // A second launch while the window is hidden: it hands over to the first and ends.
    closeWindow(visibleWindows()[0]);
    await waitUntil(() => visibleWindows().length === 0, 10_000, "the window to hide again");
    const second = launchApp(env);
    const code = await Promise.race([second.exited, sleep(20_000).then(() => "still running")]);
    assert.equal(code, 0, "the second launch ends by itself");
    await waitUntil(() => visibleWindows().length > 0, 10_000, "the first window to come back");
    assert.equal(visibleWindows().length, 1, "one window, not two");
    assert.equal(app.exitCode, null, "the first instance is still the one running");

    // "Quit" in the tray ends the app.
    await tray.ask(`click ${itemId(layout, /^退出$/)}`);
    const quit = await Promise.race([app.exited, sleep(10_000).then(() => "still running")]);
    assert.equal(quit, 0, "the tray's quit ends the app");
  } finally {
    if (app && app.exitCode === null) app.kill();
    tray.stop();
    wm.kill();
    await waitUntil(() => !appRunning(), 10_000, "the app to quit").catch(() => {});
  }
});

test("start at login is switched on and off from the settings", { timeout: 90_000 }, async () => {
  // Where the autostart plugin writes (it goes by $HOME, not XDG_CONFIG_HOME).
  const autostart = path.join(env.vars.HOME, ".config", "autostart");
  const entries = () => (fs.existsSync(autostart) ? fs.readdirSync(autostart).filter((f) => f.endsWith(".desktop")) : []);
  const app = await startApp({ ...env, vars: { ...env.vars, POSKEEPER_NO_SINGLE_INSTANCE: "1" } });
  try {
    await app.waitReady();
    await app.click("nav-settings");
    const box = await app.$("setting-autostart");
    await box.waitForDisplayed({ timeout: 10_000 });
    if (await box.isSelected()) {
      await box.click();
      await waitUntil(() => entries().length === 0, 10_000, "start at login to be off");
    }
    await box.click();
    await waitUntil(() => entries().length === 1, 10_000, "an autostart entry");
    const entry = fs.readFileSync(path.join(autostart, entries()[0]), "utf8");
    assert.match(entry, /^Exec=.*poskeeper-app.*--hidden/m, `the entry starts the app in the tray: ${entry}`);
    await box.click();
    await waitUntil(() => entries().length === 0, 10_000, "the autostart entry to be removed");
  } finally {
    await app.stop();
  }
});
