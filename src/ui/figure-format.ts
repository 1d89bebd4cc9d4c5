/**
 * The figures of a comparison printed exactly as `meshsim compare` prints them: the model's figure
 * formats (one implementation for both faces), under the names the page's modules use.
 */
export {
  fixed,
  formatClaimValue,
  formatCount as figureCount,
  formatDecimal as figureDecimal,
  formatFactor as figureFactor,
  formatFigure,
  formatMs as figureMs,
  formatPercent as figurePercent,
  formatPoints as figurePoints,
  formatRate as figureRate,
  formatRelative as figureRelative,
  formatSigned as figureSigned,
  MISSING,
} from '../worker/comparison';
