/**
 * Draws a `CompareTable`: one column group per variant (its figure, then for every variant after the
 * first its change Δ and Δ%), rows grouped in sections like the results table: the lesson's figures
 * first, then under their own headings the counts and rates, and the components. Numbers are right
 * aligned; a `± half-width` is set in a lighter tone and may wrap under its mean when the panel is
 * narrow; a change whose 95 % interval leaves out 0 is set in bold with the command line's `*`, and
 * is coloured better or worse only when its figure has a good direction (change-sense.ts).
 */
import type { CompareCell, CompareGroup, CompareRow, CompareTable } from './compare-table';
import { h } from './dom';

/**
 * A line saying the table goes on to the right, shown (by `watchCompareOverflow`) only while it does:
 * a phone or a narrow side panel shows the first setup's column, and the others must not pass unseen.
 */
function scrollHint(variants: number): HTMLElement | null {
  if (variants < 2) return null;
  const hint = h(
    'p',
    { class: 'compare-hint', 'data-testid': 'compare-hint' },
    `${variants} setups side by side: scroll the table sideways to see them all →`,
  );
  hint.hidden = true;
  return hint;
}

/** The views watched, each with its check and the observer that runs it (kept alive with the view). */
const watched = new WeakMap<HTMLElement, { readonly check: () => void; readonly observer: ResizeObserver }>();

/**
 * Shows the compare view's scroll hint while its table is wider than its box, and hides it when the
 * box grows to hold it. To be called each time the view is drawn or turned into a new table, once it
 * is in the page: the first call starts watching the view's size (it changes when the Results tab is
 * shown, or the panel or window resized), each call checks again.
 */
export function watchCompareOverflow(view: HTMLElement): void {
  const known = watched.get(view);
  if (known) return known.check();
  if (typeof ResizeObserver === 'undefined') return;
  const check = (): void => {
    const box = view.querySelector<HTMLElement>('.compare-scroll');
    const hint = view.querySelector<HTMLElement>('.compare-hint');
    if (box && hint) hint.hidden = box.scrollWidth <= box.clientWidth + 1;
  };
  const observer = new ResizeObserver(check);
  observer.observe(view);
  watched.set(view, { check, observer });
  check();
}

/** What the view shows around the table: how far the replications are, and a note about them. */
export interface CompareStatus {
  /** Replications the file asks for. */
  readonly replications: number;
  /** True once the table covers all of them (or the file asks for one). */
  readonly complete: boolean;
  /** A line under the caption: progress, or why the replications stopped; none when empty. */
  readonly note?: string;
}

function cellOf(row: CompareRow, cell: CompareCell): HTMLTableCellElement {
  const classes = ['value', cell.column];
  if (cell.clear) classes.push('clear');
  if (cell.clear === false) classes.push('unclear');
  if (cell.sense === 'better' || cell.sense === 'worse') classes.push(cell.sense);
  const td = h('td', {
    'data-testid': `compare-${row.key}`,
    'data-variant': cell.variant,
    'data-column': cell.column,
    'data-text': cell.text,
    'data-value': cell.value === null ? undefined : cell.value,
    'data-sense': cell.sense,
    // Colour is not the only cue: the cell says which way the change goes.
    title:
      cell.sense === 'better' || cell.sense === 'worse'
        ? `For the ${cell.sense}, clear of noise: its 95 % interval leaves out 0`
        : undefined,
    class: classes.join(' '),
  });
  td.append(h('span', { class: 'main' }, cell.main));
  if (cell.interval) {
    // The interval and the mark keep together, on the mean's line or (in a narrow panel) under it.
    const pm = h('span', { class: 'pm' }, cell.interval);
    if (cell.clear) {
      pm.append(
        ' ',
        h('span', { class: 'mark', title: 'The 95 % interval of this change leaves out 0' }, '*'),
      );
    }
    td.append(' ', pm);
  }
  return td;
}

