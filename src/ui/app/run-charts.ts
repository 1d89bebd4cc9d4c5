/**
 * The charts of the run drawn: latency, throughput and amplification over time, drawn up to the
 * playhead as it plays (from the run's own series, whole from the start), and the latency
 * distribution and utilization of the whole run. Each exports as a file holding the whole run.
 */
import {
  createAmplificationChart,
  createDistributionChart,
  createLatencyChart,
  createSeriesStore,
  createThroughputChart,
  createUtilizationBars,
  seriesStoreOf,
  type SeriesStore,
} from '../charts';
import type { RecordedRunResult, Report } from '../../worker/protocol';

/** The charts' boxes on the page. */
export interface ChartElements {
  readonly latency: HTMLElement;
  readonly throughput: HTMLElement;
  readonly distribution: HTMLElement;
  readonly utilization: HTMLElement;
  readonly amplification: HTMLElement;
}

/** A recorded run that succeeded: its report and the playback of its frames. */
export type RecordedSuccess = Extract<RecordedRunResult, { ok: true }>;

/** The charts of the run drawn. */
export interface RunCharts {
  /** The playhead moved to `t`, ms: the charts over time draw up to it. */
  setTime(t: number): void;
  /** The charts of a run's whole report (latency distribution, utilization), drawn once its numbers are on screen. */
  showReport(report: Report): void;
  /**
   * The charts over time take run `result`'s series (every slice of the whole run), and are drawn at
   * `fromMs`, where its playback starts, with its variants' `names`.
   */
  showRun(result: RecordedSuccess, fromMs: number, names: readonly string[]): void;
  /** Chart `name` (`latency`, `throughput`, `amplification`, `distribution`, `utilization`) as an SVG document. */
  svg(name: string): string | undefined;
}

/** The charts in `ui`. */
export function createRunCharts(ui: ChartElements): RunCharts {
  const latency = createLatencyChart(ui.latency);
  const throughput = createThroughputChart(ui.throughput);
  const distribution = createDistributionChart(ui.distribution);
  const utilization = createUtilizationBars(ui.utilization);
  const amplification = createAmplificationChart(ui.amplification);
  let series: SeriesStore = createSeriesStore(1);
  /** Each chart as an exported file holds it: the whole run for those tied to the playhead, wherever it is. */
  const files: Readonly<Record<string, () => string>> = {
    latency: () => latency.svgAt(series),
    throughput: () => throughput.svgAt(series),
    amplification: () => amplification.svgAt(series),
    distribution: () => distribution.toSvgString(),
    utilization: () => utilization.toSvgString(),
  };
  return {
    setTime(t) {
      latency.update(series, t);
      throughput.update(series, t);
      amplification.update(series, t);
    },
    showReport(report) {
      // Every variant: a chart that cannot tell more apart says which it leaves out.
      distribution.update(report.variants);
      utilization.update(report.variants);
    },
    showRun(result, fromMs, names) {
      series = seriesStoreOf(result.series ?? []);
      // The new series and options at the time the playback starts from: one drawing per chart, which
      // the player's first frame at that time keeps (it moves only the cursor).
      const options = { names, durationMs: result.playback.endMs, warmupMs: result.summary.warmupMs };
      for (const chart of [latency, throughput, amplification]) chart.update(series, fromMs, options);
    },
    svg: (name) => (Object.hasOwn(files, name) ? files[name]() : undefined),
  };
}
