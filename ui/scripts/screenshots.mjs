// Screenshots of the UI in a plain Chromium against the Vite dev server's browser preview (?mock:
// the fixture dataset of src/ipc/fixtures.ts, no rules of its own). Usage:
//   npm run shots [outDir] [--only=name,name] [--langs=zh-CN,en] [--sizes=1280x800]
// Each scene waits for what it should show (its `shows` selector); a scene that does not get
// there, a page error or a console error fails the run (exit 1) after all shots are taken.
// Needs Debian's chromium at /usr/bin/chromium (CHROMIUM=/path overrides); never downloads one.
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
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

// Each scene: the preview's query (default ?mock), what to do, and the selector that shows it got there.
const nav = (id) => async (p) => p.click(`[data-testid=nav-${id}]`);
const scenes = {
  agenda: { shows: '[data-testid=agenda-item]' },
  agendalater: {
    run: async (p) => p.evaluate(() => document.querySelector('[data-testid=agenda-group-soon]')?.scrollIntoView()),
    shows: '[data-testid=agenda-group-soon] [data-testid=agenda-item]',
  },
  terminals: { run: nav('terminals'), shows: '[data-testid=terminal-row][data-sn=PAX10000001]' },
  detail: {
    run: async (p) => {
      await p.click('[data-testid=nav-terminals]');
      await p.click('[data-testid=terminal-row] >> nth=0');
    },
    shows: '[data-testid=terminal-detail][data-sn=PAX10000001] [data-testid=detail-sim]',
  },
  form: {
    run: async (p) => {
      await p.click('[data-testid=nav-terminals]');
      await p.click('[data-testid=add-terminal]');
      await p.fill('input[name=sn]', 'PAX-A920-0001');
      await p.fill('input[name=activated_on]', '2026/3/5');
      // 19 digits: the form's own "incomplete" feedback (no call to the core yet).
      await p.fill('input[name=iccid]', '8986001234567890123');
    },
    shows: '[data-testid=terminal-form]',
  },
  formsim: {
    run: async (p) => {
      await p.click('[data-testid=nav-terminals]');
      await p.click('[data-testid=add-terminal]');
      await p.fill('input[name=sn]', 'PAX-A920-0001');
      await p.fill('input[name=iccid]', '89860012345678901230');
      // The fixture's check_iccid answer suggests China Mobile.
      await p.waitForSelector('[data-testid=carrier-suggestion]');
      await p.evaluate(() => document.querySelector('input[name=iccid]')?.scrollIntoView({ block: 'start' }));
    },
    shows: '[data-testid=carrier-suggestion]',
  },
  renew: { run: async (p) => p.click('[data-testid=action-renew] >> nth=0'), shows: '[data-testid=renew-dialog]' },
  replace: {
    run: async (p) => {
      await p.click('[data-testid=nav-repairs]');
      await p.click('[data-testid=repair-card][data-id="301"] [data-testid=repair-replace]');
      await p.waitForSelector('[data-testid=replace-sim]');
      await p.fill('[data-testid=replaced-by]', 'PAX-NEW-01');
      await p.click('[data-testid=dereg-step][data-item=move_or_cancel_sim]');
    },
    shows: '[data-testid=replace-target][data-kind=new]',
  },
  closerepair: {
    run: async (p) => {
      await p.click('[data-testid=nav-repairs]');
      await p.click('[data-testid=repair-close] >> nth=0');
    },
    shows: '[data-testid=close-repair-dialog]',
  },
  wizard2: {
    run: async (p) => {
      await p.click('[data-testid=nav-terminals]');
      await p.click('[data-testid=terminal-row] >> nth=1');
      await p.click('[data-testid=report-fault]');
      await p.click('[data-testid=fault-printer]');
      await p.click('[data-testid=wizard-next]');
      await p.waitForTimeout(300);
    },
    // Step 2: whom to call, the terminal's linked contact (银联商务 for NL20000002).
    shows: '[data-testid=repair-wizard] >> text=95534',
  },
  repairs: { run: nav('repairs'), shows: '[data-testid=repairs] [data-testid=repair-card]' },
  wizard: {
    run: async (p) => {
      await p.click('[data-testid=nav-repairs]');
      await p.click('[data-testid=new-repair]');
    },
    shows: '[data-testid=repair-wizard] [data-testid=wizard-sn]',
  },
  maintenance: { run: nav('maintenance'), shows: '[data-testid=maintenance-item]' },
  contacts: { run: nav('contacts'), shows: '[data-testid=contact-row]' },
  import: { run: nav('import'), shows: '[data-testid=import-pick]' },
  export: { run: nav('export'), shows: '[data-testid=export-xlsx]' },
  settings: { run: nav('settings'), shows: '[data-testid=setting-language]' },
  backups: {
    query: '?mock&files',
    run: async (p) => {
      await p.click('[data-testid=nav-settings]');
      await p.waitForSelector('[data-testid=backup-line]');
      await p.evaluate(() => document.querySelector('[data-testid=backups]')?.scrollIntoView({ block: 'center' }));
    },
    shows: '[data-testid=backup-line]',
  },
  warranty: {
    run: async (p) => {
      await p.click('[data-testid=nav-terminals]');
      await p.click('[data-testid=add-terminal]');
      await p.click('[data-testid=warranty-by-months]');
      await p.evaluate(() => document.querySelector('[data-testid=form-warranty]')?.scrollIntoView({ block: 'center' }));
    },
    shows: '[data-testid=warranty-state][data-state=none]',
  },
  addwarranty: {
    run: async (p) => {
      await p.click('[data-testid=nav-terminals]');
      await p.click('[data-testid=terminal-row][data-sn=LKL50000005]');
      await p.waitForSelector('[data-testid=add-warranty]');
    },
    shows: '[data-testid=detail-warranty] [data-testid=add-warranty]',
  },
  repairs: { run: nav('repairs'), shows: '[data-testid=repair-card] [data-testid=repair-store]' },
  repairsclosed: {
    run: async (p) => {
      await p.click('[data-testid=nav-repairs]');
      // Close ticket 302 through its dialog (the preview marks it closed), then open 已完成.
      await p.click('[data-testid=repair-card][data-id="302"] [data-testid=repair-close]');
      await p.click('[data-testid=repair-tests] input >> nth=0');
      await p.fill('input[name=cost]', '150');
      await p.click('[data-testid=save]');
      await p.waitForSelector('[data-testid=tests-left]');
      await p.click('[data-testid=save]');
      await p.click('[data-testid=repair-filter-closed]');
    },
    shows: '[data-testid=closed-card] [data-testid=repair-store]',
  },
  wizardhotline: {
    run: async (p) => {
      await p.click('[data-testid=nav-repairs]');
      await p.click('[data-testid=new-repair]');
      await p.fill('[data-testid=wizard-sn]', 'PAX10000004');
      await p.press('[data-testid=wizard-sn]', 'Tab');
      await p.click('[data-testid=fault-printer]');
      await p.click('[data-testid=wizard-next]');
      await p.fill('[data-testid=hotline-phone]', '95574');
    },
    shows: '[data-testid=hotline-fields]',
  },
  bulkrenew: {
    run: async (p) => {
      await p.click('[data-testid=nav-terminals]');
      await p.waitForSelector('[data-testid=terminal-row][data-sn=PAX10000004]');
      for (const sn of ['PAX10000001', 'NL20000002', 'LD30000003', 'PAX10000004']) {
        await p.click(`[data-testid=terminal-row][data-sn=${sn}] input[type=checkbox]`);
      }
      await p.click('[data-testid=bulk-renew]');
    },
    shows: '[data-testid=renew-dialog] [data-testid=renew-skipped]',
  },
  firstrun: { query: '?mock&empty', shows: '[data-testid=first-run]' },
  dberror: { query: '?mock&dberror', shows: '[data-testid=db-error][data-code=db_damaged]' },
  importpreview: {
    query: '?mock&files',
    run: async (p) => {
      await p.click('[data-testid=nav-import]');
      // The fixture's file dialog answers 终端清单.xlsx, its dry run two bad rows.
      await p.click('[data-testid=import-pick]');
    },
    shows: '[data-testid=import-preview-result] [data-testid=import-error-row]',
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
    },
    // Rows far down the generated ones (DEMO0010000 and on) are drawn.
    shows: '[data-testid=terminal-row][data-sn^=DEMO00]:not([data-sn^=DEMO00000])',
  },
};

let n = 0;
const failures = [];
for (const lang of langs) {
  for (const [w, h] of sizes) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: lang, deviceScaleFactor: 1 });
    for (const [name, scene] of Object.entries(scenes)) {
      if (only && !only.includes(name)) continue;
      const where = `${name} ${lang} ${w}x${h}`;
      const fail = (what) => {
        failures.push(`[${where}] ${what}`);
        console.error(`[${where}] ${what}`);
      };
      const page = await ctx.newPage();
      page.on('pageerror', (e) => fail(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && fail(`console: ${m.text()}`));
      try {
        await page.goto(base + (scene.query ?? '?mock'));
        await page.waitForSelector('[data-testid=app][data-ready=true]', { timeout: 15_000 });
        await page.waitForTimeout(400);
        await scene.run?.(page);
        await page.waitForSelector(scene.shows, { timeout: 10_000 });
      } catch (e) {
        fail(e.message.split('\n')[0]);
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
console.log(`${n} screenshots in ${out}${failures.length ? `; ${failures.length} failed` : ''}`);
process.exit(failures.length ? 1 : 0);
