/**
 * A strict check that a text is well-formed XML 1.0, for the subset an exported chart is written in:
 * one root element, nested elements with double- or single-quoted attributes, text, and character
 * and predefined entity references (no declarations, comments or CDATA, which the writer never uses
 * and which are reported). The unit tests run without a DOM, so without `DOMParser`.
 */

const NAME = /^[A-Za-z_:][\w:.-]*/;
const REFERENCE = /^&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/;

/** Whether the code point `c` is a `Char` of XML 1.0. */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** What makes `xml` not well-formed, first problems first; empty when it is well-formed. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  // `for...of` walks code points: a lone surrogate comes out alone, and is no XML Char.
  let at = 0;
  for (const ch of xml) {
    const c = ch.codePointAt(0)!;
    if (!isXmlChar(c) || (c >= 0xd800 && c <= 0xdfff))
      problems.push(`U+${c.toString(16).toUpperCase().padStart(4, '0')} at ${at} is no XML character`);
    at += ch.length;
  }
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  /** Character data from `i` up to `end`: `&` only as a reference, and no `]]>`. */
  const characterData = (from: number, end: number, where: string): void => {
    const text = xml.slice(from, end);
    if (text.includes(']]>')) problems.push(`']]>' in ${where} at ${from}`);
    for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
      const ref = REFERENCE.exec(text.slice(k));
      const code = ref && (ref[2] ? Number(ref[2]) : ref[3] ? parseInt(ref[3], 16) : 0x20);
      if (!ref || !isXmlChar(code!)) problems.push(`bad reference in ${where} at ${from + k}`);
    }
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (open.length === 0 && xml.slice(i, textEnd).trim() !== '')
      problems.push(`text outside the root at ${i}`);
    characterData(i, textEnd, 'text');
    if (lt < 0) break;
    if (xml.startsWith('</', lt)) {
      const name = NAME.exec(xml.slice(lt + 2))?.[0];
      const close = xml.indexOf('>', lt);
      if (!name || close < 0 || xml.slice(lt + 2 + name.length, close).trim() !== '')
        return [...problems, `bad end tag at ${lt}`];
      if (open.pop() !== name) return [...problems, `</${name}> at ${lt} closes no open <${name}>`];
      i = close + 1;
      continue;
    }
    const name = NAME.exec(xml.slice(lt + 1))?.[0];
    if (!name) return [...problems, `no element name at ${lt}`];
    if (open.length === 0 && ++roots > 1) problems.push(`a second root element at ${lt}`);
    let k = lt + 1 + name.length;
    const seen = new Set<string>();
    for (;;) {
      const space = /^\s*/.exec(xml.slice(k))![0].length;
      k += space;
      if (xml.startsWith('/>', k)) {
        k += 2;
        break;
      }
      if (xml[k] === '>') {
        open.push(name);
        k += 1;
        break;
      }
      const attribute = NAME.exec(xml.slice(k))?.[0];
      if (!attribute || space === 0) return [...problems, `bad attribute in <${name}> at ${k}`];
      if (seen.has(attribute)) problems.push(`attribute ${attribute} twice in <${name}> at ${k}`);
      seen.add(attribute);
      k += attribute.length;
      const quote = /^\s*=\s*(["'])/.exec(xml.slice(k));
      if (!quote) return [...problems, `attribute ${attribute} without a quoted value at ${k}`];
      k += quote[0].length;
      const end = xml.indexOf(quote[1], k);
      if (end < 0) return [...problems, `attribute ${attribute} never closes at ${k}`];
      if (xml.slice(k, end).includes('<')) problems.push(`'<' in attribute ${attribute} at ${k}`);
      characterData(k, end, `attribute ${attribute}`);
      k = end + 1;
    }
    i = k;
  }
  if (open.length > 0) problems.push(`<${open.join('>, <')}> never closed`);
  if (roots === 0) problems.push('no root element');
  return problems;
}
