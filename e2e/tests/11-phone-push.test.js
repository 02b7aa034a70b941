// Issue 12: in the real window, Settings → 手机提醒: a 企业微信 group robot added (a stand-in on
// 127.0.0.1 that answers as 企业微信 does), a test message delivered, then the SIM card's reminder
// arrives there once — and not again after the app is restarted.
import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import { appLogLines, cli, iccid, newEnv, screenshot, sleep, startApp, waitUntil } from "../lib/harness.js";

const env = newEnv("phone-push");
const SN = "E2E-PUSH-A920-0001";
const ICCID = iccid("8986011234567890789");

/** The stand-in robot: every JSON body it was sent, by path. */
const received = [];
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ url: req.url, body: JSON.parse(body || "null") });
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end('{"errcode":0,"errmsg":"ok"}');
  });
});
const texts = () => received.map((r) => r.body?.markdown?.content ?? "");
const aboutSn = () => texts().filter((t) => t.includes(SN));
const checks = () => appLogLines(env, /reminder check:/).length;

test("a 企业微信 channel added in Settings gets a SIM reminder once, across a restart", { timeout: 180_000 }, async () => {
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/cgi-bin/webhook/send?key=e2e-0123456789`;
  cli(env, "init");
  cli(env, "settings", "language", "zh-CN");
  cli(env, "terminal", "add", "--sn", SN, "--brand", "百富", "--model", "A920", "--store", "朝阳路店");
  cli(env, "sim", "add", "--iccid", ICCID, "--terminal", SN, "--expires-on", "2026-11-25");
  try {
    let app = await startApp(env);
    try {
      await app.waitReady();
      await app.click("nav-settings");
      await (await app.$("push-none")).waitForDisplayed({ timeout: 10_000 });
      await app.type("push-url", url);
      await app.type("push-name", "店长群");
      await app.click("push-add-button");
      const row = await app.$("push-channel");
      await row.waitForDisplayed({ timeout: 10_000 });
      const rowText = await row.getText();
      assert.ok(rowText.includes("店长群") && rowText.includes("key=e2e-…"), `the key is hidden: ${rowText}`);
      assert.ok(!rowText.includes("0123456789"), rowText);

      // The notifier's round after the channel was added: the SIM card's reminder, once.
      await waitUntil(() => aboutSn().length > 0, 30_000, "the SIM reminder at the stand-in");
      assert.match(aboutSn()[0], /流量卡到期/);
      assert.match(aboutSn()[0], /还有 3 天到期（2026年11月25日）/);

      await app.click("push-test");
      const result = await app.$("push-test-result");
      await result.waitForDisplayed({ timeout: 20_000 });
      assert.equal(await result.getText(), "测试消息已送达，请到群里查看");
      assert.ok(texts().some((t) => t.includes("POS管家：测试消息")), texts().join("\n---\n"));
      const ok = await app.$("push-last-ok");
      await ok.waitForDisplayed({ timeout: 10_000 });
      // The page as WebKit draws it (the X screen's copy can lag behind after a notification).
      const section = await app.$("settings-push");
      await section.scrollIntoView();
      await sleep(500);
      await app.browser.saveScreenshot(screenshot("11-phone-push-zh-CN.png"));
    } finally {
      await app.stop();
    }
    assert.equal(aboutSn().length, 1, `one message about ${SN}: ${aboutSn().join("\n---\n")}`);
    assert.ok(appLogLines(env, /phone push: channel 1 took 1 reminder/).length >= 1, "the round is logged");

    const checksBefore = checks();
    app = await startApp(env);
    try {
      await app.waitReady();
      await waitUntil(() => checks() > checksBefore, 20_000, "the start-up check of the second run");
      await sleep(3000); // the round after that check has had time to send
      assert.equal(aboutSn().length, 1, `nothing sent again after the restart: ${aboutSn().join("\n---\n")}`);
    } finally {
      await app.stop();
    }
    const secretInLog = appLogLines(env, /0123456789/);
    assert.deepEqual(secretInLog, [], "the robot's key never reaches the log");
  } finally {
    server.close();
  }
});
