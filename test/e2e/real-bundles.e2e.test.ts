/**
 * Real product configuration brought to the page as a user brings it: the files of a folder picked
 * together in the Open file… dialog. What the user sees must be what the import and the run say: a
 * box for every service traffic reaches and a line for every edge it takes (a route's split targets
 * included), tiles holding the figures of the run drawn (the model's, computed here in Node from the
 * same files), and the importer's warnings each naming its own file and line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { keyFigureValues, resolveKeyFigures } from '../../src/report/key-figures';
import type { Report } from '../../src/report/report';
import { runFile } from '../../src/model/run';
import { importedYaml, importSources, loadScenario } from '../../src/scenario/index';
import { openFilesThroughDialog, root, seek, settled, usePage } from './support/page';
import { showWholeRunEdgeLabels, tiles } from './support/readouts';

/** A file picked in the dialog. */
interface Picked {
  readonly name: string;
  readonly text: string;
}

function fixture(folder: string, name: string): Picked {
  return { name, text: readFileSync(join(root, 'test/fixtures/real', folder, name), 'utf8') };
}

/**
 * Bookinfo as the request-routing and fault-injection tasks leave it, with the scenario document
 * the import tests add (what the config does not say: service times, who calls whom, the users; a
 * quarter of the pages are jason's). The names sort in the tasks' order, as the dialog applies them.
 */
const BOOKINFO: readonly Picked[] = [
  fixture('istio/bookinfo', 'bookinfo.yaml'),
  fixture('istio/bookinfo', 'bookinfo-gateway.yaml'),
  fixture('istio/bookinfo', 'destination-rule-all.yaml'),
  fixture('istio/bookinfo', 'virtual-service-ratings-test-delay.yaml'),
  fixture('istio/bookinfo', 'virtual-service-reviews-test-v2.yaml'),
  {
    name: 'zz-scenario.yaml',
    text: readFileSync(join(root, 'test/scenario/import/istio-bookinfo.yaml'), 'utf8')
      .replace('duration: 20s', 'duration: 8s')
      .replace(
        '      - { path: /productpage }',
        '      - { path: /productpage, weight: 3 }\n      - { path: /productpage, weight: 1, headers: { end-user: jason } }',
      ),
  },
];

const CONSUL_FOLDER = 'consul/web-admin-router';
const CONSUL: readonly Picked[] = [
  '0-ingress-gateway.hcl',
  '1-web-defaults.hcl',
  '2-admin-defaults.hcl',
  '3-web-router.hcl',
].map((name) => fixture(CONSUL_FOLDER, name));

/** Who visits web through the ingress gateway: a fifth of the pages are admin pages. */
const VISITORS: Picked = {
  name: '4-visitors.yaml',
  text: [
    'name: web and admin behind Consul',
    'seed: 7',
    'duration: 6s',
    'warmup: 1s',
    'clients:',
    '  - id: visitors',
    '    arrival: { process: poisson, rate: 50 }',
    '    mix:',
    '      - { path: /home, weight: 4 }',
    '      - { path: /admin/users, weight: 1 }',
    'services:',
    '  - { id: web, serviceTime: { dist: lognormal, median: 4ms, p99: 20ms } }',
    '  - { id: admin, serviceTime: { dist: lognormal, median: 6ms, p99: 30ms } }',
    '',
  ].join('\n'),
};

/** The bundle imported and run in Node as the page's worker does: its key figures by key. */
function expectedFigures(files: readonly Picked[]): Map<string, number> {
  const result = importSources(files.map((f) => ({ text: f.text, fileName: f.name })));
  expect(result.errors).toEqual([]);
  const loaded = loadScenario(
    importedYaml(
      result,
      files.map((f) => f.name),
    ),
    'imported.yaml',
  );
  if (!loaded.ok) throw new Error('the imported bundle does not load');
  const figures = resolveKeyFigures(loaded.file.base.keyFigures);
  const variant = runFile({ ...loaded.file, variants: [] }).variants[0];
  return new Map(keyFigureValues(figures, variant).map((x, i) => [figures[i].key, x] as const));
}

/** The run's report, through the page's read-only test hook. */
function report(page: Page): Promise<Report> {
  return page.evaluate(() => (window as unknown as { meshsim: { report(): Report } }).meshsim.report());
}

/** The boxes drawn, by id, and the lines drawn, as `from->to`. */
async function drawn(page: Page): Promise<{ boxes: string[]; edges: string[] }> {
  return page.evaluate(() => {
    const stage = document.getElementById('stage')!;
    return {
      boxes: [...stage.querySelectorAll<SVGGElement>('g.node')].map((n) => n.getAttribute('data-id') ?? ''),
      edges: [...stage.querySelectorAll<SVGGElement>('g.edge')].map(
        (e) => `${e.dataset.from}->${e.dataset.to}`,
      ),
    };
  });
}

