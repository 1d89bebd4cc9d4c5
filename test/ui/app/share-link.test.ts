/** The shared link's reading: a hash without a scenario is none without loading the coding; one with a scenario reads back. */
import { afterEach, expect, test, vi } from 'vitest';
import { holdsScenario, installShareButton, readSharedLink } from '../../../src/ui/app/share-link';
import { encodeShareHash } from '../../../src/ui/share';
import { asHtml, installFakeDocument, settle } from './fake-dom';

afterEach(() => vi.unstubAllGlobals());

test('holdsScenario: a hash starting with s=, with or without its #', () => {
  expect(holdsScenario('')).toBe(false);
  expect(holdsScenario('#')).toBe(false);
  expect(holdsScenario('#results')).toBe(false);
  expect(holdsScenario('#s=abc')).toBe(true);
  expect(holdsScenario('s=abc')).toBe(true);
});

test('readSharedLink: none for an empty hash; the text and view of a shared one; refused for a damaged one', async () => {
  expect(await readSharedLink('')).toEqual({ kind: 'none' });
  const hash = await encodeShareHash('clients: []\n', { seed: 7, tab: 'results' });
  expect(await readSharedLink(hash)).toMatchObject({
    kind: 'text',
    text: 'clients: []\n',
    view: { seed: 7 },
  });
  expect((await readSharedLink('#s=!!')).kind).toBe('refused');
});

test('Share writes the text and view of the press into the address bar, then says so', async () => {
  const button = installFakeDocument().createElement('button');
  let replaced = '';
  vi.stubGlobal('history', { replaceState: (_: unknown, __: string, url: string) => (replaced = url) });
  vi.stubGlobal('location', { href: 'http://page/' });
  vi.stubGlobal('navigator', {});
  let shared = 0;
  let text = 'services: []\n';
  installShareButton(asHtml(button), {
    text: () => text,
    view: () => ({ seed: 3 }),
    onShared: () => shared++,
  });
  button.click();
  text = 'changed after the press';
  await vi.waitFor(() => expect(shared).toBe(1));
  await settle();
  expect(await readSharedLink(replaced)).toMatchObject({
    kind: 'text',
    text: 'services: []\n',
    view: { seed: 3 },
  });
});
