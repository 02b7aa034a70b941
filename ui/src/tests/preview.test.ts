// @vitest-environment happy-dom
// The browser preview (`npm run dev`, /?mock) runs on the fixture dataset: every screen opens
// with data and without an error, and the few writes that update the fixture plainly do so.
import { describe, expect, it } from 'vitest';
import { app } from '../lib/app.svelte';
import { installDevMock, type DevMock } from '../ipc/dev-mock';
import { ICCID } from '../ipc/fixtures';
import { click, mountApp, q, qa, until, useAppHarness } from './harness';

useAppHarness();

let dev: DevMock;
async function preview(query: string) {
  mountApp({}, undefined, () => (dev = installDevMock(new URLSearchParams(query))));
  await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
}

/** No error line on the screen, and nothing the mock had no answer for. */
function noErrors(screen: string) {
  const errs = qa('.error-text').map((e) => e.textContent?.trim()).filter(Boolean);
  expect(errs, screen).toEqual([]);
  expect(q('[data-testid=not-available]'), screen).toBeNull();
}

describe('the browser preview', () => {
  it('every screen opens on the fixtures', async () => {
    await preview('mock&files&lang=zh-CN');
    await until(() => qa('[data-testid=agenda-item]').length === 7, 'the seven reminders');
    const screens: [string, string, string][] = [
      ['nav-terminals', 'terminals', '[data-testid=terminal-row]'],
      ['nav-repairs', 'repairs', '[data-testid=repair-card]'],
      ['nav-maintenance', 'maintenance', '[data-testid=maintenance-item]'],
      ['nav-contacts', 'contacts', '[data-testid=add-contact]'],
      ['nav-import', 'import', '[data-testid=import-pick]'],
      ['nav-export', 'export', '[data-testid=export-xlsx]'],
      ['nav-settings', 'settings', '[data-testid=restore]'],
      ['nav-agenda', 'agenda', '[data-testid=agenda-item]'],
    ];
    for (const [nav, screen, shows] of screens) {
      click(q(`[data-testid=${nav}]`));
      await until(() => q(`[data-testid=${screen}] ${shows}`), `${screen} with data`);
      noErrors(screen);
    }
    for (const [sn, store] of [['PAX10000001', '朝阳路店'], ['NL20000002', '人民广场店'], ['LD30000003', '火车站店'], ['LD30000007', '新华街店']]) {
      app.route = { screen: 'terminal', sn };
      await until(() => q(`[data-testid=terminal-detail][data-sn="${sn}"]`)?.textContent?.includes(store), `the detail of ${sn}`);
      noErrors(sn);
    }
    expect(dev.calls.some((c) => c.cmd === 'ui_ready')).toBe(true);
  });

  it('a snoozed line leaves the agenda; the file commands are "not available yet" without &files', async () => {
    await preview('mock&lang=zh-CN');
    const key = `sim_expiry:${ICCID.b}`;
    const line = await until(() => q(`[data-testid=agenda-item][data-key="${key}"]`), 'the line');
    click(line.querySelector('[data-testid=snooze-1d]'));
    await until(() => !q(`[data-testid=agenda-item][data-key="${key}"]`), 'the line to leave');
    expect(qa('[data-testid=agenda-item]').length).toBe(6);
    click(q('[data-testid=nav-import]'));
    click(await until(() => q('[data-testid=import-pick]'), 'the import screen'));
    await until(() => q('[data-testid=not-available]'), 'the notice');
  });

  it('first run: sample data fills the agenda', async () => {
    await preview('mock&empty&lang=zh-CN');
    click(await until(() => q('[data-testid=load-demo]'), 'the first-run screen'));
    await until(() => q('[data-testid=agenda-item]'), 'the agenda after loading sample data');
  });

  it('a damaged database shows the error screen with its backups', async () => {
    await preview('mock&dberror&files&lang=zh-CN');
    const box = await until(() => q('[data-testid=db-error]'), 'the db-error screen');
    expect(box.dataset.code).toBe('db_damaged');
    await until(() => qa('[data-testid=restore]').length === 2, 'the backups');
  });
});
