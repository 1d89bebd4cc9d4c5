/**
 * The counts of a fuzz run: cases by input kind, command and exit code, findings by class with the
 * first few of each (seed:index, input, command, mutations), and the distinct details within a class
 * (numbers masked), which is roughly one line per root cause.
 */
import { FINDING_KINDS, type FindingKind } from './check-case';
import type { CaseRecord } from './pool';
import { printable } from './protocol';

/** Findings of each class kept in full, to reproduce. */
const KEPT_PER_KIND = 3;

/** A finding with the case it came from. */
interface KeptFinding {
  readonly record: CaseRecord;
  readonly detail: string;
}

/** Counts of a fuzz run, added to one record at a time. */
export class Tally {
  cases = 0;
  readonly byKind = new Map<string, number>();
  readonly byCommand = new Map<string, number>();
  readonly byExit = new Map<string, number>();
  readonly findings = new Map<FindingKind | 'fuzzer error', number>();
  readonly first = new Map<FindingKind | 'fuzzer error', KeptFinding[]>();
  /** Distinct finding details (digits masked) per class, with their counts. */
  readonly distinct = new Map<string, number>();
  /** Cases with at least one finding. */
  failed = 0;
  private readonly slowest: CaseRecord[] = [];

  /** Counts one case. */
  add(record: CaseRecord): void {
    this.cases++;
    const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    bump(this.byKind, record.summary?.kind ?? '(unknown)');
    bump(this.byCommand, record.summary?.argv[0] ?? '(unknown)');
    bump(this.byExit, record.code === undefined ? 'none' : String(record.code));
    const found = [
      ...record.findings.map((f) => ({ kind: f.kind as FindingKind | 'fuzzer error', detail: f.detail })),
    ];
    if (record.fuzzerError !== undefined)
      found.push({ kind: 'fuzzer error', detail: record.fuzzerError.split('\n')[0] });
    if (found.length > 0) this.failed++;
    for (const { kind, detail: raw } of found) {
      const detail = printable(raw, 300);
      this.findings.set(kind, (this.findings.get(kind) ?? 0) + 1);
      const kept = this.first.get(kind) ?? [];
      if (kept.length < KEPT_PER_KIND) this.first.set(kind, [...kept, { record, detail }]);
      bump(this.distinct, `${kind}: ${detail.replace(/\d+(\.\d+)?/g, '#').slice(0, 160)}`);
    }
    this.slowest.push(record);
    this.slowest.sort((a, b) => b.ms - a.ms);
    this.slowest.length = Math.min(this.slowest.length, 5);
  }

  /** Findings of every class, meshsim's and the fuzzer's own. */
  get total(): number {
    return [...this.findings.values()].reduce((a, b) => a + b, 0);
  }

  /** The closing report: counts, then the first findings of each class with how to replay them. */
  render(elapsedMs: number, workers: number): string {
    const lines: string[] = [];
    const list = (map: Map<string, number>) =>
      [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    const perCase = elapsedMs / Math.max(this.cases, 1);
    lines.push(
      `cases: ${this.cases} in ${(elapsedMs / 1000).toFixed(1)} s on ${workers} worker${workers === 1 ? '' : 's'} (${perCase.toFixed(1)} ms a case; 100,000 would take ${((perCase * 100_000) / 60_000).toFixed(0)} min)`,
      `by input: ${list(this.byKind)}`,
      `by command: ${list(this.byCommand)}`,
      `by exit code: ${list(this.byExit)}`,
      `findings: ${[...FINDING_KINDS, 'fuzzer error' as const].map((k) => `${k} ${this.findings.get(k) ?? 0}`).join(', ')}`,
      `slowest cases: ${this.slowest.map((r) => `${r.seed}:${r.index} ${Math.round(r.ms)} ms`).join(', ')}`,
    );
    if (this.distinct.size > 0) {
      lines.push('', 'distinct findings (numbers masked):');
      for (const [detail, n] of [...this.distinct.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40))
        lines.push(`  ${String(n).padStart(6)}  ${detail}`);
    }
    for (const [kind, kept] of this.first) {
      lines.push('', `first ${kind} findings:`);
      for (const { record, detail } of kept) lines.push(...describeFinding(record, detail));
    }
    return `${lines.join('\n')}\n`;
  }
}

/** A finding's case as lines: what it is, how it was made, how to replay it. */
export function describeFinding(record: CaseRecord, detail: string): string[] {
  const s = record.summary;
  return [
    `  ${record.seed}:${record.index}  ${detail}`,
    s
      ? `    input ${s.input} (${s.kind}, ${s.size} characters): meshsim ${s.argv.join(' ')}`
      : '    (died before it said what it was)',
    ...(s?.mutations ?? []).map((m) => `    - ${m}`),
    `    replay: npm run fuzz -- --replay ${record.seed}:${record.index}`,
  ];
}
