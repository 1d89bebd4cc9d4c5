import { expect, test } from 'vitest';
import { createPageFile } from '../../../src/ui/app/page-file';

test('a file opened is put in the editor, and its next run opens it; changed() compares with the text as opened', () => {
  let text = '';
  const editor = { getText: () => text, setText: (t: string) => void (text = t) };
  const file = createPageFile(editor, 'default.yaml');
  expect([file.name, file.seed, file.opensFile, file.originalText]).toEqual([
    'default.yaml',
    undefined,
    true,
    undefined,
  ]);
  expect(file.changed()).toBe(false);
  file.opensFile = false;
  file.open('clients: []\n');
  expect([text, file.opensFile, file.originalText]).toEqual(['clients: []\n', true, 'clients: []\n']);
  expect(file.changed()).toBe(false);
  text = 'clients: [] # edited\n';
  expect(file.changed()).toBe(true);
});
