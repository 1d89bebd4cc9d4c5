/**
 * The tests' event budget: a run within it gives exactly what the model's own run gives, and a run
 * past it stops there with an error that says so, instead of running on.
 */
import { describe, expect, it } from 'vitest';
import { fileSteps, runFile, runScenario, scenarioSteps } from '../../src/model';
import { client, scenario, service } from './build-scenario';
import { estimateEvents, MAX_EVENTS } from '../../src/scenario';
import {
  BUDGET_FACTOR,
  BUDGET_FLOOR,
  driveWithinBudget,
  eventBudget,
  EventBudgetError,
  runFileWithinBudget,
  runScenarioWithinBudget,
} from './event-budget';

const small = scenario({ duration: 2000, clients: [client('c', 's', 100)], services: [service('s')] });
const withoutWallTime = (report: object): string =>
  JSON.stringify(report, (k, v: unknown) => (k === 'wallMs' ? 0 : v));

describe('event budget', () => {
  it('a run within its budget reports what runScenario and runFile report', () => {
    expect(withoutWallTime(runScenarioWithinBudget(small, 'x'))).toBe(
      withoutWallTime(runScenario(small, 'x')),
    );
    const file = {
      base: small,
      variants: [
        { name: 'one', scenario: small },
        { name: 'two', scenario: { ...small, clients: [client('c', 's', 200)] } },
      ],
    };
    expect(withoutWallTime(runFileWithinBudget(file))).toBe(withoutWallTime(runFile(file)));
  });

  it('is ten times the size guard’s estimate, at least the floor and at most its per-run limit', () => {
    const long = { ...small, duration: 200_000 };
    expect(eventBudget(long)).toBe(Math.ceil(BUDGET_FACTOR * estimateEvents(long)));
    expect(eventBudget(small, 200_000)).toBe(eventBudget(long));
    expect(eventBudget(small, 10)).toBe(BUDGET_FLOOR);
    expect(eventBudget(small, 1e9)).toBe(MAX_EVENTS);
  });

  it('stops a run at its budget with an error naming it', () => {
    const budget = 100;
    expect(() => driveWithinBudget(scenarioSteps(small, 'x'), () => budget)).toThrow(EventBudgetError);
    expect(() => driveWithinBudget(scenarioSteps(small, 'x'), () => budget)).toThrow(
      /the run of 'x' went past its budget of 100 events at [\d.]+ ms of 2000 ms/,
    );
  });

  it('gives each variant of a file its own budget', () => {
    const file = {
      base: small,
      variants: [
        { name: 'one', scenario: small },
        { name: 'two', scenario: small },
      ],
    };
    const events = runScenario(small, 'x').events;
    // Enough for one variant, not for two: a budget per run, not per file.
    expect(() => driveWithinBudget(fileSteps(file), () => events + 1)).not.toThrow();
    expect(() => driveWithinBudget(fileSteps(file), () => events - 1)).toThrow(/the run of 'one'/);
  });
});
