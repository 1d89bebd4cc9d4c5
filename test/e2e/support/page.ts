/**
 * What every browser test file needs: Debian's chromium launched as these tests run it, the built page
 * served by `vite preview`, a page that records everything that should not happen, and waits on the
 * status line's run counter. One file per area of the page (`*.e2e.test.ts`) shares these.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const configFile = join(root, 'vite.config.ts');
/** Debian's chromium; `MESHSIM_CHROMIUM` points elsewhere on other systems. */
export const chromiumPath = process.env.MESHSIM_CHROMIUM ?? '/usr/bin/chromium';
/** How long a run of the default scenario may take in the page, ms. */
export const RUN_TIMEOUT_MS = 45_000;
/** States the status line ends a run in (see `src/ui/main.ts`). */
export const SETTLED = ['done', 'invalid', 'failed', 'stopped'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `The browser tests need Chromium at ${chromiumPath}, and it is missing. Install it with ` +
        '`apt-get update && apt-get install -y chromium` (`.ci/run` does this), or set MESHSIM_CHROMIUM ' +
        'to a Chromium or Chrome executable.',
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page with everything that should not happen recorded: console errors, page errors, CSP violations. */
export interface Session {
  readonly page: Page;
  readonly problems: string[];
}

/** A window's size in CSS px. */
export interface Viewport {
  readonly width: number;
  readonly height: number;
}

/** The window the tests open the app in unless told otherwise. */
export const DESKTOP: Viewport = { width: 1440, height: 900 };

/**
 * Opens the app at `url` in a window of `viewport`, recording what should not happen; `initScript`, when
 * given, runs in the page before its own script (e.g. to instrument a browser API).
 */
export async function openApp(
  browser: Browser,
  url: string,
  viewport: Viewport = DESKTOP,
  initScript?: () => void,
): Promise<Session> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
    });
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  await page.exposeFunction('__meshsimCspViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    // Main-thread tasks over 50 ms (the Long Tasks API), for the test that the page never freezes.
    const longTasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = longTasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __meshsimCspViolation: (text: string) => void })
        .__meshsimCspViolation;
      report(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
    });
  });
  if (initScript) await page.addInitScript(initScript);
  await page.goto(url);
  return { page, problems };
}

/** Waits until run number `run` (or a later one) has finished; returns the status line's state and text. */
export async function settled(page: Page, run = 1): Promise<{ state: string; text: string }> {
  const status = page.getByTestId('status');
  await page.waitForFunction(
    ([states, least]) => {
      const element = document.getElementById('status');
      return Number(element?.dataset.run ?? 0) >= least && states.includes(element?.dataset.state ?? '');
    },
    [SETTLED, run] as const,
    { timeout: RUN_TIMEOUT_MS },
  );
  return { state: (await status.getAttribute('data-state')) ?? '', text: (await status.textContent()) ?? '' };
}

/**
 * Waits until the replications of the run drawn (a lesson's `replications: N`, run on extra workers
 * once its first run is done) have all come in, or stopped. Until then they take both of a small
 * machine's cores and each result redraws the compare view: a test that acts meanwhile waits on them,
 * by as much as the machine is busy (a click took 4 s instead of 0.4 s), and may time out.
 */
export async function replicationsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !/Replications \d+ of \d+/.test(document.getElementById('status')?.textContent ?? ''),
    undefined,
    { timeout: RUN_TIMEOUT_MS },
  );
}

/** The editor's whole text (CodeMirror draws only the lines on screen, so it is read through the page). */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() =>
    (window as unknown as { meshsim: { editorText(): string } }).meshsim.editorText(),
  );
}

/** Picks `file` (its path under scenarios/) from the library and waits for run number `run` to finish. */
export async function openFromLibrary(
  page: Page,
  file: string,
  run: number,
): Promise<{ state: string; text: string }> {
  const option = await page
    .locator('[data-testid="library"] option')
    .evaluateAll(
      (options, wanted) => options.map((o) => (o as HTMLOptionElement).value).find((v) => v.endsWith(wanted)),
      file,
    );
  expect(option, `the library lists scenarios/${file}`).toBeTruthy();
  await page.selectOption('[data-testid="library"]', option!);
  return settled(page, run);
}

