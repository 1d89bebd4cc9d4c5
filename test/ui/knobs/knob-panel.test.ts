/**
 * The panel's DOM side on a minimal fake document (the tests run in node, without a DOM library):
 * the structure, the test ids, labels as text, the throttled `onChange`, and redraws that keep the
 * input being dragged.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { KNOB_THROTTLE_MS, renderKnobs } from '../../../src/ui/knobs/knob-panel';
import { findKnobs, type Knob } from '../../../src/ui/knobs/knobs';

class FakeText {
  parent: FakeElement | null = null;
  constructor(public textContent: string) {}
}

class FakeElement {
  readonly attributes = new Map<string, string>();
  childNodes: (FakeElement | FakeText)[] = [];
  parent: FakeElement | null = null;
  readonly listeners = new Map<string, (() => void)[]>();
  value = '';
  min = '';
  max = '';
  step = '';

  constructor(
    readonly doc: FakeDocument,
    readonly tagName: string,
  ) {}

  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(text: string) {
    this.replaceChildren(new FakeText(text));
  }
  set innerHTML(_: string) {
    throw new Error('innerHTML is not allowed');
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  append(...nodes: (FakeElement | FakeText)[]): void {
    for (const node of nodes) {
      node.parent?.childNodes.splice(node.parent.childNodes.indexOf(node), 1);
      node.parent = this;
      this.childNodes.push(node);
    }
  }
  replaceChildren(...nodes: (FakeElement | FakeText)[]): void {
    for (const child of this.childNodes) child.parent = null;
    this.childNodes = [];
    if (this.doc.activeElement !== null && !this.doc.body.contains(this.doc.activeElement)) {
      this.doc.activeElement = null; // as a browser blurs an element taken out of the page
    }
    this.append(...nodes);
  }
  contains(node: FakeElement): boolean {
    for (let n: FakeElement | null = node; n !== null; n = n.parent) if (n === this) return true;
    return false;
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  focus(): void {
    this.doc.activeElement = this;
  }
  /** The user moves the slider to `value`. */
  slide(value: number): void {
    this.value = String(value);
    for (const listener of this.listeners.get('input') ?? []) listener();
  }
  /** The elements below this one with `tag`, in document order. */
  findAll(tag: string): FakeElement[] {
    return this.childNodes.flatMap((c) =>
      c instanceof FakeElement ? [...(c.tagName === tag ? [c] : []), ...c.findAll(tag)] : [],
    );
  }
}

class FakeDocument {
  activeElement: FakeElement | null = null;
  readonly body = new FakeElement(this, 'body');
  createElement(tag: string): FakeElement {
    return new FakeElement(this, tag);
  }
  createTextNode(text: string): FakeText {
    return new FakeText(text);
  }
}

const TEXT = [
  'clients:',
  '  - { id: "web <i>", arrival: { rate: 200 } }',
  'gateway:',
  '  routes: [{ id: orders, service: api, timeout: 2s }]',
  'services:',
  '  - { id: api, instances: 2 }',
].join('\n');

let doc: FakeDocument;
let container: FakeElement;

