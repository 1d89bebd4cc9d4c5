/**
 * Reading one element of an Apigee bundle child by child, as `config-entity.ts` reads a YAML mapping:
 * the importer takes the children and attributes it models, and {@link ApigeeEntity.finish} warns about
 * every one it did not take, at its line and column, with a suggestion for a misspelt name. A value of
 * the wrong form in a modelled child is an error (Apigee refuses to deploy such a bundle).
 */
import type { Path, Reporter } from '../diagnostics';
import { didYouMean } from '../suggest';
import { warnAt, type Where } from './config-entity';
import type { XmlElement } from './apigee-xml';

/** Attributes every policy may carry; `name` names it, the others are read where they matter. */
export const POLICY_ATTRIBUTES = ['name', 'enabled', 'continueOnError', 'async'] as const;

/** One element of a bundle being read. */
export class ApigeeEntity {
  private readonly taken = new Set<string>();
  private readonly takenAttrs = new Set<string>();

  constructor(
    readonly el: XmlElement,
    readonly r: Reporter,
    /** What the element is, for messages: `a SpikeArrest policy`. */
    readonly label: string,
    /** Every child element Apigee defines here, to tell a typo from a known element. */
    private readonly fields: readonly string[],
    /** Every attribute Apigee defines here. */
    private readonly attributes: readonly string[] = [],
    readonly path: Path = [el.name],
  ) {}

  /** Where the element starts, or where its child `name` (or attribute `@name`) is written. */
  at(name?: string): Where {
    if (name === undefined) return { r: this.r, pos: this.el.pos, path: this.path };
    if (name.startsWith('@')) {
      const a = this.el.attrs.get(name.slice(1));
      return { r: this.r, pos: a?.pos ?? this.el.pos, path: [...this.path, name] };
    }
    const child = this.el.children.find((c) => c.name === name);
    return { r: this.r, pos: child?.pos ?? this.el.pos, path: [...this.path, name] };
  }

  /** The first child named `name`, marking it read. */
  child(name: string): XmlElement | undefined {
    this.taken.add(name);
    return this.el.children.find((c) => c.name === name);
  }

  /** Every child named `name`, in order, marking them read. */
  children(name: string): XmlElement[] {
    this.taken.add(name);
    return this.el.children.filter((c) => c.name === name);
  }

  /** The text of the child `name` when it is written and not empty. */
  text(name: string): string | undefined {
    const t = this.child(name)?.text;
    return t === undefined || t === '' ? undefined : t;
  }

  /** The attribute `name` as written, marking it read. */
  attr(name: string): string | undefined {
    this.takenAttrs.add(name);
    return this.el.attrs.get(name)?.value;
  }

  /** A whole number of at least `min` from the child `name`; an error when it is written otherwise. */
  int(name: string, min: number): number | undefined {
    const t = this.text(name);
    if (t === undefined) return undefined;
    if (/^\d+$/.test(t) && Number(t) >= min) return Number(t);
    const w = this.at(name);
    this.r.error(w.pos, w.path, {
      message: `${name} must be a whole number of at least ${min}`,
      expected: 'digits',
      found: JSON.stringify(t),
    });
    return undefined;
  }

  /** `true` or `false` from the child `name` (Apigee takes either case); an error otherwise. */
  bool(name: string): boolean | undefined {
    const t = this.text(name);
    if (t === undefined) return undefined;
    if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
    const w = this.at(name);
    this.r.error(w.pos, w.path, { message: `${name} must be true or false`, found: JSON.stringify(t) });
    return undefined;
  }

  /** Marks the child `name` read and, when it is written with content, warns that it is left out and why. */
  note(name: string, why: string): void {
    const c = this.child(name);
    if (c !== undefined && (c.text !== '' || c.children.length > 0 || c.attrs.size > 0))
      warnAt(this.at(name), `${this.label}'s ${name} is not modelled, left out: ${why}`);
  }

  /** Marks children or attributes (`@name`) read without a warning: they only name or describe. */
  use(...names: string[]): void {
    for (const n of names) {
      if (n.startsWith('@')) this.takenAttrs.add(n.slice(1));
      else this.taken.add(n);
    }
  }

  /** Warns about every child and attribute written but not read; `notes` say why a known one is left out. */
  finish(notes: Readonly<Record<string, string>> = {}): void {
    const seen = new Set<string>();
    for (const c of this.el.children) {
      if (this.taken.has(c.name) || seen.has(c.name)) continue;
      // An empty element (`<Properties/>`, `<SkipCacheLookup/>`) sets nothing, as Apigee's own exports write them.
      if (this.fields.includes(c.name) && c.text === '' && c.children.length === 0 && c.attrs.size === 0)
        continue;
      seen.add(c.name);
      const where = { r: this.r, pos: c.pos, path: [...this.path, c.name] };
      if (Object.hasOwn(notes, c.name))
        warnAt(where, `${this.label}'s ${c.name} is not modelled, left out: ${notes[c.name]}`);
      else if (this.fields.includes(c.name))
        warnAt(where, `${this.label}'s ${c.name} is not modelled, left out`);
      else
        warnAt(
          where,
          `${c.name} is not an element of ${this.label}; left out`,
          didYouMean(c.name, this.fields),
        );
    }
    for (const [name, a] of this.el.attrs) {
      if (this.takenAttrs.has(name) || name.startsWith('xmlns')) continue;
      const where = { r: this.r, pos: a.pos, path: [...this.path, `@${name}`] };
      if (Object.hasOwn(notes, `@${name}`))
        warnAt(where, `${this.label}'s ${name} attribute is not modelled, left out: ${notes[`@${name}`]}`);
      else if (this.attributes.includes(name))
        warnAt(where, `${this.label}'s ${name} attribute is not modelled, left out`);
      else
        warnAt(
          where,
          `${name} is not an attribute of ${this.label}; left out`,
          didYouMean(name, this.attributes),
        );
    }
  }
}
