// Milestones of the first start-up (ms since the page began loading), sent with `ui_ready` so the
// app's log shows where the time to the first screen goes.
export const marks: Record<string, number> = {};

export function mark(name: string): void {
  if (!(name in marks)) marks[name] = Math.round(performance.now());
}
