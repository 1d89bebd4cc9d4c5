/**
 * A tiny element builder. Text goes in as text nodes only: nothing the user or a scenario file gives
 * is ever parsed as HTML.
 */

type Child = Node | string | null | undefined | false;

/** Attributes set with `setAttribute`; `false`, `null` and `undefined` leave them out. */
type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Creates `<tag>` with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** The element of this id, or an error naming it (the page's HTML and script disagree). */
export function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html lacks the #${id} element the page needs`);
  return element;
}
