export * from './view';
export * from './observer';
export * from './edge-slice';
export * from './live-run';
