// Shared set-up for the component tests that mount the whole app in happy-dom against the mock
// backend through mockIPC: canned answers (the fixture set of src/ipc/fixtures.ts unless the test
// says otherwise) and a record of every call. Not a test file itself (it does not end in .test.ts).
//
// `mock` and `root` are live bindings: after `mountApp()`/`startApp()` every importer sees the
// new mock and the new container.
import { afterEach, beforeEach } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { MockBackend } from '../ipc/mock-backend';
import { installFixtures, type FixtureOptions } from '../ipc/fixtures';
import App from '../App.svelte';
import { app, toasts } from '../lib/app.svelte';

export let mock: MockBackend;
export let root: HTMLElement;
let instance: ReturnType<typeof mount> | null = null;

/** Sets up the mock's answers before the app mounts (after the fixtures are installed). */
export type Setup = (mock: MockBackend) => void;

/** Polls `f` (flushing Svelte first) until it gives something truthy; fails after `ms`. */
export async function until<T>(f: () => T | null | undefined | false, what: string, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    flushSync();
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const q = <T extends HTMLElement = HTMLElement>(sel: string) => root.querySelector<T>(sel);
export const qa = (sel: string) => [...root.querySelectorAll<HTMLElement>(sel)];

/** Types `value` into an input or textarea as a user would (one input event). */
export function type(el: HTMLElement, value: string) {
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

/**
 * A new mock with the fixture answers (zh-CN unless `opts` says otherwise), `setup` for what the
 * test needs answered differently, and the app mounted in a new container (`beforeMount` runs in
 * between, as main.ts does). Does not wait.
 */
export function mountApp(opts: FixtureOptions = {}, setup?: Setup, beforeMount?: () => void) {
  mock = installFixtures(new MockBackend(), opts);
  setup?.(mock);
  mockIPC((cmd, args) => mock.handle(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
  beforeMount?.();
  root = document.createElement('div');
  document.body.appendChild(root);
  instance = mount(App, { target: root });
}

/** `mountApp`, then waits for the first screen with data. */
export async function startApp(opts: FixtureOptions = {}, setup?: Setup) {
  mountApp(opts, setup);
  await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
}

/** Clicks `el` and flushes. */
export function click(el: Element | null) {
  if (!el) throw new Error('nothing to click');
  (el as HTMLElement).click();
  flushSync();
}

/** The arguments of every call of `cmd` so far. */
export const calls = (cmd: string) => mock.calls(cmd);

function resetAppState() {
  app.info = null;
  app.ready = false;
  app.route = { screen: 'agenda' };
  toasts.list = [];
}

/** Unmounts the app and forgets its state, as a reload of the page does. */
export function unmountApp() {
  if (instance) unmount(instance);
  instance = null;
  root?.remove();
  resetAppState();
}

/**
 * Registers, in the calling test file, the reset of the app's state before each test and the
 * tear-down after it.
 */
export function useAppHarness() {
  beforeEach(resetAppState);

  afterEach(async () => {
    // Let the delayed ui_ready call land before the mock goes.
    await new Promise((r) => setTimeout(r, 80));
    if (instance) unmount(instance);
    instance = null;
    root?.remove();
    clearMocks();
  });
}

/** The texts of the toasts shown now. */
export const toastTexts = () => qa('[data-testid=toast]').map((t) => t.textContent ?? '');

/** Waits for a toast that reads `text`. */
export const toastSaying = (text: string) => until(() => toastTexts().includes(text), `the toast "${text}" (shown: ${toastTexts().join(' | ')})`);
