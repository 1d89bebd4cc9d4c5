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
import { formatDuration } from './format';
import { lessonSteps, type LessonAction, type LessonStep } from './lesson/lesson-steps';
import { inlineRuns, type TextBlock } from './plain-text';
import './lesson/lesson.css';

/** A line of Markdown as text nodes in `<strong>`, `<em>` and `<code>`: never parsed as HTML. */
function runs(text: string): (Node | string)[] {
  return inlineRuns(text).map((run) =>
    run.code
      ? h('code', {}, run.text)
      : run.bold
        ? h('strong', {}, run.text)
        : run.italic
          ? h('em', {}, run.text)
          : run.text,
  );
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
      { class: 'step-title', id: `${id}-title` },
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
    elements.steps.replaceChildren(...steps.map((step) => stepElement(step, options, parts)));
    if (!elements.claims.isConnected) elements.steps.append(elements.claims);
    lesson = { key, hosts: { beside: parts.beside, rest: parts.rest }, facts: parts.facts };
    drawn.set(elements.steps, lesson);
  }
  const fact = (label: string, value: string, testId: string): HTMLElement =>
    h('div', { class: 'fact' }, h('dt', {}, label), h('dd', { 'data-testid': testId }, value));
  lesson.facts.replaceChildren(
    fact('Simulated time', formatDuration(summary.durationMs), 'fact-duration'),
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
