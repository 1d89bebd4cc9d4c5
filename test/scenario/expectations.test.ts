import { describe, expect, it } from 'vitest';
import { ClaimSyntaxError, claimVariants, parseClaim } from '../../src/scenario/expectations';
import { errorsOf, loaded, yaml } from './helpers';

const syntaxError = (text: string): ClaimSyntaxError => {
  try {
    parseClaim(text);
  } catch (e) {
    if (e instanceof ClaimSyntaxError) return e;
    throw e;
  }
  return expect.fail(`"${text}" parsed`);
};

describe('parseClaim', () => {
  it('reads a comparison with units', () => {
    expect(parseClaim('retries-on:successRate > 97%')).toEqual({
      kind: 'compare',
      op: '>',
      left: { kind: 'figure', variant: 'retries-on', name: 'successRate', at: 0 },
      right: { kind: 'number', value: 0.97, unit: '%' },
    });
    const durations = parseClaim('p99 <= 1.5s + 250us - 2ms');
    expect(durations).toMatchObject({ kind: 'compare', op: '<=' });
  });

  it('gives * and / precedence over + and -, and reads parentheses and minus', () => {
    const c = parseClaim('(a:p50 - b:p50) / 2 + -1 == 3x');
    expect(c).toMatchObject({
      kind: 'compare',
      op: '==',
      left: {
        kind: 'binary',
        op: '+',
        left: { kind: 'binary', op: '/', left: { kind: 'binary', op: '-' } },
        right: { kind: 'negate', arg: { kind: 'number', value: 1 } },
      },
      right: { kind: 'number', value: 3 },
    });
  });

  it('reads between ... and ...', () => {
    const c = parseClaim('mesh:p50 - gateway-only:p50 between 1ms and 3ms');
    expect(c.kind).toBe('between');
    expect(claimVariants(c)).toEqual(['mesh', 'gateway-only']);
  });

  it('keeps dashes and dots in names: subtraction needs spaces', () => {
    const e = syntaxError('a:p50-b:p50 > 0');
    expect(e.message).toMatch(/unknown figure "p50-b:p50"|not a figure name/);
  });

  it('names the offending character', () => {
    expect(syntaxError('p99 > ').offset).toBe(6);
    expect(syntaxError('p99 >> 3').offset).toBe(5);
    expect(syntaxError('p99 between 1 or 3').message).toMatch(/expected "and"/);
    expect(syntaxError('p99 3').message).toMatch(/expected a comparison/);
    expect(syntaxError('p99 > 3 4').message).toMatch(/unexpected "4"/);
    expect(syntaxError('p99 > 3kb').message).toMatch(/not a number with a unit/);
    expect(syntaxError('(p99 > 3').offset).toBe(5);
    const unknown = syntaxError('sucessRate > 1');
    expect(unknown.message).toBe('unknown figure "sucessRate"');
    expect(syntaxError('SuccessRate > 1').hint).toBe('did you mean "successRate"?');
  });
});

describe('expect and replications in a file', () => {
  const base = ['clients: [ { id: web, target: api, arrival: { rate: 5 } } ]', 'services: [ { id: api } ]'];

  it('loads claims with their positions, and replications', () => {
    const file = loaded(
      yaml(...base, 'replications: 5', 'expect:', '  - { say: fine, check: "successRate > 90%" }'),
    );
    expect(file.base.replications).toBe(5);
    expect(file.base.expect[0]).toMatchObject({ say: 'fine', check: 'successRate > 90%', pos: { line: 5 } });
  });

  it('refuses a claim that does not parse, at its line', () => {
    const [e] = errorsOf(yaml(...base, 'expect:', '  - { say: bad, check: "successRate >" }'));
    expect(e).toMatchObject({ line: 4, path: 'expect[0].check' });
    expect(e.message).toMatch(/expected a number or a figure, found the end \(at character 14\)/);
  });

  it('refuses unknown variants, bare figures with variants, and variant names without variants', () => {
    const withVariants = [...base, 'variants: [ { name: one }, { name: two } ]'];
    const [unknown] = errorsOf(yaml(...withVariants, 'expect:', '  - { say: x, check: "tow:p50 > 1" }'));
    expect(unknown).toMatchObject({ line: 5, message: 'unknown variant "tow"', hint: 'did you mean "two"?' });
    const [bare] = errorsOf(yaml(...withVariants, 'expect:', '  - { say: x, check: "p50 > one:p50" }'));
    expect(bare.message).toBe('a figure does not say which variant it is from');
    const [none] = errorsOf(yaml(...base, 'expect:', '  - { say: x, check: "one:p50 > 1" }'));
    expect(none.message).toMatch(/has no variants/);
  });

  it('refuses expect or replications inside a variant', () => {
    const [e] = errorsOf(yaml(...base, 'variants: [ { name: one, replications: 3 } ]'));
    expect(e).toMatchObject({
      line: 3,
      message: '"replications" belongs to the whole file, not to a variant',
    });
  });

  it('bounds replications', () => {
    const [e] = errorsOf(yaml(...base, 'replications: 0'));
    expect(e.path).toBe('replications');
  });
});
