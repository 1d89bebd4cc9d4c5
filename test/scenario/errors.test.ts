/**
 * One test per kind of scenario error: the message, the path, and the exact line and column.
 * Each YAML is written one argument per line, so line N is the Nth string.
 */
import { describe, expect, test } from 'vitest';
import { errorsOf, onlyError, yaml } from './helpers';

describe('loadScenario: shape errors', () => {
  test('an unknown field is reported at its key, with a did-you-mean hint', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 10 }',
        'services:',
        '  - id: api',
        '    serviceTme: 5ms',
      ),
    );
    expect(d).toMatchObject({
      severity: 'error',
      file: 'test.yaml',
      line: 7,
      column: 5,
      path: 'services[0].serviceTme',
      message: 'unknown field "serviceTme"',
      hint: 'did you mean "serviceTime"?',
    });
  });

  test('an unknown field with no close match lists the fields that exist there', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 10 }',
        'services:',
        '  - id: api',
        'colour: red',
      ),
    );
    expect(d).toMatchObject({ line: 7, column: 1, path: 'colour', message: 'unknown field "colour"' });
    expect(d.hint).toBe(
      'fields here: name, description, seed, duration, warmup, clients, gateway, services, network, mesh, faults, playback, tracing, tryThis, replications, expect, keyFigures, variants',
    );
  });

  test('a missing required field is reported at the mapping that lacks it', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 10 }',
        'services:',
        '  - instances: 2',
      ),
    );
    expect(d).toMatchObject({
      line: 6,
      column: 5,
      path: 'services[0].id',
      message: 'missing required field "id"',
      expected: 'an id (letters, digits, _ . -)',
    });
  });

  test('a missing top-level section is reported at the top of the document', () => {
    const d = onlyError(yaml('seed: 3', 'clients:', '  - id: web', '    arrival: { rate: 10 }'));
    expect(d).toMatchObject({
      line: 1,
      column: 1,
      path: 'services',
      message: 'missing required field "services"',
    });
  });

  test('a value of the wrong kind names what was expected and what was found', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 10 }',
        'services: { id: api }',
      ),
    );
    expect(d).toMatchObject({
      line: 5,
      column: 11,
      path: 'services',
      message: 'must be a list',
      found: 'a mapping',
    });
    expect(d.expected).toMatch(/^a list of at least 1/);
  });

  test('a duration with an unknown unit suggests the unit meant', () => {
    const d = onlyError(
      yaml(
        'duration: 5sec',
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 10 }',
        'services:',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({
      line: 1,
      column: 11,
      path: 'duration',
      message: 'is not a duration',
      found: '"5sec"',
      hint: 'did you mean "5s"?',
    });
    expect(d.expected).toContain('250us, 5ms, 1.5s, 2m, 1h');
  });

  test('a duration with no recognisable unit lists the units', () => {
    const d = onlyError(
      yaml(
        'duration: 5 fortnights',
        'clients: [ { id: web, target: api, arrival: { rate: 10 } } ]',
        'services: [ { id: api } ]',
      ),
    );
    expect(d).toMatchObject({
      line: 1,
      column: 11,
      message: 'is not a duration',
      hint: 'units: us, ms, s, m, h',
    });
  });

  test('a negative duration is refused', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 10 }',
        '    timeout: -5ms',
        'services:',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({
      line: 5,
      column: 14,
      path: 'clients[0].timeout',
      message: 'must not be negative',
      found: '"-5ms"',
    });
  });

  test('a negative rate is refused', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival:',
        '      process: poisson',
        '      rate: -3',
        'services:',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({
      line: 6,
      column: 13,
      path: 'clients[0].arrival.rate',
      message: 'must not be negative',
      expected: 'a rate per second >= 0',
      found: '-3',
    });
  });

  test('a rate written with a unit is refused with a hint', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 200rps }',
        'services:',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({
      line: 4,
      column: 22,
      message: 'must be a number of requests per second',
      hint: 'rates are plain numbers per second, e.g. 200',
    });
  });

  test('users, instances and concurrency must be positive integers', () => {
    const errors = errorsOf(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { users: 0 }',
        'services:',
        '  - id: api',
        '    instances: 0',
        '    concurrency: 1.5',
      ),
    );
    expect(errors.map(({ line, column, path, message }) => ({ line, column, path, message }))).toEqual([
      { line: 4, column: 23, path: 'clients[0].arrival.users', message: 'must be at least 1' },
      { line: 7, column: 16, path: 'services[0].instances', message: 'must be at least 1' },
      { line: 8, column: 18, path: 'services[0].concurrency', message: 'must be a whole number' },
    ]);
    expect(errors[1]).toMatchObject({ expected: 'a positive integer', found: '0' });
  });

  test('a negative queue and an error rate outside [0, 1] are refused', () => {
    const errors = errorsOf(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
        '    queue: -1',
        '    errorRate: 1.5',
      ),
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      line: 7,
      column: 12,
      path: 'services[0].queue',
      message: 'must not be negative',
      expected: 'an integer >= 0 or unlimited',
    });
    expect(errors[1]).toMatchObject({
      line: 8,
      column: 16,
      path: 'services[0].errorRate',
      message: 'must be at most 1',
      expected: 'a number from 0 to 1',
      found: '1.5',
    });
  });

  test('a lognormal whose p99 is not above its median is refused at the p99', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
        '    serviceTime: { dist: lognormal, median: 10ms, p99: 5ms }',
      ),
    );
    expect(d).toMatchObject({
      line: 7,
      column: 56,
      path: 'services[0].serviceTime.p99',
      message: 'p99 must be greater than median (10 ms)',
      found: '5 ms',
    });
  });

  test('an unknown distribution gets a did-you-mean hint', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
        '    serviceTime: { dist: lognorml, median: 1ms, p99: 5ms }',
      ),
    );
    expect(d).toMatchObject({
      line: 7,
      column: 26,
      path: 'services[0].serviceTime.dist',
      message: 'unknown distribution "lognorml"',
      hint: 'did you mean "lognormal"?',
    });
  });

  test('an unknown word in a closed set gets a did-you-mean hint', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
        '    callMode: paralel',
      ),
    );
    expect(d).toMatchObject({
      line: 7,
      column: 15,
      path: 'services[0].callMode',
      message: 'unknown value "paralel"',
      expected: 'one of sequential, parallel',
      hint: 'did you mean "parallel"?',
    });
  });

  test('a schedule on a closed client is refused', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { users: 5 }',
        '    schedule: [ { at: 1s, rate: 5 } ]',
        'services:',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({ line: 5, column: 5, path: 'clients[0].schedule' });
    expect(d.message).toContain('this client is closed');
  });

  test('a route match with both path and prefix is refused', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, arrival: { rate: 1 } } ]',
        'gateway:',
        '  routes:',
        '    - service: api',
        '      match: { path: /a, prefix: /b }',
        'services: [ { id: api } ]',
      ),
    );
    expect(d).toMatchObject({
      line: 5,
      column: 26,
      path: 'gateway.routes[0].match.prefix',
      message: 'give either path (exact) or prefix, not both',
    });
  });

  test('an invalid mesh value is reported inside the mesh section', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services: [ { id: api } ]',
        'mesh:',
        '  enabled: true',
        '  mtls: { mode: strict }',
      ),
    );
    expect(d).toMatchObject({
      line: 5,
      column: 17,
      path: 'mesh.mtls.mode',
      message: 'unknown mTLS mode "strict"',
      hint: 'did you mean "STRICT"?',
    });
  });
});

