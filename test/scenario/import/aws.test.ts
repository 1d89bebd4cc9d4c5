/**
 * AWS API Gateway config, as its users write it, simulated as API Gateway would treat the traffic:
 * a stage's token bucket answers 429 at the bucket's exact counts, a usage plan's quota stops at its
 * count, an integration's timeout cuts at its value with a 504, the stage cache answers repeats
 * within its TTL, and an authorizer's verdict is cached for its TTL.
 */
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importSources } from '../../../src/scenario';
import { bucketAdmits, importFixture, runWith } from './aws-helpers';

describe('stage throttling (CloudFormation JSON, MethodSettings /* of 10 a second, burst 5)', () => {
  test('a constant 20 a second gets 429s at the token bucket’s exact count', () => {
    const v = runWith(
      'cfn-stage-throttling-caching.json',
      `clients:
  - { id: shop, arrival: { process: constant, rate: 20 }, mix: [{ method: GET, path: /products }] }
services:
  - { id: catalog.example.com, serviceTime: 1ms, concurrency: 100 }
`,
      10_000,
    );
    const n = v.requests.generated;
    const admitted = bucketAdmits(n, 50, 0, 10, 5);
    expect(n).toBe(200);
    expect(v.requests.byStatus['200']).toBe(admitted);
    expect(v.requests.byStatus['429']).toBe(n - admitted);
    expect(admitted).toBe(104); // the burst of 5, and the 99.5 tokens refilled by the last arrival (9.95 s), rounded down
  });

  test('the stage cache answers repeats within its TTL (60 s) at the gateway', () => {
    const v = runWith(
      'cfn-stage-throttling-caching.json',
      `clients:
  - { id: shop, arrival: { process: constant, rate: 4 }, mix: [{ method: GET, path: /products/7 }] }
services:
  - { id: catalog.example.com, serviceTime: 1ms }
`,
      90_000,
    );
    expect(v.requests.byStatus['200']).toBe(360);
    // One miss at the start, one when the entry expires at 60 s: the backend serves two.
    expect(v.components['catalog.example.com'].served).toBe(2);
  });
});

describe('usage plan quota (CloudFormation YAML with short-form tags)', () => {
  test('a key’s daily quota of 100 stops at 100, then 429 until the day ends', () => {
    const v = runWith(
      'cfn-usage-plan-quota.yaml',
      `clients:
  - { id: acme, consumer: acme, arrival: { process: constant, rate: 5 }, mix: [{ method: GET, path: /inventory }] }
services:
  - { id: inventory-handler, serviceTime: 1ms, concurrency: 10 }
`,
      60_000,
    );
    expect(v.requests.generated).toBe(300);
    expect(v.requests.byStatus['200']).toBe(100);
    expect(v.requests.byStatus['429']).toBe(200);
  });

  test('the Lambda token authorizer is called once per 120 s TTL for one caller', () => {
    const v = runWith(
      'cfn-usage-plan-quota.yaml',
      `clients:
  - { id: acme, consumer: acme, arrival: { process: constant, rate: 0.25 }, mix: [{ method: POST, path: /orders }] }
services:
  - { id: orders.partner.example.com, serviceTime: 1ms }
`,
      300_000,
    );
    expect(v.requests.byStatus['200']).toBe(75);
    expect(v.gateway?.plugins['post-orders']['external-auth']).toMatchObject({ calls: 3 });
  });
});

describe('a usage plan’s per-method throttle (ApiStages Throttle "/orders/POST": 5 a second, burst 5)', () => {
  test('the key’s POSTs to /orders get 429s at the bucket’s exact count', () => {
    const v = runWith(
      'cfn-usage-plan-quota.yaml',
      `clients:
  - { id: acme, consumer: acme, arrival: { process: constant, rate: 10 }, mix: [{ method: POST, path: /orders }] }
services:
  - { id: orders.partner.example.com, serviceTime: 1ms, concurrency: 10 }
`,
      5_000,
    );
    const admitted = bucketAdmits(50, 100, 0, 5, 5);
    expect(v.requests.byStatus['200']).toBe(admitted);
    expect(v.requests.byStatus['429']).toBe(50 - admitted);
  });
});

describe('SAM API with Auth.ApiKeyRequired and a PER_API usage plan', () => {
  test('the quota from a !Ref parameter (50 a day) stops the key at 50; /health needs no key', () => {
    const v = runWith(
      'sam-api-key-usage-plan.yaml',
      `clients:
  - { id: app, consumer: HelloApiApiKey, arrival: { process: constant, rate: 2 }, mix: [{ method: GET, path: /hello }] }
  - { id: probe, arrival: { process: constant, rate: 1 }, mix: [{ method: GET, path: /health }] }
services:
  - { id: HelloWorldFunction, serviceTime: 1ms, concurrency: 10 }
`,
      60_000,
    );
    const cells = v.gateway!.metrics.breakdown.map((b) => `${b.route} ${b.status} ${b.count}`);
    expect(cells).toEqual(
      expect.arrayContaining(['get-hello 200 50', 'get-hello 429 70', 'get-health 200 60']),
    );
  });
});

