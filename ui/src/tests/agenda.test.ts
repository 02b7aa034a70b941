import { describe, expect, it } from 'vitest';
import { actionFor, groupReminders, keyId, sectionsFromPages, totalOf, whatOf } from '../lib/agenda';
import type { Reminder, Urgency } from '../ipc/types';

function r(key: string, urgency: Urgency, due: string, ack = false): Reminder {
  return {
    key,
    kind: key.split(':')[0] as Reminder['kind'],
    due_on: due,
    days_left: 0,
    urgency,
    title: '流量卡到期：PAX A920 · 朝阳路店 · SN PAX-0001',
    terminal_sn: 'PAX-0001',
    iccid: null,
    acknowledged: ack,
    snoozed_until: null,
    lead_days: 30,
    terminal: null,
  };
}

describe('agenda grouping', () => {
  const list = [
    r('sim_expiry:1', 'overdue', '2026-11-01'),
    r('warranty_expiry:A', 'today', '2026-11-22'),
    r('maintenance_due:3', 'soon', '2026-11-25'),
    r('deposit_deadline:4', 'upcoming', '2026-12-20'),
    r('sim_expiry:2', 'overdue', '2026-11-10'),
  ];

  it('puts overdue first, then today and this week together, then later', () => {
    const g = groupReminders(list);
    expect(g.map((x) => x.id)).toEqual(['overdue', 'soon', 'upcoming']);
    expect(g[0].items.map((x) => x.key)).toEqual(['sim_expiry:1', 'sim_expiry:2']);
    expect(g[1].items.map((x) => x.key)).toEqual(['warranty_expiry:A', 'maintenance_due:3']);
    expect(g[2].items.map((x) => x.key)).toEqual(['deposit_deadline:4']);
  });

  it('drops empty groups', () => {
    expect(groupReminders([r('sim_expiry:9', 'upcoming', '2026-12-30')]).map((x) => x.id)).toEqual(['upcoming']);
    expect(groupReminders([])).toEqual([]);
  });

  it('offers the action that resolves each kind', () => {
    expect(actionFor('sim_expiry').id).toBe('renew');
    expect(actionFor('maintenance_due').id).toBe('done');
    expect(actionFor('deposit_deadline').id).toBe('refunded');
    expect(actionFor('repair_overdue').id).toBe('update');
    expect(actionFor('warranty_expiry').id).toBe('view');
  });

  it('reads ids from keys', () => {
    expect(keyId('maintenance_due:12')).toBe(12);
    expect(keyId('deposit_deadline:7')).toBe(7);
    expect(keyId('sim_expiry:89860012345678901238')).toBeNull();
    expect(keyId('warranty_expiry:PAX-1')).toBeNull();
  });

  it('takes what from the title', () => {
    expect(whatOf(list[0])).toBe('流量卡到期');
    expect(whatOf({ ...list[0], title: 'Maintenance due (Cleaning): PAX A920' })).toBe('Maintenance due (Cleaning)');
  });

  it('builds the groups from pages fetched per urgency, and knows what is left to fetch', () => {
    const pages = {
      overdue: { rows: [list[0], list[4]], total: 130 },
      today: { rows: [list[1]], total: 1 },
      soon: { rows: [list[2]], total: 1 },
      upcoming: { rows: [], total: 0 },
    };
    const s = sectionsFromPages(pages);
    expect(s.map((x) => [x.id, x.total, x.more])).toEqual([
      ['overdue', 130, ['overdue']],
      ['soon', 2, []],
    ]);
    expect(s[1].items.map((x) => x.key)).toEqual(['warranty_expiry:A', 'maintenance_due:3']);
    expect(totalOf(pages)).toBe(132);
  });
});
