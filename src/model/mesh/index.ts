export * from './backoff';
export * from './weighted-choice';
export * from './outlier-detection';
export * from './failure-accrual';
export * from './circuit-breaker';
export * from './retry-budget';
export * from './registry';
export * from './authorization';