/** Each edge label's whole-run calls/s, by `from->to`. */
function labelRates(page: Page): Promise<Map<string, number>> {
  return page
    .locator('#stage [data-testid^="edge-label-"]')
    .evaluateAll((elements) =>
      elements.map(
        (e) =>
          [
            `${e.getAttribute('data-from')}->${e.getAttribute('data-to')}`,
            Number(e.getAttribute('data-rps')),
          ] as const,
      ),
    )
    .then((pairs) => new Map(pairs));
}

/**
 * Asserts that every edge a try took in the run drawn is drawn and labelled with the report's rate
 * (nothing the run did is lost from the diagram), and returns the edges taken.
 */
async function everyTakenEdgeDrawn(page: Page): Promise<string[]> {
  await showWholeRunEdgeLabels(page);
  const run = await report(page);
  const { edges } = await drawn(page);
  const rates = await labelRates(page);
  const taken = run.variants[0].edges.filter((e) => e.tries > 0);
  for (const e of taken) {
    const key = `${e.from}->${e.to}`;
    expect(edges, `the diagram draws ${key}, which ${e.tries} tries took`).toContain(key);
    expect(rates.get(key), `${key} calls/s`).toBe(e.rps);
  }
  return taken.map((e) => `${e.from}->${e.to}`);
}

/** Asserts the tiles hold, at the end of the playback, the figures of the same bundle run in Node. */
async function tilesAreTheRun(page: Page, files: readonly Picked[]): Promise<void> {
  await seek(page, Number.MAX_SAFE_INTEGER);
  await page.waitForSelector('[data-testid="kpis"][data-moment="whole"]', { state: 'attached' });
  const expected = expectedFigures(files);
  const shown = await tiles(page);
  expect(shown.length).toBeGreaterThanOrEqual(3);
  for (const tile of shown) {
    const want = expected.get(tile.key);
    expect(want, `a tile for ${tile.key}, which the model does not have`).toBeDefined();
    if (Number.isNaN(want)) expect(tile.whole).toBeNaN();
    else expect(tile.whole, tile.key).toBe(want);
  }
}

/** The warnings listed under the editor, each as its place (`file:line:col`) and message. */
async function warnings(page: Page): Promise<{ place: string; message: string }[]> {
  await page.getByTestId('tab-editor').click();
  await page.getByTestId('diagnostic-warning').first().waitFor({ timeout: 5000 });
  return page.getByTestId('diagnostic-warning').evaluateAll((items) =>
    items.map((item) => ({
      place: (item.querySelector('[data-testid="diagnostic-place"]')?.textContent ?? '').replace(/:$/, ''),
      message: item.querySelector('[data-testid="diagnostic-message"]')?.textContent ?? '',
    })),
  );
}

