/**
 * The Lesson tab: the scenario's name, then its lesson as numbered steps (`lesson/lesson-steps.ts`):
 * each step's text with its "try this" buttons and their sliders beside it, the claims right after
 * the step they check, and a few facts about the run in the first step. Lesson text is Markdown
 * built as text nodes, never parsed as HTML.
 *
 * The steps are drawn again only when the lesson itself changes (another file, an edited
 * description or list of actions), not on each run: the button or slider the reader just used keeps
 * its element, and so its focus.
 */
import type { ScenarioSummary } from '../worker/protocol';
import { h } from './dom';
import { formatSpan } from '../report/figure-format';
import { lessonSteps, type LessonAction, type LessonStep } from './lesson/lesson-steps';
import { inlineRuns, type TextBlock } from './plain-text';
import './lesson/lesson.css';

/**
 * A line of Markdown as text nodes in `<strong>`, `<em>` and `<code>`, and `<a>` for a link to an
 * http or https address (the only ones `inlineRuns` gives), opened in a new tab: never parsed as HTML.
 */
function runs(text: string): (Node | string)[] {
  return inlineRuns(text).map((run) => {
    const set = run.code
      ? h('code', {}, run.text)
      : run.bold
        ? h('strong', {}, run.text)
        : run.italic
          ? h('em', {}, run.text)
          : run.text;
    if (run.href === undefined) return set;
    return h('a', { href: run.href, target: '_blank', rel: 'noopener noreferrer' }, set);
  });
}

/** The page's elements the lesson fills. */
export interface ScenarioElements {
  /** The scenario's name (the page's `h1`). */
  readonly name: HTMLElement;
  /** Where the steps go. */
  readonly steps: HTMLElement;
  /** The claims' host, moved into the step they follow (hidden when the file states none). */
  readonly claims: HTMLElement;
}

/** How the page takes part in the lesson. */
export interface LessonOptions {
  /** The button of the file's `tryThis[index]`, with its behaviour: the view only places it. */
  actionButton(index: number): HTMLElement;
  /** Some slider goes beside no action: the lesson gets a "More to turn" step for it. */
  readonly hasMoreToTurn: boolean;
}

/** Where the lesson's sliders go. */
export interface LessonKnobHosts {
  /** Beside each action, in `tryThis` order. */
  readonly beside: readonly HTMLElement[];
  /** The "More to turn" step's, or undefined when it has none. */
  readonly rest: HTMLElement | undefined;
}

interface Drawn {
  readonly key: string;
  readonly hosts: LessonKnobHosts;
  readonly facts: HTMLElement;
}
const drawn = new WeakMap<HTMLElement, Drawn>();

function blockElement(block: TextBlock, first: boolean): HTMLElement {
  // The description's opening heading is the lesson's subtitle, under the name: a lede, not a heading.
  if (block.kind === 'heading')
    return first ? h('p', { class: 'lede' }, block.text) : h('h3', { class: 'step-subhead' }, block.text);
  if (block.kind === 'list') return h('ul', {}, ...block.items.map((item) => h('li', {}, ...runs(item))));
  return h('p', {}, ...runs(block.text));
}

function actionItem(action: LessonAction, button: HTMLElement, knobs: HTMLElement): HTMLElement {
  return h(
    'li',
    { class: 'try-item', 'data-testid': 'try-item' },
    h(
      'div',
      { class: 'try-row' },
      button,
      action.say ? h('p', { class: 'try-say', 'data-testid': 'try-say' }, ...runs(action.say)) : null,
    ),
    knobs,
  );
}

/**
 * The steps' index above them: a button per step that brings it into view and puts the focus on its
 * title, the step being read marked (`aria-current`), so that a long lesson is a few steps, not one
 * long scroll.
 */
