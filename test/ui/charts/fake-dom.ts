/**
 * Just enough of the DOM for the charts' page side, so that it runs in the node test environment:
 * elements with attributes, children and text, a document that makes them, and counts of writes.
 * Setting `innerHTML` throws: the charts must never parse markup.
 */

export class FakeElement {
  readonly attributes = new Map<string, string>();
  readonly childList: FakeElement[] = [];
  parentNode: FakeElement | null = null;
  private text = '';
  /** Width the container reports, px. */
  clientWidth = 0;

  constructor(
    readonly ownerDocument: FakeDocument,
    readonly tagName: string,
    readonly namespaceURI: string | null = null,
  ) {}

  get children(): FakeElement[] {
    return [...this.childList];
  }

  get textContent(): string {
    return this.childList.length > 0 ? this.childList.map((c) => c.textContent).join('') : this.text;
  }

  set textContent(value: string) {
    this.ownerDocument.writes.push(`${this.tagName}.textContent=${value}`);
    for (const child of this.childList) child.parentNode = null;
    this.childList.length = 0;
    this.text = value;
  }

  set innerHTML(_: string) {
    throw new Error('innerHTML is not allowed');
  }

  setAttribute(name: string, value: string): void {
    this.ownerDocument.writes.push(`${this.tagName}.${name}=${value}`);
    this.attributes.set(name, value);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  removeAttribute(name: string): void {
    this.ownerDocument.writes.push(`${this.tagName}.-${name}`);
    this.attributes.delete(name);
  }

  appendChild(child: FakeElement): FakeElement {
    child.remove();
    child.parentNode = this;
    this.childList.push(child);
    return child;
  }

  replaceChild(next: FakeElement, old: FakeElement): FakeElement {
    const i = this.childList.indexOf(old);
    next.remove();
    this.childList[i] = next;
    next.parentNode = this;
    old.parentNode = null;
    return old;
  }

  remove(): void {
    if (this.parentNode === null) return;
    const siblings = this.parentNode.childList;
    siblings.splice(siblings.indexOf(this), 1);
    this.parentNode = null;
  }

  /** The elements below this one with `tag`, in document order. */
  findAll(tag: string): FakeElement[] {
    return this.childList.flatMap((c) => [...(c.tagName === tag ? [c] : []), ...c.findAll(tag)]);
  }
}

export class FakeDocument {
  /** Every attribute, text or removal written, as `tag.name=value`. */
  writes: string[] = [];
  readonly listeners = new Map<string, () => void>();
  readonly defaultView = {
    addEventListener: (type: string, listener: () => void) => this.listeners.set(type, listener),
    removeEventListener: (type: string) => this.listeners.delete(type),
  };

  createElementNS(namespace: string, tag: string): FakeElement {
    return new FakeElement(this, tag, namespace);
  }
}

/** A container `width` px wide in a fresh fake document. */
export function fakeContainer(width: number): { document: FakeDocument; container: FakeElement } {
  const document = new FakeDocument();
  const container = new FakeElement(document, 'div');
  container.clientWidth = width;
  return { document, container };
}

/** The fake as the `Element` the charts take. */
export function asElement(element: FakeElement): Element {
  return element as unknown as Element;
}
