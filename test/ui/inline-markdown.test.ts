import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { lessonSteps } from '../../src/ui/lesson/lesson-steps';
import { inlineRuns, plainBlocks, stripInline, type TextBlock, type TextRun } from '../../src/ui/plain-text';
import { safeHref } from '../../src/ui/safe-link';

/**
 * The regexes the scanner replaced, kept as its oracle: on text whose link destinations hold no
 * parenthesis (where the old first-`)` rule and the balanced rule agree), the output must not change.
 * They take quadratic time, so they only ever see short strings here.
 */
const oracle = {
  stripInline(line: string): string {
    return line
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/`([^`]+)`/g, '$1')
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g, '$1$2')
      .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1$2');
  },
  inlineRuns(line: string): TextRun[] {
    const text = line.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
    const runs: TextRun[] = [];
    const pattern =
      /`([^`]+)`|(\*\*|__)(?=\S)(.+?)(?<=\S)\2|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)/g;
    let last = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m.index > last) runs.push({ text: text.slice(last, m.index) });
      if (m[1] !== undefined) runs.push({ text: m[1], code: true });
      else if (m[3] !== undefined) runs.push({ text: oracle.stripInline(m[3]), bold: true });
      else runs.push({ text: oracle.stripInline(m[4] ?? m[5]), italic: true });
      last = m.index + m[0].length;
    }
    if (last < text.length) runs.push({ text: text.slice(last) });
    return runs;
  },
};

/** Pieces of inline Markdown, glued at random: every marker, words, spaces, line breaks and links. */
const PIECES = [
  '*',
  '**',
  '***',
  '_',
  '__',
  '`',
  '[',
  ']',
  '](',
  ')',
  '!',
  '\\',
  ' ',
  '  ',
  '\n',
  '\u2028',
  '\t',
  'a',
  'b',
  'x_y',
  'word',
  '2',
  '.',
  ',',
  '<b>',
  'é',
  '**a ',
  '[t](u)',
  '![i](p)',
  '[t](https://x.test)',
];
const markdown = (maxPieces: number) =>
  fc.array(fc.constantFrom(...PIECES), { maxLength: maxPieces }).map((pieces) => pieces.join(''));

/** No `(` of the text is followed by another before the next `)`, and each has one: the rules agree. */
function parensFlat(text: string): boolean {
  let open = false;
  for (const c of text) {
    if (c === '(') {
      if (open) return false;
      open = true;
    } else if (c === ')') open = false;
  }
  return !open;
}

const joined = (runs: readonly TextRun[]) => runs.map((r) => r.text).join('');

/** The runs of a block, as the page draws them. */
function blockRuns(block: TextBlock): TextRun[] {
  if (block.kind === 'list') return block.items.flatMap(inlineRuns);
  return block.kind === 'heading' ? [{ text: block.text }] : inlineRuns(block.text);
}

/** What the page does with lesson text: blocks, then each block's runs. */
function render(text: string): TextRun[] {
  return plainBlocks(text, true).flatMap(blockRuns);
}

/**
 * `work`'s result and the processor time it took, in ms. Processor time, not the wall clock: the
 * bound is on the work the text makes, which other processes on a busy machine do not change.
 */
function cpuTimed(work: () => TextRun[]): { ms: number; runs: TextRun[] } {
  const started = process.cpuUsage();
  const runs = work();
  const used = process.cpuUsage(started);
  return { ms: (used.user + used.system) / 1000, runs };
}

/** Neighbouring runs of one style as one run, empty runs left out: the text as a reader sees it. */
function merged(runs: readonly TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    const prev = out.at(-1);
    if (r.text === '') continue;
    if (prev && prev.bold === r.bold && prev.italic === r.italic && prev.code === r.code)
      out[out.length - 1] = { ...prev, text: prev.text + r.text };
    else out.push(r);
  }
  return out;
}

