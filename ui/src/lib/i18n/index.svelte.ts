// The UI's languages: zh-CN by default, English and zh-TW complete. The choice follows the OS
// (navigator.language) unless the user picked one in Settings.
import { zhCN, type MessageKey, type Messages } from './zh-CN';
import { en } from './en';
import { zhTW } from './zh-TW';
import type { Lang } from '../../ipc/types';
import { formatMessage, type Params } from './message';

export type { MessageKey, Messages };
export const catalogs: Record<Lang, Messages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
export const LANGS: Lang[] = ['zh-CN', 'zh-TW', 'en'];
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

/** Maps a locale name (navigator.language, `zh_TW.UTF-8`, `en-US` …) to one of ours. */
export function langFromLocale(s: string | null | undefined): Lang | null {
  if (!s) return null;
  const l = s.trim().toLowerCase().replace(/_/g, '-');
  if (/^zh-(tw|hk|mo|hant)/.test(l)) return 'zh-TW';
  if (l.startsWith('zh')) return 'zh-CN';
  if (l.startsWith('en')) return 'en';
  return null;
}

/** The language to show: the user's explicit choice, else the OS language, else zh-CN. */
export function resolveLang(choice: Lang | 'auto' | null | undefined, osLocales: readonly string[]): Lang {
  if (choice && choice !== 'auto') return choice;
  for (const l of osLocales) {
    const m = langFromLocale(l);
    if (m) return m;
  }
  return 'zh-CN';
}

export const locale = $state<{ lang: Lang }>({ lang: 'zh-CN' });

export function setLang(lang: Lang) {
  locale.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** A message in `lang` with its placeholders filled (counts formatted, plurals chosen: message.ts). */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return formatMessage(catalogs[lang][key] ?? zhCN[key] ?? key, params, lang);
}

/** Translates in the current language (reactive inside components). */
export function t(key: MessageKey, params?: Params): string {
  return translate(locale.lang, key, params);
}

/** A label of one of the core's vocabularies, e.g. `label('status', 'in_use')`. */
export function label(group: string, code: string | null | undefined): string {
  if (code == null) return '';
  const key = `${group}.${code}` as MessageKey;
  return key in zhCN ? t(key) : code;
}

/** A message for an error code, falling back to the core's own message. */
export function errorText(code: string, message?: string): string {
  const key = `err.${code}` as MessageKey;
  if (key in zhCN) {
    const base = t(key);
    // For validation errors the core's message names the field and value: useful in English.
    if (locale.lang === 'en' && message && code !== 'unknown_command') return message;
    return base;
  }
  return message || t('err.internal');
}
