/**
 * Warnings said once a file: an OpenAPI definition repeats the same fields on every operation
 * (`parameters`, `responses`, an integration's `requestParameters`), and one warning a field name
 * says what fifty would.
 */
import type { Reporter } from '../diagnostics';
import type { AwsEntity } from './aws-entity';

const said = new WeakMap<Reporter, Set<string>>();

/**
 * Marks `key` of `e` as read and, the first time it is written in `e`'s file under this label,
 * warns that it is left out and why (with how many more there may be).
 */
export function noteOnce(e: AwsEntity, key: string, why: string): void {
  if (!e.has(key)) {
    e.use(key);
    return;
  }
  const seen = said.get(e.r) ?? new Set<string>();
  said.set(e.r, seen);
  const id = `${e.label}\n${key}`;
  if (seen.has(id)) e.use(key);
  else {
    seen.add(id);
    e.note(key, `${why} (said once for the file)`);
  }
}