function headOf(table: CompareTable): HTMLTableSectionElement {
  const [first, ...others] = table.variants;
  const value = table.replicated ? 'mean' : 'value';
  return h(
    'thead',
    {},
    h(
      'tr',
      { class: 'variants' },
      h('th', { scope: 'col', class: 'metric', rowspan: 2 }, 'Metric'),
      h('th', { scope: 'colgroup', class: 'variant first' }, first),
      ...others.map((name) => h('th', { scope: 'colgroup', colspan: 3, class: 'variant' }, name)),
    ),
    h(
      'tr',
      { class: 'columns' },
      h('th', { scope: 'col', class: 'first' }, value),
      ...others.flatMap(() => [
        h('th', { scope: 'col', class: 'group-start' }, value),
        h('th', { scope: 'col', title: `Change against ${first}` }, 'Δ'),
        h('th', { scope: 'col', class: 'relative', title: `Change against ${first}, in percent` }, 'Δ%'),
      ]),
    ),
  );
}

/** Changes the progress note of a compare view in place (the table stays as it is); none removes it. */
export function setCompareNote(view: HTMLElement, note: string | undefined): void {
  const shown = view.querySelector<HTMLElement>('.compare-note');
  if (!note) shown?.remove();
  else if (shown) shown.textContent = note;
  else
    view
      .querySelector('.compare-caption')
      ?.after(h('p', { class: 'compare-note', 'data-testid': 'compare-note' }, note));
}

/** The heading over each group after the learner's figures; none over the lead and the figures. */
const GROUP_HEADINGS: Partial<Record<CompareGroup, string>> = {
  counts: 'Counts and rates',
  components: 'Components',
};

/** The compare view of `table`, with its caption, progress note and legend. */
export function compareView(table: CompareTable, status: CompareStatus): HTMLElement {
  const columns = 1 + 1 + (table.variants.length - 1) * 3;
  const bodies: HTMLTableSectionElement[] = [];
  let group: CompareGroup | undefined;
  for (const section of table.sections) {
    const body = h('tbody', {
      class: section.component ? 'component' : undefined,
      'data-group': section.group,
    });
    const heading = GROUP_HEADINGS[section.group];
    if (section.group !== group && heading) {
      bodies.push(
        h(
          'tbody',
          { class: 'group' },
          h('tr', { class: 'group' }, h('th', { scope: 'colgroup', colspan: columns }, heading)),
        ),
      );
    }
    group = section.group;
    body.append(
      h('tr', { class: 'section' }, h('th', { scope: 'colgroup', colspan: columns }, section.title)),
      ...section.rows.map((row) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, row.label),
          ...row.cells.map((cell, i) => {
            const td = cellOf(row, cell);
            if (i > 0 && cell.column === 'value') td.classList.add('group-start');
            return td;
          }),
        ),
      ),
    );
    bodies.push(body);
  }
  const seeds = table.seeds;
  return h(
    'section',
    {
      class: 'compare',
      'data-testid': 'compare',
      'data-replications': status.replications,
      'data-seeds': seeds.length,
      'data-complete': String(status.complete),
      'data-variants': table.variants.length,
    },
    // Every figure here covers whole runs (after warmup), whatever moment the playback shows.
    h(
      'h2',
      { class: 'eyebrow', 'data-testid': 'compare-title' },
      table.variants.length > 1 ? 'Variants compared over the whole run' : 'Over the seeds, whole run',
    ),
    h('p', { class: 'compare-caption', 'data-testid': 'compare-caption' }, table.caption),
    status.note ? h('p', { class: 'compare-note', 'data-testid': 'compare-note' }, status.note) : null,
    scrollHint(table.variants.length),
    h(
      'div',
      { class: 'compare-scroll' },
      h(
        'table',
        {
          class: `results compare-table${table.replicated ? ' replicated' : ''}`,
          'data-testid': 'compare-table',
        },
        headOf(table),
        ...bodies,
      ),
    ),
    table.variants.length > 1
      ? h(
          'p',
          { class: 'compare-legend' },
          table.replicated
            ? `Δ: the mean change against ${table.variants[0]} on the same seeds (paired), ± its 95 % interval; * the interval leaves out 0. Green is better, orange worse: only a change marked * of a figure with a better direction (lower latency, higher success) is coloured.`
            : `Δ: the change against ${table.variants[0]} on the same arrivals. One seed cannot tell an effect from noise, so no change is coloured.`,
        )
      : null,
  );
}
