/** Kong regex paths as meshsim matches: the literal start, exact only when nothing is lost. */
import { describe, expect, test } from 'vitest';
import { isRegexPath, regexPathMatch } from '../../../src/scenario/import/kong-paths';

describe('regexPathMatch', () => {
  test.each([
    ['~/health$', { kind: 'path', value: '/health', exact: true }],
    ['~^/health$', { kind: 'path', value: '/health', exact: true }],
    ['~/v1/orders', { kind: 'prefix', value: '/v1/orders', exact: true }],
    ['~/v1\\/orders\\.json$', { kind: 'path', value: '/v1/orders.json', exact: true }],
    ['~/users/\\d+$', { kind: 'prefix', value: '/users/', exact: false }],
    ['~/items?', { kind: 'prefix', value: '/item', exact: false }],
    ['~/a+b', { kind: 'prefix', value: '/a', exact: false }],
    ['~/(orders|carts)', { kind: 'prefix', value: '/', exact: false }],
    ['~/x{2}', { kind: 'prefix', value: '/', exact: false }],
    ['~.*', { kind: 'prefix', value: '/', exact: false }],
    ['~', { kind: 'prefix', value: '/', exact: false }],
    ['~/a b', { kind: 'prefix', value: '/a', exact: false }],
    ['~/trailing\\', { kind: 'prefix', value: '/trailing', exact: false }],
  ])('%s', (pattern, expected) => {
    expect(regexPathMatch(pattern)).toEqual(expected);
  });
});

describe('isRegexPath', () => {
  test('format 3: a leading ~', () => {
    expect(isRegexPath('~/a', 3)).toBe(true);
    expect(isRegexPath('/a/\\d+', 3)).toBe(false);
  });
  test('formats 1 and 2: any character but letters, digits and . - _ ~ / %', () => {
    expect(isRegexPath('/a/\\d+', 2)).toBe(true);
    expect(isRegexPath('/a/(b|c)', 2)).toBe(true);
    expect(isRegexPath('/a-b/c_d.e~f%20', 2)).toBe(false);
  });
});
