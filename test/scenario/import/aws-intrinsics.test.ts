/**
 * CloudFormation's intrinsic functions, short form (`!Ref`) and long (`Ref:`, `Fn::Sub:`), read
 * without failing: what the template itself says is resolved (parameter defaults, logical ids), and
 * a value that stays symbolic is a warning naming it, at its line and column.
 */
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importSources } from '../../../src/scenario';
import { isConfigBundle } from '../../../src/scenario/import/bundle-detect';
import { INTRINSIC_TAGS } from '../../../src/scenario/import/cfn-tags';
import { fixture } from './aws-helpers';

const api = (stage: string, extra = '') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Rate: { Type: Number, Default: 25 }
  Burst: { Type: Number }
  Backend: { Type: String, Default: orders.internal }
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Sub "\${AWS::StackName}-api"
      Body:
        openapi: 3.0.1
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration:
                type: http_proxy
                uri: !Join ["", ["http://", !Ref Backend, "/orders"]]
${extra}  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: !Ref Api
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: "*"
${stage}`;

function imported(text: string) {
  return importSources([{ text, fileName: 'template.yaml' }]);
}

describe('short-form intrinsic tags', () => {
  test('every tag CloudFormation defines reads without an error or a YAML warning', () => {
    const uses = Object.keys(INTRINSIC_TAGS)
      .map((tag, i) => `      Note${i}: ${tag} ${tag === '!Join' || tag === '!If' ? '[a, [b]]' : 'x'}\n`)
      .join('');
    const r = imported(
      api(
        '          ThrottlingRateLimit: !Ref Rate\n          ThrottlingBurstLimit: 10\n',
        `  Other:\n    Type: AWS::SNS::Topic\n    Properties:\n${uses}`,
      ),
    );
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    expect(r.warnings.map((w) => w.message).filter((m) => /tag/i.test(m) && !/said once/.test(m))).toEqual(
      [],
    );
  });

  test('!Ref and !Join resolve from the parameters’ defaults; !Sub from pseudo parameters', () => {
    const r = imported(api('          ThrottlingRateLimit: !Ref Rate\n          ThrottlingBurstLimit: 10\n'));
    expect(r.errors).toEqual([]);
    const gateway = r.scenario.gateway as { plugins: unknown[]; routes: { service: string }[] };
    expect(gateway.plugins).toEqual([
      { name: 'token-bucket', rate: 25, burst: 10, limit_by: 'account', instance: 'stage' },
    ]);
    expect(gateway.routes[0].service).toBe('orders.internal');
  });

  test('a parameter without a default stays symbolic: a warning at its value names it', () => {
    const r = imported(
      api('          ThrottlingRateLimit: 40\n          ThrottlingBurstLimit: !Ref Burst\n'),
    );
    expect(r.errors).toEqual([]);
    const w = r.warnings.find((d) => d.message.includes('stays symbolic'));
    expect(w && formatDiagnostic(w)).toBe(
      'template.yaml:28:33: warning: Resources.Stage.Properties.MethodSettings[0].ThrottlingBurstLimit: the value stays symbolic (parameter Burst has no Default); left out',
    );
  });

  test('the long forms read as the short ones do', () => {
    const long = api(
      '          ThrottlingRateLimit: { Ref: Rate }\n          ThrottlingBurstLimit: { "Fn::Select": [1, [5, 10]] }\n',
    );
    const gateway = imported(long).scenario.gateway as { plugins: unknown[] };
    expect(gateway.plugins).toEqual([
      { name: 'token-bucket', rate: 25, burst: 10, limit_by: 'account', instance: 'stage' },
    ]);
  });

  test('!ImportValue in an integration uri is said, and the method left out without failing', () => {
    const r = imported(
      api('').replace('!Join ["", ["http://", !Ref Backend, "/orders"]]', '!ImportValue shared-orders-url'),
    );
    const text = r.warnings.map(formatDiagnostic).join('\n');
    expect(text).toContain(
      'uri: the value stays symbolic (Fn::ImportValue is not evaluated without a deployed stack)',
    );
    expect(r.errors.map((e) => e.message)).toEqual([
      'nothing to simulate: no route leads to a service, and the scenario document has no services',
    ]);
  });

  test('outside a template the tags stay as the YAML loader reads them', () => {
    const r = importSources([
      {
        text: '_format_version: "3.0"\nservices:\n  - name: a\n    url: !Ref http://a\n',
        fileName: 'kong.yml',
      },
    ]);
    expect(r.warnings.map((w) => w.message)).toContain('Unresolved tag: !Ref');
  });
});

describe('detection', () => {
  test.each([
    'petstore-oas30-export.json',
    'swagger2-lambda-token-authorizer.yaml',
    'openapi3-request-validators.yaml',
    'cfn-stage-throttling-caching.json',
    'cfn-usage-plan-quota.yaml',
    'sam-api-key-usage-plan.yaml',
    'sam-authorizers-caching.yaml',
  ])('%s is product config, for the command line and the page alike', (name) => {
    const { text, fileName } = fixture(name);
    expect(isConfigBundle(text, fileName)).toBe(true);
  });

  test('an OpenAPI definition without API Gateway’s extensions is not read as AWS config', () => {
    expect(isConfigBundle('openapi: 3.0.1\ninfo: { title: x, version: "1" }\npaths: {}\n', 'api.yaml')).toBe(
      false,
    );
  });
});
