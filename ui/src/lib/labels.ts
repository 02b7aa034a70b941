// Labels for values that are not plain codes.
import type { Interval, MaintenanceTask } from '../ipc/types';
import { t, label } from './i18n/index.svelte';

export function taskLabel(task: MaintenanceTask): string {
  return typeof task === 'string' ? label('task', task) : task.custom;
}

export function intervalLabel(iv: Interval): string {
  return t(`every.${iv.unit}`, { n: iv.n });
}
