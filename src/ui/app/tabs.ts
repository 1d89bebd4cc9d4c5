/**
 * The side panel's tabs (Lesson, Editor, Results, Trace): one shown at a time, chosen by pointer or
 * by key as the WAI-ARIA tabs pattern has it (arrows, Home and End move the focus, and the selection
 * follows it).
 */

/** The tabs, by the id their button carries after `tab-` (`lesson`, `editor`, `results`, `trace`). */
export interface Tabs {
  /** The id of the tab shown. */
  readonly shown: string;
  /** Whether a tab of this id exists. */
  has(id: string): boolean;
  /** Shows tab `id` and hides the others' panels. */
  show(id: string): void;
}

/** What the page does as a tab shows. */
export interface TabHooks {
  /** Tab `id` is about to show (its panel is drawn, the side panel fitted to it). */
  onShow(id: string): void;
  /** The reader chose tab `id` (after `onShow`): a view the tab holds is brought up to date. */
  onChosen(id: string): void;
}

/** Where each key moves the focus in the tab list (selection following focus). */
const TAB_KEYS: Readonly<Record<string, (i: number, n: number) => number>> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

/** The tabs of `buttons` (each `role="tab"`, `id="tab-ID"`, `aria-controls` naming its panel); `lesson` shows first. */
export function createTabs(buttons: readonly HTMLButtonElement[], hooks: TabHooks): Tabs {
  let shown = 'lesson';
  const idOf = (tab: HTMLButtonElement): string => tab.id.replace(/^tab-/, '');
  const show = (id: string): void => {
    shown = id;
    hooks.onShow(id);
    for (const tab of buttons) {
      const selected = idOf(tab) === id;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
  };
  const choose = (tab: HTMLButtonElement): void => {
    show(idOf(tab));
    hooks.onChosen(idOf(tab));
  };
  buttons.forEach((tab, i) => {
    tab.addEventListener('click', () => choose(tab));
    tab.addEventListener('keydown', (event) => {
      const move = TAB_KEYS[event.key];
      if (!move) return;
      event.preventDefault();
      const next = buttons[move(i, buttons.length)];
      next.focus();
      choose(next);
    });
  });
  return {
    get shown() {
      return shown;
    },
    has: (id) => buttons.some((tab) => idOf(tab) === id),
    show,
  };
}
