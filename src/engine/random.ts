import seedrandom from 'seedrandom';

/** A uniform source on [0, 1). */
export type Uniform = () => number;

/**
 * Seeded, named random streams. Each stream is its own generator, seeded from the run's seed and the
 * stream's name (`client:web:arrivals`, `service:db:errors`), so adding a component never shifts
 * another component's draws, and two variants of one scenario see the same arrivals (common random
 * numbers). Alea is used for speed: a draw is a few float operations.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Uniform>();

  constructor(readonly seed: number) {}

  /** The stream called `name`, created on first use. */
  stream(name: string): Uniform {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = seedrandom.alea(`${this.seed}\u0000${name}`) as unknown as Uniform;
      this.streams.set(name, stream);
    }
    return stream;
  }
}
