/**
 * The summary of an imported Kong, Istio or Consul file, shown beside the diagram: what was read,
 * what was left out (the import's warnings, grouped and counted), what load the clients it made up
 * assume, and, once the run is in, one line on why a striking result comes out as it does ("the
 * limit admits 1.7 requests/s; the clients send 100/s, so 97.3 % are refused with 429"). The words
 * are computed from the import's facts and the run's report; everything goes in as text.
 */
import type { DiagnosticData, ImportFacts, SetupFacts, VariantReport } from '../worker/protocol';
import { h } from './dom';
import {
  formatCount,
  formatDecimal,
  formatPercent,
  GLANCE_PERCENT_DIGITS,
  plural,
} from '../report/figure-format';
import './import-summary.css';

/** A kind of warning and how many times it came. */
export interface WarningGroup {
  readonly key: string;
  readonly count: number;
}

/** The import's warnings by what they say of the config. */
export interface GroupedWarnings {
  /** Fields or plugins meshsim does not model, left out of the scenario: by field name. */
  readonly leftOut: readonly WarningGroup[];
  /** Things read in a nearby form (a regex path as a prefix, health kept per route): by field name. */
  readonly approximated: readonly WarningGroup[];
  /** Services made up with placeholder times. */
  readonly stubs: number;
}

/** A share of the requests worth a word of why: a fifth or more. */
const STRIKING_SHARE = 0.2;

/**
 * The field a warning is about: the last name in its path (`services[0].tags` → `tags`), or the
 * plugin named; with `parent`, the name before it too (`upstreams[0].name` → `upstreams.name`).
 */
function fieldOf(d: DiagnosticData, parent = false): string {
  const plugin = /plugin "([^"]+)" is not modelled/.exec(d.message);
  if (plugin) return `plugin ${plugin[1]}`;
  const names = d.path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter((n) => n !== '');
  return names.slice(parent ? -2 : -1).join('.') || 'document';
}

/** Groups shown by name before the rest are counted ("and 12 more"). */
const GROUPS_NAMED = 6;

/**
 * `warnings` grouped: left out (their message says "not modelled"), stubs (a service "is a stub"),
 * the rest approximated; groups in order of count, then name.
 */
export function groupWarnings(warnings: readonly DiagnosticData[]): GroupedWarnings {
  const leftOut = new Map<string, number>();
  const approximated = new Map<string, number>();
  let stubs = 0;
  for (const w of warnings) {
    if (/is a stub/.test(w.message)) stubs += 1;
    else {
      const dropped = /not modelled/.test(w.message);
      const groups = dropped ? leftOut : approximated;
      // A field approximated is named with its parent: `routes.paths`, `upstreams.name`.
      const key = fieldOf(w, !dropped);
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
  }
  const ordered = (groups: Map<string, number>): WarningGroup[] =>
    [...groups]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key, 'en'));
  return { leftOut: ordered(leftOut), approximated: ordered(approximated), stubs };
}

