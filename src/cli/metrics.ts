/** How the text reports print a figure of the report: its unit's format (report-figures.ts lists the rows). */
import type { Metric } from '../model/report-figures';
import { formatCount, formatDecimal, formatFactor, formatMs, formatPercent, formatRate } from './format';

export {
  componentMetrics,
  COMPONENT_FIGURES,
  successRate,
  variantMetrics,
  type Metric,
} from '../model/report-figures';

/** The printed form of `x`, a value of `metric`. */
export function formatFigure(metric: Pick<Metric, 'unit' | 'digits'>, x: number): string {
  switch (metric.unit) {
    case 'count':
      return formatCount(x);
    case 'percent':
      return formatPercent(x, metric.digits);
    case 'ms':
      return formatMs(x);
    case 'rate':
      return formatRate(x);
    case 'factor':
      return formatFactor(x);
    case 'decimal':
      return formatDecimal(x);
  }
}
