/**
 * One warning per field left out, not one per place: a dump of fifty routes that all set
 * `regex_priority: 1` says so once, at the first place, with the count and the other lines. The
 * warnings grouped are those the Kong reader made that say a field is "not modelled, left out";
 * they group when they name the same field and say the same thing.
 */
import type { Diagnostic, Reporter } from '../diagnostics';

/** Places listed after the first before "and N more". */
const LISTED = 5;

/** Each reporter's count of warnings before the Kong reader ran, so that only its own are grouped. */
export type WarningMarks = Map<Reporter, number>;

/** Notes how many warnings each reporter holds now. */
export function markWarnings(reporters: Iterable<Reporter>): WarningMarks {
  const marks: WarningMarks = new Map();
  for (const r of reporters) if (!marks.has(r)) marks.set(r, r.warnings.length);
  return marks;
}

/** Groups the field warnings made since `marks` (see the module comment). */
export function groupFieldWarnings(marks: WarningMarks): void {
  const groups = new Map<string, { r: Reporter; d: Diagnostic }[]>();
  for (const [r, from] of marks) {
    const mine = r.warnings.slice(from).sort((a, b) => a.line - b.line || a.column - b.column);
    for (const d of mine) {
      if (!d.message.startsWith('not modelled, left out')) continue;
      const key = `${fieldOf(d.path)}\n${d.message}`;
      const list = groups.get(key) ?? [];
      list.push({ r, d });
      groups.set(key, list);
    }
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const [first, ...rest] = list;
    const places = rest.map(({ r, d }) => (r === first.r ? `${d.line}` : `${r.file}:${d.line}`));
    const shown = places.slice(0, LISTED).join(', ');
    const more = places.length > LISTED ? ` and ${places.length - LISTED} more` : '';
    const drop = new Set(rest.map((x) => x.d));
    for (const r of new Set(list.map((x) => x.r))) {
      const kept = r.warnings.filter((d) => !drop.has(d));
      r.warnings.splice(0, r.warnings.length, ...kept);
    }
    const i = first.r.warnings.indexOf(first.d);
    first.r.warnings[i] = {
      ...first.d,
      message: `${first.d.message} (${list.length} places: also line${places.length > 1 ? 's' : ''} ${shown}${more})`,
    };
  }
}

/** The field a path ends with: `services[0].routes[1].strip_path` -> `strip_path`. */
function fieldOf(path: string): string {
  return (
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? path
  );
}
