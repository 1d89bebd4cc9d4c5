/**
 * What the Apigee importer says about files it cannot take as they are: each problem at its file,
 * line and column, an error where Apigee would refuse to deploy the bundle and a warning (with a
 * suggestion for a misspelt name) where meshsim leaves something out.
 */
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importSources, type ImportSource } from '../../../src/scenario';
import { apigeeSources } from './apigee-support';

const PROXY = `<ProxyEndpoint name="default">
    <PreFlow name="PreFlow">
        <Request>
            <Step><Name>SA</Name></Step>
            <Step><Name>Missing-Policy</Name></Step>
        </Request>
    </PreFlow>
    <HTTPProxyConnection><BasePath>/api</BasePath></HTTPProxyConnection>
    <RouteRule name="default"><TargetEndpoint>default</TargetEndpoint></RouteRule>
</ProxyEndpoint>
`;
const TARGET = `<TargetEndpoint name="default">
    <HTTPTargetConnection><URL>http://api.example.com</URL></HTTPTargetConnection>
</TargetEndpoint>
`;

function diagnostics(policy: string): string[] {
  const sources: ImportSource[] = [
    { text: PROXY, fileName: 'apiproxy/proxies/default.xml' },
    { text: TARGET, fileName: 'apiproxy/targets/default.xml' },
    { text: policy, fileName: 'apiproxy/policies/SA.xml' },
  ];
  const r = importSources(sources);
  return [...r.errors, ...r.warnings].map(formatDiagnostic).filter((d) => !d.includes('is a stub'));
}

describe('Apigee diagnostics', () => {
  test('XML that is not well-formed is an error at its line and column', () => {
    const d = diagnostics('<SpikeArrest name="SA">\n  <Rate>10ps</Rat>\n</SpikeArrest>\n');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/^apiproxy\/policies\/SA\.xml:2:\d+: not well-formed XML: /);
  });

  test('a misspelt element is a warning with a suggestion; a step naming no policy is a warning', () => {
    expect(
      diagnostics(
        '<SpikeArrest name="SA">\n  <Rate>10ps</Rate>\n  <UseEfectiveCount>true</UseEfectiveCount>\n</SpikeArrest>\n',
      ),
    ).toEqual([
      'apiproxy/proxies/default.xml:5:19: warning: ProxyEndpoint.PreFlow.Request[1].Name: no policy named "Missing-Policy" in the bundle (apiproxy/policies/); the step is left out',
      'apiproxy/policies/SA.xml:3:3: warning: SpikeArrest.UseEfectiveCount: UseEfectiveCount is not an element of the SpikeArrest policy "SA"; left out did you mean "UseEffectiveCount"?',
    ]);
  });

  test('a SpikeArrest without a Rate is an error at its element; an unknown policy type a warning naming it', () => {
    expect(diagnostics('<SpikeArrest name="SA">\n  <Rate>fast</Rate>\n</SpikeArrest>\n')[0]).toBe(
      'apiproxy/policies/SA.xml:2:3: SpikeArrest.Rate: SpikeArrest needs a Rate such as 30ps or 12pm (found "fast")',
    );
    expect(
      diagnostics(
        '<Javascript name="SA" timeLimit="200">\n  <ResourceURL>jsc://x.js</ResourceURL>\n</Javascript>\n',
      ),
    ).toContain(
      'apiproxy/policies/SA.xml:1:1: warning: Javascript: the Javascript policy "SA" is not modelled, left out: meshsim reads SpikeArrest, Quota, VerifyAPIKey, OAuthV2, ResponseCache, AssignMessage, JSONToXML, XMLToJSON and ServiceCallout',
    );
  });

  test('a step condition meshsim can tell from the route drops the policy where it cannot hold', () => {
    const sa = '<SpikeArrest name="SA"><Rate>10ps</Rate></SpikeArrest>';
    const proxy = PROXY.replace(
      '<Step><Name>SA</Name></Step>',
      '<Step><Name>SA</Name><Condition>request.path MatchesPath "/other/**"</Condition></Step>',
    ).replace('<Step><Name>Missing-Policy</Name></Step>', '');
    const r = importSources([
      { text: proxy, fileName: 'apiproxy/proxies/default.xml' },
      { text: TARGET, fileName: 'apiproxy/targets/default.xml' },
      { text: sa, fileName: 'apiproxy/policies/SA.xml' },
    ]);
    expect(r.errors).toEqual([]);
    const routes = (r.scenario.gateway as { routes: { plugins?: unknown[] }[] }).routes;
    expect(routes[0].plugins).toBeUndefined();
  });
});

