// What the settings readers let back in for the context screen's two keys: the support measures are
// cleaned (text only, blanks dropped, at most 50), a summary of the wrong shape reads as absent.
import { describe, expect, it } from 'vitest';
import { readSetting, settingKeys } from '../../src/db/settings-keys';

describe('context settings readers', () => {
  it('supportMeasures: whitespace collapsed, blank measures dropped, non-text fields emptied, ≤ 50', () => {
    const got = readSetting(settingKeys.supportMeasures, [
      { text: '  Семинар\n для  учителей ', term: 'ноябрь', who: 'ММС', extra: 'x' },
      { text: '   ', term: 'a', who: 'b' },
      { text: 'Визит', term: 5, who: null },
      'строка',
    ]);
    expect(got).toEqual([
      { text: 'Семинар для учителей', term: 'ноябрь', who: 'ММС' },
      { text: 'Визит', term: '', who: '' },
    ]);
    const many = Array.from({ length: 80 }, (_, i) => ({ text: `м${i}`, term: '', who: '' }));
    expect(readSetting(settingKeys.supportMeasures, many)).toHaveLength(50);
    expect(readSetting(settingKeys.supportMeasures, { text: 'x' })).toBeUndefined();
  });

  it('contextSummary: only the expected shape', () => {
    const ok = {
      computedAt: '2026-05-01T00:00:00.000Z',
      stamp: 'a|1',
      k: 2,
      silhouette: 0.5,
      clusters: [],
      lowRule: '',
      hardRule: '',
      schools: [{ login: 's1', partners: [] }],
      resources: [],
      effect: [],
      red: 0,
    };
    expect(readSetting(settingKeys.contextSummary, ok)).toEqual(ok);
    expect(readSetting(settingKeys.contextSummary, { ...ok, schools: [{ partners: [] }] })).toBeUndefined();
    expect(readSetting(settingKeys.contextSummary, { ...ok, stamp: 1 })).toBeUndefined();
    expect(readSetting(settingKeys.contextSummary, 'x')).toBeUndefined();
  });
});
