/** The rows of the text reports (report-figures.ts lists them) and how each figure prints. */
export { formatFigure } from '../report/figure-format';
export {
  componentMetrics,
  COMPONENT_FIGURES,
  successRate,
  variantMetrics,
  type Metric,
} from '../report/report-figures';
