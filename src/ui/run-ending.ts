/**
 * Ending a run the page no longer shows, for another file opening. The run is first asked to stop at
 * its worker's next step (`abandon`), a few ms of work away: the workers stay, warm, for the file
 * that opens. A run that has not answered within a grace period (its worker busy in a part that does
 * not step, such as building a very large scenario) has its workers ended instead (`cancel`); the
 * next call starts fresh ones.
 */
import type { SimulationClient } from '../worker/client';

/**
 * Wall time a run asked to stop has to answer before its workers are ended, ms: a run steps every
 * few ms, so one that has not answered by then is in a part that does not step.
 */
export const ABANDON_GRACE_MS = 300;

/**
 * Ends the run `going` (the promise of its answer) on `client`: `abandoned` when it answered within
 * `graceMs` of being asked to stop, `cancelled` when its workers had to be ended. Settles once it has
 * ended, so that what the page asks next goes to workers that are free.
 */
export async function endRunGoing(
  going: Promise<unknown>,
  client: Pick<SimulationClient, 'abandon' | 'cancel'>,
  graceMs: number = ABANDON_GRACE_MS,
): Promise<'abandoned' | 'cancelled'> {
  client.abandon();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answered = going.then(
    () => true,
    () => true,
  );
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const ended = await Promise.race([answered, late]);
  clearTimeout(timer);
  if (ended) return 'abandoned';
  client.cancel();
  return 'cancelled';
}
