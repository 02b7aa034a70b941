import { describe, expect, it } from 'vitest';
import { iccidFeedback, luhnOk } from '../lib/iccid';
import { ICCID } from '../ipc/fixtures';

describe('ICCID feedback while typing', () => {
  it('says nothing for an empty field', () => {
    expect(iccidFeedback('', null).level).toBe('none');
  });

  it('reports shape problems at once', () => {
    expect(iccidFeedback('89860a', null)).toMatchObject({ level: 'error', key: 'form.iccid.digits' });
    expect(iccidFeedback('7986001234567890123', null)).toMatchObject({ level: 'error', key: 'form.iccid.prefix' });
    expect(iccidFeedback('898600123', null)).toMatchObject({ level: 'error', key: 'form.iccid.length', params: { n: 9 } });
    expect(iccidFeedback('898600123456789012345', null).key).toBe('form.iccid.length');
  });

  it('treats a wrong check digit as a warning, and keeps the carrier a suggestion', () => {
    const f = iccidFeedback('89860012345678901230', { valid: true, luhnOk: false, suggestedCarrier: 'china_mobile' });
    expect(f).toMatchObject({ level: 'warn', key: 'form.iccid.luhn', suggestion: 'china_mobile' });
    const ok = iccidFeedback('89860312345678901234', { valid: true, luhnOk: true, suggestedCarrier: 'china_telecom' });
    expect(ok).toMatchObject({ level: 'ok', suggestion: 'china_telecom' });
  });

  it('believes the core when it says invalid', () => {
    expect(iccidFeedback('8986001234567890123', { valid: false, luhnOk: false, suggestedCarrier: null }).level).toBe('error');
  });

  it('checks the Luhn digit before the core answers', () => {
    expect(luhnOk('79927398713')).toBe(true);
    expect(luhnOk('79927398710')).toBe(false);
    const iccid = ICCID.a;
    expect(iccidFeedback(iccid, null).level).toBe('ok');
    const wrong = iccid.slice(0, -1) + String((Number(iccid.slice(-1)) + 1) % 10);
    expect(iccidFeedback(wrong, null).level).toBe('warn');
  });
});
