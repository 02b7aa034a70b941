// What the first screen shows, before the UI is mounted: usually given by the shell with the page
// (src-tauri/src/first_screen.rs); otherwise app_info and the agenda's first pages are asked for
// together as soon as the script runs, not one after the other. The window is shown once the first
// screen is drawn, so this is what the user waits for.
import { api, takeFirstScreen, type AppInfo, type ReminderPage } from '../ipc';
import { mark } from './startup';
import { URGENCIES } from './agenda';

/** Rows per urgency on the agenda's first load: more than a window shows, few enough to draw at
 * once (the shell's `FIRST_ROWS`). */
export const AGENDA_FIRST = 20;

let info: Promise<AppInfo> | null = null;
let agenda: Promise<ReminderPage[]> | null = null;
// What the shell gave: drawn in the very first render, without waiting for anything.
let infoNow: AppInfo | null = null;
let agendaNow: ReminderPage[] | null = null;

/** The agenda's first pages, in `URGENCIES` order. */
export function agendaPages(limit: (index: number) => number = () => AGENDA_FIRST): Promise<ReminderPage[]> {
  return Promise.all(URGENCIES.map((u, i) => api.reminders({ urgency: u, offset: 0, limit: limit(i) })));
}

/** Takes the first screen the shell made the window with, or sends its questions now. */
export function askEarly(): void {
  const given = takeFirstScreen();
  if (given) {
    mark('from-shell');
    infoNow = given.info;
    const pages = given.agenda;
    agendaNow = pages ? URGENCIES.map((u) => pages[u]) : null;
    return;
  }
  info = api.appInfo();
  agenda = agendaPages();
  // Answers nobody takes (an empty or unreadable database shows another screen) are not errors.
  info.catch(() => {});
  agenda.catch(() => {});
}

/** The early app_info answer, once; then a fresh question. */
export function takeInfo(): Promise<AppInfo> {
  const p = info ?? api.appInfo();
  info = null;
  return p;
}

/** The early agenda pages, once; `null` afterwards (or when nothing was asked early). */
export function takeAgenda(): Promise<ReminderPage[]> | null {
  const p = agenda;
  agenda = null;
  return p;
}

/** The app_info the shell gave with the page, once (`null` if it gave none). */
export function takeInfoNow(): AppInfo | null {
  const i = infoNow;
  infoNow = null;
  return i;
}

/** The agenda pages the shell gave with the page, in `URGENCIES` order, once. */
export function takeAgendaNow(): ReminderPage[] | null {
  const a = agendaNow;
  agendaNow = null;
  return a;
}