/** Groups as `strip_path ×3, tags ×2, protocols`, the first `named` of them, then how many more. */
export function groupsText(groups: readonly WarningGroup[], named = GROUPS_NAMED): string {
  const shown = groups.slice(0, named).map((g) => (g.count > 1 ? `${g.key} ×${g.count}` : g.key));
  const rest = groups.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** Requests a second as a reader says them: `1.7`, `100`, `0.05`. */
function perSecond(x: number): string {
  return Number.isInteger(x) ? String(x) : formatDecimal(x, 'bare');
}

/** What a striking result is explained by: the clients' load, the gateway's limits and checks. */
type Explaining = Pick<ImportFacts, 'clients' | 'limits' | 'checks'>;

/** The offered load of the open clients, requests a second; NaN when a client is closed-loop. */
function offeredPerSecond(facts: Explaining): number {
  return facts.clients.reduce((sum, c) => sum + (c.perSecond ?? Number.NaN), 0);
}

/**
 * The open clients' load by what a limit counts: each consumer's, and each client's without one
 * (then counted by its address), busiest first.
 */
function loadByKey(facts: Explaining): { key: string; perSecond: number }[] {
  const load = new Map<string, number>();
  for (const c of facts.clients) {
    if (c.perSecond === undefined) continue;
    const key = c.consumer ?? `${c.id} (no consumer)`;
    load.set(key, (load.get(key) ?? 0) + c.perSecond);
  }
  return [...load].map(([key, perSecond]) => ({ key, perSecond })).sort((a, b) => b.perSecond - a.perSecond);
}

/** The clients' load in words: `1 client sending 100 requests/s (Poisson) as alice`. */
export function clientLoadText(facts: Pick<ImportFacts, 'clients'>): string {
  const parts = facts.clients.map((c) => {
    const load =
      c.perSecond !== undefined
        ? `${perSecond(c.perSecond)} requests/s (${c.process})`
        : `${plural(c.users ?? 0, 'user', { grouped: true })} in a closed loop`;
    const as = c.consumer !== undefined ? ` as ${c.consumer}` : ' with no consumer';
    const bad =
      c.invalidCredentials > 0
        ? `, ${formatPercent(c.invalidCredentials, GLANCE_PERCENT_DIGITS)} with a bad key`
        : '';
    return `${c.id}: ${load}${as}${bad}`;
  });
  return parts.join('; ');
}

/** The share of `report`'s measured requests answered with one of `statuses`. */
function shareOf(report: VariantReport, statuses: readonly string[]): number {
  const total = report.requests.generated;
  if (total <= 0) return 0;
  return statuses.reduce((n, s) => n + (report.requests.byStatus[s] ?? 0), 0) / total;
}

/**
 * One line on why `report` (the run of one setup of the imported scenario) looks as it does, when a
 * fifth or more of its requests are refused at the gateway: by a rate limit (429), compared with the
 * load the clients send, or by a credential or permission check (401, 403); `facts` are that
 * setup's. `undefined` when nothing stands out or the facts cannot explain it.
 */
export function strikingResult(facts: Explaining, report: VariantReport): string | undefined {
  const atOnce = report.latencyMs.p50 === 0 ? ': answered at once, hence a median latency of 0 ms' : '';
  const limited = shareOf(report, ['429']);
  const tightest = [...facts.limits].sort((a, b) => a.perSecond - b.perSecond)[0];
  if (limited >= STRIKING_SHARE && tightest) {
    const offered = offeredPerSecond(facts);
    const consumers = new Set(facts.clients.map((c) => c.consumer ?? ''));
    const by =
      tightest.by === 'consumer' && consumers.size === 1 && !consumers.has('')
        ? ` per consumer, and every request is ${[...consumers][0]}'s`
        : tightest.by !== undefined
          ? ` per ${tightest.by}`
          : '';
    const byKey = loadByKey(facts);
    const sends =
      tightest.by !== undefined && byKey.length > 1
        ? `; ${byKey
            .slice(0, 3)
            .map((k, i) => `${k.key} ${i === 0 ? 'sends ' : ''}${perSecond(k.perSecond)}/s`)
            .join(', ')}`
        : Number.isFinite(offered)
          ? `; the clients send ${perSecond(offered)}/s`
          : '';
    return (
      `The ${tightest.plugin} plugin (${tightest.written}, ${tightest.where}) admits ` +
      `${perSecond(tightest.perSecond)} requests/s${by}${sends}, so ${formatPercent(limited, GLANCE_PERCENT_DIGITS)} are ` +
      `refused with 429 at the gateway${atOnce}.`
    );
  }
  const denied = shareOf(report, ['401', '403']);
  if (denied >= STRIKING_SHARE && facts.checks.length > 0) {
    const plugins = [...new Set(facts.checks.map((c) => c.plugin))].join(' and ');
    const keyless = facts.clients.filter((c) => c.consumer === undefined).map((c) => c.id);
    const why =
      keyless.length > 0 ? `: ${keyless.join(', ')} send${keyless.length === 1 ? 's' : ''} no consumer` : '';
    return `${formatPercent(denied, GLANCE_PERCENT_DIGITS)} of the requests are refused with 401 or 403 by ${plugins}${why}${atOnce}.`;
  }
  return meshRefusals(report);
}

/**
 * One line on the requests the mesh's sidecars refused, when a fifth or more are answered 401, 403
 * or 404 and the sidecars answered such calls themselves (an authorization policy's 403, request
 * authentication's 401, no route's 404): which, and how many calls each.
 */
function meshRefusals(report: VariantReport): string | undefined {
  const outcomes = report.mesh?.outcomes;
  if (outcomes === undefined) return undefined;
  const share = shareOf(report, ['401', '403', '404']);
  const causes = [
    [outcomes.denied, '403 by an authorization policy'],
    [outcomes.unauthenticated ?? 0, '401 by request authentication (no valid token)'],
    [outcomes.noRoute ?? 0, '404 by the caller’s sidecar: no route of the service matched'],
  ] as const;
  const named = causes
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${what} (${plural(n, 'call', { grouped: true })})`);
  if (share < STRIKING_SHARE || named.length === 0) return undefined;
  return `${formatPercent(share, GLANCE_PERCENT_DIGITS)} of the requests are refused by the mesh’s sidecars: ${named.join('; ')}.`;
}

/**
 * One line on what a setup's mesh did to keep its requests up, for a comparison of setups (several
 * meshes' config side by side): its retries, the retries its budget or breaker denied, its breakers
 * opened and its ejections, then the share of requests that succeeded. Undefined when it did none.
 */
export function meshResilience(report: VariantReport): string | undefined {
  const outcomes = report.mesh?.outcomes;
  if (outcomes === undefined) return undefined;
  const { retries } = report.attempts;
  const acts = [
    retries > 0
      ? `retried ${plural(retries, 'call', { grouped: true })} (${formatDecimal(retries / Math.max(1, report.requests.generated))} a request)`
      : '',
    outcomes.retriesDenied > 0
      ? `denied ${formatCount(outcomes.retriesDenied)} retries (budget or breaker)`
      : '',
    outcomes.breakerOpened > 0
      ? `opened a breaker ${plural(outcomes.breakerOpened, 'time', { grouped: true })}`
      : '',
    outcomes.ejections > 0 ? `ejected ${plural(outcomes.ejections, 'instance', { grouped: true })}` : '',
  ].filter((a) => a !== '');
  if (acts.length === 0) return undefined;
  const list = acts.length === 1 ? acts[0] : `${acts.slice(0, -1).join(', ')} and ${acts[acts.length - 1]}`;
  const ok = report.requests.ok / Math.max(1, report.requests.generated);
  return `the mesh ${list}; ${formatPercent(ok, GLANCE_PERCENT_DIGITS)} of the requests succeeded.`;
}

/** What the summary shows. */
export interface ImportSummaryData {
  /** The file imported, as opened. */
  readonly file: string;
  readonly facts: ImportFacts;
  readonly warnings: readonly DiagnosticData[];
  /** The run's report of each setup, in the run's order, once it is in. */
  readonly reports?: readonly VariantReport[];
  /**
   * Each setup's own facts, in the same order (`ScenarioSummary.setups`); absent, or a setup not
   * there: the import's facts.
   */
  readonly setups?: readonly SetupFacts[];
  /** Indices into `reports` of the setups drawn (several side by side); default the first. */
  readonly drawn?: readonly number[];
}

/** The reason for one setup's striking result. */
export interface SetupReason {
  /** The setup's name (`base` for a file without variants). */
  readonly setup: string;
  /** Whether the diagram draws it now. */
  readonly drawn: boolean;
  readonly text: string;
}

/**
 * The reason for each setup's striking result, in the run's order, each by that setup's own facts
 * (its load, limits and checks may differ from the import's). Of several setups, one with nothing
 * striking says so with its share refused at the gateway, so that each is accounted for; a file of
 * one setup without a striking result has none. Empty before the run is in.
 */
export function setupReasons(data: ImportSummaryData): SetupReason[] {
  const drawn = new Set(data.drawn ?? [0]);
  const reports = data.reports ?? [];
  return reports.flatMap((report, i) => {
    const own = data.setups?.find((s) => s.name === report.name);
    const text =
      strikingResult(own ?? data.facts, report) ??
      (reports.length > 1
        ? (meshResilience(report) ??
          `nothing stands out: ${formatPercent(shareOf(report, ['429', '401', '403']), GLANCE_PERCENT_DIGITS)} refused at the gateway.`)
        : undefined);
    return text === undefined ? [] : [{ setup: report.name, drawn: drawn.has(i), text }];
  });
}

/**
 * Which setup the figures belong to, when the run has several: `breaker drawn, of 3 setups:
 * no-limits, pool-limits, breaker. Read, Dropped and Load are the imported config's; …`. Undefined
 * for a run of one setup.
 */
export function setupsText(data: ImportSummaryData): string | undefined {
  const names = (data.reports ?? []).map((r) => r.name);
  if (names.length < 2) return undefined;
  const drawn = (data.drawn ?? [0]).filter((i) => i >= 0 && i < names.length).map((i) => names[i]);
  const shown = drawn.length === names.length ? 'all drawn side by side' : `${drawn.join(' and ')} drawn`;
  return (
    `${shown}, of ${names.length} setups: ${names.join(', ')}. ` +
    `Read, Dropped and Load are the imported config's; each Why is its setup's own.`
  );
}

/** Fills `host` with the summary of `data`; `onShowWarnings` opens the full list (the Editor tab). */
export function renderImportSummary(
  host: HTMLElement,
  data: ImportSummaryData,
  onShowWarnings: () => void,
): void {
  const { facts } = data;
  const grouped = groupWarnings(data.warnings);
  const plugins = facts.plugins.map((p) => (p.count > 1 ? `${p.name} ×${p.count}` : p.name)).join(', ');
  const read = [
    plural(facts.routes, 'route', { grouped: true }),
    plural(facts.services, 'service', { grouped: true }),
    facts.plugins.length > 0 ? `plugins ${plugins}` : 'no plugins',
    facts.meshPolicies > 0
      ? `${formatCount(facts.meshPolicies)} mesh ${facts.meshPolicies === 1 ? 'policy' : 'policies'}`
      : '',
  ].filter((part) => part !== '');
  const dropped = [
    grouped.leftOut.length > 0 ? `left out ${groupsText(grouped.leftOut)}` : '',
    grouped.approximated.length > 0 ? `approximated ${groupsText(grouped.approximated)}` : '',
    grouped.stubs > 0
      ? `${plural(grouped.stubs, 'service', { grouped: true })} made up with placeholder times`
      : '',
  ].filter((part) => part !== '');
  const reasons = setupReasons(data);
  const setups = setupsText(data);
  // One setup: its reason alone; several: each named, the one drawn marked.
  const why =
    setups === undefined
      ? reasons.map((r) => r.text)
      : reasons.map((r) =>
          h(
            'p',
            { class: 'import-reason', 'data-setup': r.setup },
            h('strong', {}, r.setup),
            r.drawn ? ' (drawn): ' : ': ',
            r.text,
          ),
        );
  const list = h(
    'button',
    { type: 'button', class: 'link import-warnings', 'data-testid': 'import-warnings' },
    `see all ${plural(data.warnings.length, 'warning', { grouped: true })}`,
  );
  list.addEventListener('click', onShowWarnings);
  const row = (label: string, testId: string, ...content: (Node | string)[]): HTMLElement =>
    h('div', { class: 'import-row' }, h('dt', {}, label), h('dd', { 'data-testid': testId }, ...content));
  host.replaceChildren(
    h(
      'h2',
      { class: 'eyebrow' },
      `Imported from ${data.file}${facts.sources.length > 0 ? ` (${facts.sources.join(', ')})` : ''}`,
    ),
    h(
      'dl',
      { class: 'import-facts' },
      setups !== undefined ? row('Setups', 'import-setups', setups) : null,
      why.length > 0 ? row('Why', 'import-why', ...why) : null,
      row('Read', 'import-read', `${read.join(' · ')}.`),
      row(
        'Dropped',
        'import-dropped',
        dropped.length > 0
          ? `${plural(data.warnings.length, 'warning', { grouped: true })}: ${dropped.join('; ')}. `
          : 'nothing. ',
        data.warnings.length > 0 ? list : '',
      ),
      row(
        facts.stubClients ? 'Made-up load' : 'Load',
        'import-load',
        facts.stubClients
          ? `the config holds no traffic, so the import made up ${clientLoadText(facts)}. Edit clients to match yours.`
          : clientLoadText(facts),
      ),
    ),
  );
  host.hidden = false;
}
