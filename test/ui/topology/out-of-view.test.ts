/**
 * The cue at a panned diagram's cut edge: which boxes it names (their middles beyond the view, in
 * reading order) and in what words.
 */
import { describe, expect, it } from 'vitest';
import { boxesOutside, outOfViewText, type NamedBox } from '../../../src/ui/topology/out-of-view';

/** A chain of boxes 100 wide, 40 apart: shoppers at 0, edge at 140, ... */
const chain: NamedBox[] = ['shoppers', 'edge', 'storefront', 'checkout', 'payments', 'ledger'].map(
  (id, i) => ({ id, box: { x: i * 140, y: 0, w: 100, h: 60 } }),
);

describe('boxesOutside', () => {
  it('names the boxes whose middle lies beyond each edge of the view, in order of x', () => {
    // A view from 0 to 600 holds shoppers to checkout (middles 50, 190, 330, 470).
    expect(boxesOutside(chain, 0, 600)).toEqual({ left: [], right: ['payments', 'ledger'] });
    // Panned right: from 180 to 780 (edge's middle, 190, is inside; shoppers' is not).
    expect(boxesOutside(chain, 180, 780)).toEqual({ left: ['shoppers'], right: [] });
    // Order comes from the layout's x, not from the list.
    expect(boxesOutside([...chain].reverse(), 300, 500).right).toEqual(['payments', 'ledger']);
  });

  it('names nothing when the view holds every middle', () => {
    expect(boxesOutside(chain, -10, 800)).toEqual({ left: [], right: [] });
  });
});

describe('outOfViewText', () => {
  it('names two boxes at most, counts the rest, and points the way to pan', () => {
    expect(outOfViewText(['payments', 'ledger'], 'right')).toBe('payments, ledger →');
    expect(outOfViewText(['shoppers'], 'left')).toBe('← shoppers');
    expect(outOfViewText(['a', 'b', 'c', 'd'], 'right')).toBe('a, b and 2 more →');
  });
});