function stepIndex(steps: readonly LessonStep[]): HTMLElement {
  const buttons = steps.map((step) => {
    const button = h(
      'button',
      { type: 'button', class: 'step-jump', 'data-step': step.kind, 'data-testid': 'step-jump' },
      h('span', { class: 'step-number', 'aria-hidden': 'true' }, String(step.number)),
      h('span', { class: 'sr-only' }, `Step ${step.number}: `),
      step.title,
    );
    button.addEventListener('click', () => {
      const title = document.getElementById(`lesson-step-${step.number}-title`);
      const section = title?.closest('section');
      if (!title || !section) return;
      bringIntoView(section, index);
      title.focus({ preventScroll: true });
      // The step asked for is the one read, while the scroll glides there too.
      index.dataset.jumpedAt = String(performance.now());
      for (const other of buttons) other.toggleAttribute('aria-current', other === button);
      button.setAttribute('aria-current', 'step');
    });
    return button;
  });
  const index = h(
    'nav',
    { class: 'step-index', 'aria-label': 'Steps of the lesson', 'data-testid': 'step-index' },
    h('ol', {}, ...buttons.map((button) => h('li', {}, button))),
  );
  return index;
}

/**
 * Scrolls the Lesson panel (where it scrolls on its own) so that `section` starts just under the
 * index, which stays at the panel's top; where the page scrolls instead, brings the section into view.
 */
function bringIntoView(section: HTMLElement, index: HTMLElement): void {
  const panel = section.closest<HTMLElement>('.panel');
  if (panel && panel.scrollHeight > panel.clientHeight + 1) {
    const below = section.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    panel.scrollTo({ top: panel.scrollTop + below - index.offsetHeight - 4, behavior: 'smooth' });
  } else section.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

/**
 * What scrolls the lesson: its panel where it scrolls on its own (a wide screen), else the page (null,
 * the viewport). Read once, when the steps are drawn.
 */
function scroller(index: HTMLElement): HTMLElement | null {
  const panel = index.closest<HTMLElement>('.panel');
  return panel && panel.scrollHeight > panel.clientHeight + 1 ? panel : null;
}

/**
 * Marks in `index` the step being read: the first one in the band from just under the index to the
 * middle of the Lesson panel.
 */
function followReading(index: HTMLElement, sections: readonly HTMLElement[]): void {
  const buttons = [...index.querySelectorAll<HTMLButtonElement>('button.step-jump')];
  const root = scroller(index);
  const last = sections[sections.length - 1];
  const seen = new Set<Element>();
  // A short last step never reaches the band: with the panel scrolled to its end and all of the step
  // in sight, it is the one read. (Where the page scrolls, the charts below let it reach the band.)
  let lastWhole = false;
  const atEnd = (): boolean => !!root && root.scrollTop + root.clientHeight >= root.scrollHeight - 2;
  const mark = (): void => {
    if (performance.now() - Number(index.dataset.jumpedAt ?? -1e9) < 1000) return;
    const read =
      lastWhole && atEnd() ? sections.length - 1 : sections.findIndex((section) => seen.has(section));
    buttons.forEach((button, i) => {
      if (i === read) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
    });
  };
  const still = (observer: IntersectionObserver): boolean => {
    if (!index.isConnected) observer.disconnect();
    return index.isConnected;
  };
  // Only what crosses the band or the edges is reported: no layout is read while the reader scrolls.
  const band = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) seen.add(entry.target);
        else seen.delete(entry.target);
      }
      if (still(band)) mark();
    },
    { root, rootMargin: '-110px 0px -45% 0px' },
  );
  for (const section of sections) band.observe(section);
  const edges = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) lastWhole = entry.intersectionRatio >= 0.99;
      if (still(edges)) mark();
    },
    { root, threshold: [0, 0.99] },
  );
  edges.observe(last);
}

