// Helpers of the «Документы» e2e files: saving a document download, LibreOffice conversion of many
// DOCX in one call, the text of a PDF (pdftotext) or of a DOCX (its XML via fflate).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export function requireLibreOffice(): void {
  const r = spawnSync('libreoffice', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error(
      'Нет LibreOffice (`libreoffice` не найден в PATH): DOCX нельзя проверить конвертацией в PDF. ' +
        'Установите: apt-get install -y --no-install-recommends libreoffice-writer-nogui',
    );
}

/** Converts every DOCX in one LibreOffice start (a start costs seconds); returns the PDF paths. */
export function toPdfs(docxs: string[], outDir: string): string[] {
  const r = spawnSync('libreoffice', ['--headless', '--convert-to', 'pdf', '--outdir', outDir, ...docxs], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(r.error, 'LibreOffice (`libreoffice`) не найден в PATH').toBeUndefined();
  expect(r.status, `libreoffice: ${r.stderr}`).toBe(0);
  return docxs.map((docx) => {
    const pdf = join(
      outDir,
      docx
        .split('/')
        .pop()!
        .replace(/\.docx$/, '.pdf'),
    );
    expect(existsSync(pdf), `нет PDF для ${docx}`).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    return pdf;
  });
}

export const hasPdftotext = (): boolean => spawnSync('pdftotext', ['-v']).error === undefined;

/** Whitespace (no-break spaces and line breaks of the layout included) folded to single spaces. */
export const fold = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** The text LibreOffice laid out, in reading order of the content stream (pdftotext -raw). */
export function pdfText(pdf: string): string {
  const r = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  expect(r.status, `pdftotext: ${r.stderr}`).toBe(0);
  return r.stdout;
}

export function docxText(path: string): string {
  const xml = strFromU8(unzipSync(readFileSync(path))['word/document.xml']);
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Clicks a document button, saves the download; the time from click to download and the app's own. */
export async function downloadDoc(
  page: Page,
  dir: string,
  testId: string,
  name: string,
): Promise<{ path: string; ms: number; appMs: number }> {
  const started = Date.now();
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.click(`[data-testid="${testId}"]`),
  ]);
  const path = join(dir, name);
  await d.saveAs(path);
  const ms = Date.now() - started;
  const status = page.locator('[data-testid="doc-status"]');
  await status.waitFor();
  return { path, ms, appMs: Number(await status.getAttribute('data-ms')) };
}