describe('real configuration opened on the page', () => {
  const app = usePage();

  test('Bookinfo: jason reaches reviews-v2 and the delayed ratings, everyone else reviews-v1; all drawn', async () => {
    const { page } = await app.open();
    await settled(page);
    const status = await openFilesThroughDialog(page, BOOKINFO, 2);
    expect(status.state, status.text).toBe('done');
    const { boxes } = await drawn(page);
    expect(boxes).toEqual(
      expect.arrayContaining(['productpage-v1', 'details-v1', 'reviews-v1', 'reviews-v2', 'ratings-v1']),
    );
    const taken = await everyTakenEdgeDrawn(page);
    // The routes' split targets: productpage's calls into reviews go to v1 or v2 (jason's), never v3,
    // and only v2 calls ratings.
    expect(taken).toEqual(
      expect.arrayContaining([
        'istio-ingressgateway->productpage-v1',
        'productpage-v1->details-v1',
        'productpage-v1->reviews-v1',
        'productpage-v1->reviews-v2',
        'reviews-v2->ratings-v1',
      ]),
    );
    expect(taken.filter((e) => e.includes('reviews-v3'))).toEqual([]);
    // No idle line to the hosts the mesh splits away from (productpage, reviews): the only lines
    // no try took are those out of reviews-v3, which no route sends calls to.
    const idle = (await drawn(page)).edges.filter((e) => !taken.includes(e));
    expect(idle).toEqual(['reviews-v3->ratings-v1']);
    const run = await report(page);
    const edge = (from: string, to: string) =>
      run.variants[0].edges.find((e) => e.from === from && e.to === to)!;
    // Jason's calls into ratings wait the 7 s delay (the shares of the split are checked in the
    // import's own tests: here most of jason's calls end after the short run).
    expect(edge('productpage-v1', 'reviews-v1').tries).toBeGreaterThan(0);
    expect(edge('productpage-v1', 'reviews-v2').tries).toBeGreaterThan(0);
    expect(edge('reviews-v2', 'ratings-v1').p50).toBeGreaterThan(6900);
    await tilesAreTheRun(page, BOOKINFO);
    // Each warning names its own file and line, not the first file's.
    const listed = await warnings(page);
    expect(listed.map((w) => w.place)).toEqual(
      expect.arrayContaining([
        'bookinfo.yaml:38:1',
        'virtual-service-reviews-test-v2.yaml:17:5',
        'virtual-service-ratings-test-delay.yaml:9:5',
      ]),
    );
    for (const w of listed) expect(w.place).toMatch(/^[\w.-]+\.yaml:\d+:\d+$/);
  });

  test('a Consul router folder: /admin pages go to admin, the rest to web; warnings name each HCL file', async () => {
    const { page } = await app.open();
    await settled(page);
    // The folder alone: its stubs are warned about in the file that names them.
    let status = await openFilesThroughDialog(page, CONSUL, 2);
    expect(status.state, status.text).toBe('done');
    const places = (await warnings(page)).map((w) => w.place);
    expect(places).toEqual(
      expect.arrayContaining(['0-ingress-gateway.hcl:10:9', '2-admin-defaults.hcl:2:1']),
    );
    // With visitors who open admin pages: the router's split is drawn from the gateway to admin.
    status = await openFilesThroughDialog(page, [...CONSUL, VISITORS], 3);
    expect(status.state, status.text).toBe('done');
    expect((await drawn(page)).boxes).toEqual(expect.arrayContaining(['ingress-service', 'web', 'admin']));
    const taken = await everyTakenEdgeDrawn(page);
    expect(taken).toEqual(
      expect.arrayContaining(['visitors->ingress-service', 'ingress-service->web', 'ingress-service->admin']),
    );
    const run = await report(page);
    const served = run.variants[0].components;
    // A fifth of some 250 pages are admin pages (±0.08: over three standard deviations).
    expect(Math.abs(served.admin.served / (served.admin.served + served.web.served) - 0.2)).toBeLessThan(
      0.08,
    );
    await tilesAreTheRun(page, [...CONSUL, VISITORS]);
  });

  test('Istio security tasks: the mesh’s 403s are on the edge that took them and explained in the summary', async () => {
    const { page } = await app.open();
    await settled(page);
    const files = [
      '1-httpbin.yaml',
      '2-sleep.yaml',
      '3-deny-method-get.yaml',
      '4-jwt-example.yaml',
      '5-require-jwt.yaml',
      '6-httpbin-strict.yaml',
    ].map((name) => fixture('istio/security', name));
    const status = await openFilesThroughDialog(page, files, 2);
    expect(status.state, status.text).toBe('done');
    await everyTakenEdgeDrawn(page);
    const label = page.getByTestId('edge-label-ingress-httpbin');
    // Every GET is denied by the DENY policy: all 4xx on the edge into httpbin, none an error.
    expect(Number(await label.getAttribute('data-client-error-share'))).toBe(1);
    expect(Number(await label.getAttribute('data-error-share'))).toBe(0);
    const reason = page.getByTestId('import-why');
    await reason.waitFor({ timeout: 5000 });
    expect(await reason.textContent()).toMatch(
      /100\.0% of the requests are refused by the mesh’s sidecars: 403 by an authorization policy \([\d,]+ calls\)/,
    );
  });

  test('an Apigee proxy as its zip: imported in the page, its spike arrest answering 429 at its rate', async () => {
    const { page } = await app.open();
    await settled(page);
    const zip = readFileSync(join(root, 'test/fixtures/real/apigee/orders-api_rev3.zip'));
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('open-file').click(),
    ]);
    await chooser.setFiles([{ name: 'orders-api_rev3.zip', mimeType: 'application/zip', buffer: zip }]);
    const status = await settled(page, 2);
    expect(status.state, status.text).toBe('done');
    const run = (await report(page)).variants[0];
    expect(run.gateway?.profile).toBe('apigee');
    // SpikeArrest 10ps: one request admitted per 100 ms window, every other one answered 429.
    const { generated, byStatus } = run.requests;
    const seconds = generated / run.throughput.offered;
    expect(byStatus['429']).toBeGreaterThan(0);
    expect(byStatus['200']).toBeLessThanOrEqual(Math.ceil(10 * seconds) + 1);
    const sources = page.getByTestId('import-summary');
    await sources.waitFor({ timeout: 5000 });
    expect(await sources.textContent()).toMatch(/Apigee API proxy/i);
    // The warning about the target's stub service names the file inside the zip it came from.
    const listed = await warnings(page);
    expect(listed.map((w) => w.place)).toContainEqual(
      expect.stringMatching(/apiproxy\/targets\/default\.xml:2:1$/),
    );
  });

  test('a SAM template picked alone: imported as an AWS API Gateway, its tiles the figures of the model run', async () => {
    const { page } = await app.open();
    await settled(page);
    const status = await openFilesThroughDialog(page, [fixture('aws', 'sam-api-key-usage-plan.yaml')], 2);
    expect(status.state, status.text).toBe('done');
    const run = (await report(page)).variants[0];
    expect(run.gateway?.profile).toBe('aws-api-gateway');
    expect(run.requests.generated).toBeGreaterThan(0);
    await tilesAreTheRun(page, [fixture('aws', 'sam-api-key-usage-plan.yaml')]);
  });
});
