import { describe, expect, it } from 'vitest';
import { NOT_TRANSFORMED, transform, transformer, TRANSFORM_ORDER } from '../../../src/model/gateway';
import type { RequestShape } from '../../../src/model/routing';

const request = (
  headers: Record<string, string> = {},
  method = 'GET',
  path = '/api/products',
): RequestShape => ({
  method,
  path,
  headers,
});

describe('transformer (Kong request/response-transformer)', () => {
  it("runs operations in Kong's order, remove, rename, replace, add, append, whatever order they are listed", () => {
    expect(TRANSFORM_ORDER).toEqual(['remove', 'rename', 'replace', 'add', 'append']);
    const t = transformer({
      cost: 0.25,
      append: ['x-trace:1'],
      add: ['x-version:2', 'x-region:eu'],
      remove: ['x-debug'],
      rename: ['x-old:x-new'],
      replace: ['body'],
    });
    expect(transform(t, request())).toEqual({
      cost: 1.5,
      applied: [
        'remove x-debug',
        'rename x-old:x-new',
        'replace body',
        'add x-version:2',
        'add x-region:eu',
        'append x-trace:1',
      ],
    });
  });

  it('costs only the requests its `when` headers match; others pass untouched at no cost', () => {
    const t = transformer({ cost: 0.5, when: { headers: { 'x-client-version': 'v1' } }, remove: ['a', 'b'] });
    expect(transform(t, request({ 'x-client-version': 'v1', accept: 'json' }))).toEqual({
      cost: 1,
      applied: ['remove a', 'remove b'],
    });
    expect(transform(t, request({ 'x-client-version': 'v2' }))).toBe(NOT_TRANSFORMED);
    expect(transform(t, request())).toEqual({ cost: 0, applied: [] });
  });

  it('`when` may also set methods and a path or prefix, all of which must hold', () => {
    const t = transformer({ cost: 1, when: { prefix: '/api/orders', methods: ['POST'] }, add: ['x-a:1'] });
    expect([
      transform(t, request({}, 'POST', '/api/orders/7')).cost,
      transform(t, request({}, 'GET', '/api/orders/7')).cost,
      transform(t, request({}, 'POST', '/api/products')).cost,
    ]).toEqual([1, 0, 0]);
    const exact = transformer({ cost: 1, when: { path: '/api/orders' } });
    expect([
      transform(exact, request({}, 'GET', '/api/orders')).cost,
      transform(exact, request({}, 'GET', '/api/orders/7')).cost,
    ]).toEqual([1, 0]);
  });

  it('without listed operations (the v1 format) it counts as one body replacement: cost per request', () => {
    expect(transform(transformer({ cost: 0.2 }), request())).toEqual({
      cost: 0.2,
      applied: ['replace body'],
    });
  });

  it('refuses a negative cost, naming it', () => {
    expect(() => transformer({ cost: -0.1 })).toThrow(
      'transformer: cost must be a duration in ms >= 0, got -0.1',
    );
  });
});