describe('Apigee Quota forms', () => {
  const quota = (body: string) => {
    const r = importSources([
      {
        text: PROXY.replace('<Step><Name>Missing-Policy</Name></Step>', ''),
        fileName: 'apiproxy/proxies/default.xml',
      },
      { text: TARGET, fileName: 'apiproxy/targets/default.xml' },
      { text: `<Quota name="SA">\n${body}\n</Quota>\n`, fileName: 'apiproxy/policies/SA.xml' },
    ]);
    const routes = (r.scenario.gateway as { routes: { plugins?: unknown[] }[] } | undefined)?.routes;
    return { plugins: routes?.[0].plugins, diagnostics: [...r.errors, ...r.warnings].map(formatDiagnostic) };
  };

  test('a Quota by the second (Apigee X) is a fixed window of that many seconds', () => {
    expect(
      quota('  <Allow count="5"/>\n  <Interval>2</Interval>\n  <TimeUnit>second</TimeUnit>').plugins,
    ).toEqual([
      { name: 'rate-limiting-advanced', instance: 'SA', limit: 5, window: '2s', window_type: 'fixed' },
    ]);
  });

  test('class-based counts are warned and the Allow count used; a TimeUnit Apigee lacks is an error', () => {
    const classed = quota(
      '  <Allow count="100">\n    <Class ref="request.header.tier"><Allow class="gold" count="1000"/></Class>\n  </Allow>\n  <TimeUnit>hour</TimeUnit>',
    );
    expect(classed.plugins).toEqual([{ name: 'quota', instance: 'SA', limit: 100, timeUnit: 'hour' }]);
    expect(classed.diagnostics).toContain(
      'apiproxy/policies/SA.xml:3:5: warning: Quota.Allow.Class: Allow/Class picks a count by a flow variable meshsim does not have; the Allow count is used',
    );
    expect(quota('  <Allow count="1"/>\n  <TimeUnit>fortnight</TimeUnit>').diagnostics[0]).toBe(
      'apiproxy/policies/SA.xml:3:3: Quota.TimeUnit: TimeUnit must be one of second, minute, hour, day, week, month (found "fortnight")',
    );
  });
});

test('a Flow whose requests an earlier Flow all takes never runs, as in Apigee: it is left out with a warning', () => {
  const proxy = PROXY.replace(
    '<HTTPProxyConnection>',
    `<Flows>
        <Flow name="orders"><Condition>proxy.pathsuffix MatchesPath "/orders/**"</Condition></Flow>
        <Flow name="order-refunds"><Condition>(proxy.pathsuffix MatchesPath "/orders/refunds") and (request.verb = "POST")</Condition></Flow>
    </Flows>
    <HTTPProxyConnection>`,
  );
  const r = importSources([
    { text: proxy, fileName: 'apiproxy/proxies/default.xml' },
    { text: TARGET, fileName: 'apiproxy/targets/default.xml' },
    { text: '<SpikeArrest name="SA"><Rate>10ps</Rate></SpikeArrest>', fileName: 'apiproxy/policies/SA.xml' },
  ]);
  const routes = (r.scenario.gateway as { routes: { id: string }[] }).routes;
  expect(routes.map((x) => x.id)).toEqual(['orders', 'default']);
  expect(r.warnings.map(formatDiagnostic)).toContain(
    'apiproxy/proxies/default.xml:10:9: warning: ProxyEndpoint.Flows[1]: Flow "order-refunds" never runs: Flow "orders" comes first and takes every request it would; left out',
  );
});

/** The warnings each real-shaped proxy gets: its stubs' placeholders, and what it sets that meshsim leaves out. */
test.each([
  ['spike-arrest', 1],
  ['quota-apikey', 3],
  ['response-cache', 1],
  ['load-balancer', 3],
  ['route-rules', 4],
  ['oauth-transform', 8],
  ['conditional-steps', 3],
])('the %s proxy imports with %i warnings, each at a line of one of its files', (name, count) => {
  const r = importSources(apigeeSources(name));
  expect(r.errors).toEqual([]);
  expect(r.warnings).toHaveLength(count);
  for (const w of r.warnings) {
    expect(w.file).toMatch(/^apiproxy\/.*\.xml$/);
    expect(w.line).toBeGreaterThan(0);
  }
});

test('a policy file alone says the proxy endpoint is missing, and imports nothing to simulate', () => {
  const r = importSources([
    { text: '<SpikeArrest name="SA"><Rate>10ps</Rate></SpikeArrest>', fileName: 'SA.xml' },
  ]);
  expect([...r.warnings, ...r.errors].map(formatDiagnostic)).toEqual([
    'SA.xml:1:1: warning: no ProxyEndpoint in the bundle (apiproxy/proxies/*.xml), so no request reaches its policies and targets: import the whole apiproxy/ folder, or its zip',
    'SA.xml:1:1: nothing to simulate: no route leads to a service, and the scenario document has no services',
  ]);
});
