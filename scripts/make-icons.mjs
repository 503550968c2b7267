// Renders the app icons (public/favicon.svg → PNGs) with the system Chromium through playwright-core.
// Run once after changing the artwork: `node scripts/make-icons.mjs`; the PNGs are committed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const pub = `${root}public`;

// The eye ("око") with a bar chart as the pupil, on the theme colour.
const art = (scale) => `
  <g transform="translate(256 256) scale(${scale}) translate(-256 -256)">
    <path d="M48 256 C128 128 384 128 464 256 C384 384 128 384 48 256 Z" fill="#ffffff"/>
    <circle cx="256" cy="256" r="92" fill="#f0a500"/>
    <rect x="206" y="262" width="26" height="46" rx="4" fill="#1f4e79"/>
    <rect x="243" y="226" width="26" height="82" rx="4" fill="#1f4e79"/>
    <rect x="280" y="196" width="26" height="112" rx="4" fill="#1f4e79"/>
  </g>`;

const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" rx="96" fill="#1f4e79"/>${art(1)}
</svg>
`;
// Maskable icons may be cropped to a circle of 80 % diameter: full-bleed background, smaller art.
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#1f4e79"/>${art(0.72)}
</svg>
`;
// iOS applies its own rounded mask and shows transparency as black: square, full-bleed.
const apple = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#1f4e79"/>${art(0.86)}
</svg>
`;

const targets = [
  ['icons/icon-192.png', favicon, 192],
  ['icons/icon-512.png', favicon, 512],
  ['icons/icon-maskable-512.png', maskable, 512],
  ['icons/apple-touch-icon-180.png', apple, 180],
];

await mkdir(`${pub}/icons`, { recursive: true });
await writeFile(`${pub}/favicon.svg`, favicon);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const [file, svg, size] of targets) {
    await page.setViewportSize({ width: size, height: size });
    const url = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}</style><img src="${url}" width="${size}" height="${size}">`,
    );
    await page.waitForFunction(() => document.images[0]?.complete);
    const png = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await writeFile(`${pub}/${file}`, png);
    const head = await readFile(`${pub}/${file}`);
    console.log(`${file}: ${size}×${size}, ${head.length} байт`);
  }
} finally {
  await browser.close();
}
