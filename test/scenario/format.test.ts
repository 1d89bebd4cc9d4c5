import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../../src/scenario';
import { errorsOf, yaml } from './helpers';

describe('formatDiagnostic', () => {
  test('file:line:col: path: message (expected X, found Y) hint', () => {
    const [d] = errorsOf(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services:',
        '  - { id: api, instances: -2 }',
      ),
      'lessons/a.yaml',
    );
    expect(formatDiagnostic(d)).toBe(
      'lessons/a.yaml:3:27: services[0].instances: must be at least 1 (expected a positive integer, found -2)',
    );
  });

  test('with a hint and no expected value', () => {
    expect(
      formatDiagnostic({
        severity: 'error',
        file: 'f.yaml',
        line: 7,
        column: 5,
        path: 'services[0].serviceTme',
        message: 'unknown field "serviceTme"',
        hint: 'did you mean "serviceTime"?',
      }),
    ).toBe('f.yaml:7:5: services[0].serviceTme: unknown field "serviceTme" did you mean "serviceTime"?');
  });

  test('a diagnostic about the whole file has no path; a warning says so; always one line', () => {
    expect(
      formatDiagnostic({
        severity: 'error',
        file: 'f.yaml',
        line: 1,
        column: 1,
        path: '',
        message: 'the file is empty',
      }),
    ).toBe('f.yaml:1:1: the file is empty');
    expect(
      formatDiagnostic({
        severity: 'warning',
        file: 'f.yaml',
        line: 2,
        column: 3,
        path: 'mesh.enabled',
        message: 'two\nlines',
        found: 'x',
      }),
    ).toBe('f.yaml:2:3: warning: mesh.enabled: two lines (found x)');
  });

  test('paths quote keys that are not plain words', () => {
    const [d] = errorsOf(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 }, headers: { "bad header": 1 } } ]',
        'services: [ { id: api } ]',
      ),
    );
    expect(d.path).toBe('clients[0].headers["bad header"]');
  });
});