describe('an API key required, as AWS answers it', () => {
  test('a request without a valid key is 403 "Forbidden", as AWS answers, where Kong answers 401', () => {
    // Half of the refused requests carry no key, half a wrong one: AWS answers both 403.
    const v = runWith(
      'sam-api-key-usage-plan.yaml',
      `clients:
  - { id: app, consumer: HelloApiApiKey, credentials: { invalid: 0.5 }, arrival: { process: constant, rate: 1 }, mix: [{ method: GET, path: /hello }] }
services:
  - { id: HelloWorldFunction, serviceTime: 1ms, concurrency: 10 }
`,
      40_000,
    );
    const refused = v.requests.byStatus['403'];
    expect(refused).toBeGreaterThan(10);
    expect(v.requests.byStatus['401']).toBeUndefined();
    expect(refused + v.requests.byStatus['200']).toBe(v.requests.generated - v.requests.inFlight);
  });
});

describe('a usage plan quota’s period', () => {
  test('the daily quota of 50 starts again at midnight: 50 a day admitted over two days', () => {
    // One request every 1 000 s from 0: 87 the first day, 86 the second, none at the boundary (86 400 s).
    const v = runWith(
      'sam-api-key-usage-plan.yaml',
      `clients:
  - { id: app, consumer: HelloApiApiKey, arrival: { process: constant, rate: 0.001 }, mix: [{ method: GET, path: /hello }] }
services:
  - { id: HelloWorldFunction, serviceTime: 1ms }
`,
      172_800_000,
    );
    expect(v.requests.generated).toBe(173);
    expect(v.requests.byStatus['200']).toBe(100);
    expect(v.requests.byStatus['429']).toBe(73);
  });
});

describe('integration timeout (Swagger 2, Lambda proxy with timeoutInMillis 2000)', () => {
  test('a backend slower than 2 s is cut at 2 s with a 504', () => {
    const v = runWith(
      'swagger2-lambda-token-authorizer.yaml',
      `clients:
  - { id: app, arrival: { process: constant, rate: 1 }, mix: [{ method: GET, path: /orders }] }
services:
  - { id: ListOrders, serviceTime: 3s, concurrency: 10 }
`,
      20_000,
    );
    expect(v.requests.byStatus['504']).toBe(v.requests.ok + v.requests.failed);
    expect(v.requests.byStatus['504']).toBeGreaterThanOrEqual(17);
    // The first request also waits for the authorizer's call; the rest use its cached verdict.
    expect(v.latencyMs.p50).toBeCloseTo(2000, 0);
  });
});

describe('warnings of real files', () => {
  test('a misspelt template property gets the nearest name as a suggestion', () => {
    const r = importSources([
      {
        text: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      MethodSetings: []
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      Quota: { Limit: 5, Perod: DAY }
`,
        fileName: 'typos.yaml',
      },
    ]);
    const text = r.warnings.map(formatDiagnostic).join('\n');
    expect(text).toContain(
      'typos.yaml:7:7: warning: Resources.Stage.Properties.MethodSetings: not an AWS::ApiGateway::Stage field; left out did you mean "MethodSettings"?',
    );
    expect(text).toContain('Quota.Perod: not a usage plan quota field; left out did you mean "Period"?');
  });

  test('a stage setting for /* GET gives each GET method a bucket of its own; the stage-wide one stays', () => {
    const r = importSources([
      {
        text: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        paths:
          /a:
            get: { x-amazon-apigateway-integration: { type: http_proxy, uri: "http://a.example.com" } }
            post: { x-amazon-apigateway-integration: { type: http_proxy, uri: "http://a.example.com" } }
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      MethodSettings:
        - { ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 }
        - { ResourcePath: "/*", HttpMethod: GET, ThrottlingRateLimit: 3, ThrottlingBurstLimit: 3 }
`,
        fileName: 'get-throttle.yaml',
      },
    ]);
    expect(r.errors).toEqual([]);
    const gateway = r.scenario.gateway as {
      plugins: unknown[];
      routes: { id: string; plugins?: unknown[] }[];
    };
    expect(gateway.plugins).toEqual([
      { name: 'token-bucket', rate: 100, burst: 50, limit_by: 'account', instance: 'stage' },
    ]);
    expect(gateway.routes.map((x) => [x.id, x.plugins])).toEqual([
      ['get-a', [{ name: 'token-bucket', rate: 3, burst: 3, limit_by: 'account', instance: 'GET /a' }]],
      ['post-a', undefined],
    ]);
  });

  test('an HTTP API in a template is said to be another product, not a resource without traffic', () => {
    const r = importSources([
      {
        text: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: { Name: h, ProtocolType: HTTP }\n',
        fileName: 'http-api.yaml',
      },
    ]);
    expect(r.warnings.map((w) => w.message)).toContain(
      'AWS::ApiGatewayV2::Api is an HTTP API (API Gateway v2), which meshsim does not import: only REST APIs; left out (said once for the type)',
    );
  });

  test('methods that need a key when the file defines none: the client stub sends a stand-in key', () => {
    const r = importSources([
      {
        text: `openapi: 3.0.1
paths:
  /a:
    get:
      security: [{ api_key: [] }]
      x-amazon-apigateway-integration: { type: http_proxy, uri: "http://a.example.com/a" }
components:
  securitySchemes:
    api_key: { type: apiKey, name: x-api-key, in: header }
`,
        fileName: 'keyed.yaml',
      },
    ]);
    expect(r.errors).toEqual([]);
    expect((r.scenario.clients as { consumer?: string }[])[0].consumer).toBe('api-key');
  });

  test('a request validator is said never to answer; a misspelt integration field gets a suggestion', () => {
    const r = importFixture('openapi3-request-validators.yaml');
    expect(r.errors).toEqual([]);
    const text = r.warnings.map(formatDiagnostic).join('\n');
    expect(text).toContain(
      '10:1: warning: x-amazon-apigateway-request-validators: a request validator answers 400',
    );
    expect(text).toMatch(
      /timeoutInMilis: not an API Gateway integration field; left out did you mean "timeoutInMillis"/,
    );
  });

  test('the PetStore export imports its four methods, the OPTIONS mock answered by the gateway', () => {
    const r = importFixture('petstore-oas30-export.json');
    expect(r.errors).toEqual([]);
    const routes = (r.scenario.gateway as { routes: { id: string; plugins?: unknown[] }[] }).routes;
    expect(routes.map((x) => x.id)).toEqual(['get-pets', 'post-pets', 'options-pets', 'get-pets-petId']);
    expect(routes[2].plugins).toEqual([{ name: 'request-termination', status: 200 }]);
  });
});

