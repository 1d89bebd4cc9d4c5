/**
 * The page's limiter sliders and the limiter registry agree: every registered limiter's limit fields
 * are knobs when a file writes them. The page reads the registry's plain table (through the
 * report), and the registry declares its plugins against that table; this test follows a file from
 * one end to the other.
 */
import { describe, expect, test } from 'vitest';
import { LIMITER_NAMES, LIMITERS } from '../../../src/scenario/policies/limiters';
import { findKnobs } from '../../../src/ui/knobs/knobs';

/** A value each limit field accepts. */
const SAMPLE: Readonly<Record<string, string>> = { rate: '20', limit: '20' };

describe('limiter knobs', () => {
  test.each(LIMITER_NAMES)('%s: each of its limit fields is a knob', (name) => {
    const limits: readonly string[] = LIMITERS[name].limits;
    const fields = limits.map((field) => `${field}: ${SAMPLE[field] ?? '20'}`).join(', ');
    const extra = name === 'rate-limiting-advanced' ? ', window: 1s' : '';
    const text = [
      'clients: [ { id: c, arrival: { rate: 10 } } ]',
      `gateway: { plugins: [ { name: ${name}, ${fields}${extra} } ], routes: [ { service: a } ] }`,
      'services: [ { id: a } ]',
      '',
    ].join('\n');
    const knobs = findKnobs(text).filter((k) => k.path.includes('plugins'));
    expect(knobs.map((k) => k.path[k.path.length - 1])).toEqual(limits);
  });
});
