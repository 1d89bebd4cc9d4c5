/** Exporters: a scenario's gateway and mesh as Kong, Istio or Consul config. */
export { exportKong } from './kong';
export { exportIstio, type IstioExportOptions } from './istio';
export { exportConsul } from './consul';
export type { ExportResult, NotExported } from './omissions';
