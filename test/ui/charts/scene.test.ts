import { describe, expect, test } from 'vitest';
import { animated, el, px, svgString, textEl } from '../../../src/ui/charts/scene';
import { textWidth, truncate, wrapText } from '../../../src/ui/charts/text-fit';

describe('svgString', () => {
  test('writes attributes in order, self-closes empty elements and adds the namespace to the root', () => {
    const scene = el('svg', { width: 10, height: 5 }, [el('rect', { x: 1, fill: '#fff' }), null, false]);
    expect(svgString(scene)).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><rect x="1" fill="#fff"/></svg>',
    );
  });
  test('leaves out null, undefined and false attributes', () => {
    expect(svgString(el('line', { x1: 0, 'stroke-dasharray': null, hidden: false, id: undefined }))).toBe(
      '<line x1="0"/>',
    );
  });
  test('escapes text and attribute values: a name from a file is never markup', () => {
    const scene = el('g', { 'aria-label': 'a "b" <c> & d' }, [
      textEl('text', {}, '<img src=x onerror=alert(1)> & co'),
    ]);
    expect(svgString(scene)).toBe(
      '<g aria-label="a &quot;b&quot; &lt;c&gt; &amp; d"><text>&lt;img src=x onerror=alert(1)&gt; &amp; co</text></g>',
    );
  });
  test('animated marks a node without changing its markup', () => {
    const node = animated(el('rect', { width: 3 }));
    expect(node.animate).toBe(true);
    expect(svgString(node)).toBe('<rect width="3"/>');
  });
});

describe('px', () => {
  test('rounds to a tenth of a pixel', () => {
    expect([1.04, 1.05, 12.349].map(px)).toEqual([1, 1.1, 12.3]);
  });
});

describe('text fitting', () => {
  test('textWidth estimates 0.6 em a character', () => {
    expect(textWidth('12345')).toBe(33);
    expect(textWidth('ab', 20)).toBe(24);
  });
  test('wrapText breaks at spaces', () => {
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('  averyveryverylongword x ', 5)).toEqual(['averyveryverylongword', 'x']);
  });
  test('truncate ends with an ellipsis when cut', () => {
    expect(truncate('inventory', 20)).toBe('inventory');
    expect(truncate('inventory', 6)).toBe('inven…');
  });
});
