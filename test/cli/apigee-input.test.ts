/**
 * The CLI reads an Apigee API proxy as Apigee exports it: the `apiproxy/` folder, the folder that
 * holds it, or the zip of it; `import` prints the scenario and `run` runs it, its warnings naming the
 * proxy's own files. A folder's `apiproxy/resources/` (scripts, style sheets, specs) is not read.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cli } from './fake-io';

const REAL = fileURLToPath(new URL('../fixtures/real/apigee/', import.meta.url));

/** The node io's folder listing, as the entry gives it. */
function listFiles(path: string): string[] | undefined {
  try {
    if (!statSync(path).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
const io = { listFiles, readBytes: (path: string) => new Uint8Array(readFileSync(path)) };

describe('meshsim and an Apigee proxy', () => {
  test('import takes the folder that holds apiproxy/, or apiproxy/ itself, alike', async () => {
    const parent = await cli(['import', join(REAL, 'spike-arrest')], io);
    const own = await cli(['import', join(REAL, 'spike-arrest', 'apiproxy')], io);
    expect(parent.code).toBe(0);
    expect(parent.stdout).toContain('- { name: spike-arrest, instance: SA-Spike, rate: 10ps }');
    expect(own.stdout.split('\n').slice(1)).toEqual(parent.stdout.split('\n').slice(1));
    expect(parent.stderr).toMatch(/spike-arrest\/apiproxy\/targets\/default\.xml:2:1: warning: /);
  });

  test('run takes the zip and runs the proxy it holds', async () => {
    const r = await cli(['run', join(REAL, 'orders-api_rev3.zip'), '--duration', '2s', '--json'], io);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { variants: { requests: { byStatus: Record<string, number> } }[] };
    expect(report.variants[0].requests.byStatus['429']).toBeGreaterThan(0);
    expect(r.stderr).toContain('orders-api_rev3.zip/apiproxy/targets/default.xml:2:1: warning: ');
  });

  test("a folder's apiproxy/resources/ is left unread, and a folder without config files is an error", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-apigee-'));
    try {
      const copy = (from: string, to: string) => {
        mkdirSync(join(dir, to, '..'), { recursive: true });
        writeFileSync(join(dir, to), readFileSync(join(REAL, 'response-cache', from)));
      };
      for (const f of listFiles(join(REAL, 'response-cache'))!) {
        const rel = f.slice(join(REAL, 'response-cache').length + 1);
        copy(rel, rel);
      }
      mkdirSync(join(dir, 'apiproxy', 'resources', 'oas'), { recursive: true });
      writeFileSync(join(dir, 'apiproxy', 'resources', 'oas', 'spec.json'), '{"openapi": "3.0.0"}');
      const r = await cli(['import', dir], io);
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain('spec.json');
      mkdirSync(join(dir, 'empty'));
      const empty = await cli(['import', join(dir, 'empty')], io);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toContain('is a folder without config files');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
