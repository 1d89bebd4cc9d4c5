export * from './limiter';
export * from './fixed-window';
export * from './sliding-window';
export * from './token-bucket';
export * from './spike-arrest';
export * from './quota';
export * from './limiter-store';
export * from './cluster-counter';
