/**
 * The Trace tab: the waterfall of a traced request picked on the diagram or in the list, and the list
 * of the traced requests answered so far. Both views load when a trace is first shown, not with the page.
 */
import type { SimulationClient } from '../../worker/client';
import { h } from '../dom';

/** The waterfall and the trace list, loaded when a trace is first shown rather than with the page. */
const traceViews = () => import('../trace/trace-views');

/** Where the traces go, and what they are read from. */
export interface TracePanelParts {
  /** The waterfall's box. */
  readonly view: HTMLElement;
  /** The list's box. */
  readonly list: HTMLElement;
  readonly client: Pick<SimulationClient, 'trace' | 'traceSummaries'>;
  /** The playhead: the waterfall is drawn as of its time, the list is of the variant it shows. */
  readonly player: { readonly time: number; readonly variant: number };
  /** Opens the Trace tab. */
  showTab(): void;
}

/** The Trace tab's content. */
export interface TracePanel {
  /** Shows the waterfall of request `id` of `variant`, in the Trace tab. */
  showTrace(variant: number, id: string): Promise<void>;
  /** Draws the list of the traced requests answered so far (each time the tab opens). */
  showList(): Promise<void>;
}

/** The Trace tab of `parts`. */
export function createTracePanel(parts: TracePanelParts): TracePanel {
  const showTrace = async (variant: number, id: string): Promise<void> => {
    const trace = await parts.client.trace(variant, id);
    parts.showTab();
    if (!trace) {
      parts.view.replaceChildren(h('p', { class: 'empty' }, `The trace of ${id} is no longer kept.`));
      return;
    }
    // Its title is the Trace panel's heading, a level under the page's h1.
    const { renderWaterfall } = await traceViews();
    renderWaterfall(parts.view, trace, { asOf: parts.player.time, headingLevel: 2 });
  };
  return {
    showTrace,
    async showList() {
      const variant = parts.player.variant;
      const [traces, { renderTraceList }] = await Promise.all([
        parts.client.traceSummaries(variant, 2000),
        traceViews(),
      ]);
      renderTraceList(parts.list, traces, (id) => void showTrace(variant, id));
    },
  };
}
