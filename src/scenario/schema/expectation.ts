/** One claim of a lesson, `{ say, check }`: the check is parsed here so that a typo is a load error. */
import { bad, check, fields, req, str, type Check } from '../checks';
import { ClaimSyntaxError, parseClaim } from '../expectations';
import type { Expectation } from '../types';

const shape = fields({ say: req(str), check: req(str) });

/** `{ say, check }` with the check parsed; a syntax error points at the check and names the offending character. */
export const expectation: Check<Expectation> = check(shape.expects, (node, path, r) => {
  const value = shape(node, path, r);
  if (value === undefined || node.kind !== 'map') return undefined;
  const checkNode = node.entries.get('check')!.value;
  try {
    return { ...value, claim: parseClaim(value.check), pos: checkNode.pos };
  } catch (e) {
    if (!(e instanceof ClaimSyntaxError)) throw e;
    return bad(
      r,
      checkNode,
      [...path, 'check'],
      `${e.message} (at character ${e.offset + 1})`,
      'a claim such as "successRate > 97%" or "mesh:p50 - base:p50 between 1ms and 3ms"',
      e.hint,
    );
  }
});
