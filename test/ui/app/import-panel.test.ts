/** The import summary's place: before the lesson, hidden until its view has drawn, following the runs of its file. */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createImportPanel, type ImportShown } from '../../../src/ui/app/import-panel';
import type { ImportSummaryData } from '../../../src/ui/import-summary';
import type { ImportFacts, Report } from '../../../src/worker/protocol';
import { asHtml, installFakeDocument, manualLoad, settle, type FakeElement } from './fake-dom';

let lesson: FakeElement;
let drawn: ImportSummaryData[];
const renderImportSummary = (host: HTMLElement, data: ImportSummaryData): void => {
  drawn.push(data);
  host.hidden = false;
};
const shown: ImportShown = {
  file: 'kong.yml',
  forFile: 'kong.imported.yaml',
  facts: {} as ImportFacts,
  warnings: [],
};
const report = { scenario: 'Kong', seed: 1, variants: [{ name: 'base' }] } as unknown as Report;
const hooks = { drawn: () => [0], summary: () => undefined, showWarnings: () => undefined };

beforeEach(() => {
  const doc = installFakeDocument();
  const page = doc.createElement('main');
  lesson = doc.createElement('div');
  page.append(lesson);
  drawn = [];
});
afterEach(() => vi.unstubAllGlobals());

const host = (): FakeElement => {
  const found = lesson.parent?.byTestId('import-summary') ?? [];
  expect(found).toHaveLength(1);
  return found[0];
};

test('the summary goes before the lesson, hidden; prepare loads its view once', () => {
  const view = manualLoad({ renderImportSummary });
  const panel = createImportPanel(asHtml<Element>(lesson), hooks, view.load);
  expect(lesson.parent?.children[0]).toBe(host());
  expect(host().hidden).toBe(true);
  panel.prepare();
  panel.prepare();
  expect(view.loads()).toBe(1);
});

test('a file opened shows its summary once the view has loaded, then its run adds the reports', async () => {
  const view = manualLoad({ renderImportSummary });
  const panel = createImportPanel(asHtml<Element>(lesson), hooks, view.load);
  panel.open(shown);
  await settle();
  expect(drawn).toEqual([]);
  view.resolve();
  await settle();
  expect(drawn).toHaveLength(1);
  expect(drawn[0]).toMatchObject({ file: 'kong.yml', reports: [], drawn: [0] });
  panel.showRun('kong.imported.yaml', report);
  expect(drawn[1].reports).toEqual(report.variants);
  panel.redraw(report);
  expect(drawn).toHaveLength(3);
});

test('the run of another file, or another file opened, hides it; hidden, a redraw draws nothing', async () => {
  const view = manualLoad({ renderImportSummary });
  view.resolve();
  const panel = createImportPanel(asHtml<Element>(lesson), hooks, view.load);
  panel.open(shown);
  await settle();
  expect(host().hidden).toBe(false);
  panel.showRun('default.yaml', report);
  expect(host().hidden).toBe(true);
  panel.redraw(report);
  expect(drawn).toHaveLength(1);
  panel.open(shown);
  await settle();
  panel.close();
  expect(host().hidden).toBe(true);
});
