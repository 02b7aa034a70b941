import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  formatCount,
  formatDate,
  formatMoney,
  parseTypedDate,
  parseYuan,
  relativeDays,
  tail,
} from '../lib/format';

describe('dates per locale', () => {
  it('formats a calendar date in each language', () => {
    expect(formatDate('2026-12-20', 'zh-CN')).toBe('2026年12月20日');
    expect(formatDate('2026-12-20', 'zh-TW')).toBe('2026年12月20日');
    expect(formatDate('2026-12-20', 'en')).toBe('Dec 20, 2026');
    expect(formatDate(null, 'en')).toBe('—');
  });

  it('does not shift a date by the time zone', () => {
    expect(formatDate('2026-01-01', 'en')).toBe('Jan 1, 2026');
    expect(formatDate('2026-12-31', 'zh-CN')).toBe('2026年12月31日');
  });

  it('says how many days are left in each language', () => {
    expect(relativeDays(3, 'zh-TW')).toBe('還有 3 天');
    expect(relativeDays(3, 'zh-CN')).toBe('还有 3 天');
    expect(relativeDays(3, 'en')).toBe('in 3 days');
    expect(relativeDays(0, 'zh-CN')).toBe('今天');
    expect(relativeDays(-5, 'zh-CN')).toBe('已逾期 5 天');
    expect(relativeDays(-5, 'zh-TW')).toBe('已逾期 5 天');
    expect(relativeDays(-5, 'en')).toBe('5 days overdue');
  });

  it('reads the dates people type', () => {
    for (const s of ['2026-03-05', '2026/3/5', '2026.3.5', '2026年3月5日', '20260305', ' 2026 / 03 / 05 ']) {
      expect(parseTypedDate(s), s).toBe('2026-03-05');
    }
    expect(parseTypedDate('')).toBe('');
    for (const bad of ['2026-02-30', '2026-13-01', '3/5/2026', 'tomorrow', '2026-3']) {
      expect(parseTypedDate(bad), bad).toBeNull();
    }
  });

  it('adds months clamped to the month end, like the core', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-01-31', 13)).toBe('2028-02-29');
    expect(addMonths('2026-11-22', 12)).toBe('2027-11-22');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-11-22', '2026-11-25')).toBe(3);
    expect(daysBetween('2026-11-22', '2026-11-20')).toBe(-2);
  });
});

describe('money', () => {
  it('shows fen as yuan', () => {
    expect(formatMoney(4500)).toBe('¥45.00');
    expect(formatMoney(123456)).toBe('¥1,234.56');
    expect(formatMoney(5)).toBe('¥0.05');
    expect(formatMoney(null)).toBe('—');
  });

  it('reads yuan as typed', () => {
    expect(parseYuan('45')).toBe(4500);
    expect(parseYuan('45.5')).toBe(4550);
    expect(parseYuan('¥45.05')).toBe(4505);
    expect(parseYuan('1,200')).toBe(120000);
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('4.555')).toBeNaN();
    expect(parseYuan('-1')).toBeNaN();
  });

  it('keeps the last digits of an SN', () => {
    expect(tail('PAX-A920-0001', 4)).toBe('0001');
    expect(tail('ab', 4)).toBe('ab');
  });
});

describe('counts', () => {
  it('uses a thousands separator in each language, and never rounds', () => {
    for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
      expect([0, 1, 2, 999, 10000, 10234, 100000].map((n) => formatCount(n, lang))).toEqual(['0', '1', '2', '999', '10,000', '10,234', '100,000']);
    }
  });
});
