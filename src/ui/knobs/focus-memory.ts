/**
 * Where the keyboard focus was, to put it back after a redraw: a slider or a "try this" button keeps
 * the focus across the re-run it asked for, instead of losing it to the page's body when the lesson
 * is drawn again (WCAG 2.4.3, focus order). The element itself while it is still in the page, else
 * the one drawn in its place: the same `data-testid`, at the same rank among those that have it.
 */

/** A remembered focus; `restore` puts it back unless the reader has moved it elsewhere since. */
export interface FocusMemory {
  restore(): void;
}

const NOTHING: FocusMemory = { restore: () => undefined };

/** The elements that share a `data-testid`, in document order. */
function sameTestId(doc: Document, testId: string): HTMLElement[] {
  return Array.from(doc.querySelectorAll<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`));
}

/** Remembers the element that has the focus now (nothing when none has, or the body has). */
export function rememberFocus(doc: Document = document): FocusMemory {
  const active = doc.activeElement;
  if (!(active instanceof HTMLElement) || active === doc.body) return NOTHING;
  const testId = active.dataset.testid;
  const rank = testId ? sameTestId(doc, testId).indexOf(active) : -1;
  return {
    restore() {
      const now = doc.activeElement;
      // The reader has put the focus somewhere else meanwhile: it stays there.
      if (now instanceof HTMLElement && now !== doc.body && now !== active) return;
      if (active.isConnected) {
        if (now !== active) active.focus({ preventScroll: true });
        return;
      }
      const twin = testId && rank >= 0 ? sameTestId(doc, testId)[rank] : undefined;
      twin?.focus({ preventScroll: true });
    },
  };
}
