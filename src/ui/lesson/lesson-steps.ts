/**
 * A lesson as steps, apart from the DOM: the description's sections in order, each a numbered step,
 * with the "try this" actions in the step that asks the reader to act and the claims right after the
 * step whose observations they check. The page (`lesson-view.ts`) draws them; the sliders of the
 * values an action sets go beside that action (`lesson-knobs.ts`).
 *
 * Rules, for a description written as the lessons are (a `##` title, an intro, then sections under
 * `**What to watch**`, `**Try this**`, `**In the real systems**` or any other heading):
 * - the intro (and the title line) is step 1, "The setup";
 * - every later heading starts a step of that name;
 * - the actions go in the step headed "Try this" (its own prose, for a file that still writes the
 *   actions out there, stays above them); without one, a "Try this" step follows the claims' step;
 * - the claims follow the step headed "What to watch", else the step before the actions, else the setup;
 * - "More to turn" (the sliders beside no action) comes right after the actions' step.
 */
import { plainBlocks, type TextBlock } from '../plain-text';

/** A "try this" action as the lesson lists it. */
export interface LessonAction {
  /** Its place in the file's `tryThis` list. */
  readonly index: number;
  /** The button's words. */
  readonly label: string;
  /** What to look for after pressing it (Markdown), or undefined when the file says nothing. */
  readonly say: string | undefined;
}

/** What a step is for; `text` is a section of the description with nothing else in it. */
export type LessonStepKind = 'setup' | 'watch' | 'try' | 'turn' | 'text';

/** One numbered step of the lesson. */
export interface LessonStep {
  /** 1, 2, 3, ... in reading order. */
  readonly number: number;
  readonly kind: LessonStepKind;
  /** Its heading: the section's own, or "The setup", "Try this", "More to turn". */
  readonly title: string;
  /** Its prose, blocks of Markdown runs (rendered as text, never as HTML). */
  readonly blocks: readonly TextBlock[];
  /** The actions it offers (only the `try` step has any). */
  readonly actions: readonly LessonAction[];
  /** The lesson's claims come right after this step's prose. */
  readonly claims: boolean;
}

/** What the steps are made of: the summary's fields that the lesson uses. */
export interface LessonSource {
  readonly description: string;
  readonly tryThis: readonly { readonly label: string; readonly say?: string }[];
  /** The file states claims (`expect`). */
  readonly hasClaims: boolean;
  /** Some slider is not beside any action: a "More to turn" step holds it. */
  readonly hasMoreToTurn: boolean;
}

const TRY = /^try this\b/i;
const WATCH = /^what to (watch|look for|notice)\b/i;

interface Section {
  title: string | undefined;
  blocks: TextBlock[];
}

/** The description cut at its headings; the first heading, when it opens the text, is the title line. */
function sections(description: string): Section[] {
  const out: Section[] = [{ title: undefined, blocks: [] }];
  for (const [i, block] of plainBlocks(description, true).entries()) {
    if (block.kind === 'heading' && i > 0) out.push({ title: block.text, blocks: [] });
    else out[out.length - 1].blocks.push(block);
  }
  return out;
}

/** The lesson's steps, numbered in reading order (see the module comment for the rules). */
export function lessonSteps(source: LessonSource): LessonStep[] {
  const [intro, ...rest] = sections(source.description);
  const actions: LessonAction[] = source.tryThis.map((action, index) => ({
    index,
    label: action.label,
    say: action.say?.trim() ? action.say.trim() : undefined,
  }));
  type Draft = Omit<LessonStep, 'number' | 'claims'>;
  const drafts: Draft[] = [{ kind: 'setup', title: 'The setup', blocks: intro.blocks, actions: [] }];
  for (const section of rest) {
    const title = section.title ?? '';
    const kind: LessonStepKind = TRY.test(title) ? 'try' : WATCH.test(title) ? 'watch' : 'text';
    drafts.push({ kind, title, blocks: section.blocks, actions: kind === 'try' ? actions : [] });
  }
  // The claims follow the observations; without such a step, the one before the actions, or the setup.
  let claimsAt = drafts.findIndex((d) => d.kind === 'watch');
  let tryAt = drafts.findIndex((d) => d.kind === 'try');
  if (claimsAt < 0) claimsAt = tryAt > 0 ? tryAt - 1 : Math.min(1, drafts.length - 1);
  if (tryAt < 0 && actions.length > 0) {
    tryAt = claimsAt + 1;
    drafts.splice(tryAt, 0, { kind: 'try', title: 'Try this', blocks: [], actions });
  }
  if (source.hasMoreToTurn) {
    const at = tryAt < 0 ? claimsAt + 1 : tryAt + 1;
    drafts.splice(at, 0, { kind: 'turn', title: 'More to turn', blocks: [], actions: [] });
  }
  return drafts.map((d, i) => ({ ...d, number: i + 1, claims: source.hasClaims && i === claimsAt }));
}
