import { describe, expect, it } from 'vitest';
import { findKnobs } from '../../../src/ui/knobs';
import { placeKnobs } from '../../../src/ui/lesson/lesson-knobs';

const TEXT = [
  'clients:',
  '  - { id: shoppers, target: catalog, arrival: { rate: 200 } }',
  '  - { id: testers, target: catalog, arrival: { rate: 20 } }',
  'services:',
  '  - { id: catalog, instances: 2, serviceTime: 5ms }',
  'variants:',
  '  - { name: big, services: [{ id: catalog, instances: 4, serviceTime: 5ms }] }',
  '',
].join('\n');

const ids = (knobs: readonly { id: string }[]) => knobs.map((k) => k.id);

describe('placeKnobs', () => {
  it('puts the slider of each value an action sets beside it, once, and the others in the rest', () => {
    const knobs = findKnobs(TEXT);
    const placed = placeKnobs(
      TEXT,
      [
        { set: { 'clients.testers.arrival.rate': 60 } },
        { set: { 'clients.testers.arrival.rate': 80, 'services.catalog.instances': 3 } },
        { set: { 'variants.big.services.0.instances': 8 } },
      ],
      knobs,
    );
    expect(placed.beside.map(ids)).toEqual([['client.testers.rate'], ['service.catalog.instances'], []]);
    expect(ids(placed.rest)).toEqual(
      ids(knobs).filter((id) => id !== 'client.testers.rate' && id !== 'service.catalog.instances'),
    );
    expect(ids(placed.rest)).toContain('client.shoppers.rate');
  });

  it('places nothing beside actions of a text that does not parse', () => {
    const knobs = findKnobs(TEXT);
    const placed = placeKnobs(`${TEXT}: [`, [{ set: { 'clients.testers.arrival.rate': 60 } }], knobs);
    expect(placed.beside).toEqual([[]]);
    expect(placed.rest).toEqual(knobs);
  });
});