describe('loadScenario: plugin errors', () => {
  const withPlugins = (...pluginLines: string[]): string =>
    yaml(
      'clients:',
      '  - id: web',
      '    arrival: { rate: 1 }',
      'gateway:',
      '  id: edge',
      '  plugins:',
      ...pluginLines,
      '  routes:',
      '    - { service: api }',
      'services:',
      '  - id: api',
    );

  test('an unknown plugin name gets a did-you-mean hint', () => {
    const d = onlyError(withPlugins('    - name: rate-limting', '      minute: 5'));
    expect(d).toMatchObject({
      line: 7,
      column: 13,
      path: 'gateway.plugins[0].name',
      message: 'unknown plugin "rate-limting"',
      hint: 'did you mean "rate-limiting"?',
    });
  });

  test("rate-limiting's periods must be positive integers and limit_by a known word", () => {
    const errors = errorsOf(
      withPlugins(
        '    - name: rate-limiting',
        '      minute: -1',
        '      hour: 1.5',
        '      limit_by: consumr',
      ),
    );
    expect(errors.map(({ line, column, path, message }) => ({ line, column, path, message }))).toEqual([
      { line: 8, column: 15, path: 'gateway.plugins[0].minute', message: 'must be at least 1' },
      { line: 9, column: 13, path: 'gateway.plugins[0].hour', message: 'must be a whole number' },
      { line: 10, column: 17, path: 'gateway.plugins[0].limit_by', message: 'unknown value "consumr"' },
    ]);
    expect(errors[2].hint).toBe('did you mean "consumer"?');
  });

  test('rate-limiting needs at least one period', () => {
    const d = onlyError(withPlugins('    - { name: rate-limiting, limit_by: ip }'));
    expect(d).toMatchObject({
      line: 7,
      column: 7,
      path: 'gateway.plugins[0]',
      message: 'rate-limiting needs a limit for at least one period',
    });
  });

  test('a field that belongs to another plugin is unknown for this one', () => {
    const d = onlyError(withPlugins('    - { name: key-auth, ttl: 5s }'));
    expect(d).toMatchObject({
      line: 7,
      column: 25,
      path: 'gateway.plugins[0].ttl',
      message: 'unknown field "ttl"',
    });
  });

  test('the same plugin twice in one list is refused', () => {
    const d = onlyError(withPlugins('    - { name: jwt }', '    - { name: jwt }'));
    expect(d).toMatchObject({
      line: 8,
      column: 7,
      path: 'gateway.plugins[1]',
      message: 'plugin "jwt" appears twice in this list',
    });
  });
});

