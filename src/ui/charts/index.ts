/** The live measurement charts of the page: series accumulated from the worker's frames, and views of them. */
export * from './series';
export * from './latency-chart';
export * from './throughput-chart';
export * from './amplification-chart';
export * from './distribution-chart';
export * from './utilization-bars';
export type { TimeChart, SizeOptions } from './time-chart';
export type { TimeChartOptions } from './time-layout';
export type { StaticChart } from './static-chart';
export { prefersReducedMotion } from './mount';
