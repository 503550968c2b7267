// `npm run oko -- …`: runs the headless command as one prebuilt bundle (dist-cli/oko.mjs) instead
// of transpiling ~150 TypeScript modules at every start. The bundle is rebuilt (esbuild, ~0.3 s)
// whenever the content of any source it was built from differs from the build's record, or it is
// missing — so a fresh clone builds it on the first run and it is never stale against the sources.
// Plain JavaScript on purpose: this file runs before anything could compile TypeScript.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(ROOT, 'src/cli/oko.ts');
const OUT_DIR = join(ROOT, 'dist-cli');
const BUNDLE = join(OUT_DIR, 'oko.mjs');
const STAMP = join(OUT_DIR, 'oko.inputs.json');
/** Files that change the bundle without being its inputs. */
const ALSO = ['package.json', 'package-lock.json', 'scripts/oko.mjs'];

/** Hash of the given files' contents (null when one is missing: then the bundle must be rebuilt). */
function hashOf(files) {
  const h = createHash('sha256');
  for (const f of files) {
    let bytes;
    try {
      bytes = readFileSync(join(ROOT, f));
    } catch {
      return null;
    }
    h.update(f).update('\0').update(bytes).update('\0');
  }
  return h.digest('hex');
}

/** Size and modification time of each file: a cheap first look before hashing contents. */
function statsOf(files) {
  try {
    return files.map((f) => {
      const s = statSync(join(ROOT, f));
      return `${s.size}:${s.mtimeMs}`;
    });
  } catch {
    return null;
  }
}

function isFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    statSync(BUNDLE);
  } catch {
    return false;
  }
  if (!Array.isArray(stamp.inputs)) return false;
  // Unchanged sizes and times mean unchanged files; otherwise the contents decide (a checkout
  // touches times without changing bytes, and the bundle need not be rebuilt then).
  const stats = statsOf(stamp.inputs);
  if (stats && JSON.stringify(stats) === JSON.stringify(stamp.stats)) return true;
  return stamp.hash === hashOf(stamp.inputs);
}

async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(OUT_DIR, { recursive: true });
  // A private name, renamed into place: two commands started together never read half a file.
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies (SheetJS, docx…) load from node_modules as usual; only the sources are bundled.
    packages: 'external',
    metafile: true,
    logLevel: 'error',
    legalComments: 'none',
  });
  const inputs = [
    ...Object.keys(result.metafile.inputs).map((p) => relative(ROOT, resolve(ROOT, p))),
    ...ALSO,
  ].sort();
  renameSync(tmp, BUNDLE);
  const stampTmp = `${STAMP}.${process.pid}.tmp`;
  writeFileSync(stampTmp, JSON.stringify({ hash: hashOf(inputs), stats: statsOf(inputs), inputs }, null, 1));
  renameSync(stampTmp, STAMP);
}

if (!isFresh()) await build();
const { main } = await import(pathToFileURL(BUNDLE).href);
await main(process.argv.slice(2));
