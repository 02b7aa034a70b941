// Starting the real app under tauri-driver, and what the tests observe: the D-Bus Notify log, the
// app's log file, screenshots of the X display.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { remote } from "webdriverio";

export const APP = process.env.POSKEEPER_APP;
export const CLI = process.env.POSKEEPER_CLI;
const DRIVER = process.env.TAURI_DRIVER;
const WORK = process.env.E2E_WORK;
const ARTIFACTS = process.env.E2E_ARTIFACTS;
const NOTIFY_LOG = process.env.E2E_NOTIFY_LOG;

/** The moment every scenario lives at (the shell and the CLI read POSKEEPER_NOW). */
export const NOW = "2026-11-22T09:00:00";

/** Warned once per run that typed capitals arrive in lower case. */
let warnedCase = false;

/** Shifted keys of a US keyboard and the key they are typed on. */
const SHIFTED = { ":": ";", "?": "/", "!": "1", "@": "2", "#": "3", $: "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0", _: "-", "+": "=", "{": "[", "}": "]", "|": "\\", '"': "'", "<": ",", ">": ".", "~": "`" };

/** `text` as keys sent without Shift arrive: capitals in lower case, `:` as `;`, `?` as `/` … */
function unshifted(text) {
  return [...text].map((c) => SHIFTED[c] ?? c.toLowerCase()).join("");
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A private home for one scenario: its own database and XDG folders. */
export function newEnv(name) {
  const dir = path.join(WORK, name);
  for (const d of ["data", "config", "cache", "runtime", "home"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.chmodSync(path.join(dir, "runtime"), 0o700);
  return {
    dir,
    db: path.join(dir, "poskeeper.db"),
    vars: {
      // Some libraries look past XDG_* to $HOME (the autostart plugin writes ~/.config/autostart).
      HOME: path.join(dir, "home"),
      XDG_DATA_HOME: path.join(dir, "data"),
      XDG_CONFIG_HOME: path.join(dir, "config"),
      XDG_CACHE_HOME: path.join(dir, "cache"),
      XDG_RUNTIME_DIR: path.join(dir, "runtime"),
      POSKEEPER_DB: path.join(dir, "poskeeper.db"),
      POSKEEPER_NOW: NOW,
      POSKEEPER_NO_SINGLE_INSTANCE: "1",
      // The debug app's stand-in for its file dialogs (a GTK dialog cannot be driven from here):
      // each dialog takes the next line of this file as the user's choice. See pickNext().
      POSKEEPER_TEST_PICK: path.join(dir, "picks.txt"),
      LANG: "zh_CN.UTF-8",
      LC_ALL: "zh_CN.UTF-8",
      // Software rendering under Xvfb; no DMA-BUF (it fails without a GPU).
      WEBKIT_DISABLE_DMABUF_RENDERER: "1",
      LIBGL_ALWAYS_SOFTWARE: "1",
    },
  };
}

/** What the app's next file dialogs answer, in order, as if the user chose these files there
 * (`""`: the user cancels). */
export function pickNext(env, ...paths) {
  fs.writeFileSync(env.vars.POSKEEPER_TEST_PICK, paths.map((p) => `${p}\n`).join(""));
}

/** Runs the CLI on a scenario's database; returns stdout. */
export function cli(env, ...args) {
  return execFileSync(CLI, ["--db", env.db, ...args], {
    env: { ...process.env, ...env.vars },
    encoding: "utf8",
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, "127.0.0.1", () => {
        c.end();
        resolve(true);
      });
      c.on("error", () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

/**
 * Starts tauri-driver with the scenario's environment (the app inherits it through
 * WebKitWebDriver) and opens a session, which launches the app. `stop()` ends both.
 * `application`: what the session starts instead of the app itself (a wrapper that execs it).
 */
export async function startApp(env, { application = APP } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const logFile = fs.openSync(path.join(env.dir, `tauri-driver-${port}.log`), "a");
  const driver = spawn(DRIVER, ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ...env.vars },
    stdio: ["ignore", logFile, logFile],
  });
  // tauri-driver listens at once but starts WebKitWebDriver (the native port) beside it; a
  // session asked for before that one listens fails with a refused connection.
  try {
    await waitForPort(port, 15_000);
    await waitForPort(nativePort, 15_000);
  } catch (e) {
    driver.kill();
    throw e;
  }
  let browser;
  for (let attempt = 1; ; attempt++) {
    try {
      browser = await remote({
        hostname: "127.0.0.1",
        port,
        logLevel: "error",
        connectionRetryCount: 0,
        capabilities: {
          "tauri:options": { application },
          "wdio:enforceWebDriverClassic": true,
        },
      });
      break;
    } catch (e) {
      // A busy machine can still lose the first request; a second one is a fair test, a third
      // would hide a real fault.
      if (attempt >= 2 || !String(e).includes("UND_ERR_SOCKET")) {
        driver.kill();
        throw e;
      }
      await waitUntil(() => !appRunning(), 10_000, "the half-started app to quit").catch(() => {});
      await sleep(1000);
    }
  }
  const app = {
    browser,
    async stop() {
      try {
        await browser.deleteSession();
      } catch {
        // The app may already be gone.
      }
      driver.kill();
      await new Promise((r) => (driver.exitCode !== null ? r() : driver.once("exit", r)));
      // Let the app's own process finish writing before the next scenario reuses the files.
      await waitUntil(() => !appRunning(), 10_000, "the app to quit").catch(() => {});
    },
    $: (testid, extra = "") => browser.$(`[data-testid="${testid}"]${extra}`),
    $$: (testid, extra = "") => browser.$$(`[data-testid="${testid}"]${extra}`),
    async click(testid, extra = "") {
      const el = await app.$(testid, extra);
      await el.waitForClickable({ timeout: 10_000 });
      await el.click();
    },
    async type(testid, text) {
      const el = await app.$(testid);
      await el.waitForDisplayed({ timeout: 10_000 });
      await el.clearValue();
      await el.setValue(text);
      // Some WebKitWebDriver builds (seen with Debian's 2.50.6-1~deb12u2 under Xvfb) send typed
      // capitals without Shift, so "E2E-A" arrives as "e2e-a" (and "http://" as "http;//"). Where the keys arrived with the
      // wrong case, the value is set as a paste would set it (an input event), and said so.
      const got = await el.getValue();
      if (got !== text && got === unshifted(text)) {
        if (!warnedCase) console.warn("e2e: WebKitWebDriver typed without Shift; values are set by input events");
        warnedCase = true;
        await browser.execute(
          (node, value) => {
            const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(node), "value").set;
            setter.call(node, value);
            node.dispatchEvent(new Event("input", { bubbles: true }));
          },
          el,
          text,
        );
      }
      const now = await el.getValue();
      if (now !== text) throw new Error(`typing into ${testid}: the field holds ${JSON.stringify(now)}, not ${JSON.stringify(text)}`);
    },
    async waitReady() {
      const root = await app.$("app", '[data-ready="true"]');
      await root.waitForExist({ timeout: 20_000 });
    },
  };
  return app;
}

/** Whether an app process of ours is still running. */
export function appRunning() {
  try {
    execFileSync("pgrep", ["-f", `^${APP}( |$)`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Every Notify call recorded on the session bus so far (one string per call, with its args). */
export function notifyCalls() {
  if (!NOTIFY_LOG || !fs.existsSync(NOTIFY_LOG)) return [];
  const text = fs.readFileSync(NOTIFY_LOG, "utf8");
  return text
    .split(/\n(?=method call )/)
    .filter((block) => block.startsWith("method call ") && block.includes("member=Notify"));
}

/** Lines of the app's log file (tauri-plugin-log, in the app's log folder) matching `re`. */
export function appLogLines(env, re) {
  const dir = path.join(env.vars.XDG_DATA_HOME, "com.poskeeper.app", "logs");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".log"))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n"))
    .filter((l) => re.test(l));
}

/** A screenshot of the whole X display into artifacts/. */
export function screenshot(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  execFileSync("import", ["-window", "root", file]);
  return file;
}

/** The app's windows mapped (visible) on the X display, by class (the binary's name): xdotool's
 * --name does not match UTF-8 titles. */
export function visibleWindows() {
  try {
    const out = execFileSync("xdotool", ["search", "--onlyvisible", "--class", "^poskeeper-app$"], {
      encoding: "utf8",
    });
    return out.split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

/** Whether a window of the app is mapped (visible) on the X display. */
export function windowVisible() {
  return visibleWindows().length > 0;
}

/** An ICCID (20 digits, 89…) with a correct Luhn check digit. */
export function iccid(body19) {
  for (let d = 0; d <= 9; d++) {
    const s = body19 + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let n = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) {
        n *= 2;
        if (n > 9) n -= 9;
      }
      sum += n;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error("no check digit");
}

/** The digits of an element's text as a number ("共 10,000 台" → 10000). */
export async function numberIn(el) {
  const t = await el.getText();
  const m = t.replace(/[,，\s]/g, "").match(/\d+/);
  return m ? Number(m[0]) : NaN;
}

/**
 * Launches the app binary itself, as a desktop launcher does (no WebDriver), with the scenario's
 * environment; `extra` overrides it. Returns the child process, its output kept in the scenario.
 */
export function launchApp(env, extra = {}, args = []) {
  const log = fs.openSync(path.join(env.dir, `app-${Date.now()}.log`), "a");
  const child = spawn(APP, args, { env: { ...process.env, ...env.vars, ...extra }, stdio: ["ignore", log, log] });
  child.exited = new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code))));
  return child;
}

/** A line-protocol child process (the tray probe): `ask(cmd)` writes a line and awaits the answer. */
export function lineProcess(bin, env) {
  const child = spawn(bin, [], { env: { ...process.env, ...env.vars }, stdio: ["pipe", "pipe", "inherit"] });
  const lines = [];
  let buf = "";
  child.stdout.on("data", (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  /** The first unread message that `pred` accepts (taken off the queue). */
  const next = async (pred, ms, what) => {
    const end = Date.now() + ms;
    for (;;) {
      const at = lines.findIndex(pred);
      if (at >= 0) return lines.splice(at, 1)[0];
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };
  return {
    child,
    next,
    async ask(cmd) {
      child.stdin.write(`${cmd}\n`);
      const msg = await next((m) => !("registered" in m) && !("ready" in m), 10_000, `an answer to ${cmd}`);
      if (msg.error) throw new Error(`${cmd}: ${msg.error}`);
      return msg;
    },
    stop() {
      child.stdin.end();
      child.kill();
    },
  };
}
