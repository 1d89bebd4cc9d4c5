/**
 * Which link destinations of lesson text the page may turn into links. Only absolute `http:` and
 * `https:` addresses are: lesson text comes from any file or share link, so a `javascript:`,
 * `data:` or `vbscript:` address must never be followed; a relative one or a `#fragment` has no base
 * that means anything (the page's own fragment holds the share link, which a click would replace).
 * Everything else is shown as the link's text alone.
 */

/**
 * Whether `text` holds a C0 or C1 control or DEL. Browsers drop ASCII tabs and newlines anywhere in
 * an address and trim controls at its ends, so `java\tscript:` would be `javascript:`: an address
 * holding any control is refused whole.
 */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * The address a Markdown link's destination (what is inside its parentheses: the address, then
 * perhaps a `"title"`) may be followed at, normalised by the URL parser; undefined when it is not an
 * absolute http or https address.
 */
export function safeHref(destination: string): string | undefined {
  let address = destination.trim();
  if (address.startsWith('<')) {
    // CommonMark's `<address with spaces>` form.
    const end = address.indexOf('>');
    if (end < 0) return undefined;
    address = address.slice(1, end);
  } else {
    const space = address.search(/\s/);
    if (space >= 0) address = address.slice(0, space);
  }
  if (hasControl(address) || !/^https?:\/\//i.test(address) || !URL.canParse(address)) return undefined;
  const url = new URL(address);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
