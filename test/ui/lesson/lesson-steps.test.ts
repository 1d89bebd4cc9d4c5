import { describe, expect, it } from 'vitest';
import { lessonSteps, type LessonSource } from '../../../src/ui/lesson/lesson-steps';

const LESSON = [
  '## Routing at the edge',
  '',
  'One gateway is the only door.',
  '',
  '**What to watch**',
  '',
  '- *Served counts follow the mix.*',
  '',
  '**In the real systems**',
  '',
  'Kong matches routes.',
].join('\n');

const source = (over: Partial<LessonSource> = {}): LessonSource => ({
  description: LESSON,
  tryThis: [
    { label: 'send 25 % to the canary', say: ' catalog-v2 takes a quarter ' },
    { label: 'triple the testers' },
  ],
  hasClaims: true,
  hasMoreToTurn: false,
  ...over,
});

/** Each step as `number kind title` and what it holds. */
const outline = (s: LessonSource) =>
  lessonSteps(s).map((step) => ({
    step: `${step.number} ${step.kind} ${step.title}`,
    blocks: step.blocks.length,
    actions: step.actions.map((a) => `${a.index}:${a.label}:${a.say ?? '-'}`),
    claims: step.claims,
  }));

describe('lessonSteps', () => {
  it('numbers the setup, the observations with their claims, the actions, then the other sections', () => {
    expect(outline(source())).toEqual([
      { step: '1 setup The setup', blocks: 2, actions: [], claims: false },
      { step: '2 watch What to watch', blocks: 1, actions: [], claims: true },
      {
        step: '3 try Try this',
        blocks: 0,
        actions: ['0:send 25 % to the canary:catalog-v2 takes a quarter', '1:triple the testers:-'],
        claims: false,
      },
      { step: '4 text In the real systems', blocks: 1, actions: [], claims: false },
    ]);
  });

  it('keeps the actions in the step headed "Try this", under its own prose, and a "More to turn" after it', () => {
    const description = LESSON.replace(
      '**In the real systems**',
      '**Try this**\n\n- *Canary*: more.\n\n**In the real systems**',
    );
    expect(
      outline(source({ description, hasMoreToTurn: true })).map((s) => [s.step, s.blocks, s.actions.length]),
    ).toEqual([
      ['1 setup The setup', 2, 0],
      ['2 watch What to watch', 1, 0],
      ['3 try Try this', 1, 2],
      ['4 turn More to turn', 0, 0],
      ['5 text In the real systems', 1, 0],
    ]);
  });

  it('puts the claims after the setup when the text has no sections, and leaves out what the file lacks', () => {
    expect(outline(source({ description: 'Just a paragraph.', tryThis: [], hasMoreToTurn: true }))).toEqual([
      { step: '1 setup The setup', blocks: 1, actions: [], claims: true },
      { step: '2 turn More to turn', blocks: 0, actions: [], claims: false },
    ]);
    expect(outline(source({ description: '', tryThis: [], hasClaims: false }))).toEqual([
      { step: '1 setup The setup', blocks: 0, actions: [], claims: false },
    ]);
  });

  it('reads a section headed with ## like one headed in bold', () => {
    const description = 'Intro.\n\n## What to look for\n\nQueues.\n\n## Why\n\nBecause.';
    expect(outline(source({ description, tryThis: [] })).map((s) => [s.step, s.claims])).toEqual([
      ['1 setup The setup', false],
      ['2 watch What to look for', true],
      ['3 text Why', false],
    ]);
  });
});
