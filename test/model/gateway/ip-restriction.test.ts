/** ip-restriction's address checks and cors's preflight test, alone, with exact answers. */
import { describe, expect, test } from 'vitest';
import { checkIp, ipRestriction } from '../../../src/model/gateway/ip-restriction';
import { isPreflight } from '../../../src/model/gateway/cors';
import { inBlock, parseIpBlock } from '../../../src/scenario/ip-block';

describe('parseIpBlock and inBlock', () => {
  test.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['192.168.1.20', '192.168.1.20', true],
    ['192.168.1.21', '192.168.1.20', false],
    ['203.0.113.9', '0.0.0.0/0', true],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['10.0.0.1', '::/0', false], // an IPv4 address is in no IPv6 block
  ])('%s in %s: %s', (address, block, inside) => {
    expect(inBlock(parseIpBlock(address)!, parseIpBlock(block)!)).toBe(inside);
  });

  test.each(['10.0.0', '10.0.0.256', '10.0.0.0/33', '10.0.0.0/', '2001:db8::1::2', 'host.example', ''])(
    '%s is neither an address nor a block',
    (text) => {
      expect(parseIpBlock(text)).toBeUndefined();
    },
  );
});

describe('checkIp', () => {
  const allowOffice = ipRestriction({ allow: ['10.0.0.0/8'] });
  const denyOne = ipRestriction({ deny: ['203.0.113.9'] });
  const both = ipRestriction({ allow: ['10.0.0.0/8'], deny: ['10.6.6.6'], status: 401 });

  test('allow: inside passes, outside and no address get 403', () => {
    expect([
      checkIp(allowOffice, '10.9.9.9'),
      checkIp(allowOffice, '8.8.8.8'),
      checkIp(allowOffice, undefined),
    ]).toEqual([0, 403, 403]);
  });

  test('deny: the listed address gets 403, others and no address pass', () => {
    expect([
      checkIp(denyOne, '203.0.113.9'),
      checkIp(denyOne, '203.0.113.10'),
      checkIp(denyOne, undefined),
    ]).toEqual([403, 0, 0]);
  });

  test('deny is checked first, with the configured status', () => {
    expect([checkIp(both, '10.6.6.6'), checkIp(both, '10.6.6.7')]).toEqual([401, 0]);
  });
});

describe('isPreflight', () => {
  test('OPTIONS with Origin and Access-Control-Request-Method only', () => {
    const h = { origin: 'https://a', 'access-control-request-method': 'POST' };
    expect([
      isPreflight('OPTIONS', h),
      isPreflight('GET', h),
      isPreflight('OPTIONS', { origin: 'https://a' }),
      isPreflight('OPTIONS', {}),
    ]).toEqual([true, false, false, false]);
  });
});
