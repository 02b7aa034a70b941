import { describe, expect, it } from 'vitest';
import { blankFields, simPatch, terminalPatch } from '../lib/terminal-form';

describe('the terminal form sends', () => {
  const f = { ...blankFields(), sn: 'PAX-1', brand: ' PAX ', store: '朝阳路店', activated_on: '2026-03-05', warranty_months: '12' };

  it('on add: only what was typed, trimmed', () => {
    expect(terminalPatch(f, false, 'date')).toEqual({ brand: 'PAX', store: '朝阳路店', status: 'in_use', activated_on: '2026-03-05' });
  });

  it('on edit: empty text clears the field, empty dates leave it', () => {
    const p = terminalPatch(f, true, 'date');
    expect(p.model).toBe('');
    expect(p.notes).toBe('');
    expect(p).not.toHaveProperty('acquired_on');
    expect(p).not.toHaveProperty('warranty_until');
  });

  it('the warranty as an end date or as months from activation', () => {
    expect(terminalPatch({ ...f, warranty_until: '2027-03-05' }, false, 'date').warranty_until).toBe('2027-03-05');
    const m = terminalPatch({ ...f, warranty_until: '2027-03-05' }, false, 'months');
    expect(m.warranty_months).toBe(12);
    expect(m).not.toHaveProperty('warranty_until');
  });

  it('the SIM card: yuan as fen, whole numbers, dates', () => {
    const s = simPatch({ ...f, iccid: '8986', annual_fee: '45.5', quota_mb: '30', expires_on: '2026-11-25', carrier: 'china_mobile' }, false);
    expect(s).toEqual({ form: 'physical', annual_fee: 4550, quota_mb: 30, expires_on: '2026-11-25', carrier: 'china_mobile' });
  });
});
