// `npm run oko` as the acceptance checks run it: from a fresh clone (node_modules linked in place of
// `npm ci`, which would install the same lockfile), the first run builds the bundle, the next one
// reuses it, and a changed source is rebuilt before the command runs — the bundle is never stale.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE = 'tests/fixtures/real/vpr2022-ma5-fisoko-protocol.xlsx';
const SPEC = 'tests/fixtures/real/specs/vpr2022-ma5.json';
let dir: string;
let clone: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oko-clone-'));
  clone = join(dir, 'repo');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
  symlinkSync(resolve(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npmOko = (args: string[]) =>
  spawnSync('npm', ['run', '--silent', 'oko', '--', ...args], { cwd: clone, encoding: 'utf8' });
const bundle = () => join(clone, 'dist-cli/oko.mjs');
const withoutTime = (json: string) => json.replace(/"generatedAt": "[^"]*"/, '"generatedAt": ""');

it('a fresh clone: builds the bundle on the first run, reuses it, rebuilds after a source change', () => {
  expect(existsSync(bundle())).toBe(false);
  const out = join(dir, 'r.json');
  const first = npmOko(['analyze', FILE, '--spec', SPEC, '--out', out]);
  expect(first.stderr).not.toMatch(/Ошибка/);
  expect(first.status).toBe(0);
  expect(existsSync(bundle())).toBe(true);
  const report = readFileSync(out, 'utf8');
  expect(JSON.parse(report).format).toBe('oko-report/v1');

  // The same sources: the bundle is not rebuilt, and the report is the same.
  const built = statSync(bundle()).mtimeMs;
  const second = npmOko(['analyze', FILE, '--spec', SPEC]);
  expect(second.status).toBe(0);
  expect(statSync(bundle()).mtimeMs).toBe(built);
  expect(withoutTime(second.stdout.trimEnd())).toBe(withoutTime(report));

  // A source the bundle is built from changes: the next run uses the change.
  const args = join(clone, 'src/cli/args.ts');
  writeFileSync(args, readFileSync(args, 'utf8').replace('Неизвестная команда', 'Команда не знакома'));
  const third = npmOko(['frobnicate']);
  expect(third.status).toBe(2);
  expect(third.stderr).toContain('Команда не знакома «frobnicate»');
  // Any content change of an input rebuilds, even one that leaves the output's behaviour alone.
  const rebuilt = statSync(bundle()).mtimeMs;
  appendFileSync(args, '\n// a comment\n');
  expect(npmOko(['frobnicate']).status).toBe(2);
  expect(statSync(bundle()).mtimeMs).not.toBe(rebuilt);
}, 120_000);
