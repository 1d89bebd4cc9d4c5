/**
 * The rows of a comparison in the order a learner reads them: first what the lesson is about (the
 * latency percentiles, success and the error shares that occur, retry amplification, the sidecars'
 * CPU), then the counts and rates that follow the offered load (generated, ok, status counts,
 * throughput, attempts, the mesh's counters), then each component's figures. The engine's own figures
 * (events, wall time) describe the run, not the setup, and are not compared at all.
 *
 * A lesson may name figures to lead with (its key figures); those rows come first, in its order.
 */
import type { VariantReport } from './report';
import {
  componentMetrics,
  statusShareMetrics,
  type BetterDirection,
  type FigureUnit,
  type Metric,
  variantMetrics,
} from './report-figures';

/**
 * A figure to lead with that may have no row of its own (`components.ledger.served /
 * requests.generated`): its name, label, unit, better direction and value on a variant's report.
 * When `key` names a row (see {@link leadRowId}), that row leads under this label instead.
 */
export interface LeadFigure {
  readonly key: string;
  readonly label: string;
  readonly unit: FigureUnit;
  readonly better?: BetterDirection;
  /** The figure on a variant's report; NaN when the variant has none. */
  readonly value: (variant: VariantReport) => number;
  /** Leads only when some variant's value is other than 0 (a 429 share where nothing is limited does not). */
  readonly onlyWhenNonZero?: boolean;
}

/** Where each part of an ordered list of compared rows starts. */
export interface ComparedMetrics {
  /** Every compared row: the lead, the figures, the counts, the components. */
  readonly metrics: readonly Metric[];
  /** Rows before this index are the ones asked to lead (0 when none was asked for). */
  readonly figuresFrom: number;
  /** Where the counts and rates start. */
  readonly countsFrom: number;
  /** Where the components' rows start. */
  readonly componentsFrom: number;
}

/** The sections that describe the run rather than the setup: never compared. */
const RUN_METADATA = new Set(['Engine']);

/** Ids of the figure rows a learner reads first, in order; the status shares follow `success`. */
const FIGURES_FIRST = ['p50', 'p90', 'p99', 'p999', 'mean', 'max', 'success'];
/** Ids that end the learner's figures: the load and the price. */
const FIGURES_LAST = ['amplification', 'mesh-cpu'];

/** The section a learner's figure is shown under. */
const FIGURE_SECTION: Readonly<Record<string, string>> = {
  success: 'Outcome',
  amplification: 'Load and cost',
  'mesh-cpu': 'Load and cost',
};

/**
 * The row id a lead key names: a row id as `meshsim compare --json` prints it (`p99`, `share-503`,
 * `catalog.utilization`), or a figure as claims and key figures write it (`successRate`, `share.503`,
 * `latencyMs.p99`, `requests.byStatus.503`, `mesh.cpuMsPer1000Requests`, `components.catalog.utilization`).
 */
export function leadRowId(key: string): string {
  const name = key.trim();
  const aliases: Readonly<Record<string, string>> = {
    successRate: 'success',
    'p99.9': 'p999',
    'mesh.cpuMsPer1000Requests': 'mesh-cpu',
    'attempts.amplification': 'amplification',
    'attempts.total': 'attempts',
    'attempts.retries': 'retries',
    'mesh.mtls.handshakes': 'mesh-handshakes',
  };
  if (Object.hasOwn(aliases, name)) return aliases[name]; // a key `toString` is no alias
  const share = /^share\.(\d{3})$/.exec(name);
  if (share) return `share-${share[1]}`;
  const status = /^requests\.byStatus\.(\d{3})$/.exec(name);
  if (status) return `status-${status[1]}`;
  const nested = /^(?:latencyMs|requests|throughput)\.(\w+)$/.exec(name);
  if (nested) return nested[1];
  const outcome = /^mesh\.outcomes\.(\w+)$/.exec(name);
  if (outcome) return `mesh-${outcome[1].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const component = /^components\.(.+)$/.exec(name);
  if (component) return component[1];
  return name;
}

/**
 * The rows comparing `variants` (every replication's variants, so that a status code or component of
 * any of them has its row), in reading order; `lead` names rows to put first (see {@link leadRowId}),
 * and a key that names no row is left out of the lead.
 */
export function comparedMetrics(
  variants: readonly VariantReport[],
  lead: readonly (string | LeadFigure)[] = [],
): ComparedMetrics {
  const plain = variantMetrics(variants).filter((m) => !RUN_METADATA.has(m.section));
  const shares = statusShareMetrics(variants);
  const byId = new Map(plain.map((m) => [m.id, m]));
  const inSection = (m: Metric | undefined): Metric[] =>
    m === undefined ? [] : [FIGURE_SECTION[m.id] ? { ...m, section: FIGURE_SECTION[m.id] } : m];
  const figures = [
    ...FIGURES_FIRST.flatMap((id) => inSection(byId.get(id))),
    ...shares,
    ...FIGURES_LAST.flatMap((id) => inSection(byId.get(id))),
  ];
  const shown = new Set(figures.map((m) => m.id));
  const counts = plain.filter((m) => !shown.has(m.id));
  const components = componentMetrics(variants);
  const all = [...figures, ...counts, ...components];
  const leadIds: string[] = [];
  const led: Metric[] = [];
  for (const entry of lead) {
    const key = typeof entry === 'string' ? entry : entry.key;
    if (
      typeof entry !== 'string' &&
      entry.onlyWhenNonZero &&
      !variants.some((v) => nonZero(entry.value(v)))
    ) {
      continue;
    }
    const id = leadRowId(key);
    if (leadIds.includes(id)) continue;
    const m = all.find((row) => row.id === id);
    if (m) {
      // Out of its component's section, a component's figure needs the component's name.
      const label =
        typeof entry !== 'string'
          ? entry.label
          : components.includes(m)
            ? `${m.section} ${m.label}`
            : m.label;
      // A lesson's own direction for the figure wins over the row's (a utilization has none).
      const better = typeof entry !== 'string' && entry.better ? { better: entry.better } : {};
      led.push({ ...m, section: 'Key figures', label, ...better });
    } else if (typeof entry !== 'string') {
      led.push(leadRow(entry));
    } else continue;
    leadIds.push(id);
  }
  const rest = (rows: Metric[]) => rows.filter((m) => !leadIds.includes(m.id));
  const [f, c, k] = [rest(figures), rest(counts), rest(components)];
  return {
    metrics: [...led, ...f, ...c, ...k],
    figuresFrom: led.length,
    countsFrom: led.length + f.length,
    componentsFrom: led.length + f.length + c.length,
  };
}

/** The row of a lead figure that has none of its own. */
function leadRow(figure: LeadFigure): Metric {
  return {
    id: figure.key,
    section: 'Key figures',
    label: figure.label,
    value: figure.value,
    unit: figure.unit,
    delta: figure.unit === 'percent' ? 'points' : figure.unit === 'factor' ? 'absolute' : 'relative',
    ...(figure.better ? { better: figure.better } : {}),
  };
}

/** A value that says something happened: finite and not 0. */
function nonZero(x: number): boolean {
  return Number.isFinite(x) && x !== 0;
}
