/** The scenario card: name, lesson text (Markdown runs, built as text nodes) and a few facts. */
import type { ScenarioSummary } from '../worker/protocol';
import { h } from './dom';
import { formatDuration } from './format';
import { inlineRuns, plainBlocks } from './plain-text';

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

export interface ScenarioElements {
  readonly name: HTMLElement;
  readonly description: HTMLElement;
  readonly facts: HTMLElement;
}

/** Shows `summary`; every string goes in as text. */
export function showScenario(elements: ScenarioElements, summary: ScenarioSummary): void {
  elements.name.textContent = summary.name || 'Untitled scenario';
  const blocks = plainBlocks(summary.description, true);
  elements.description.replaceChildren(
    ...(blocks.length > 0
      ? blocks.map((block) => {
          if (block.kind === 'heading') return h('h3', {}, block.text);
          if (block.kind === 'list')
            return h('ul', {}, ...block.items.map((item) => h('li', {}, ...runs(item))));
          return h('p', {}, ...runs(block.text));
        })
      : [h('p', { class: 'muted' }, 'This scenario has no description.')]),
  );
  const fact = (label: string, value: string, testId: string): HTMLElement =>
    h('div', { class: 'fact' }, h('dt', {}, label), h('dd', { 'data-testid': testId }, value));
  elements.facts.replaceChildren(
    fact('Simulated time', formatDuration(summary.durationMs), 'fact-duration'),
    fact('Seed', String(summary.seed), 'fact-seed'),
    fact(
      'Variants',
      summary.variants.length > 0 ? summary.variants.join(', ') : 'base only',
      'fact-variants',
    ),
  );
}
