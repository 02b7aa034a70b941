import { toApiError } from '../ipc';
import { errorText } from './i18n/index.svelte';
import { toast } from './app.svelte';

/** The user-facing text of any failure. */
export function describeError(e: unknown): string {
  const err = toApiError(e);
  return errorText(err.code, err.message);
}

export function showError(e: unknown) {
  toast(describeError(e), 'error');
}

export function isUnknownCommand(e: unknown): boolean {
  return toApiError(e).code === 'unknown_command';
}
