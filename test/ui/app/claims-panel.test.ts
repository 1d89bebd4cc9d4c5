/** The claims panel loads its view only for a file with claims, and draws the latest call once it has. */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { vi } from 'vitest';
import type { ClaimRuns } from '../../../src/ui/claims';
import { claimRuns, createClaimsPanel } from '../../../src/ui/app/claims-panel';
import type { Replications } from '../../../src/ui/app/replication-runs';
import type { ClaimData } from '../../../src/worker/protocol';
import { asHtml, installFakeDocument, manualLoad, settle, type FakeElement } from './fake-dom';

let host: FakeElement;
let drawn: { claims: readonly ClaimData[]; known: ClaimRuns | undefined }[];
const renderClaims = (_: HTMLElement, claims: readonly ClaimData[], known: ClaimRuns | undefined): void => {
  drawn.push({ claims, known });
};

beforeEach(() => {
  host = installFakeDocument().createElement('section');
  drawn = [];
});
afterEach(() => vi.unstubAllGlobals());

const claim = (check: string) => ({ check }) as unknown as ClaimData;
const replications = (over: Partial<Replications>): Replications => ({
  id: 1,
  count: 3,
  seed: 7,
  workers: 2,
  reports: [],
  claims: [],
  done: 1,
  state: 'running',
  ...over,
});

test('a file without claims hides the host and loads nothing', () => {
  const view = manualLoad({ renderClaims });
  host.append('old claims');
  createClaimsPanel(asHtml(host), view.load).show([], undefined);
  expect(host.hidden).toBe(true);
  expect(host.textContent).toBe('');
  expect(view.loads()).toBe(0);
});

test('claims wait for the view, which then draws the latest call once', async () => {
  const view = manualLoad({ renderClaims });
  const panel = createClaimsPanel(asHtml(host), view.load);
  panel.show([claim('a')], undefined);
  panel.show([claim('a'), claim('b')], replications({}));
  await settle();
  expect(drawn).toEqual([]);
  view.resolve();
  await settle();
  expect(view.loads()).toBe(1);
  expect(drawn).toHaveLength(1);
  expect(drawn[0].claims.map((c) => c.check)).toEqual(['a', 'b']);
  expect(drawn[0].known).toMatchObject({ seed: 7, replications: 3, state: 'running' });
  // Loaded: drawn at once, even a file without claims (the view empties and hides the host).
  panel.show([], undefined);
  expect(drawn).toHaveLength(2);
});

test('claimRuns: the verdicts so far, a stopped or failed batch read as stopped', () => {
  expect(claimRuns(undefined)).toBeUndefined();
  const some = [[], undefined, []] as unknown as Replications['claims'];
  expect(claimRuns(replications({ claims: some }))?.runs).toHaveLength(2);
  expect(claimRuns(replications({ claims: some, state: 'complete' }))?.runs).toHaveLength(3);
  expect(claimRuns(replications({ state: 'failed' }))?.state).toBe('stopped');
  expect(claimRuns(replications({ state: 'stopped' }))?.state).toBe('stopped');
});
