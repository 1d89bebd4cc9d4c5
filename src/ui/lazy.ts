/**
 * A module the page loads with `import()` when it is first needed rather than with its first script
 * (the compare view, the claims, the import summary, the exports): fetched once, then at hand.
 */
export interface Lazy<T> {
  /** The module, loading it on the first call; every call gets the same promise. */
  get(): Promise<T>;
  /** The module once it has loaded, else undefined: a view drawn often uses it without waiting. */
  readonly now: T | undefined;
}

/** Wraps `load` (an `() => import('...')`) so that it runs at most once. */
export function lazy<T>(load: () => Promise<T>): Lazy<T> {
  let loading: Promise<T> | undefined;
  let loaded: T | undefined;
  return {
    get() {
      loading ??= load().then(
        (module) => {
          loaded = module;
          return module;
        },
        (error: unknown) => {
          // A load that failed (the network, a new deployment) is tried again by the next call.
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
    get now() {
      return loaded;
    },
  };
}
