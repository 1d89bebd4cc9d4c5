/**
 * A check's length is bounded: the fuzzer (seed 4, case 869) set a lesson's check to 100,000 minus
 * signs, and validating it overflowed the stack in the claim parser ("internal error while loading").
 * The parser recurses once per `-` and `(`, and a long sum builds a tree as deep as it is long, which
 * every reader of the claim walks; a check of more than MAX_CLAIM_TOKENS parts is refused at its
 * position instead.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ClaimSyntaxError, MAX_CLAIM_TOKENS, parseClaim } from '../../src/scenario/expectations';
import { cli } from '../cli/fake-io';

const refusal = (text: string): ClaimSyntaxError => {
  try {
    parseClaim(text);
  } catch (e) {
    if (e instanceof ClaimSyntaxError) return e;
    throw e;
  }
  return expect.fail('parsed');
};

describe('a check longer than the limit', () => {
  test.each([
    ['100,000 minus signs', `${'-'.repeat(100_000)}1 > 0`],
    ['100,000 parentheses', `${'('.repeat(100_000)}1 > 0`],
    ['a sum of 5,000 figures', `p50${' + p50'.repeat(4_999)} > 0`],
  ])('of %s is a syntax error at its first part over the limit', (_what, text) => {
    const e = refusal(text);
    expect(e.message).toBe(
      `more than ${MAX_CLAIM_TOKENS} numbers, figures and operators, the limit of one check`,
    );
    // At most a few characters a part in: where part 101 starts.
    expect(e.offset).toBeLessThan(4 * MAX_CLAIM_TOKENS);
  });

  test('of the limit exactly is read', () => {
    // p50 + p50 ... > 0: 2n - 1 parts of the sum, then '>' and '0'.
    const terms = (MAX_CLAIM_TOKENS - 1) / 2;
    expect(parseClaim(`p50${' + p50'.repeat(Math.floor(terms) - 1)} > 0`)).toMatchObject({ kind: 'compare' });
  });

  test('in a lesson, meshsim validate names the check, its line and column, and exits 1', async () => {
    const lesson = readFileSync(
      new URL('../../scenarios/lessons/25-multi-cloud.yaml', import.meta.url),
      'utf8',
    );
    // Just under the loader's limit on a string (100,000 characters), so the check itself is read.
    const hostile = lesson.replace(/check: '[^']*'/, `check: '${'-'.repeat(99_990)}1 > 0'`);
    const { code, stderr } = await cli(['validate', 'lesson.yaml'], { readFile: () => hostile });
    expect(stderr).not.toContain('internal error');
    expect(stderr).toMatch(
      /^lesson\.yaml:\d+:\d+: expect\[0\]\.check: .*more than 100 numbers, figures and operators/m,
    );
    expect(code).toBe(1);
  });
});
