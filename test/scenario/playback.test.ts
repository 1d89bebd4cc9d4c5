/**
 * `playback`: where and how fast the page starts playing a run. Defaults, the errors with their
 * exact positions and hints, and the speeds held equal to the page's.
 */
import { describe, expect, test } from 'vitest';
import { PLAYBACK_SPEEDS } from '../../src/scenario/schema/playback';
import { SPEEDS } from '../../src/ui/playback/clock';
import { loaded, onlyError, yaml } from './helpers';

/** A valid file of 60 s; line 4 is the `playback` line. */
const file = (playbackLine: string): string =>
  yaml(
    'duration: 60s',
    'clients: [ { id: web, target: api, arrival: { rate: 10 } } ]',
    'services: [ { id: api } ]',
    playbackLine,
  );

describe('playback', () => {
  test('defaults to the start of the run at the reader’s speed', () => {
    expect(loaded(file('')).base.playback).toEqual({ start: 0 });
  });

  test('takes a start as a duration and a speed of the page’s', () => {
    expect(loaded(file('playback: { start: 18s, speed: 2 }')).base.playback).toEqual({
      start: 18_000,
      speed: 2,
    });
  });

  test('a variant may not change the file’s playback: it is the base’s that the page uses', () => {
    const f = loaded(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 10 } } ]',
        'services: [ { id: api } ]',
        'playback: { start: 5s }',
        'variants: [ { name: a }, { name: b, services: [ { id: api, instances: 2 } ] } ]',
      ),
    );
    expect(f.variants.map((v) => v.scenario.playback)).toEqual([{ start: 5000 }, { start: 5000 }]);
  });

  test('an unknown field is reported at its key with a did-you-mean hint', () => {
    expect(onlyError(file('playback: { strat: 18s }'))).toMatchObject({
      line: 4,
      column: 13,
      path: 'playback.strat',
      message: 'unknown field "strat"',
      hint: 'did you mean "start"?',
    });
  });

  test('a misspelt top-level key is offered `playback`', () => {
    expect(onlyError(file('playbak: { start: 18s }'))).toMatchObject({
      line: 4,
      column: 1,
      message: 'unknown field "playbak"',
      hint: 'did you mean "playback"?',
    });
  });

  test('a start that is not a duration names the units', () => {
    expect(onlyError(file('playback: { start: 18 sec }'))).toMatchObject({
      line: 4,
      column: 20,
      path: 'playback.start',
      message: 'is not a duration',
      hint: 'did you mean "18s"?',
    });
  });

  test('a start at or past the end of the run is refused at its value', () => {
    expect(onlyError(file('playback: { start: 60s }'))).toMatchObject({
      line: 4,
      column: 20,
      path: 'playback.start',
      message: 'playback starts at 60000 ms, not before the end of the run (60000 ms)',
      expected: 'a duration below 60000 ms',
      found: '60000 ms',
    });
  });

  test('a speed the page does not offer is refused with the nearest ones', () => {
    expect(onlyError(file('playback: { speed: 3 }'))).toMatchObject({
      line: 4,
      column: 20,
      path: 'playback.speed',
      message: "is not one of the page's speeds",
      hint: 'did you mean 2 or 5?',
    });
    expect(onlyError(file('playback: { speed: 1000 }')).hint).toBe('did you mean 100?');
    expect(onlyError(file('playback: { speed: 2x }'))).toMatchObject({ message: 'must be a number' });
  });

  test('the speeds a file may ask for are the page’s', () => {
    expect(PLAYBACK_SPEEDS).toEqual(SPEEDS);
  });
});
