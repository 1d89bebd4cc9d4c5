/**
 * Figures of a variant's report by name, for a lesson's claims: shortcuts (`successRate`, `p99`,
 * `share.429`, `amplification`), an edge of the call graph (`edge.FROM.TO.p99`), or any numeric path of the report
 * (`components.catalog.utilization`, `gateway.plugins.products.proxy-cache.hit`).
 */
import type { VariantReport } from './report';

/** A figure that the report does not have: the message says which part of the name is unknown. */
export class UnknownFigure extends Error {}

const LATENCY = new Set(['p50', 'p90', 'p99', 'p999', 'mean', 'max']);

/** The figure `name` of `report`; throws UnknownFigure. A status that never occurred counts 0. */
export function figure(report: VariantReport, name: string): number {
  const [root, ...rest] = name.split('.');
  if (rest.length === 0) {
    if (root === 'successRate') return ratio(report.requests.ok, answered(report));
    if (root === 'amplification') return report.attempts.amplification;
    if (root === 'events') return report.events;
    if (LATENCY.has(root)) return report.latencyMs[root as keyof VariantReport['latencyMs']];
  }
  if (root === 'share' && rest.length === 1) return ratio(statusCount(report, rest[0]), answered(report));
  if (root === 'requests' && rest[0] === 'byStatus' && rest.length === 2) return statusCount(report, rest[1]);
  if (root === 'edge') return edgeFigure(report, name, rest);
  return pathFigure(report, name);
}

/** Requests answered with any status: ok + failed. */
function answered(report: VariantReport): number {
  return report.requests.ok + report.requests.failed;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? NaN : part / whole;
}

/** Requests answered with `status` (`429`) or in its class (`5xx`). */
function statusCount(report: VariantReport, status: string): number {
  const byStatus = report.requests.byStatus;
  const cls = /^([1-5])xx$/.exec(status);
  if (cls) {
    return Object.entries(byStatus).reduce((n, [code, count]) => (code[0] === cls[1] ? n + count : n), 0);
  }
  if (!/^\d{3}$/.test(status)) throw new UnknownFigure(`"${status}" is not a status code (e.g. 429 or 5xx)`);
  return byStatus[status] ?? 0;
}

const EDGE_FIELDS = [
  'tries',
  'retries',
  'rps',
  'errors',
  'errorShare',
  'clientErrors',
  'breakerRefused',
  'poolRefused',
  'p50',
  'p99',
] as const;

/**
 * `edge.FROM.TO.FIELD` of the report's edges (every edge the diagram draws, gateway-only or mesh);
 * ids may hold dots, so the field is last and TO is matched.
 */
function edgeFigure(report: VariantReport, name: string, rest: string[]): number {
  const field = rest.at(-1) as (typeof EDGE_FIELDS)[number];
  if (rest.length < 3 || !EDGE_FIELDS.includes(field)) {
    throw new UnknownFigure(`"${name}" is not an edge figure: edge.FROM.TO.${EDGE_FIELDS.join('|')}`);
  }
  const ends = rest.slice(0, -1).join('.');
  const edges = report.edges ?? [];
  const edge = edges.find((e) => `${e.from}.${e.to}` === ends);
  if (edge === undefined) {
    const known = edges.map((e) => `${e.from}.${e.to}`);
    throw new UnknownFigure(
      `variant "${report.name}" has no edge "${ends}"` +
        (known.length ? ` (it has ${known.slice(0, 12).join(', ')})` : ''),
    );
  }
  return edge[field];
}

/** A numeric leaf of the report found by its dotted path; keys may hold dots, so longer keys are tried too. */
function pathFigure(report: VariantReport, name: string): number {
  const parts = name.split('.');
  let node: unknown = report;
  let i = 0;
  while (i < parts.length) {
    if (node === null || typeof node !== 'object') break;
    let j = i + 1;
    // Take the longest run of parts that is a key here (a component id like `api.v2`).
    for (let k = parts.length; k > i; k--) {
      if (Object.hasOwn(node, parts.slice(i, k).join('.'))) {
        j = k;
        break;
      }
    }
    const key = parts.slice(i, j).join('.');
    if (!Object.hasOwn(node, key)) {
      const choices = Object.keys(node).filter((k) => k !== 'name');
      throw new UnknownFigure(
        `variant "${report.name}" has no "${[...parts.slice(0, i), key].join('.')}"` +
          (choices.length ? ` (there: ${choices.slice(0, 12).join(', ')})` : ''),
      );
    }
    node = (node as Record<string, unknown>)[key];
    i = j;
  }
  if (typeof node !== 'number') {
    throw new UnknownFigure(`"${name}" of variant "${report.name}" is not a number`);
  }
  return node;
}