describe('loadScenario: reference errors', () => {
  test('a route to an unknown service', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    arrival: { rate: 1 }',
        'gateway:',
        '  id: edge',
        '  routes:',
        '    - id: products',
        '      service: catalogue',
        'services:',
        '  - id: catalog',
      ),
    );
    expect(d).toMatchObject({
      line: 8,
      column: 16,
      path: 'gateway.routes[0].service',
      message: 'unknown service "catalogue"',
      expected: 'one of catalog',
      found: '"catalogue"',
      hint: 'did you mean "catalog"?',
    });
  });

  test('a client target that names nothing', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: catalogue',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: catalog',
      ),
    );
    expect(d).toMatchObject({
      line: 3,
      column: 13,
      path: 'clients[0].target',
      message: 'unknown target "catalogue"',
      hint: 'did you mean "catalog"?',
    });
  });

  test('a client targeting a gateway when the scenario has none', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: edge',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({
      line: 3,
      column: 13,
      path: 'clients[0].target',
      message: 'unknown target "edge"',
      expected: 'one of api',
    });
    expect(d.hint).toContain('no gateway');
  });

  test('a client with no target when there is no gateway to default to', () => {
    const d = onlyError(
      yaml('clients:', '  - id: web', '    arrival: { rate: 1 }', 'services:', '  - id: api'),
    );
    expect(d).toMatchObject({
      line: 2,
      column: 5,
      path: 'clients[0].target',
      message: 'client "web" has no target and the scenario has no gateway',
      hint: 'set target to a service, e.g. target: api',
    });
  });

  test('a call to an unknown service', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
        '    calls: [ inventry ]',
        '  - id: inventory',
      ),
    );
    expect(d).toMatchObject({
      line: 7,
      column: 14,
      path: 'services[0].calls[0].service',
      message: 'unknown service "inventry"',
      hint: 'did you mean "inventory"?',
    });
  });

  test('a fault on an unknown target', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
        'faults:',
        '  - { kind: crash, target: apu }',
      ),
    );
    expect(d).toMatchObject({
      line: 8,
      column: 28,
      path: 'faults[0].target',
      message: 'unknown target "apu"',
      hint: 'did you mean "api"?',
    });
  });

  test('a mesh policy for an unknown service is reported at its key', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
        'mesh:',
        '  enabled: true',
        '  policies:',
        '    apii: { timeout: 1s }',
      ),
    );
    expect(d).toMatchObject({
      line: 10,
      column: 5,
      path: 'mesh.policies.apii',
      message: 'unknown service "apii"',
      hint: 'did you mean "api"?',
    });
  });

  test('a duplicate service id names the first one', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: api',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({
      line: 7,
      column: 9,
      path: 'services[1].id',
      message: 'duplicate service or gateway id "api"',
      hint: 'first used at line 6',
    });
  });

  test('the gateway and a service may not share an id', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, arrival: { rate: 1 } } ]',
        'gateway: { id: api, routes: [ { service: api } ] }',
        'services:',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({
      line: 4,
      column: 9,
      path: 'services[0].id',
      message: 'duplicate service or gateway id "api"',
      hint: 'first used at line 2',
    });
  });

  test('duplicate client ids', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - { id: web, target: api, arrival: { rate: 1 } }',
        '  - { id: web, target: api, arrival: { rate: 2 } }',
        'services: [ { id: api } ]',
      ),
    );
    expect(d).toMatchObject({
      line: 3,
      column: 11,
      path: 'clients[1].id',
      message: 'duplicate client id "web"',
    });
  });

  test('a call cycle is named in full at the call that closes it', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: a',
        '    arrival: { rate: 1 }',
        'services:',
        '  - id: a',
        '    calls: [b]',
        '  - id: b',
        '    calls: [c]',
        '  - id: c',
        '    calls: [a]',
      ),
    );
    expect(d).toMatchObject({
      line: 11,
      column: 13,
      path: 'services[2].calls[0].service',
      message: 'call cycle a -> b -> c -> a',
    });
  });

  test('a service calling itself is a cycle', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, target: a, arrival: { rate: 1 } } ]',
        'services:',
        '  - id: a',
        '    calls: [ { service: a } ]',
      ),
    );
    expect(d).toMatchObject({
      line: 4,
      column: 25,
      path: 'services[0].calls[0].service',
      message: 'call cycle a -> a',
    });
  });

  test('a fault instance out of range', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services:',
        '  - id: api',
        '    instances: 2',
        'faults:',
        '  - kind: crash',
        '    target: api',
        '    instance: 2',
      ),
    );
    expect(d).toMatchObject({
      line: 8,
      column: 15,
      path: 'faults[0].instance',
      message: 'instance 2 is out of range: "api" has 2 instances',
      expected: 'an instance number from 0 to 1',
      found: '2',
    });
  });

  test('warmup must be shorter than the run', () => {
    const d = onlyError(
      yaml(
        'duration: 10s',
        'warmup: 10s',
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services: [ { id: api } ]',
      ),
    );
    expect(d).toMatchObject({
      line: 2,
      column: 9,
      path: 'warmup',
      message: 'warmup (10000 ms) must be shorter than duration (10000 ms)',
    });
  });

  test('the run must last more than zero', () => {
    const d = onlyError(
      yaml(
        'duration: 0',
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services: [ { id: api } ]',
      ),
    );
    expect(d).toMatchObject({ line: 1, column: 11, path: 'duration', message: 'must be greater than 0' });
  });
});

