/**
 * Mutations of a file's text, for what a tree cannot express: a file cut short, bytes flipped, lines
 * repeated or dropped, indentation broken, YAML directives and tags where they are not expected.
 * HCL files get only these.
 */
import { CONTROL_TEXTS, LONE_SURROGATES } from './hostile-values';
import type { Random } from './random';

/** The text mutations, by name, with their relative weights. */
export const TEXT_MUTATIONS = {
  truncate: 2,
  'flip bytes': 3,
  'repeat line': 2,
  'delete line': 1,
  'shift indent': 1,
  'insert token': 2,
} as const;

/** One text mutation's name. */
export type TextMutation = keyof typeof TEXT_MUTATIONS;

/** Characters a flipped byte becomes: YAML and HCL syntax, controls, odd code points. */
const FLIPS: readonly string[] = [
  ':',
  '-',
  ' ',
  '\t',
  '\n',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '&',
  '*',
  '!',
  '%',
  '#',
  '|',
  '>',
  '=',
  ',',
  '\\',
  '\u0000',
  '\u001b',
  '\u0085',
  '\u00a0',
  '\ufffd',
  '9',
  'e',
  '.',
  ...LONE_SURROGATES,
];

/** Text put in at a line start or mid-line. */
const TOKENS: readonly string[] = [
  '%YAML 1.1\n---\n',
  '---\n',
  '...\n',
  '<<: *missing\n',
  '? [complex, key]\n: value\n',
  '!!python/object:os.system ls\n',
  '&anchor ',
  '*anchor ',
  '!!str ',
  '!!map {}',
  '{{ template }}',
  '${ENV_VAR}',
  ...CONTROL_TEXTS,
];

/** Applies `mutation` to `text` and describes what it did; repeats add at most about `room` characters. */
export function mutateText(
  text: string,
  mutation: TextMutation,
  random: Random,
  room: number,
): { text: string; what: string } {
  const at = random.int(text.length + 1);
  switch (mutation) {
    case 'truncate':
      return { text: text.slice(0, at), what: `cut at ${at} of ${text.length}` };
    case 'flip bytes': {
      const chars = [...text];
      const count = 1 + random.int(8);
      for (let i = 0; i < count && chars.length > 0; i++)
        chars[random.int(chars.length)] = random.pick(FLIPS);
      return { text: chars.join(''), what: `${count} characters changed` };
    }
    case 'repeat line': {
      const lines = text.split('\n');
      const which = random.int(lines.length);
      const wanted = random.pick([2, 10, 1_000, 20_000]);
      const times = Math.max(1, Math.min(wanted, Math.floor(room / (lines[which].length + 1))));
      lines.splice(which, 0, ...Array<string>(times).fill(lines[which]));
      return { text: lines.join('\n'), what: `line ${which + 1} repeated ${times} times` };
    }
    case 'delete line': {
      const lines = text.split('\n');
      const which = random.int(lines.length);
      lines.splice(which, 1);
      return { text: lines.join('\n'), what: `line ${which + 1} deleted` };
    }
    case 'shift indent': {
      const lines = text.split('\n');
      const which = random.int(lines.length);
      lines[which] = random.chance(0.5) ? `  ${lines[which]}` : lines[which].replace(/^ {1,2}/, '');
      return { text: lines.join('\n'), what: `line ${which + 1} re-indented` };
    }
    case 'insert token': {
      const token = random.pick(TOKENS);
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const where = token.endsWith('\n') ? lineStart : at;
      return {
        text: text.slice(0, where) + token + text.slice(where),
        what: `${JSON.stringify(token.slice(0, 20))} inserted at ${where}`,
      };
    }
  }
}
