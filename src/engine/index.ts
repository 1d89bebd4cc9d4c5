export * from './event-queue';
export * from './kernel';
export * from './random';
export * from './distributions';
export * from './histogram';
export * from './time-weighted';
export * from './time-series';
export * from './int-ring';
