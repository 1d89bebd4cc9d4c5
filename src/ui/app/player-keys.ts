/**
 * The player's keys, anywhere on the page but in a field, the editor or the tab list: space plays or
 * pauses, the arrows step, `+` and `-` change the speed, `[` and `]` jump between landmarks.
 */

/** Focusable elements that act on space themselves (WCAG 2.1.1: the key must reach them). */
const CONTROLS_OWNING_SPACE =
  'button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"], [role="menuitem"]';

/** What the keys drive. */
export interface PlayerKeyTargets {
  readonly player: {
    togglePlay(): void;
    step(direction: 1 | -1): void;
    nudgeSpeed(direction: 1 | -1): void;
  };
  readonly landmarks: { jump(direction: 1 | -1): void };
}

/** Listens on `root` for the player's keys. */
export function installPlayerKeys(root: Document, { player, landmarks }: PlayerKeyTargets): void {
  root.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (target?.closest('.cm-editor, input, select, textarea, [role="tab"]')) return;
    // Space presses a focused button, link or control: it is that control's key, not the player's.
    if (event.key === ' ' && target?.closest(CONTROLS_OWNING_SPACE)) return;
    if (event.key === ' ') {
      event.preventDefault();
      player.togglePlay();
    } else if (event.key === 'ArrowRight') player.step(1);
    else if (event.key === 'ArrowLeft') player.step(-1);
    else if (event.key === '+' || event.key === '=') player.nudgeSpeed(1);
    else if (event.key === '-') player.nudgeSpeed(-1);
    else if (event.key === '[') landmarks.jump(-1);
    else if (event.key === ']') landmarks.jump(1);
  });
}
