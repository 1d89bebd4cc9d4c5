/** The downloads: what each button saves, read at the press; the CSV's and charts' writers awaited by their first click. */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { installExportButtons, type ExportSources } from '../../../src/ui/app/export-buttons';
import type { CompareTable } from '../../../src/ui/compare-table';
import type { Report } from '../../../src/worker/protocol';
import {
  asHtml,
  installFakeDocument,
  manualLoad,
  settle,
  type FakeDocument,
  type FakeElement,
} from './fake-dom';

let doc: FakeDocument;
let buttons: { yaml: FakeElement; json: FakeElement; csv: FakeElement; svg: FakeElement; png: FakeElement };
/** The files downloaded: name and text. */
let saved: { name: string; text: string }[];
let svgs: string[];
let pngs: string[];
let report: Report | undefined;

const writers = () => ({
  csv: manualLoad({
    resultsCsv: (r: Report, c?: CompareTable) => `csv of ${r.scenario}${c ? ' with comparison' : ''}`,
  }),
  chart: manualLoad({
    exportSvg: (name: string) => void svgs.push(name),
    exportPng: async (name: string) => void pngs.push(name),
  }),
});
const sources = (): ExportSources => ({
  title: () => 'Shop',
  text: () => 'clients: []\n',
  report: () => report,
  csvComparison: async () => ({}) as CompareTable,
  chartSvg: (name) => (name === 'latency' ? '<svg/>' : undefined),
  onError: (error) => {
    throw error;
  },
});

beforeEach(() => {
  doc = installFakeDocument();
  saved = [];
  svgs = [];
  pngs = [];
  report = undefined;
  const blobs = new Map<string, string>();
  vi.stubGlobal('URL', {
    createObjectURL: (blob: { text: string }) => {
      const url = `blob:${blobs.size}`;
      blobs.set(url, blob.text);
      return url;
    },
    revokeObjectURL: () => undefined,
  });
  vi.stubGlobal(
    'Blob',
    class {
      readonly text: string;
      constructor(parts: string[]) {
        this.text = parts.join('');
      }
    },
  );
  // A link clicked is a file saved.
  const createElement = doc.createElement.bind(doc);
  doc.createElement = (tag: string) => {
    const element = createElement(tag);
    if (tag === 'a')
      element.addEventListener('click', () =>
        saved.push({ name: element.download, text: blobs.get(element.href) ?? '' }),
      );
    return element;
  };
  const button = (format?: string) => {
    const b = doc.createElement('button');
    b.dataset = { export: 'latency', format };
    return b;
  };
  buttons = { yaml: button(), json: button(), csv: button(), svg: button(), png: button('png') };
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const install = (w = writers()) => {
  installExportButtons(
    {
      yaml: asHtml(buttons.yaml),
      json: asHtml(buttons.json),
      csv: asHtml(buttons.csv),
      charts: [asHtml(buttons.svg), asHtml(buttons.png)],
    },
    sources(),
    { csv: w.csv.load, chart: w.chart.load },
  );
  return w;
};

test('YAML saves the text at once; JSON and CSV save nothing before a run', () => {
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  install();
  buttons.yaml.click();
  buttons.json.click();
  buttons.csv.click();
  expect(saved).toEqual([{ name: 'shop.yaml', text: 'clients: []\n' }]);
});

test('JSON saves the report; the CSV waits for its writer, then saves the report with its comparison', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  const w = install();
  report = { scenario: 'Shop', seed: 1, variants: [] } as unknown as Report;
  buttons.json.click();
  expect(saved[0].name).toBe('shop.json');
  expect(JSON.parse(saved[0].text)).toEqual(report);
  buttons.csv.click();
  await vi.advanceTimersByTimeAsync(0);
  expect(saved).toHaveLength(1);
  w.csv.resolve();
  await vi.advanceTimersByTimeAsync(0);
  expect(saved[1]).toEqual({ name: 'shop.csv', text: 'csv of Shop with comparison' });
});

test("a chart's buttons wait for the writer, then export the SVG or the PNG", async () => {
  const w = install();
  buttons.svg.click();
  buttons.png.click();
  await settle();
  expect(svgs).toEqual([]);
  w.chart.resolve();
  await settle();
  expect(w.chart.loads()).toBe(1);
  expect(svgs).toEqual(['shop-latency']);
  expect(pngs).toEqual(['shop-latency']);
});
