/**
 * Benchmark figures with their targets and verdicts, printed as a table a reader can compare across
 * machines and commits, or as JSON for scripts.
 */
import { cpus, loadavg } from 'node:os';
import type { Rates } from './measure';

/** A target: the median must be at least (`>=`) or at most (`<=`) `value`. */
export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
}

/** One measured figure. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  /** Median over the timed runs, by the wall clock; the figure the target applies to. */
  readonly median: number;
  /** Absent for figures derived from other figures (ratios) or measured once. */
  readonly min?: number;
  readonly max?: number;
  /** The median measured by this process's CPU time instead of the wall clock (see `measure.ts`). */
  readonly cpuMedian?: number;
  /** Timed runs behind the figure. */
  readonly runs: number;
  readonly target?: Target;
  /** What was run, in a few words (sizes, counts). */
  readonly detail: string;
}

/** PASS or MISS against the target; `-` when the figure has none (a reference figure). */
export function verdict(figure: Figure): 'PASS' | 'MISS' | '-' {
  const t = figure.target;
  if (!t) return '-';
  const ok = t.op === '>=' ? figure.median >= t.value : figure.median <= t.value;
  return ok ? 'PASS' : 'MISS';
}

/** A figure from repeated rates. */
export function rateFigure(
  name: string,
  unit: string,
  rates: Rates,
  detail: string,
  target?: Target,
): Figure {
  return {
    name,
    unit,
    median: rates.median,
    min: rates.min,
    max: rates.max,
    cpuMedian: rates.cpuMedian,
    runs: rates.runs.length,
    target,
    detail,
  };
}

/** Formats a number for the table: thousands separators for large ones, a few digits for small ones. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * The machine's lines and the figures as a fixed-width table under them, ending with a blank line: the
 * head of every benchmark's text report. `name` and `cpu` head the first and the CPU column.
 */
export function figureTableLines(
  figures: readonly Figure[],
  loadAtStart: number,
  { name = 'benchmark', cpu = 'by CPU time' } = {},
): string[] {
  const header = [name, 'median', 'min', 'max', cpu, 'unit', 'target', 'verdict'];
  const rows = figures.map((f) => [
    f.name,
    formatNumber(f.median),
    formatNumber(f.min),
    formatNumber(f.max),
    formatNumber(f.cpuMedian),
    f.unit,
    f.target ? `${f.target.op} ${formatNumber(f.target.value)}` : '-',
    verdict(f),
  ]);
  const numeric = [false, true, true, true, true, false, false, false];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    ...machineLines(loadAtStart, cpu),
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
  ];
}

/** The figures as a fixed-width table with the machine above it and what each row ran below. */
export function renderTable(figures: readonly Figure[], loadAtStart: number): string {
  const out = figureTableLines(figures, loadAtStart);
  out.push(
    'median, min, max: over the timed runs, by the wall clock; the verdict compares the median with the target.',
    'by CPU time: the median rate per second of this process CPU time, which competing processes',
    'inflate far less than the wall clock; well above the median, the machine was busy.',
    '',
    'What each row ran:',
  );
  for (const f of figures) {
    const runs = f.runs > 1 ? `; median of ${f.runs} timed runs after a warm-up` : '';
    out.push(`  ${f.name}: ${f.detail}${runs}`);
  }
  return `${out.join('\n')}\n`;
}

/** The figures as one JSON document, with the machine they were measured on. */
export function renderJson(figures: readonly Figure[], loadAtStart: number): string {
  const document = {
    machine: { ...machine(), loadAtStart: Number(loadAtStart.toFixed(2)) },
    figures: figures.map((f) => ({ ...f, verdict: verdict(f) })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** One-minute load average now. */
export function currentLoad(): number {
  return loadavg()[0];
}

/**
 * What the figures were measured on. `load` is the one-minute load average at the time of the call:
 * above the number of cores, other processes were competing and wall-clock figures are low.
 */
export function machine(): { cpu: string; cores: number; node: string; platform: string; load: number } {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    load: Number(currentLoad().toFixed(2)),
  };
}

/**
 * The machine, and a warning when other processes competed for its cores during the run.
 * `cpuColumn` names the column measured by CPU time, which the warning points to.
 */
export function machineLines(loadAtStart: number, cpuColumn = 'by CPU time'): string[] {
  const m = machine();
  const lines = [
    `meshsim benchmarks on ${m.cores} x ${m.cpu}, Node ${m.node}, ${m.platform}`,
    `load average (1 min): ${loadAtStart.toFixed(2)} at start, ${m.load.toFixed(2)} at end`,
  ];
  // The benchmark itself keeps one core busy, so it adds about 1 to the load at the end.
  const others = Math.max(loadAtStart, m.load - 1);
  if (others > m.cores - 0.75) {
    lines.push(
      `WARNING: other processes were using the ${m.cores} cores; wall-clock figures are low and noisy.`,
      `Compare the "${cpuColumn}" column, or run again on an idle machine.`,
    );
  }
  return lines;
}
