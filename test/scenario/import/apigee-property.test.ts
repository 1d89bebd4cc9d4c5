/**
 * Bad input never throws: any text, any cut of a real proxy's files, and any Condition are read
 * into diagnostics, never an internal error (seeded, so a failure replays).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { importSources } from '../../../src/scenario';
import { readCondition } from '../../../src/scenario/import/apigee-conditions';
import { apigeeSources } from './apigee-support';

const internal = (sources: { text: string; fileName: string }[]) =>
  importSources(sources).errors.filter((d) => d.message.startsWith('internal error'));

describe('Apigee input, fuzzed (seed 27)', () => {
  test('any text that starts as XML gives diagnostics, not an internal error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(internal([{ text: `<${s}`, fileName: 'apiproxy/policies/p.xml' }])).toEqual([]);
      }),
      { seed: 27, numRuns: 300 },
    );
  });

  test('a real proxy with one file cut short or spliced gives diagnostics, not an internal error', () => {
    const proxy = apigeeSources('oauth-transform');
    fc.assert(
      fc.property(
        fc.nat({ max: proxy.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.string({ maxLength: 20 }),
        (which, at, splice) => {
          const sources = proxy.map((s, i) => {
            if (i !== which) return s;
            const cut = Math.floor(s.text.length * at);
            return { ...s, text: `${s.text.slice(0, cut)}${splice}${s.text.slice(cut)}` };
          });
          expect(internal(sources)).toEqual([]);
        },
      ),
      { seed: 27, numRuns: 200 },
    );
  });

  test('any Condition is read as a match or a reason, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const read = readCondition(text, '/base');
        expect(read.ok ? typeof read.match : typeof read.why).toBe(read.ok ? 'object' : 'string');
      }),
      { seed: 27, numRuns: 500 },
    );
  });
});
