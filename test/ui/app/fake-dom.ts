/**
 * Just enough of the DOM for the page's views, so that they run in the node test environment (the
 * tests use no DOM library): elements with attributes, classes, children, text and listeners, and a
 * document that makes them. `installFakeDocument` stubs the globals; `vi.unstubAllGlobals` undoes it.
 */
import { vi } from 'vitest';

/** A text node. */
export class FakeText {
  parent: FakeElement | null = null;
  readonly nodeType = 3;
  constructor(public textContent: string) {}
  remove(): void {
    this.parent?.removeChild(this);
  }
}

type FakeNode = FakeElement | FakeText;

/** An element: what the views set and read of one. */
export class FakeElement {
  readonly attributes = new Map<string, string>();
  childNodes: FakeNode[] = [];
  parent: FakeElement | null = null;
  readonly nodeType = 1;
  readonly style: Record<string, string> = {};
  /** The element's `data-*` values, set directly by a test (not kept in step with its attributes). */
  dataset: Record<string, string | undefined> = {};
  readonly listeners = new Map<string, Set<() => void>>();
  private readonly classes = new Set<string>();
  hidden = false;
  href = '';
  download = '';
  /** Clicks the element got through `click()`, for a link that downloads. */
  clicks = 0;

  constructor(
    readonly doc: FakeDocument,
    readonly tagName: string,
  ) {}

  readonly classList = {
    add: (...names: string[]) => names.forEach((n) => this.classes.add(n)),
    remove: (...names: string[]) => names.forEach((n) => this.classes.delete(n)),
    contains: (name: string) => this.classes.has(name),
    toggle: (name: string, on?: boolean) => {
      const next = on ?? !this.classes.has(name);
      if (next) this.classes.add(name);
      else this.classes.delete(name);
      return next;
    },
  };

  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(text: string) {
    this.replaceChildren(new FakeText(text));
  }
  set innerHTML(_: string) {
    throw new Error('innerHTML is not allowed');
  }
  get firstElementChild(): FakeElement | null {
    return this.childNodes.find((c): c is FakeElement => c instanceof FakeElement) ?? null;
  }
  get children(): FakeElement[] {
    return this.childNodes.filter((c): c is FakeElement => c instanceof FakeElement);
  }
  setAttribute(name: string, value: string): void {
    if (name === 'class')
      value
        .split(/\s+/)
        .filter(Boolean)
        .forEach((n) => this.classes.add(n));
    if (name === 'hidden') this.hidden = true;
    this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  append(...nodes: (FakeNode | string)[]): void {
    for (const given of nodes) {
      const node = typeof given === 'string' ? new FakeText(given) : given;
      node.remove();
      node.parent = this;
      this.childNodes.push(node);
    }
  }
  prepend(...nodes: FakeNode[]): void {
    const rest = this.childNodes;
    this.childNodes = [];
    this.append(...nodes);
    this.childNodes.push(...rest);
  }
  removeChild(node: FakeNode): void {
    this.childNodes = this.childNodes.filter((c) => c !== node);
    node.parent = null;
  }
  remove(): void {
    this.parent?.removeChild(this);
  }
  replaceChildren(...nodes: FakeNode[]): void {
    for (const child of this.childNodes) child.parent = null;
    this.childNodes = [];
    this.append(...nodes);
  }
  /** Puts `node` just before this element, in its parent. */
  before(node: FakeNode): void {
    const parent = this.parent;
    if (!parent) return;
    node.remove();
    node.parent = parent;
    parent.childNodes.splice(parent.childNodes.indexOf(this), 0, node);
  }
  replaceWith(node: FakeNode): void {
    this.before(node);
    this.remove();
  }
  contains(node: FakeNode): boolean {
    for (let n: FakeNode | null = node; n !== null; n = n.parent) if (n === this) return true;
    return false;
  }
  addEventListener(type: string, listener: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(listener);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  /** Calls the listeners of `type`. */
  dispatch(type: string): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener();
  }
  click(): void {
    this.clicks++;
    this.dispatch('click');
  }
  /** The elements below this one that `test` accepts, in document order. */
  findAll(test: (e: FakeElement) => boolean): FakeElement[] {
    return this.children.flatMap((c) => [...(test(c) ? [c] : []), ...c.findAll(test)]);
  }
  /** The elements below this one with `data-testid` `id`. */
  byTestId(id: string): FakeElement[] {
    return this.findAll((e) => e.getAttribute('data-testid') === id);
  }
}

/** The document: makes elements and text nodes. */
export class FakeDocument {
  activeElement: FakeElement | null = null;
  readonly body = new FakeElement(this, 'BODY');
  createElement(tag: string): FakeElement {
    return new FakeElement(this, tag.toUpperCase());
  }
  createTextNode(text: string): FakeText {
    return new FakeText(text);
  }
}

/** A fresh fake document as the global `document`. */
export function installFakeDocument(): FakeDocument {
  const doc = new FakeDocument();
  vi.stubGlobal('document', doc);
  // What `instanceof HTMLElement` asks of a fake element (rememberFocus, say).
  vi.stubGlobal('HTMLElement', FakeElement);
  return doc;
}

/** `element` as the DOM type a view takes. */
export const asHtml = <T = HTMLElement>(element: FakeElement): T => element as unknown as T;

/** Lets every promise callback queued so far run (a module "loaded" by a test's resolved promise). */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A module load the test resolves by hand: `load` is what the view calls, `loads` how often it did. */
export function manualLoad<T>(module: T): {
  load: () => Promise<T>;
  resolve: () => void;
  loads: () => number;
} {
  let calls = 0;
  let release: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (release = resolve));
  return {
    load: () => {
      calls++;
      return ready.then(() => module);
    },
    resolve: () => release(),
    loads: () => calls,
  };
}
