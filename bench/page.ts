/**
 * `npm run bench:page`: the page's frame times in headless Chromium while it plays
 * `scenarios/bench/page-dots.yaml`, with thousands of sampled requests in flight as dots. Builds the
 * page, serves it with `vite preview`, opens the scenario through a share link, lets it play for a
 * while, then records every animation frame's interval for a few seconds.
 *
 * Usage: npm run bench:page [-- --json]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { encodeScenarioHash } from '../src/ui/share';

const { values: flags } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
const root = fileURLToPath(new URL('..', import.meta.url));
const chromiumPath = process.env.MESHSIM_CHROMIUM ?? '/usr/bin/chromium';
const log = (text: string) => process.stderr.write(`bench:page: ${text}\n`);
const WARM_MS = 4000;
const MEASURE_MS = 6000;

const outDir = await mkdtemp(join(tmpdir(), 'meshsim-bench-page-'));
log('building the page');
await build({ root, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
const server = await preview({
  root,
  logLevel: 'warn',
  build: { outDir },
  preview: { host: '127.0.0.1', port: 0, open: false },
});
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const scenario = readFileSync(join(root, 'scenarios', 'bench', 'page-dots.yaml'), 'utf8');
  await page.goto(`${server.resolvedUrls!.local[0]}${await encodeScenarioHash(scenario)}`);
  log(`playing for ${WARM_MS / 1000} s, then measuring for ${MEASURE_MS / 1000} s`);
  await page.waitForTimeout(WARM_MS);
  // Passed as text: the TypeScript runner would wrap a function's inner functions in helpers the
  // page does not have.
  const sample = (await page.evaluate(`new Promise((resolve) => {
    const intervals = [];
    const dots = [];
    let last = 0;
    const started = performance.now();
    const frame = (now) => {
      if (last > 0) intervals.push(now - last);
      dots.push(window.meshsim.dotsDrawn());
      last = now;
      if (now - started < ${MEASURE_MS}) requestAnimationFrame(frame);
      else resolve({ intervals, dots });
    };
    requestAnimationFrame(frame);
  })`)) as { intervals: number[]; dots: number[] };
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const at = (values: number[], q: number) =>
    sorted(values)[Math.min(values.length - 1, Math.floor(q * values.length))];
  const intervals = sample.intervals;
  const figures = {
    frames: intervals.length,
    fps: intervals.length / (MEASURE_MS / 1000),
    medianFrameMs: at(intervals, 0.5),
    p95FrameMs: at(intervals, 0.95),
    p99FrameMs: at(intervals, 0.99),
    maxFrameMs: Math.max(...intervals),
    framesOver20ms: intervals.filter((d) => d > 20).length,
    medianDotsDrawn: at(sample.dots, 0.5),
    minDotsDrawn: Math.min(...sample.dots),
  };
  if (flags.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  else {
    const rows = Object.entries(figures).map(
      ([k, v]) => `${k.padEnd(18)} ${Number.isInteger(v) ? v : v.toFixed(2)}`,
    );
    process.stdout.write(`${rows.join('\n')}\n`);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(outDir, { recursive: true, force: true });
}
