import { describe, expect, test } from 'vitest';
import { inlineRuns, plainBlocks, stripInline } from '../../src/ui/plain-text';

describe('stripInline', () => {
  test('removes emphasis, code spans and link markup, keeping their text', () => {
    expect(stripInline('Watch **inventory** and `p99`')).toBe('Watch inventory and p99');
    expect(stripInline('an *important* _point_')).toBe('an important point');
    expect(stripInline('see [the docs](https://example.com) and ![a chart](c.png)')).toBe(
      'see the docs and a chart',
    );
  });
  test('leaves identifiers with underscores and lone stars alone', () => {
    expect(stripInline('limit_by consumer_id')).toBe('limit_by consumer_id');
    expect(stripInline('2 * 3 * 4')).toBe('2 * 3 * 4');
  });
  test('keeps HTML-looking text as it is (it is shown as text)', () => {
    expect(stripInline('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('plainBlocks', () => {
  const paragraph = (text: string) => ({ kind: 'paragraph', text });
  const heading = (text: string) => ({ kind: 'heading', text });
  const list = (...items: string[]) => ({ kind: 'list', items });

  test('splits on blank lines and joins wrapped lines', () => {
    expect(plainBlocks('One line\nwrapped.\n\nTwo.\n')).toEqual([
      paragraph('One line wrapped.'),
      paragraph('Two.'),
    ]);
  });

  test('emphasis may span a wrapped line', () => {
    expect(plainBlocks('a *long\nphrase* here')).toEqual([paragraph('a long phrase here')]);
  });

  test('headings and lone bold lines become headings; list items form a list', () => {
    const text = [
      '## A small shop',
      '',
      '**What to watch**',
      '',
      '- the queue on **catalog**',
      '- retries,',
      '  continued',
      '',
      '> A quote',
    ].join('\n');
    expect(plainBlocks(text)).toEqual([
      heading('A small shop'),
      heading('What to watch'),
      list('the queue on catalog', 'retries, continued'),
      paragraph('A quote'),
    ]);
  });

  test('a list right under a line of text', () => {
    expect(plainBlocks('Watch:\n- p99\n1. p50')).toEqual([paragraph('Watch:'), list('p99', 'p50')]);
  });

  test('empty text gives no blocks', () => {
    expect(plainBlocks('')).toEqual([]);
    expect(plainBlocks('\n\n---\n')).toEqual([]);
  });
});

describe('inlineRuns', () => {
  test('splits code, bold and italic runs, keeping the rest as plain text', () => {
    expect(inlineRuns('Watch **inventory** and `p99`, *then* _rest_.')).toEqual([
      { text: 'Watch ' },
      { text: 'inventory', bold: true },
      { text: ' and ' },
      { text: 'p99', code: true },
      { text: ', ' },
      { text: 'then', italic: true },
      { text: ' ' },
      { text: 'rest', italic: true },
      { text: '.' },
    ]);
  });
  test('keeps identifiers, lone stars and unclosed markers as written', () => {
    expect(inlineRuns('limit_by consumer_id')).toEqual([{ text: 'limit_by consumer_id' }]);
    expect(inlineRuns('2 * 3 * 4 and **open')).toEqual([{ text: '2 * 3 * 4 and **open' }]);
  });
  test('keeps the text of links and HTML-looking text as text; an https link is a run with its address', () => {
    expect(inlineRuns('see [docs](https://x) <b>x</b>')).toEqual([
      { text: 'see ' },
      { text: 'docs', href: 'https://x/' },
      { text: ' <b>x</b>' },
    ]);
    expect(inlineRuns('see [docs](docs/x.md) <b>x</b>')).toEqual([{ text: 'see docs <b>x</b>' }]);
  });
  test('plainBlocks can keep the inline markup for runs', () => {
    expect(plainBlocks('A **b** c', true)).toEqual([{ kind: 'paragraph', text: 'A **b** c' }]);
    expect(plainBlocks('A **b** c')).toEqual([{ kind: 'paragraph', text: 'A b c' }]);
  });
});
