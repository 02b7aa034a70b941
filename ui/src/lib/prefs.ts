// What the UI remembers by itself (not in the database): the language choice.
import type { Lang } from '../ipc/types';

const KEY = 'poskeeper.lang';

export function loadLangChoice(): Lang | 'auto' {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'zh-CN' || v === 'zh-TW' || v === 'en') return v;
  } catch {
    // No storage: follow the OS.
  }
  return 'auto';
}

export function saveLangChoice(v: Lang | 'auto') {
  try {
    if (v === 'auto') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, v);
  } catch {
    // Not fatal.
  }
}
