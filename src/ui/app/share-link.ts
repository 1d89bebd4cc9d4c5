/**
 * The page's shared links: the Share button writes the scenario and the view into the address bar,
 * and the page reads the link it was opened with. The link's coding (`share.ts`, with its inflating
 * and checks) loads only for a link that holds a scenario, or on the first press of Share.
 */
import type { HashShare, SharedView } from '../share';
import { lazy } from '../lazy';

const share = lazy(() => import('../share'));

/**
 * Whether `hash` holds a scenario (`#s=...`): any other hash is read as none, as
 * `decodeScenarioHash` reads it, without loading the coding.
 */
export function holdsScenario(hash: string): boolean {
  return (hash.startsWith('#') ? hash.slice(1) : hash).startsWith('s=');
}

/** The scenario and view `hash` holds, or why it holds none (see `decodeShareHash`). Never rejects for a bad link. */
export function readSharedLink(hash: string): Promise<HashShare> {
  if (!holdsScenario(hash)) return Promise.resolve({ kind: 'none' });
  return share.get().then(({ decodeShareHash }) => decodeShareHash(hash));
}

/** What a link made by the Share button holds, read at the press. */
export interface ShareSources {
  /** The scenario's text. */
  text(): string;
  /** The view the reader sees: seed, variants drawn, moment, tab. */
  view(): SharedView;
  /** The link is in the address bar (and copied, when the browser allows). */
  onShared(): void;
}

/** Listens on the Share `button`. */
export function installShareButton(button: HTMLElement, sources: ShareSources): void {
  button.addEventListener('click', () => {
    // The text and view are those of the press, not of the moment the coding has loaded.
    const text = sources.text();
    const view = sources.view();
    void share
      .get()
      .then(({ encodeShareHash }) => encodeShareHash(text, view))
      .then((hash) => {
        history.replaceState(null, '', hash);
        void navigator.clipboard?.writeText(location.href).catch(() => undefined);
        sources.onShared();
      });
  });
}
