/**
 * `meshsim export FILE --to kong|istio|consul [--out PATH]`: the scenario's gateway (Kong) or mesh
 * (Istio, Consul) as that product's config, so that a policy tuned in the simulator can be taken
 * back. The config goes to standard output, or to PATH; every scenario field the product cannot hold
 * is listed on standard error as `not exported: PATH: why`, never dropped silently.
 */
import {
  exportConsul,
  exportIstio,
  exportKong,
  type ExportResult,
  type NotExported,
} from '../../scenario/export';
import type { Scenario } from '../../scenario/types';
import { flagText, type FlagSpec, onlyFile, parseArgs, UsageError } from '../args';
import { plural } from '../../report/figure-format';
import { ExitCode, type CliIo } from '../io';
import { readScenarioInput } from '../scenario-input';
import { terminalSafe } from '../../scenario/echo';

/** The flags of `export`. */
export const EXPORT_FLAGS: readonly FlagSpec[] = [
  { name: 'to', value: 'the product to write: kong, istio or consul' },
  { name: 'workloads', value: undefined },
  { name: 'variant', value: 'the name of a variant of the file to export instead of the base scenario' },
  { name: 'out', value: 'a file to write the config to (for consul, a directory: one file per entry)' },
];

const EXPORTERS: Readonly<Record<string, (s: Scenario, workloads: boolean) => ExportResult>> = {
  kong: (s) => exportKong(s),
  istio: (s, workloads) => exportIstio(s, { workloads }),
  consul: (s) => exportConsul(s),
};

/** Exports the base scenario of FILE; 0, or 1 when the file is invalid or PATH cannot be written. */
export function exportCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, EXPORT_FLAGS, 'export');
  const path = onlyFile(parsed, 'export');
  const to = flagText(parsed, 'to');
  if (to === undefined) throw new UsageError("'export' needs --to kong, --to istio or --to consul");
  const exporter = Object.hasOwn(EXPORTERS, to) ? EXPORTERS[to] : undefined;
  if (exporter === undefined) throw new UsageError(`--to expects kong, istio or consul, got '${to}'`);
  const workloads = parsed.flags.has('workloads');
  if (workloads && to !== 'istio') throw new UsageError('--workloads goes with --to istio');
  const out = flagText(parsed, 'out');
  const variantName = flagText(parsed, 'variant');
  const loaded = readScenarioInput([path], io);
  if (!loaded.ok) return ExitCode.invalid;
  const { file } = loaded;
  const variant = variantName === undefined ? undefined : file.variants.find((v) => v.name === variantName);
  if (variantName !== undefined && variant === undefined)
    throw new UsageError(
      `${path} has no variant '${variantName}'${file.variants.length > 0 ? ` (it has ${file.variants.map((v) => v.name).join(', ')})` : ''}`,
    );
  const result = exporter(variant?.scenario ?? file.base, workloads);
  const left: NotExported[] = [...result.notExported];
  if (variantName === undefined && file.variants.length > 0)
    left.push({
      path: 'variants',
      why: `${plural(file.variants.length, 'variant')}: the export writes the base scenario (--variant NAME writes one)`,
    });
  for (const n of left)
    io.stderr(
      terminalSafe(
        `not exported${n.simulation ? ' (kept in the scenario document)' : ''}: ${n.path}: ${n.why}`,
      ) + '\n',
    );
  const lost = left.filter((n) => !n.simulation).length;
  if (left.length > 0)
    io.stderr(
      `meshsim: ${plural(left.length, 'field')} of ${path} not exported to ${to}, ${lost} of them policy the product cannot hold\n`,
    );
  if (out === undefined) {
    io.stdout(result.text);
    return ExitCode.ok;
  }
  try {
    if (result.files !== undefined) {
      for (const f of result.files) io.writeFile(`${out.replace(/\/$/, '')}/${f.name}`, f.text);
      io.stderr(`meshsim: wrote ${plural(result.files.length, 'file')} to ${out}\n`);
    } else {
      io.writeFile(out, result.text);
      io.stderr(`meshsim: wrote ${out}\n`);
    }
  } catch (error) {
    io.stderr(`meshsim: cannot write ${out}: ${(error as Error).message.split('\n')[0]}\n`);
    return ExitCode.invalid;
  }
  return ExitCode.ok;
}
