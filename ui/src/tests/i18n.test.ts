import { describe, expect, it } from 'vitest';
import { zhCN } from '../lib/i18n/zh-CN';
import { en } from '../lib/i18n/en';
import { zhTW } from '../lib/i18n/zh-TW';
import { catalogs, langFromLocale, resolveLang, translate } from '../lib/i18n/index.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const keys = Object.keys(zhCN).sort();

  it('every key exists in all three languages, and no other keys', () => {
    for (const [lang, cat] of Object.entries(catalogs)) {
      expect(Object.keys(cat).sort(), lang).toEqual(keys);
    }
  });

  it('no translation is empty and the placeholders agree', () => {
    for (const k of keys) {
      const zh = zhCN[k as keyof typeof zhCN];
      for (const cat of [en, zhTW]) {
        const v = cat[k as keyof typeof cat];
        expect(v.trim(), k).not.toBe('');
        expect(placeholders(v), k).toEqual(placeholders(zh));
      }
    }
  });

  it('English has no Chinese in it', () => {
    const han = /\p{Script=Han}/u;
    const offenders = Object.entries(en).filter(([, v]) => han.test(v));
    expect(offenders).toEqual([]);
  });

  it('zh-TW does not mix in simplified characters', () => {
    // Characters whose simplified form differs from the traditional one, common in this UI.
    const simplified = /[这们个为过还后设动时会无发现务终维护单号费续录择导删钮选开关网络线码户证书间显购备损坏换销记录运营联话]/u;
    const offenders = Object.entries(zhTW).filter(([, v]) => simplified.test(v));
    expect(offenders).toEqual([]);
  });

  it('zh-CN does not mix in traditional characters', () => {
    const traditional = /[這們個為過還後設動時會無發現務終維護單號續錄擇導刪鈕選開關網絡線碼戶證書間顯購備損壞換銷記錄運營聯繫話]/u;
    const offenders = Object.entries(zhCN).filter(([, v]) => traditional.test(v));
    expect(offenders).toEqual([]);
  });

  it('follows the OS language unless the user chose one', () => {
    expect(langFromLocale('zh-TW')).toBe('zh-TW');
    expect(langFromLocale('zh_HK.UTF-8')).toBe('zh-TW');
    expect(langFromLocale('zh-Hant-TW')).toBe('zh-TW');
    expect(langFromLocale('zh-CN')).toBe('zh-CN');
    expect(langFromLocale('en-US')).toBe('en');
    expect(langFromLocale('de-DE')).toBeNull();
    expect(resolveLang('auto', ['de-DE', 'en-GB'])).toBe('en');
    expect(resolveLang('auto', ['fr-FR'])).toBe('zh-CN');
    expect(resolveLang('zh-TW', ['en-US'])).toBe('zh-TW');
    expect(resolveLang(null, ['zh-TW'])).toBe('zh-TW');
  });

  it('fills placeholders', () => {
    expect(translate('zh-CN', 'terminals.count', { n: 3 })).toBe('共 3 台');
    expect(translate('en', 'terminals.count', { n: 3 })).toBe('3 terminals');
    expect(translate('zh-TW', 'date.inDays', { n: 3 })).toBe('還有 3 天');
  });
});
