/**
 * Telling HCL from YAML and JSON by a look at the text, without the HCL parser (which the page loads
 * only with the importers): the worker asks this before it loads them.
 */

/**
 * Whether `text` is HCL rather than YAML or JSON: a `.hcl` file, or text whose first line that is
 * not blank or a comment is `Key = ...` or opens a block `Key {`.
 */
export function isHcl(text: string, fileName: string): boolean {
  if (/\.hcl$/i.test(fileName)) return true;
  const body = text.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const line of body.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('//')) continue;
    return /^[A-Za-z_][\w-]*\s*=(?!=)/.test(t) || /^[A-Za-z_][\w-]*(\s+"[^"]*")*\s*\{\s*$/.test(t);
  }
  return false;
}
