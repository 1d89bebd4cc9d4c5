export * from './view';
export * from './observer';
export * from './edge-slice';
export * from './live-run';
export * from './answered-by-caller';
export * from './tries-per-request';
