// Shared set-up for the component tests that mount the whole app in happy-dom against the
// in-memory backend through mockIPC. Not a test file itself (it does not end in .test.ts).
//
// `backend` and `root` are live bindings: after `mountApp()`/`startApp()` every importer sees the
// new backend and the new container.
import { afterEach, beforeEach } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { MockBackend, type MockOptions } from '../ipc/mock-backend';
import App from '../App.svelte';
import { app } from '../lib/app.svelte';

export let backend: MockBackend;
export let root: HTMLElement;
let instance: ReturnType<typeof mount> | null = null;

/** What mockIPC answers a command with; the default hands it to `backend`. */
export type IpcHandler = (cmd: string, args: Record<string, unknown>) => unknown;

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
 * A new backend (40 terminals, zh-CN unless `opts` says otherwise) behind mockIPC, and the app
 * mounted in a new container (`beforeMount` runs in between, as main.ts does). Does not wait.
 */
export function mountApp(opts: MockOptions = {}, handle?: IpcHandler, beforeMount?: () => void) {
  backend = new MockBackend({ terminals: 40, osLang: 'zh-CN', ...opts });
  const answer: IpcHandler = handle ?? ((cmd, args) => backend.handle(cmd, args));
  mockIPC((cmd, args) => answer(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
  beforeMount?.();
  root = document.createElement('div');
  document.body.appendChild(root);
  instance = mount(App, { target: root });
}

/** `mountApp`, then waits for the first screen with data. */
export async function startApp(opts: MockOptions = {}, handle?: IpcHandler) {
  mountApp(opts, handle);
  await until(() => q('[data-testid=app][data-ready=true]'), 'the first screen');
}

function resetAppState() {
  app.info = null;
  app.ready = false;
  app.route = { screen: 'agenda' };
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
