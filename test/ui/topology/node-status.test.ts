import { selectAll } from 'd3';
import { describe, expect, test } from 'vitest';
import { BREAKER_HALF_OPEN, BREAKER_OPEN } from '../../../src/worker/frames';
import { layoutTopology, type NodeLayout } from '../../../src/ui/topology/layout';
import { createNodeStatus } from '../../../src/ui/topology/node-status';
import { FakeDocument, FakeElement } from '../charts/fake-dom';
import { frame, shop } from './fixtures';

/** The status marks drawn into a fake box group per node of the shop topology. */
function setUp() {
  const topo = shop();
  const layout = layoutTopology(topo, 900, 420);
  const document = new FakeDocument();
  const groups = layout.nodes.map(() => new FakeElement(document, 'g'));
  const selection = selectAll<SVGGElement, NodeLayout>(groups as unknown as SVGGElement[]).data(layout.nodes);
  const status = createNodeStatus(selection);
  const at = (id: string): FakeElement => groups[layout.nodes.findIndex((n) => n.id === id)];
  const index = (id: string): number => topo.nodes.findIndex((n) => n.id === id);
  return { topo, document, status, at, index, f: frame(topo, []) };
}

function byClass(root: FakeElement, tag: string, className: string): FakeElement[] {
  return root.findAll(tag).filter((e) => (e.getAttribute('class') ?? '').split(' ').includes(className));
}

describe('createNodeStatus', () => {
  test('createNodeStatus shows the breaker pill while half-open or open, hidden while closed', () => {
    const { status, at, index, f } = setUp();
    const pill = (): FakeElement => byClass(at('inventory'), 'g', 'breaker')[0];
    status.update(f);
    expect(pill().getAttribute('class')).toBe('breaker closed');
    f.breaker[index('inventory')] = BREAKER_HALF_OPEN;
    status.update(f);
    expect(pill().getAttribute('class')).toBe('breaker half-open');
    expect(pill().findAll('text')[0].textContent).toBe('half-open');
    expect(pill().findAll('title')[0].textContent).toMatch(/^Circuit breaker half-open/);
    f.breaker[index('inventory')] = BREAKER_OPEN;
    status.update(f);
    expect(pill().findAll('text')[0].textContent).toBe('breaker open');
    // A sidecar's state counts for its workload's box.
    f.breaker[index('inventory')] = 0;
    f.breaker[index('inventory sidecar')] = BREAKER_HALF_OPEN;
    status.update(f);
    expect(pill().getAttribute('class')).toBe('breaker half-open');
  });

  test('createNodeStatus lists the notes as rows, with a bar for a line of what is left', () => {
    const { status, at, index, f } = setUp();
    const gateway = at('edge');
    const rows = (): FakeElement[] => byClass(gateway, 'g', 'note');
    expect(rows()).toHaveLength(4);
    const notes = f.notes as string[][];
    notes[index('edge')] = ['rate-limiting 5/100 left', 'proxy-cache hit 62%', '<b>auth</b> cached 90%'];
    status.update(f);
    expect(rows().map((r) => r.getAttribute('class'))).toEqual([
      'note bar low',
      'note',
      'note',
      'note empty',
    ]);
    expect(rows().map((r) => r.findAll('text')[0].textContent)).toEqual([
      'rate-limiting 5/100 left',
      'proxy-cache hit 62%',
      '<b>auth</b> cached 90%',
      '',
    ]);
    const fill = byClass(rows()[0], 'rect', 'note-fill')[0];
    const row = byClass(rows()[0], 'rect', 'note-bg')[0];
    expect(Number(fill.getAttribute('width'))).toBeCloseTo(0.05 * Number(row.getAttribute('width')), 1);
    notes[index('edge')] = ['rate-limiting 60/100 left'];
    status.update(f);
    expect(rows().map((r) => r.getAttribute('class'))).toEqual([
      'note bar',
      'note empty',
      'note empty',
      'note empty',
    ]);
    // Services reserve no note rows.
    expect(byClass(at('catalog'), 'g', 'note')).toHaveLength(0);
  });

  test('createNodeStatus says how many instances of a meshed service are ejected', () => {
    const { topo, status, at, f } = setUp();
    const line = byClass(at('inventory'), 'text', 'ejected-note')[0];
    status.update(f);
    expect(line.textContent).toBe('');
    f.ejected[topo.nodes.find((n) => n.id === 'inventory')?.slot ?? -1] = 1;
    status.update(f);
    expect(line.textContent).toBe('1 of 3 ejected');
    expect(byClass(at('edge'), 'text', 'ejected-note')).toHaveLength(0);
  });

  test('createNodeStatus writes nothing to the page for a frame that changes nothing', () => {
    const { document, status, index, f } = setUp();
    (f.notes as string[][])[index('edge')] = ['rate-limiting 37/100 left'];
    f.breaker[index('orders')] = BREAKER_OPEN;
    f.ejected[0] = 1;
    status.update(f);
    document.writes = [];
    status.update({ ...f, notes: f.notes.map((lines) => [...lines]) });
    expect(document.writes).toEqual([]);
  });
});
