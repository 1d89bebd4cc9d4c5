/**
 * A lesson's key figures as the lead of its comparison: the compare view then opens on the numbers
 * the lesson's text and tiles talk about (`ledger calls per request`), each compared across the
 * variants with its interval, before the standard figures.
 */
import { parseFigureExpr } from '../scenario/expectations';
import type { LeadFigure } from './compared-figures';
import { keyFigureValue, type KeyFigureData, type KeyFigureUnit } from './key-figures';
import type { FigureUnit } from './report-figures';

/** How a key figure's unit prints in a comparison. */
const FIGURE_UNITS: Readonly<Record<KeyFigureUnit, FigureUnit>> = {
  ms: 'ms',
  share: 'percent',
  factor: 'factor',
  count: 'count',
  rate: 'rate',
  number: 'decimal',
};

/**
 * The lead of a comparison from key figures as the page receives them (their expression in `key`),
 * in their order. A figure a variant lacks counts as its `absentAs`, or is missing there.
 */
export function leadFromKeyFigures(figures: readonly KeyFigureData[]): LeadFigure[] {
  return figures.map((data) => {
    const figure = { ...data, value: parseFigureExpr(data.key) };
    return {
      key: data.key,
      label: data.label,
      unit: FIGURE_UNITS[data.unit],
      ...(data.better ? { better: data.better } : {}),
      ...(data.onlyWhenNonZero ? { onlyWhenNonZero: true } : {}),
      value: (variant) => keyFigureValue(figure, variant),
    };
  });
}
