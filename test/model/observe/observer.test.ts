/** The observer hub: each observer hears only what it has methods for, until it is removed. */
import { describe, expect, it } from 'vitest';
import { ObserverHub, type SimulationObserver } from '../../../src/model/observe';
import type { Span, Trace } from '../../../src/model/trace';

describe('ObserverHub', () => {
  it('lists an observer under the notifications it has methods for, and removes it from them all', () => {
    const hub = new ObserverHub();
    const heard: string[] = [];
    const answers: SimulationObserver = {
      requestAnswered: (status, ms) => void heard.push(`a ${status} ${ms}`),
    };
    const edges: SimulationObserver = {
      tryStarted: (edge) => void heard.push(`s ${edge}`),
      tryEnded: (edge, error, clientError, reached, ms) =>
        void heard.push(`e ${edge} ${error} ${clientError} ${reached} ${ms}`),
    };
    const stopAnswers = hub.add(answers);
    const stopEdges = hub.add(edges);
    expect([hub.answers, hub.starts, hub.ends, hub.traced].map((list) => list.length)).toEqual([1, 1, 1, 0]);
    hub.requestAnswered(200, 3);
    hub.tryStarted(2);
    hub.tryEnded(2, false, true, true, 1.5);
    hub.tracedTryEnded({} as Trace, {} as Span);
    stopAnswers();
    stopAnswers();
    hub.requestAnswered(503, 4);
    stopEdges();
    hub.tryStarted(1);
    expect(heard).toEqual(['a 200 3', 's 2', 'e 2 false true true 1.5']);
    expect([hub.answers, hub.starts, hub.ends, hub.traced].map((list) => list.length)).toEqual([0, 0, 0, 0]);
  });
});
