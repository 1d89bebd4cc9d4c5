/**
 * The circuit-breaker state a node shows, as one small integer: the model's view fills it per node
 * (the worst breaker calling into the node) and the page colours by it from the worker's frames, so
 * it lives here, below both.
 */

/** No breaker calls into the node, or every one is closed. */
export const BREAKER_CLOSED = 0;
/** The worst breaker calling into the node lets probes through. */
export const BREAKER_HALF_OPEN = 1;
/** Some breaker calling into the node is open. */
export const BREAKER_OPEN = 2;