beforeEach(() => {
  doc = new FakeDocument();
  container = doc.createElement('div');
  doc.body.append(container);
  vi.stubGlobal('document', doc);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const render = (knobs: readonly Knob[], onChange: (knob: Knob, value: number) => void = () => {}): void =>
  renderKnobs(container as unknown as HTMLElement, knobs, onChange);
const input = (id: string): FakeElement => {
  const found = container.findAll('input').find((i) => i.getAttribute('data-testid') === `knob-${id}`);
  if (found === undefined) throw new Error(`no input knob-${id}`);
  return found;
};

describe('renderKnobs', () => {
  test('one fieldset per group; each row a label, a range input with its test id, the value and unit', () => {
    render(findKnobs(TEXT));
    expect(container.findAll('legend').map((l) => l.textContent)).toEqual(['Clients', 'Services', 'Gateway']);
    const rows = container.findAll('div').filter((d) => d.getAttribute('class') === 'knob');
    expect(
      rows.map((row) => {
        const [label, range, output] = row.childNodes as FakeElement[];
        expect(label.getAttribute('for')).toBe(range.getAttribute('id'));
        expect(range.getAttribute('type')).toBe('range');
        expect(range.getAttribute('aria-valuetext')).toBe(output.textContent);
        return `${label.textContent} | ${range.getAttribute('data-testid')} ${range.min}..${range.max}/${range.step} = ${range.value} | ${output.textContent}`;
      }),
    ).toEqual([
      'web <i> rate | knob-client.web_i_.rate 20..1000/10 = 200 | 200 rps',
      'api instances | knob-service.api.instances 1..10/1 = 2 | 2',
      'orders timeout | knob-route.orders.timeout 200..10000/100 = 2000 | 2 s',
    ]);
    // The name from the file is a text node, never markup.
    expect(rows[0].findAll('i')).toEqual([]);
  });

  test("a policy option's camelCase name may wrap between its words: a <wbr> before each inner capital", () => {
    render(
      findKnobs(
        [
          'mesh:',
          '  enabled: true',
          '  policies:',
          '    db: { connectionPool: { maxPendingRequests: 8 } }',
        ].join('\n'),
      ),
    );
    const label = container.findAll('label')[0];
    expect(label.textContent).toBe('db maxPendingRequests');
    expect(
      label.childNodes.map((c) => (c instanceof FakeElement ? `<${c.tagName}>` : c.textContent)).join(''),
    ).toBe('db max<wbr>Pending<wbr>Requests');
  });

  test(`onChange on input events, at most once per ${KNOB_THROTTLE_MS} ms per knob, the last value always`, () => {
    const calls: string[] = [];
    render(findKnobs(TEXT), (knob, value) => calls.push(`${knob.id}=${value}`));
    const rate = input('client.web_i_.rate');
    rate.slide(300);
    rate.slide(400);
    input('service.api.instances').slide(5); // another knob is not held back by the first
    rate.slide(500);
    expect(container.findAll('output')[0].textContent).toBe('500 rps');
    expect(calls).toEqual(['client.web_i_.rate=300', 'service.api.instances=5']);
    vi.advanceTimersByTime(KNOB_THROTTLE_MS);
    expect(calls).toEqual(['client.web_i_.rate=300', 'service.api.instances=5', 'client.web_i_.rate=500']);
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(3);
  });

  test('a redraw with the same knobs keeps the inputs; the focused one keeps its range and value', () => {
    render(findKnobs(TEXT));
    const rate = input('client.web_i_.rate');
    const instances = input('service.api.instances');
    rate.focus();
    rate.slide(1000);
    render(findKnobs(TEXT.replace('rate: 200', 'rate: 1000').replace('instances: 2', 'instances: 4')));
    expect(input('client.web_i_.rate')).toBe(rate);
    expect(doc.activeElement).toBe(rate);
    expect([rate.min, rate.max, rate.value]).toEqual(['20', '1000', '1000']);
    expect([instances.min, instances.max, instances.value]).toEqual(['1', '12', '4']);
  });

  test('onChange gets the knob of the latest drawing and the latest callback', () => {
    const calls: string[] = [];
    render(findKnobs(TEXT), () => calls.push('old'));
    const rate = input('client.web_i_.rate');
    rate.slide(300);
    rate.slide(350);
    // Same ids; a closed client before it moves the rate to the second item.
    const moved = findKnobs(
      TEXT.replace('clients:\n', 'clients:\n  - { id: bots, arrival: { users: 5 } }\n'),
    );
    render(moved, (knob, value) => calls.push(`${knob.path.join('.')}=${value}`));
    vi.advanceTimersByTime(KNOB_THROTTLE_MS);
    expect(calls).toEqual(['old', 'clients.1.arrival.rate=350']);
  });

  test('a new set of knobs is laid out again, keeping focus; a knob gone drops its held value', () => {
    const calls: number[] = [];
    render(findKnobs(TEXT), (_, value) => calls.push(value));
    const instances = input('service.api.instances');
    instances.focus();
    const rate = input('client.web_i_.rate');
    rate.slide(300);
    rate.slide(350);
    render(findKnobs(TEXT.replace(/clients:\n.*\n/, 'clients: []\n')), (_, value) => calls.push(value));
    expect(container.findAll('legend').map((l) => l.textContent)).toEqual(['Services', 'Gateway']);
    expect(input('service.api.instances')).toBe(instances);
    expect(doc.activeElement).toBe(instances);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([300]);
  });

  test('no knobs: a short note', () => {
    render([]);
    expect(container.textContent).toBe('No parameters to turn in this file.');
    expect(container.findAll('input')).toEqual([]);
  });
});
