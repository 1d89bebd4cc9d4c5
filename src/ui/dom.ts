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

/**
 * Makes `target` show `fresh` (a detached element built with `h`, same tag) by writing only what
 * differs: attributes, texts, and children added or removed at the end. Views redrawn on every
 * animation frame (the key figures) use it so that an unchanged figure costs the page no style or
 * layout work, and a changed one relays out only its own text.
 */
export function morph(target: Element, fresh: Element): void {
  for (const { name, value } of Array.from(fresh.attributes)) {
    if (target.getAttribute(name) !== value) target.setAttribute(name, value);
  }
  for (const { name } of Array.from(target.attributes)) {
    if (!fresh.hasAttribute(name)) target.removeAttribute(name);
  }
  morphChildren(target, Array.from(fresh.childNodes));
}

/** Makes the children of `target` the nodes `fresh` (detached), keeping every node that can be kept. */
export function morphChildren(target: Element, fresh: readonly Node[]): void {
  const kept = target.childNodes;
  let i = 0;
  for (; i < fresh.length; i++) {
    const now = fresh[i];
    const old = kept[i] as Node | undefined;
    if (old && old.nodeType === Node.TEXT_NODE && now.nodeType === Node.TEXT_NODE) {
      if (old.nodeValue !== now.nodeValue) old.nodeValue = now.nodeValue;
    } else if (old instanceof Element && now instanceof Element && old.tagName === now.tagName) {
      morph(old, now);
    } else if (old) {
      target.replaceChild(now, old);
    } else {
      target.appendChild(now);
    }
  }
  while (kept.length > i) target.lastChild?.remove();
}

/** `Node.TEXT_NODE`, spelled out: the views are also drawn into fake documents in Node's tests. */
const TEXT_NODE = 3;

/**
 * Makes `element`'s text `text`, writing nothing when it already is: a lone text child keeps its node
 * and only its value changes (setting `textContent` replaces the node, even with the same text, and
 * the browser lays it out anew). For texts written on every animation frame (the playback clock).
 */
export function setText(element: Element, text: string): void {
  const only = element.firstChild;
  if (only && only === element.lastChild && only.nodeType === TEXT_NODE) {
    if (only.nodeValue !== text) only.nodeValue = text;
  } else if (element.textContent !== text) {
    element.textContent = text;
  }
}
