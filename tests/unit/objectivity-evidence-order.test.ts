// The «по силе свидетельств» order: families first, then riskScore, then name — checked on rows whose
// expected order is written out by hand.
import { describe, expect, it } from 'vitest';
import { byEvidence } from '../../src/ui/objectivity/evidence-order.ts';

describe('evidence order', () => {
  it('more families first, then the larger riskScore, then the name; the input is not changed', () => {
    const rows = [
      { id: 'a', name: 'Школа Б', level: 'amber' as const, riskScore: 3, families: ['external' as const] },
      { id: 'b', name: 'Школа А', level: 'amber' as const, riskScore: 3, families: ['pattern' as const] },
      {
        id: 'c',
        name: 'Школа В',
        level: 'red' as const,
        riskScore: 2.5,
        families: ['pattern' as const, 'context' as const],
      },
      {
        id: 'd',
        name: 'Школа Г',
        level: 'amber' as const,
        riskScore: 7,
        families: ['distribution' as const],
      },
    ];
    expect(byEvidence(rows).map((r) => r.id)).toEqual(['c', 'd', 'b', 'a']);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
