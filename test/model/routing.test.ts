import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/model/routing';
import type { RouteSpec } from '../../src/scenario/types';

const route = (id: string, match: RouteSpec['match']): RouteSpec =>
  ({ id, match, service: id, plugins: [] }) as unknown as RouteSpec;
const request = (path: string, method = 'GET', headers: Record<string, string> = {}) => ({
  method,
  path,
  headers,
});

describe('matchRoute', () => {
  const routes = [
    route('products', { prefix: '/api/products' }),
    route('deep', { prefix: '/api/products/deep' }),
    route('exact', { path: '/api/products/7' }),
    route('beta', { prefix: '/api', headers: { 'x-beta': 'true' } }),
    route('writes', { prefix: '/api/products', methods: ['POST'] }),
    route('empty-headers', { prefix: '/api/products', headers: {} }),
  ];
  const pick = (r: ReturnType<typeof request>) => routes[matchRoute(routes, r)]?.id;

  it('prefers an exact path, then the longest prefix', () => {
    expect(pick(request('/api/products/7'))).toBe('exact');
    expect(pick(request('/api/products/deep/1'))).toBe('deep');
    expect(pick(request('/api/products/1'))).toBe('products');
    expect(pick(request('/other'))).toBeUndefined();
  });

  it('ranks a route that matches on more fields first, whatever its path (Kong)', () => {
    // Listed after "products" and with a shorter prefix, the header route still wins.
    expect(pick(request('/api/products/deep/1', 'GET', { 'x-beta': 'true' }))).toBe('beta');
    expect(pick(request('/api/products/7', 'POST'))).toBe('writes');
    // An empty header set is no field at all: file order decides between equals.
    expect(matchRoute([routes[5], routes[0]], request('/api/products/1'))).toBe(0);
  });
});
