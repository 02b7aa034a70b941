import { describe, expect, it } from 'vitest';
import { zhCN } from '../lib/i18n/zh-CN';
import { en } from '../lib/i18n/en';
import { zhTW } from '../lib/i18n/zh-TW';
import twArtefacts from '../lib/i18n/zh-TW-artefacts.json';
import { catalogs, langFromLocale, resolveLang, translate } from '../lib/i18n/index.svelte';
import { formatMessage, placeholderNames as placeholders } from '../lib/i18n/message';
import { intervalLabel } from '../lib/labels';

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

  it('every zh-TW string keeps exactly the placeholders of its zh-CN source', () => {
    for (const k of keys) {
      const tw = zhTW[k as keyof typeof zhTW];
      expect(placeholders(tw), k).toEqual(placeholders(zhCN[k as keyof typeof zhCN]));
    }
  });

  it('zh-TW uses Taiwanese words, not a character conversion of zh-CN', () => {
    // What a converter leaves behind → the word a Taiwanese shop owner uses (the table is in the
    // UI README). The core's zh-TW strings are held to the same list (tests/zh_tw_words.rs).
    const artefacts = Object.keys(twArtefacts);
    const offenders = Object.entries(zhTW).flatMap(([k, v]) => artefacts.filter((w) => v.includes(w)).map((w) => `${k}: ${w}`));
    expect(offenders).toEqual([]);
  });

  it('zh-TW names the same thing with the same word everywhere', () => {
    expect(zhTW['nav.terminals']).toBe('刷卡機');
    expect(zhTW['terminals.title']).toBe(zhTW['nav.terminals']);
    expect(zhTW['wizard.terminal']).toBe('哪一台刷卡機（序號）');
    expect(zhTW['wizard.fault']).toBe('故障類型');
    expect(zhTW['col.sn']).toBe('序號');
    expect(zhTW['col.kind']).toBe(zhTW['field.kind']);
    expect(zhTW['col.merchant_no']).toBe(zhTW['field.merchant_no']);
    expect(zhTW['col.store']).toBe(zhTW['terminals.filter.store']);
    expect(zhTW['detail.sim']).toBe('SIM卡');
    expect(zhTW['reminderKind.sim_expiry']).toBe(zhTW['col.sim_expires_on']);
    expect(zhTW['settings.lead.warranty_expiry']).toBe(zhTW['reminderKind.warranty_expiry']);
    expect(zhTW['agenda.renew']).toBe('續約');
    expect(zhTW['settings.restore']).toBe('還原');
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

  it('English says 1 item and 0, 2 or 10,000 items, in every count string', () => {
    const at = (n: number) => translate('en', 'agenda.count', { n });
    expect([0, 1, 2, 10000].map(at)).toEqual(['0 items', '1 item', '2 items', '10,000 items']);
    expect(translate('en', 'terminals.count', { n: 1 })).toBe('1 terminal');
    expect(translate('en', 'date.overdueDays', { n: 1 })).toBe('1 day overdue');
    expect(translate('en', 'renew.bulkTitle', { n: 1 })).toBe('Renew 1 SIM card');
    expect(translate('en', 'import.progress', { done: 1, total: 1 })).toBe('1 of 1 row');
    expect(translate('en', 'import.progress', { done: 9999, total: 10000 })).toBe('9,999 of 10,000 rows');
    expect(translate('en', 'import.notWritten', { n: 1 })).toBe('Nothing imported: 1 row has a problem, nothing was written');
    expect(translate('en', 'repairs.replacedMore', { n: 1 })).toBe('Show 1 more ticket');
    expect(translate('en', 'search.results', { n: 2 })).toBe('2 terminals found, shown in the terminal list');
    // No English string counts "{n} …s" without choosing the plural.
    const bare = Object.entries(en).filter(([, v]) => /\{(n|total)\} [a-z ]*s\b/.test(v) && !/plural/.test(v));
    expect(bare).toEqual([]);
  });

  it('the maintenance interval reads in the singular for one', async () => {
    const { setLang } = await import('../lib/i18n/index.svelte');
    setLang('en');
    expect(intervalLabel({ n: 1, unit: 'months' })).toBe('every month');
    expect(intervalLabel({ n: 3, unit: 'weeks' })).toBe('every 3 weeks');
    setLang('zh-CN');
    expect(intervalLabel({ n: 1, unit: 'months' })).toBe('每 1 个月');
  });

  it('counts get a thousands separator in all three languages; ids and spreadsheet rows do not', () => {
    expect(translate('zh-CN', 'export.done', { n: 10000, path: 'a.csv' })).toBe('已导出 10,000 条到 a.csv');
    expect(translate('zh-TW', 'terminals.count', { n: 100000 })).toBe('共 100,000 台');
    expect(translate('en', 'export.done', { n: 10000, path: 'a.csv' })).toBe('10,000 items exported to a.csv');
    expect(translate('zh-CN', 'wizard.created', { id: 12345 })).toBe('工单 #12345 已建立');
    expect(translate('en', 'import.errorLine', { line: 10001 })).toContain('10001');
    expect(translate('zh-CN', 'settings.version', { v: '1.2.3' })).toBe('版本 1.2.3');
  });

  it('message syntax: exact matches, nested placeholders, unknown ones left alone', () => {
    const s = '{n, plural, =0 {none in {where}} one {# in {where}} other {# in {where}}}';
    expect(formatMessage(s, { n: 0, where: 'A' }, 'en')).toBe('none in A');
    expect(formatMessage(s, { n: 1, where: 'A' }, 'en')).toBe('1 in A');
    expect(formatMessage(s, { n: 1234, where: 'A' }, 'en')).toBe('1,234 in A');
    expect(formatMessage('{a} {b}', { a: 1 }, 'en')).toBe('1 {b}');
    expect(formatMessage('{unclosed', { unclosed: 1 }, 'en')).toBe('{unclosed');
    expect(placeholders(s)).toEqual(['n', 'where']);
  });
});

describe('error codes', () => {
  // Every code the app shell returns (ApiError::new("code", …) in src-tauri/src) has a text in
  // each language: without one, a Chinese user would read the shell's English message.
  it('every code the shell returns is translated', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(__dirname, '../../../src-tauri/src');
    const codes = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.rs')) {
          for (const m of readFileSync(p, 'utf8').matchAll(/ApiError::new\("([a-z_]+)"/g)) codes.add(m[1]);
        }
      }
    };
    walk(root);
    expect(codes.size).toBeGreaterThan(5);
    for (const code of codes) {
      for (const [name, cat] of [['zh-CN', zhCN], ['zh-TW', zhTW], ['en', en]] as const) {
        expect(Object.keys(cat), `${name}: err.${code}`).toContain(`err.${code}`);
      }
    }
  });
});
