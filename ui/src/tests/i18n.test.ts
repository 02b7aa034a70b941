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

  it('every zh-TW string keeps exactly the placeholders of its zh-CN source', () => {
    for (const k of keys) {
      const tw = zhTW[k as keyof typeof zhTW];
      expect(placeholders(tw), k).toEqual(placeholders(zhCN[k as keyof typeof zhCN]));
    }
  });

  it('zh-TW uses Taiwanese words, not a character conversion of zh-CN', () => {
    // Each of these is what a converter leaves behind; the word a Taiwanese shop owner uses is
    // in the comment (the table is in the UI README).
    const artefacts = [
      '型別', // 類型
      '臺', // 台 (measure word)
      '序列號', // 序號
      '流量卡', // SIM卡
      '終端', // 刷卡機 (device), 端末機代號 (terminal_no)
      '商戶號', // 商店代號
      '門店', // 門市
      '保修', // 保固
      '運營商', // 電信業者
      '工單', // 維修單
      '專案', // 項目
      '計劃', // 計畫
      '軟件', '默認', '信息', '保存', '設置', '搜索', '網絡', '打印', '視頻', '質量', '賬號', '屏幕',
      '恢復', // 還原
      '小票', // 簽單
      '模板', // 範本
      '日曆', // 行事曆
      '托盤', // 系統匣
      '當前', // 目前
      '批量', // 批次
      '列表', // 清單
      '關聯', // 連結
    ];
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
});
