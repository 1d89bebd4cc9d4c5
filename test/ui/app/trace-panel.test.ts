/** The Trace tab: a trace no longer kept says so in the tab. */
import { afterEach, expect, test, vi } from 'vitest';
import { createTracePanel } from '../../../src/ui/app/trace-panel';
import { asHtml, installFakeDocument } from './fake-dom';

afterEach(() => vi.unstubAllGlobals());

test('a trace the worker no longer keeps: the tab opens and says so', async () => {
  const doc = installFakeDocument();
  const view = doc.createElement('div');
  let tabs = 0;
  const panel = createTracePanel({
    view: asHtml(view),
    list: asHtml(doc.createElement('div')),
    client: { trace: async () => undefined, traceSummaries: async () => [] },
    player: { time: 0, variant: 0 },
    showTab: () => tabs++,
  });
  await panel.showTrace(0, 'r-17');
  expect(tabs).toBe(1);
  expect(view.textContent).toBe('The trace of r-17 is no longer kept.');
});