/** Replaces the editor's text, presses Run and waits for that run to finish. */
export async function runEdited(page: Page, text: string): Promise<{ state: string; text: string }> {
  const previous = Number(await page.getByTestId('status').getAttribute('data-run'));
  await page.getByTestId('tab-editor').click();
  await page.getByTestId('editor').fill(text);
  await page.getByTestId('run').click();
  return settled(page, previous + 1);
}

/** Opens `text` as file `name` through the Open file… dialog and waits for run number `run` to finish. */
export async function openThroughDialog(
  page: Page,
  name: string,
  text: string,
  run: number,
): Promise<{ state: string; text: string }> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('open-file').click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
  return settled(page, run);
}

/** Pauses the playback and moves the playhead to `t` ms (the end when past it), as dragging the scrubber does. */
export async function seek(page: Page, t: number): Promise<void> {
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true')
    await page.getByTestId('play').click();
  await page.getByTestId('scrub').evaluate((input, ms) => {
    const range = input as HTMLInputElement;
    range.value = String(Math.min(ms, Number(range.max)));
    range.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
}

/** Moves the playhead to the start and presses Play if the playback is paused. */
export async function playFromStart(page: Page): Promise<void> {
  await page.getByTestId('scrub').evaluate((input) => {
    const range = input as HTMLInputElement;
    range.value = range.min || '0';
    range.dispatchEvent(new Event('input', { bubbles: true }));
  });
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) !== 'true')
    await page.getByTestId('play').click();
}

/** The page built as it ships, in a temporary folder, and served by `vite preview` on a free port. */
export interface BuiltPage {
  readonly url: string;
  /** The folder the page was built into (`index.html`, `assets/`, `.vite/manifest.json`). */
  readonly outDir: string;
  close(): Promise<void>;
}

export async function serveBuiltPage(): Promise<BuiltPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'meshsim-e2e-'));
  // vitest sets NODE_ENV=test; the page is built as it ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root,
      configFile,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server: PreviewServer = await preview({
    root,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0] ?? '';
  expect(url, 'vite preview gave no local URL').toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  return {
    url,
    outDir,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/** What a describe block's tests use of {@link usePage}. */
export interface PageHarness {
  readonly browser: Browser;
  /** The built page's address. */
  readonly url: string;
  /** The folder the page was built into. */
  readonly outDir: string;
  /** Opens the app at `viewport` (default 1440×900; see {@link openApp}); closed after the test. */
  open(viewport?: Viewport, initScript?: () => void): Promise<Session>;
  /** Hands over a session opened another way, to be closed and checked after the test like one opened by `open`. */
  track(session: Session): Session;
}

/**
 * For the tests of a describe block: Chromium and the built page, started once, and the session
 * each test opens, closed after it; a test fails when its page logged an error or broke its
 * Content-Security-Policy.
 */
export function usePage(): PageHarness {
  let served: BuiltPage | undefined;
  let browser: Browser | undefined;
  let session: Session | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    served = await serveBuiltPage();
  });

  afterEach(async () => {
    const problems = session?.problems ?? [];
    await session?.page.close();
    session = undefined;
    expect(problems, 'the page logged errors or broke its Content-Security-Policy').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    get url() {
      if (!served) throw new Error('the page is served in beforeAll');
      return served.url;
    },
    get outDir() {
      if (!served) throw new Error('the page is built in beforeAll');
      return served.outDir;
    },
    async open(viewport, initScript) {
      return this.track(await openApp(this.browser, this.url, viewport, initScript));
    },
    track(opened) {
      session = opened;
      return opened;
    },
  };
}

/**
 * Opens several files at once through the Open file… dialog (a bundle's files, as a user picks a
 * folder's files) and waits for run number `run` to finish.
 */
export async function openFilesThroughDialog(
  page: Page,
  files: readonly { readonly name: string; readonly text: string }[],
  run: number,
): Promise<{ state: string; text: string }> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('open-file').click(),
  ]);
  await chooser.setFiles(
    files.map((f) => ({ name: f.name, mimeType: 'application/yaml', buffer: Buffer.from(f.text) })),
  );
  return settled(page, run);
}
