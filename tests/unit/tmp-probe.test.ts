import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { loadWorld, naiveFigures, naiveUnits, SHEET_LAYOUTS } from './naive-report.ts';
it('probe', () => {
  const spec = JSON.parse(readFileSync('tests/fixtures/real/specs/vpr2021-ma5.json', 'utf8'));
  let t = performance.now();
  const L = loadWorld(new Uint8Array(readFileSync('tests/fixtures/real/vpr2021-ma5-region-export.xlsx')), SHEET_LAYOUTS['region-2021'], spec);
  console.log('load', performance.now() - t, L.world.pupils.length, L.world.schools.length, L.warnings);
  t = performance.now(); const us = naiveUnits(L.world); console.log('units', performance.now() - t, us.length);
  t = performance.now(); naiveFigures(L.world.pupils, spec); console.log('all', performance.now() - t);
  t = performance.now(); for (const u of us.slice(1)) naiveFigures(u.pupils, spec); console.log('rest', performance.now() - t);
}, 100000);
