/**
 * The event payloads that pack two facts into one number, each written and read here only. An event
 * is three numbers, `(kind, a, b)`, so that nothing is allocated per event; these name what its `b`
 * holds.
 */

/** `EV_DISCOVERY`'s `b`: instance `instance` of the component in `a` is now up (or down). */
export function discoveryPayload(instance: number, up: boolean): number {
  return instance * 2 + (up ? 1 : 0);
}

/** The instance an `EV_DISCOVERY` payload names. */
export function discoveredInstance(payload: number): number {
  return payload >> 1;
}

/** Whether an `EV_DISCOVERY` payload says its instance is up. */
export function discoveredUp(payload: number): boolean {
  return (payload & 1) === 1;
}

/**
 * `EV_BACKGROUND_DONE`'s `b`: the instance of a component of `instances` slots that started the
 * work, and its life then (its crashes so far), so that a crash in between frees a worker of the
 * new life only once.
 */
export function backgroundPayload(life: number, instances: number, instance: number): number {
  return life * instances + instance;
}

/** The instance an `EV_BACKGROUND_DONE` payload names. */
export function backgroundInstance(payload: number, instances: number): number {
  return payload % instances;
}

/** The life of its instance an `EV_BACKGROUND_DONE` payload carries. */
export function backgroundLife(payload: number, instances: number): number {
  return (payload - (payload % instances)) / instances;
}