function stepElement(
  step: LessonStep,
  options: LessonOptions,
  parts: { beside: HTMLElement[]; rest?: HTMLElement; facts: HTMLElement; claims: HTMLElement },
): HTMLElement {
  const id = `lesson-step-${step.number}`;
  const body: (HTMLElement | null)[] = step.blocks.map((block, i) =>
    blockElement(block, step.kind === 'setup' && i === 0),
  );
  if (step.kind === 'setup') {
    if (step.blocks.length === 0) body.push(h('p', { class: 'muted' }, 'This scenario has no description.'));
    body.push(parts.facts);
  }
  if (step.kind === 'try') {
    body.push(
      h(
        'ul',
        { class: 'try-list', 'aria-label': 'Things to try' },
        ...step.actions.map((action) => {
          const knobs = h('div', { class: 'try-knobs', 'data-testid': 'try-knobs', hidden: true });
          parts.beside[action.index] = knobs;
          return actionItem(action, options.actionButton(action.index), knobs);
        }),
      ),
    );
  }
  if (step.kind === 'turn') {
    body.push(h('p', { class: 'step-note' }, 'Each slider changes the file and runs it again.'));
    parts.rest = h('div', { class: 'turn-knobs', 'data-testid': 'knobs' });
    body.push(parts.rest);
  }
  if (step.claims) body.push(parts.claims);
  return h(
    'section',
    {
      class: `step step-${step.kind}`,
      'data-testid': 'lesson-step',
      'data-step': step.kind,
      'aria-labelledby': `${id}-title`,
    },
    h(
      'h2',
      // A target for the index's buttons: the focus lands on the step's title, in reading order.
      { class: 'step-title', id: `${id}-title`, tabindex: '-1' },
      h('span', { class: 'step-number', 'aria-hidden': 'true' }, String(step.number)),
      h('span', { class: 'sr-only' }, `Step ${step.number}: `),
      step.title,
    ),
    ...body,
  );
}

/**
 * Shows `summary`: its name, and its lesson as steps (drawn again only when the lesson changed);
 * every string goes in as text. True when the steps were drawn anew (their slider places are empty).
 */
export function showScenario(
  elements: ScenarioElements,
  summary: ScenarioSummary,
  options: LessonOptions,
): boolean {
  elements.name.textContent = summary.name || 'Untitled scenario';
  const hasClaims = summary.expect.length > 0;
  const key = JSON.stringify([
    summary.description,
    summary.tryThis.map((a) => [a.label, a.say ?? '']),
    hasClaims,
    options.hasMoreToTurn,
  ]);
  let lesson = drawn.get(elements.steps);
  const redraw = lesson?.key !== key;
  if (!lesson || redraw) {
    const steps = lessonSteps({
      description: summary.description,
      tryThis: summary.tryThis,
      hasClaims,
      hasMoreToTurn: options.hasMoreToTurn,
    });
    const parts = {
      beside: [] as HTMLElement[],
      rest: undefined as HTMLElement | undefined,
      facts: h('dl', { class: 'facts', 'data-testid': 'facts' }),
      claims: elements.claims,
    };
    // The claims' host is kept aside while the steps are built, so that it is never dropped.
    elements.claims.remove();
    const sections = steps.map((step) => stepElement(step, options, parts));
    // Two steps read at a glance; the index is worth its line from three on.
    const index = steps.length > 2 ? stepIndex(steps) : null;
    elements.steps.replaceChildren(...(index ? [index] : []), ...sections);
    if (index) followReading(index, sections);
    if (!elements.claims.isConnected) elements.steps.append(elements.claims);
    lesson = { key, hosts: { beside: parts.beside, rest: parts.rest }, facts: parts.facts };
    drawn.set(elements.steps, lesson);
  }
  const fact = (label: string, value: string, testId: string): HTMLElement =>
    h('div', { class: 'fact' }, h('dt', {}, label), h('dd', { 'data-testid': testId }, value));
  lesson.facts.replaceChildren(
    fact('Simulated time', formatSpan(summary.durationMs, 'rounded'), 'fact-duration'),
    fact('Seed', String(summary.seed), 'fact-seed'),
    fact(
      'Variants',
      summary.variants.length > 0 ? summary.variants.join(', ') : 'base only',
      'fact-variants',
    ),
  );
  return redraw;
}

/** Where the sliders of the lesson last drawn in `steps` go. */
export function lessonKnobHosts(steps: HTMLElement): LessonKnobHosts {
  return drawn.get(steps)?.hosts ?? { beside: [], rest: undefined };
}