describe('SAM API with authorizers, a stage cache and a method throttle', () => {
  const doc = (mix: string, rate: number) => `clients:
  - { id: app, consumer: alice, arrival: { process: constant, rate: ${rate} }, mix: [${mix}] }
services:
  - { id: GetItemsFunction, serviceTime: 1ms }
  - { id: GetProfileFunction, serviceTime: 1ms }
  - { id: ReportsFunction, serviceTime: 1ms, concurrency: 10 }
`;

  test('the /reports method throttle of 2 a second, burst 2, replaces the stage’s for that method', () => {
    const v = runWith('sam-authorizers-caching.yaml', doc('{ method: GET, path: /reports }', 5), 10_000);
    const admitted = bucketAdmits(50, 200, 0, 2, 2);
    expect(v.requests.byStatus['200']).toBe(admitted);
    expect(v.requests.byStatus['429']).toBe(50 - admitted);
  });

  test('ReauthorizeEvery 30 caches the verdict 30 s; the stage cache (TTL 30 s) spares the function', () => {
    const v = runWith('sam-authorizers-caching.yaml', doc('{ method: GET, path: /items }', 1), 90_000);
    expect(v.requests.byStatus['200']).toBe(90);
    expect(v.gateway?.plugins['get-items']['external-auth']).toMatchObject({ calls: 3 });
    expect(v.components.GetItemsFunction.served).toBe(3);
  });

  test('the Cognito authorizer checks the token at the gateway (jwt), no call out', () => {
    const v = runWith('sam-authorizers-caching.yaml', doc('{ method: GET, path: /profile }', 1), 10_000);
    expect(v.requests.byStatus['200']).toBe(10);
    expect(v.gateway?.plugins['get-profile']['external-auth']).toBeUndefined();
  });
});

describe('a packaged API: the OpenAPI file and the template that deploys it, as one bundle', () => {
  const bundle = ['packaged-api/1-openapi.yaml', 'packaged-api/2-template.yaml'];

  test('the template’s method throttle (20 a second, burst 40) applies to the definition’s POST', () => {
    const v = runWith(
      bundle,
      `clients:
  - { id: shipper, arrival: { process: constant, rate: 50 }, mix: [{ method: POST, path: /shipments }] }
services:
  - { id: shipping.internal.example.com, serviceTime: 1ms, concurrency: 100 }
`,
      4_000,
    );
    const admitted = bucketAdmits(200, 20, 0, 20, 40);
    expect(v.requests.byStatus['200']).toBe(admitted);
    expect(v.requests.byStatus['429']).toBe(200 - admitted);
  });

  test('the template’s own mock method is answered by the gateway', () => {
    const v = runWith(
      bundle,
      `clients:
  - { id: probe, arrival: { process: constant, rate: 2 }, mix: [{ method: GET, path: /ping }] }
`,
      5_000,
    );
    expect(v.requests.byStatus['200']).toBe(10);
    expect(v.components['shipping.internal.example.com']?.served ?? 0).toBe(0);
  });
});
