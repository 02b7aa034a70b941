// App-wide state: which screen is shown, today's date, toasts, the unsaved-changes guard.
import type { AppInfo } from '../ipc/types';

export type Screen =
  | 'agenda'
  | 'terminals'
  | 'terminal'
  | 'terminal-form'
  | 'repairs'
  | 'maintenance'
  | 'contacts'
  | 'import'
  | 'export'
  | 'outlook'
  | 'settings';

export interface Route {
  screen: Screen;
  /** terminal / terminal-form (edit): the SN */
  sn?: string;
  /** terminals: a search to apply */
  search?: string;
  /** terminal-form: open at this part of the form */
  focus?: 'warranty';
  /** repairs: open the new-ticket flow for this SN */
  newRepairFor?: string;
  /** The user chose this screen in the sidebar: a screen starts afresh (its own search cleared). */
  via?: 'sidebar';
}

export const app = $state<{
  info: AppInfo | null;
  route: Route;
  /** Bumped after any write so screens reload. */
  version: number;
  pressing: number;
  focusSearch: number;
  /** The first screen shows its data (then the shell may show the window). */
  ready: boolean;
  /**
   * Counts the user's trips through the sidebar. A screen that remembers its state for a return
   * (the terminal list, for "back to the list" from a terminal) keeps it only within one trip.
   */
  sidebarTrips: number;
}>({
  info: null,
  route: { screen: 'agenda' },
  version: 0,
  pressing: 0,
  focusSearch: 0,
  ready: false,
  sidebarTrips: 0,
});

export function today(): string {
  return app.info?.today ?? new Date().toISOString().slice(0, 10);
}

/** A form with unsaved edits registers a check here; navigation asks before leaving it. */
let dirtyCheck: (() => boolean) | null = null;
let confirmLeave: (() => Promise<boolean>) | null = null;

export function setDirtyCheck(f: (() => boolean) | null) {
  dirtyCheck = f;
}
export function setLeaveConfirmer(f: () => Promise<boolean>) {
  confirmLeave = f;
}

export async function navigate(route: Route): Promise<boolean> {
  if (dirtyCheck && dirtyCheck()) {
    const ok = confirmLeave ? await confirmLeave() : true;
    if (!ok) return false;
  }
  dirtyCheck = null;
  if (route.via === 'sidebar') app.sidebarTrips++;
  app.route = route;
  return true;
}

export function changed() {
  app.version++;
}

export interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error' | 'info';
}
export const toasts = $state<{ list: Toast[] }>({ list: [] });
let toastId = 0;
export function toast(text: string, kind: Toast['kind'] = 'ok') {
  const id = ++toastId;
  toasts.list.push({ id, text, kind });
  setTimeout(() => {
    toasts.list = toasts.list.filter((t) => t.id !== id);
  }, kind === 'error' ? 7000 : 3500);
}
