import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/table';

describe('renderTable', () => {
  it('aligns columns to the widest cell, numbers right, without trailing spaces', () => {
    const text = renderTable(
      [{ header: 'component' }, { header: 'served', align: 'right' }, { header: 'note' }],
      [
        ['edge', '12,000', ''],
        ['catalog', '7', 'hot'],
      ],
      { indent: '  ' },
    );
    expect(text).toBe(
      ['  component  served  note', '  edge       12,000', '  catalog         7  hot', ''].join('\n'),
    );
  });

  it('counts code points, so Δ and — take one column', () => {
    const text = renderTable(
      [{ header: 'Δ', align: 'right' }, { header: 'x' }],
      [
        ['—', 'a'],
        ['+10', 'b'],
      ],
    );
    expect(text).toBe(['  Δ  x', '  —  a', '+10  b', ''].join('\n'));
  });
});