describe('loadScenario: input that is not a scenario', () => {
  test('an empty file', () => {
    expect(onlyError('')).toMatchObject({ line: 1, column: 1, path: '', message: 'the file is empty' });
    expect(onlyError('  \n\n')).toMatchObject({ message: 'the file is empty' });
    expect(onlyError('# only a comment\n')).toMatchObject({ line: 1, column: 1 });
  });

  test('a YAML syntax error keeps the YAML library position', () => {
    const d = onlyError(yaml('name: demo', 'seed: 1: 2'));
    expect(d).toMatchObject({ line: 2, column: 7, path: '' });
    expect(d.message).toMatch(/^YAML syntax: /);
  });

  test('an unclosed flow sequence', () => {
    const errors = errorsOf(yaml('clients: [', '  { id: web }', 'services: []'));
    expect(errors.every((d) => d.message.startsWith('YAML syntax: '))).toBe(true);
    expect(errors[0].line).toBeGreaterThanOrEqual(2);
  });

  test('a duplicate key is an error at the second one', () => {
    const d = onlyError(yaml('seed: 1', 'name: x', 'seed: 2'));
    expect(d).toMatchObject({
      line: 3,
      column: 1,
      message: 'YAML syntax: Map keys must be unique; each key may appear once per mapping',
    });
  });

  test('a top-level list or scalar', () => {
    expect(onlyError(yaml('- a', '- b'))).toMatchObject({
      line: 1,
      column: 1,
      message: 'a scenario must be a mapping of fields',
      found: 'a list',
    });
    expect(onlyError('just words')).toMatchObject({ line: 1, column: 1, found: '"just words"' });
    expect(onlyError('42')).toMatchObject({ found: '42' });
  });

  test('binary junk', () => {
    const junk = String.fromCharCode(0, 1, 2, 0xff, 0xfffe, 0xd800, 10, 27, 91, 50, 74);
    expect(errorsOf(junk).length).toBeGreaterThan(0);
  });

  test('JSON input with an error gets a position on its one line', () => {
    const text =
      '{"clients": [{"id": "web", "target": "api", "arrival": {"rate": 10}}], "services": [{"id": "api", "serviceTme": "5ms"}]}';
    const d = onlyError(text);
    expect(d).toMatchObject({
      line: 1,
      column: text.indexOf('"serviceTme"') + 1,
      path: 'services[0].serviceTme',
      hint: 'did you mean "serviceTime"?',
    });
  });

  test('two YAML documents in one file', () => {
    const d = onlyError(yaml('name: a', '---', 'name: b'));
    expect(d).toMatchObject({
      line: 2,
      message: 'the file holds 2 YAML documents; a scenario is one document',
    });
  });

  test('Kong declarative config is recognised and sent to the importer', () => {
    const d = onlyError(yaml('_format_version: "3.0"', 'services: []'));
    expect(d.message).toBe('this looks like Kong declarative config, not a meshsim scenario');
    expect(d.hint).toContain('meshsim import');
  });

  test('an alias that contains itself', () => {
    const d = onlyError(yaml('clients: &a [ *a ]', 'services: []'));
    expect(d.message).toContain('nested more than');
  });

  test('an alias bomb is cut off', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const d = onlyError(yaml(...lines));
    expect(d.message).toMatch(/expands? to more than/);
  });

  test('keys that are names of Object.prototype members are plain unknown fields', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services: [ { id: api } ]',
        'toString: 1',
      ),
    );
    expect(d).toMatchObject({ line: 3, column: 1, message: 'unknown field "toString"' });
  });
});
