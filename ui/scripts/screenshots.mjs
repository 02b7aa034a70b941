// Screenshots of the UI in a plain Chromium against the Vite dev server with the in-memory mock
// backend (?mock). Usage: node scripts/screenshots.mjs [outDir] [--only=name,name] [--langs=zh-CN,en]
// Needs Debian's chromium (CHROMIUM=/path overrides).
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const out = resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/poskeeper-shots');
const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]?.split(',');
const only = opt('only');
const langs = opt('langs') ?? ['zh-CN', 'en', 'zh-TW'];
const sizes = (opt('sizes') ?? ['1280x800', '1024x640']).map((s) => s.split('x').map(Number));
mkdirSync(out, { recursive: true });

const server = await createServer({ configFile: resolve('vite.config.ts'), server: { port: 5199, strictPort: true }, logLevel: 'error' });
await server.listen();
const base = 'http://127.0.0.1:5199/';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const scenes = {
  agenda: async (p) => {},
  agendalater: async (p) => {
    await p.evaluate(() => document.querySelector('[data-testid=agenda-group-soon]')?.scrollIntoView());
  },
  terminals: async (p) => {
    await p.click('[data-testid=nav-terminals]');
    await p.waitForSelector('[data-testid=terminal-row]');
  },
  detail: async (p) => {
    await p.click('[data-testid=nav-terminals]');
    await p.waitForSelector('[data-testid=terminal-row]');
    await p.click('[data-testid=terminal-row] >> nth=0');
    await p.waitForSelector('[data-testid=terminal-detail]');
  },
  form: async (p) => {
    await p.click('[data-testid=nav-terminals]');
    await p.click('[data-testid=add-terminal]');
    await p.waitForSelector('input[name=sn]');
    await p.fill('input[name=sn]', 'PAX-A920-0001');
    await p.fill('input[name=activated_on]', '2026/3/5');
    await p.fill('input[name=iccid]', '8986001234567890123');
  },
  formsim: async (p) => {
    await p.click('[data-testid=nav-terminals]');
    await p.click('[data-testid=add-terminal]');
    await p.waitForSelector('input[name=sn]');
    await p.fill('input[name=sn]', 'PAX-A920-0001');
    await p.fill('input[name=iccid]', '89860012345678901230');
    await p.waitForTimeout(400);
    await p.evaluate(() => document.querySelector('input[name=iccid]')?.scrollIntoView({ block: 'start' }));
  },
  renew: async (p) => {
    await p.click('[data-testid=action-renew] >> nth=0');
    await p.waitForSelector('[data-testid=renew-dialog]');
  },
  closerepair: async (p) => {
    await p.click('[data-testid=nav-repairs]');
    await p.click('[data-testid=repair-close] >> nth=0');
    await p.waitForSelector('[data-testid=close-repair-dialog]');
  },
  wizard2: async (p) => {
    await p.click('[data-testid=nav-terminals]');
    await p.click('[data-testid=terminal-row] >> nth=1');
    await p.click('[data-testid=report-fault]');
    await p.click('[data-testid=fault-printer]');
    await p.click('[data-testid=wizard-next]');
    await p.waitForTimeout(300);
  },
  repairs: async (p) => {
    await p.click('[data-testid=nav-repairs]');
    await p.waitForTimeout(300);
  },
  wizard: async (p) => {
    await p.click('[data-testid=nav-repairs]');
    await p.click('[data-testid=new-repair]');
    await p.waitForTimeout(300);
  },
  maintenance: async (p) => {
    await p.click('[data-testid=nav-maintenance]');
    await p.waitForTimeout(300);
  },
  contacts: async (p) => {
    await p.click('[data-testid=nav-contacts]');
    await p.waitForTimeout(300);
  },
  import: async (p) => {
    await p.click('[data-testid=nav-import]');
    await p.waitForTimeout(300);
  },
  export: async (p) => {
    await p.click('[data-testid=nav-export]');
    await p.waitForTimeout(300);
  },
  settings: async (p) => {
    await p.click('[data-testid=nav-settings]');
    await p.waitForTimeout(400);
  },
  firstrun: { query: '?mock&empty', run: async () => {} },
  dberror: { query: '?mock&dberror', run: async () => {} },
  importpreview: {
    query: '?mock&files',
    run: async (p) => {
      await p.click('[data-testid=nav-import]');
      // The mock's file dialog answers 终端清单.xlsx.
      await p.click('[data-testid=import-pick]');
      await p.waitForSelector('[data-testid=import-preview-result]');
    },
  },
  big: {
    query: '?mock=100000',
    run: async (p) => {
      await p.click('[data-testid=nav-terminals]');
      await p.waitForSelector('[data-testid=terminal-row]');
      await p.evaluate(() => {
        const s = document.querySelector('[data-testid=terminal-table]');
        if (s) s.scrollTop = 2_000_000;
      });
      await p.waitForTimeout(600);
    },
  },
};

let n = 0;
for (const lang of langs) {
  for (const [w, h] of sizes) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: lang, deviceScaleFactor: 1 });
    for (const [name, scene] of Object.entries(scenes)) {
      if (only && !only.includes(name)) continue;
      const query = typeof scene === 'function' ? '?mock' : scene.query;
      const run = typeof scene === 'function' ? scene : scene.run;
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`[${name} ${lang}] page error:`, e.message));
      page.on('console', (m) => m.type() === 'error' && console.error(`[${name} ${lang}] console:`, m.text()));
      await page.goto(base + query);
      await page.waitForSelector('[data-testid=app][data-ready=true]');
      await page.waitForTimeout(400);
      try {
        await run(page);
      } catch (e) {
        console.error(`[${name} ${lang} ${w}x${h}]`, e.message);
      }
      await page.waitForTimeout(250);
      const file = `${out}/${name}-${lang}-${w}x${h}.png`;
      await page.screenshot({ path: file });
      n++;
      await page.close();
    }
    await ctx.close();
  }
}
await browser.close();
await server.close();
console.log(`${n} screenshots in ${out}`);
