/** The rows of the text reports (report-figures.ts lists them) and how each figure prints. */
export { formatFigure } from '../model/figure-format';
export {
  componentMetrics,
  COMPONENT_FIGURES,
  successRate,
  variantMetrics,
  type Metric,
} from '../model/report-figures';
