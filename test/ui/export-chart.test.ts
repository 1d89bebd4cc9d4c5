import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { latencyChartModel, latencyChartScene } from '../../src/ui/charts/latency-chart';
import { el, svgString, textEl } from '../../src/ui/charts/scene';
import { createSeriesStore } from '../../src/ui/charts/series';
import { svgDataUri, svgSize } from '../../src/ui/export-chart';
import { loadScenario } from '../../src/scenario/load';
import { viewParameters } from '../../src/ui/share';
import { frame } from './charts/frames';
import { xmlProblems } from './charts/xml-well-formed';

describe('svgSize', () => {
  it('reads the root’s width and height, else its viewBox', () => {
    expect(svgSize('<svg xmlns="x" width="520" height="240.5"><g/></svg>')).toEqual({
      width: 520,
      height: 240.5,
    });
    expect(svgSize('<svg viewBox="0 0 300 150"><svg width="9" height="9"/></svg>')).toEqual({
      width: 300,
      height: 150,
    });
    expect(svgSize('<div>no svg</div>')).toBeUndefined();
  });
});

/** The variant names of the hostile file: U+0001, an escape sequence, a lone surrogate. */
function oddNames(): string[] {
  const path = new URL('../fixtures/hostile/export-odd-characters-in-variant-names.yaml', import.meta.url);
  const loaded = loadScenario(readFileSync(path, 'utf8'), 'odd.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.file.variants.map((v) => v.name);
}

/** The exported SVG of a latency chart of three variants named `names`. */
function latencySvg(names: readonly string[]): string {
  const store = createSeriesStore(names.length);
  names.forEach((_, variant) => {
    store.add(frame({ variant, from: 0, to: 1000, answered: [100, 0, 0, 0, 0], latency: [4, 10, 20] }));
    store.add(frame({ variant, from: 1000, to: 2000, answered: [90, 0, 0, 0, 1], latency: [5, 12, 40] }));
  });
  return svgString(latencyChartScene(latencyChartModel(store, 2000, 480, 420, { names }), 2000));
}

describe('exported charts whose names hold characters XML cannot carry', () => {
  it('the check used here finds what makes XML malformed', () => {
    expect(xmlProblems('<svg><text>a &amp; b &#x41;</text><g a="1" b=\'2\'/></svg>')).toEqual([]);
    for (const bad of [
      '<svg>\x01</svg>',
      '<svg>\ud800</svg>',
      '<svg a="<"/>',
      '<svg></g>',
      '<svg>&nope;</svg>',
      '<svg>&#1;</svg>',
      '<a/><b/>',
      '<svg>',
    ])
      expect(xmlProblems(bad), JSON.stringify(bad)).not.toEqual([]);
  });

  it('the SVG of a chart whose variant names hold \\x01, \\x1b and a lone surrogate is well-formed XML', () => {
    const names = oddNames();
    expect(names).toEqual(['start\x01of heading', 'escape \x1b[2J here', 'half a pair \ud800 here']);
    const svg = latencySvg(names);
    expect(xmlProblems(svg)).toEqual([]);
    // The names are still there: what XML cannot carry as U+FFFD, the escape as a reference.
    expect(svg).toContain('start\uFFFDof heading');
    expect(svg).toContain('half a pair \uFFFD here');
  });

  it('text and attributes keep what XML carries, escaped', () => {
    const svg = svgString(
      el('svg', { 'aria-label': 'a\tb\n"c" \u009b 😀 \uFFFE' }, [
        textEl('text', {}, 'x < y & \u009b 😀 \uDC00'),
      ]),
    );
    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" aria-label="a&#x9;b&#xa;&quot;c&quot; &#x9b; 😀 \uFFFD"><text>x &lt; y &amp; &#x9b; 😀 \uFFFD</text></svg>',
    );
    expect(xmlProblems(svg)).toEqual([]);
  });

  it('the PNG path builds its data: URI from any SVG text, a lone surrogate included', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text>half \ud800 a pair</text></svg>`;
    const uri = svgDataUri(svg);
    expect(uri.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(uri.slice(uri.indexOf(',') + 1))).toBe(svg.replace('\ud800', '\uFFFD'));
    expect(() => svgDataUri(latencySvg(oddNames()))).not.toThrow();
  });

  it('a share link names a variant whose name holds a lone surrogate', () => {
    expect(viewParameters({ variant: 'half a pair \ud800' })).toBe('&v=half%20a%20pair%20%EF%BF%BD');
  });
});
