import { expect, test } from 'vitest';
import { buildLibrary, scenarioFile, titleOf } from '../../src/ui/library';

/** The library as menu lines: `group title: item title (file)`. */
function outline(entries: Record<string, string>): string[] {
  return buildLibrary(entries).flatMap((g) => g.items.map((i) => `${g.title}: ${i.title} (${i.file})`));
}

const named = (name: string): string => `# a comment\nname: ${name}\nseed: 1\n`;

test('buildLibrary groups by folder: Start here first, known folders in order, benchmarks last', () => {
  const entries = {
    '../../scenarios/bench/mm1.yaml': named('M/M/1 benchmark'),
    '../../scenarios/kong/kong.yml': '_format_version: "3.0"\nservices: []\n',
    '../../scenarios/queueing/mm1k.yaml': named('M/M/1/K loss'),
    '../../scenarios/lessons/02-retries.yaml': named('Retries'),
    '../../scenarios/lessons/10-mesh.yaml': named('A mesh'),
    '../../scenarios/lessons/1-queues.yaml': named('Queues'),
    '../../scenarios/consul/canary-bundle.yaml': named('Canary under Consul'),
    '../../scenarios/istio/bookinfo-bundle.yaml': named('Bookinfo'),
    '../../scenarios/zoo.yaml': named('Zoo'),
    '../../scenarios/default.yaml': named('E-commerce behind a gateway'),
  };
  expect(outline(entries)).toEqual([
    'Start here: E-commerce behind a gateway (default.yaml)',
    'Start here: Zoo (zoo.yaml)',
    'Lessons: Queues (lessons/1-queues.yaml)',
    'Lessons: Retries (lessons/02-retries.yaml)',
    'Lessons: A mesh (lessons/10-mesh.yaml)',
    'Queueing theory: M/M/1/K loss (queueing/mm1k.yaml)',
    'Kong: kong.yml (kong/kong.yml)',
    'Istio: Bookinfo (istio/bookinfo-bundle.yaml)',
    'Consul: Canary under Consul (consul/canary-bundle.yaml)',
    'Benchmarks: M/M/1 benchmark (bench/mm1.yaml)',
  ]);
});

test('buildLibrary items keep the key their text is found under, and their group id', () => {
  const [group] = buildLibrary({ '../../scenarios/kong/shop-bundle.yaml': named('Shop behind Kong') });
  expect(group).toEqual({
    id: 'kong',
    title: 'Kong',
    items: [
      {
        path: '../../scenarios/kong/shop-bundle.yaml',
        file: 'kong/shop-bundle.yaml',
        title: 'Shop behind Kong',
        group: 'kong',
      },
    ],
  });
});

test('buildLibrary puts unknown folders after the known ones, titled from their name, and leaves out empty groups', () => {
  const entries = {
    '/scenarios/bench/a.yaml': named('A'),
    '/scenarios/rate-limits/b.yaml': named('B'),
    '/scenarios/circuit_breakers/c.yaml': named('C'),
    '/scenarios/kong/d.yaml': named('D'),
  };
  expect(buildLibrary(entries).map((g) => [g.id, g.title])).toEqual([
    ['kong', 'Kong'],
    ['circuit_breakers', 'Circuit breakers'],
    ['rate-limits', 'Rate limits'],
    ['bench', 'Benchmarks'],
  ]);
  expect(buildLibrary({})).toEqual([]);
});

test('buildLibrary reads the scenario files of the repository as the page will', () => {
  const entries = import.meta.glob<string>('../../scenarios/**/*.{yaml,yml}', {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  const groups = buildLibrary(entries);
  expect(groups[0].title).toBe('Start here');
  expect(groups[0].items[0]).toMatchObject({ file: 'default.yaml', title: 'E-commerce behind a gateway' });
  expect(groups.at(-1)?.title).toBe('Benchmarks');
  const bench = groups.at(-1)?.items ?? [];
  expect(bench.length).toBeGreaterThan(0);
  expect(bench.every((i) => i.file.startsWith('bench/'))).toBe(true);
  expect(groups.slice(0, -1).every((g) => g.items.every((i) => !i.file.startsWith('bench/')))).toBe(true);
  const items = groups.flatMap((g) => g.items);
  expect(items.length).toBe(Object.keys(entries).length);
  expect(items.every((i) => entries[i.path] !== undefined && i.title !== '')).toBe(true);
});

test('titleOf reads a top-level name: in the first lines, quoted or plain', () => {
  expect(titleOf('name: Shop\n', 'a.yaml')).toBe('Shop');
  expect(titleOf("name: 'It''s a shop'  # the title\n", 'a.yaml')).toBe("It's a shop");
  expect(titleOf('name: "A \\"quoted\\" shop"\n', 'a.yaml')).toBe('A "quoted" shop');
  expect(titleOf('name: M/M/1 # queue\r\nseed: 1', 'a.yaml')).toBe('M/M/1');
  expect(titleOf('name: C# services\n', 'a.yaml')).toBe('C# services');
  expect(titleOf('# A bundle\n# more\nname: Bookinfo canary under Istio\n', 'a.yaml')).toBe(
    'Bookinfo canary under Istio',
  );
});

test("titleOf reads a shared link's name of a million spaces in linear time (under a second)", () => {
  const spaces = ' '.repeat(1 << 20);
  const started = process.cpuUsage();
  expect(titleOf(`name: a${spaces}b${spaces}# c\n`, 'shared link')).toBe(`a${spaces}b`);
  expect(titleOf(`name: a${spaces}b\n`, 'shared link')).toBe(`a${spaces}b`);
  const used = process.cpuUsage(started);
  // Processor time: the bound is on the work the text makes, not on what else the machine runs.
  expect((used.user + used.system) / 1000).toBeLessThan(1000);
});

test('titleOf falls back to the file name', () => {
  expect(titleOf('services:\n  - name: catalog\n', 'kong/kong.yml')).toBe('kong.yml');
  expect(titleOf('name: |\n  block\n', 'lessons/a.yaml')).toBe('a.yaml');
  expect(titleOf('name:\n', 'a.yaml')).toBe('a.yaml');
  expect(titleOf('name: ""\n', 'a.yaml')).toBe('a.yaml');
  expect(titleOf(`${'x: 1\n'.repeat(40)}name: Late\n`, 'late.yaml')).toBe('late.yaml');
  expect(titleOf('', 'empty.yaml')).toBe('empty.yaml');
});

test('scenarioFile takes the path under scenarios/', () => {
  expect(scenarioFile('../../scenarios/kong/kong.yml')).toBe('kong/kong.yml');
  expect(scenarioFile('/scenarios/default.yaml')).toBe('default.yaml');
  expect(scenarioFile('scenarios/a/b/c.yaml')).toBe('a/b/c.yaml');
  expect(scenarioFile('../my-scenarios/x.yaml')).toBe('my-scenarios/x.yaml');
  expect(scenarioFile('./x.yaml')).toBe('x.yaml');
});
