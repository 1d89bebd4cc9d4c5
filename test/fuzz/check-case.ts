/**
 * Runs one fuzz case through the real command line in-process, twice, and names what is wrong with
 * it: an exit code other than 0, 1 or 4 (2 only where the case's own flags can be at fault), a stack
 * trace or an internal error, a report whose requests do not add up, output that differs between the
 * two runs, or control characters and huge lines printed raw to the terminal. Hangs and memory
 * exhaustion are found by the pool that runs this (pool.ts).
 */
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import type { Budget } from '../../src/scenario/budget';
import type { FuzzCase } from './fuzz-case';

/** The classes of finding, as the closing counts name them. */
export const FINDING_KINDS = [
  'crash',
  'hang',
  'memory',
  'non-conservation',
  'non-determinism',
  'unsafe output',
] as const;

/** One class of finding. */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Something wrong with a case. */
export interface Finding {
  readonly kind: FindingKind;
  /** A short description: the exit code and first line of the message, the variant that leaks. */
  readonly detail: string;
}

/** What one case did. */
export interface CaseResult {
  readonly code: number;
  readonly findings: readonly Finding[];
  /** Wall time of both runs, ms. */
  readonly ms: number;
}

/** What one call of `main` printed and returned. */
interface Output {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The resource budget the fuzz holds every command to: a fiftieth of the users' events and a tenth of
 * their memory, so that 100,000 cases take under an hour on two cores. The estimate is what is under
 * test: a case that takes far more time or heap than its budget allows is a hang or a memory finding.
 */
export const FUZZ_BUDGET: Budget = {
  runEvents: 1_000_000,
  commandEvents: 2_000_000,
  memoryBytes: 100_000_000,
};

/** Longest stderr line a diagnostic may print; a longer one echoes a hostile value in full. */
const MAX_STDERR_LINE = 2_000;
/** A stack frame, as Node prints one. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;
/** Characters a terminal acts on (C0 but tab and newline, DEL, C1); a file's text must not carry them there. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Characters that JSON and YAML output must escape: C0 but tab and newline. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const DATA_CONTROL = /[\u0000-\u0008\u000b-\u001f]/;

/** Runs `meshsim ...argv` on the case's files, held in memory; nothing is written. */
async function runOnce(c: FuzzCase): Promise<Output> {
  const texts = new Map(c.files.map((f) => [f.path, f.text]));
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    isTTY: false,
    readFile: (path) => {
      const text = texts.get(path);
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    writeFile: (path) => {
      throw Object.assign(new Error(`EACCES: the fuzzer writes no files, open '${path}'`), {
        code: 'EACCES',
      });
    },
    now: () => 0,
    budget: FUZZ_BUDGET,
  };
  const code = await main(c.argv, io);
  return { code, stdout, stderr };
}

/** Whether exit 2 (usage) can be the case's own doing: a flag the mutated file makes wrong, or `check`/`compare` on a file without claims or variants. */
function usageExcused(c: FuzzCase): boolean {
  return (
    c.argv[0] === 'check' ||
    c.argv[0] === 'compare' ||
    c.argv.some((a) => a.startsWith('--') && a !== '--json')
  );
}

/**
 * The output with what legitimately varies between runs (wall time) masked. A text table's columns
 * are as wide as their widest figure, the wall time's among them, so its padding is masked too: a
 * run of 9.8 ms then one of 10.1 ms shift every row of the table by a space.
 */
function stable(text: string): string {
  return text
    .replace(/"wallMs": [\d.e+-]+/g, '"wallMs": 0')
    .replace(/[\d.,]+ ?\w* of wall time/g, '# of wall time')
    .replace(/^(\s*wall\s).*$/gm, '$1#')
    .replace(/ {2,}/g, '  ');
}

/** Conservation in a `--json` report: each variant's generated = ok + failed + in flight. */
function conservation(stdout: string): Finding[] {
  let report: { variants?: { name?: string; requests?: Record<string, number> }[] };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    return [{ kind: 'crash', detail: '--json printed something that is not JSON' }];
  }
  const out: Finding[] = [];
  for (const v of report.variants ?? []) {
    const r = v.requests ?? {};
    if (r.ok + r.failed + r.inFlight !== r.generated) {
      out.push({
        kind: 'non-conservation',
        detail: `variant ${JSON.stringify(v.name).slice(0, 40)}: generated ${r.generated} != ok ${r.ok} + failed ${r.failed} + in flight ${r.inFlight}`,
      });
    }
  }
  return out;
}

