/**
 * `meshsim export FILE --to kong|istio|consul [--variant NAME] [--out PATH]`: the config on stdout or
 * in PATH, each field not exported on stderr with its path, usage errors exit 2.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cli } from './fake-io';

const lesson = (name: string): string =>
  readFileSync(new URL(`../../scenarios/lessons/${name}`, import.meta.url), 'utf8');

/** `meshsim ...argv` reading `files` from memory; what it writes is kept in `written`. */
async function withFiles(files: Readonly<Record<string, string>>, argv: string[]) {
  const written: Record<string, string> = {};
  const r = await cli(argv, {
    readFile: (path) => {
      if (!Object.hasOwn(files, path)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
    writeFile: (path, text) => void (written[path] = text),
  });
  return { ...r, written };
}

describe('meshsim export', () => {
  test('--to kong: the deck file on stdout, the gateway the import reads back', async () => {
    const r = await withFiles({ 'routing.yaml': lesson('01-routing.yaml') }, [
      'export',
      'routing.yaml',
      '--to',
      'kong',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Kong declarative config exported by meshsim from "/);
    expect(r.stdout).toContain('_format_version: "3.0"');
    const back = await withFiles({ 'kong.yaml': r.stdout }, ['import', 'kong.yaml']);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(
      /- id: products-beta\n\s+match: \{ prefix: \/api\/products, methods: \[ GET \], headers: \{ x-beta: "true" \} \}/,
    );
  });

  test('fields not exported are listed on stderr with their paths; kept ones say so', async () => {
    const r = await withFiles({ 'shop.yaml': lesson('22-ecommerce.yaml') }, [
      'export',
      'shop.yaml',
      '--to',
      'kong',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toContain(
      'not exported: gateway.routes[1].timeout: Kong has no deadline over all tries: each try has the read_timeout',
    );
    expect(lines).toContain(
      "not exported (kept in the scenario document): gateway.overhead: the simulated gateway's sizing, not Kong config",
    );
    expect(lines.at(-2)).toMatch(
      /^not exported: variants: \d+ variants: the export writes the base scenario \(--variant NAME writes one\)$/,
    );
    expect(lines.at(-1)).toMatch(
      /^meshsim: \d+ fields of shop\.yaml not exported to kong, \d+ of them policy the product cannot hold$/,
    );
  });

  test('--variant exports one variant; --out writes the file', async () => {
    const r = await withFiles({ 'faults.yaml': lesson('26-fault-injection-and-mirroring.yaml') }, [
      'export',
      'faults.yaml',
      '--to',
      'istio',
      '--variant',
      'fault-injection',
      '--out',
      'istio.yaml',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('meshsim: wrote istio.yaml\n');
    expect(r.written['istio.yaml']).toMatch(/fault:\n\s+delay:/);
  });

  test('--to consul --out DIR: one JSON file per entry', async () => {
    const r = await withFiles({ 'storm.yaml': lesson('11-retry-storm.yaml') }, [
      'export',
      'storm.yaml',
      '--to',
      'consul',
      '--out',
      'entries/',
    ]);
    expect(r.code).toBe(0);
    const names = Object.keys(r.written);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name).toMatch(/^entries\/[a-z-]+-[\w-]+\.json$/);
      expect((JSON.parse(r.written[name]) as { Kind: string }).Kind).toBe(
        name.split('/')[1].split('-').slice(0, 2).join('-'),
      );
    }
    expect(r.stderr).toMatch(new RegExp(`meshsim: wrote ${names.length} files to entries/\\n$`));
  });

  test.each([
    [['export', 'a.yaml'], "'export' needs --to kong, --to istio or --to consul"],
    [['export', 'a.yaml', '--to', 'envoy'], "--to expects kong, istio or consul, got 'envoy'"],
    [['export', '--to', 'kong'], "'export' needs a scenario FILE"],
    [['export', 'a.yaml', '--to', 'kong', '--workloads'], '--workloads goes with --to istio'],
  ])('%j is a usage error, exit 2', async (argv, message) => {
    const r = await withFiles({}, argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test('an unknown variant is a usage error naming the variants', async () => {
    const r = await withFiles({ 'faults.yaml': lesson('26-fault-injection-and-mirroring.yaml') }, [
      'export',
      'faults.yaml',
      '--to',
      'istio',
      '--variant',
      'nope',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "faults.yaml has no variant 'nope' (it has baseline, fault-injection, mirror)",
    );
  });
});

test("an export's heading comment shows the scenario name's control characters as escapes", async () => {
  const text = lesson('01-routing.yaml').replace(/^name: .*$/m, 'name: "evil \\x1b]0;pwned\\x07 \\n next"');
  for (const to of ['kong', 'istio']) {
    const r = await withFiles({ 'evil.yaml': text }, ['export', 'evil.yaml', '--to', to]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('evil \\x1b]0;pwned\\x07 \\x0a next');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  }
});