describe('inline Markdown, seed 14', () => {
  test('stripInline and inlineRuns give what the regexes gave, wherever the link rules agree', () => {
    fc.assert(
      fc.property(markdown(24).filter(parensFlat), (line) => {
        expect(stripInline(line)).toBe(oracle.stripInline(line));
        // Links to http(s) addresses are now runs of their own; their text and style are unchanged.
        const runs = inlineRuns(line).map(({ href: _href, ...rest }) => rest);
        expect(merged(runs)).toEqual(merged(oracle.inlineRuns(line)));
      }),
      { seed: 14, numRuns: 3000 },
    );
  });

  test('a link address is one with balanced parentheses; a javascript: link is its text alone', () => {
    expect(stripInline('[text](javascript:alert(1))')).toBe('text');
    expect(inlineRuns('[text](javascript:alert(1))')).toEqual([{ text: 'text' }]);
    expect(inlineRuns('see [f(x)](https://en.wikipedia.org/wiki/F_(x)) now')).toEqual([
      { text: 'see ' },
      { text: 'f(x)', href: 'https://en.wikipedia.org/wiki/F_(x)' },
      { text: ' now' },
    ]);
    // No balancing `)`: not a link, so it stays as written.
    expect(stripInline('[a](b(c)')).toBe('[a](b(c)');
    expect(inlineRuns('**[bold link](https://x.test "a title")**')).toEqual([
      { text: 'bold link', bold: true, href: 'https://x.test/' },
    ]);
    expect(inlineRuns('![a chart](javascript:alert(1)) and [x](JaVaScRiPt:alert(1))')).toEqual([
      { text: 'a chart and x' },
    ]);
  });

  test('only absolute http and https addresses are followed', () => {
    expect(safeHref('https://example.com/a?b#c')).toBe('https://example.com/a?b#c');
    expect(safeHref(' <http://example.com/a b> ')).toBe('http://example.com/a%20b');
    for (const bad of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      '#anchor',
      '../docs/x.md',
      '//evil.test',
      'https://x.test/\u0000',
      'http:alert(1)',
    ])
      expect(safeHref(bad), bad).toBeUndefined();
  });

  test('adversarial text up to 1 MB renders in under a second, with no javascript: address', () => {
    // The property draws how to build the text, not the text, so that a failure prints a short case.
    const units = [
      '**a ',
      '*a ',
      '_a ',
      '`',
      '[',
      ']',
      '(',
      ')',
      '\\',
      '[x](javascript:alert(1)',
      '**',
      '__',
      '[a](',
      '![',
      '**a** ',
      '_a_ ',
      '[a](https://x.test) ',
    ];
    const repeated = fc.record({
      unit: fc.constantFrom(...units),
      size: fc.integer({ min: 1, max: 1 << 20 }),
    });
    const mixed = fc.record({
      unit: fc
        .array(fc.constantFrom(...PIECES, '[x](javascript:alert(1))', '(', ']('), {
          minLength: 1,
          maxLength: 200,
        })
        .map((p) => p.join('')),
      size: fc.constant(1 << 20),
    });
    fc.assert(
      fc.property(fc.oneof(repeated, mixed), ({ unit, size }) => {
        const text = unit.repeat(Math.ceil(size / unit.length));
        const { ms, runs } = cpuTimed(() => render(text));
        expect(ms, `${text.length} characters of ${JSON.stringify(unit.slice(0, 40))}`).toBeLessThan(1000);
        expect(runs.every((r) => r.href === undefined || /^https?:\/\//.test(r.href))).toBe(true);
        expect(runs.some((r) => /javascript:/i.test(r.href ?? ''))).toBe(false);
      }),
      { seed: 14, numRuns: 16 },
    );
  });

  test('the 80 KB lesson of `**a ` repeated (hostile fixture) renders in under a second', () => {
    const file = parse(
      readFileSync(new URL('../fixtures/hostile/quadratic-lesson-text.yaml', import.meta.url), 'utf8'),
    ) as { description: string; tryThis: { label: string; say?: string }[] };
    expect(file.description.length).toBeGreaterThan(80_000);
    const { ms, runs } = cpuTimed(() => {
      const steps = lessonSteps({ ...file, hasClaims: false, hasMoreToTurn: false });
      return [
        ...steps.flatMap((s) => s.blocks.flatMap(blockRuns)),
        ...file.tryThis.flatMap((a) => inlineRuns(a.say ?? '')),
      ];
    });
    expect(ms).toBeLessThan(1000);
    expect(joined(runs)).toContain('**a **a');
  });
});