/** What is wrong with one run's output. */
function inspect(c: FuzzCase, out: Output): Finding[] {
  const findings: Finding[] = [];
  const firstLine = (
    out.stderr.split('\n').find((l) => /internal error|^\s+at /.test(l)) ?? out.stderr.split('\n')[0]
  ).slice(0, 200);
  const allowed = out.code === 0 || out.code === 1 || out.code === 4 || (out.code === 2 && usageExcused(c));
  if (!allowed) findings.push({ kind: 'crash', detail: `exit ${out.code}: ${firstLine}` });
  else if (/internal error/i.test(out.stderr) || STACK_FRAME.test(out.stderr))
    findings.push({ kind: 'crash', detail: `exit ${out.code} with ${firstLine}` });
  const json = c.argv.includes('--json');
  if (json && out.code === 0 && (c.argv[0] === 'run' || c.argv[0] === 'compare'))
    findings.push(...conservation(out.stdout));
  // `--json`, `import` and `export` print data (JSON, YAML) whose own escaping must hold; text reports and
  // every diagnostic are for the terminal and must not carry its controls.
  const data = json || c.argv[0] === 'import' || c.argv[0] === 'export';
  const control =
    TERMINAL_CONTROL.exec(out.stderr) ?? (data ? DATA_CONTROL : TERMINAL_CONTROL).exec(out.stdout);
  const printed = control?.input ?? '';
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    const line = printed.slice(printed.lastIndexOf('\n', control.index) + 1, control.index).slice(-60);
    findings.push({ kind: 'unsafe output', detail: `raw U+${code} printed after ${JSON.stringify(line)}` });
  }
  const longest = out.stderr.split('\n').reduce((max, l) => Math.max(max, l.length), 0);
  if (longest > MAX_STDERR_LINE)
    findings.push({ kind: 'unsafe output', detail: `a stderr line of ${longest} characters` });
  return findings;
}

/** Runs `c` (twice when it printed something) and returns its exit code and findings. */
export async function checkCase(c: FuzzCase): Promise<CaseResult> {
  const started = performance.now();
  let first: Output;
  let second: Output;
  try {
    first = await runOnce(c);
    // A refused file prints nothing on stdout; only output worth comparing is worth a second run.
    second = first.stdout === '' && first.code !== 0 ? first : await runOnce(c);
  } catch (error) {
    // `main` never throws; a throw is a crash however it came.
    const message = error instanceof Error ? error.message : String(error);
    return {
      code: -1,
      findings: [{ kind: 'crash', detail: `main threw: ${message.slice(0, 200)}` }],
      ms: performance.now() - started,
    };
  }
  const findings = inspect(c, first);
  if (first.code !== second.code || stable(first.stdout) !== stable(second.stdout)) {
    findings.push({
      kind: 'non-determinism',
      detail: `exit ${first.code} then ${second.code}; stdout ${first.stdout.length} then ${second.stdout.length} characters${firstDifference(stable(first.stdout), stable(second.stdout))}`,
    });
  }
  return { code: first.code, findings, ms: performance.now() - started };
}

/** Where two texts first differ, for the finding's detail. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i === a.length && i === b.length
    ? ''
    : `, first at ${i}: ${JSON.stringify(a.slice(i, i + 30))} vs ${JSON.stringify(b.slice(i, i + 30))}`;
}
