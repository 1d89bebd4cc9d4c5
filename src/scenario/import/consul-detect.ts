/**
 * Whether a text is Consul config in a shape the worker's first look would miss: HCL (`Kind =
 * "service-router"`), or JSON or YAML with a lower-case `kind` naming a config entry kind, as
 * HashiCorp's demos write them. Cheap and without the importers, which load only for a bundle.
 */
import { isHcl } from './hcl-detect';

/** `"kind": "service-router"` or `kind: service-router`, and the other config entry kinds. */
const ENTRY_KIND =
  /^\s*"?kind"?\s*:\s*"?(service-(router|splitter|resolver|defaults|intentions)|proxy-defaults|mesh|(ingress|terminating|api)-gateway|(http|tcp)-route|exported-services|sameness-group|jwt-provider)"?\s*,?\s*$/im;

/** Whether `text` (named `fileName`, if known) looks like a Consul config entry. */
export function looksLikeConsul(text: string, fileName = ''): boolean {
  return ENTRY_KIND.test(text) || (isHcl(text, fileName) && /^\s*kind\s*=/im.test(text));
}
