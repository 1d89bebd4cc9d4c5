/**
 * Kong's request-termination plugin: the gateway answers every request itself, with `status_code`
 * (default 503), and nothing goes upstream. Its priority is 2, so every other plugin runs first
 * (authentication, limits, the cache, whose hit still answers from the cache).
 */

/** Kong's default status for request-termination. */
export const TERMINATION_STATUS = 503;
