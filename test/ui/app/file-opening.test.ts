/** The gestures that open a file: the library menu, and "Reset lesson" with its enabled state. */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { installFileOpening } from '../../../src/ui/app/file-opening';
import type { OpenRequest } from '../../../src/ui/app/page-machine';
import { createPageFile } from '../../../src/ui/app/page-file';
import { asHtml, installFakeDocument, type FakeElement } from './fake-dom';
import { libraryTexts } from '../../../src/ui/app/library-texts';

let ui: {
  picker: FakeElement & { value: string };
  openFile: FakeElement;
  resetLesson: FakeElement;
  dropTarget: FakeElement;
};
let text: string;
let opened: OpenRequest[];
let reruns: number;
let named: string[];

beforeEach(() => {
  const doc = installFakeDocument();
  vi.stubGlobal('window', { addEventListener: () => undefined });
  ui = {
    picker: Object.assign(doc.createElement('select'), { value: '' }),
    openFile: doc.createElement('button'),
    resetLesson: doc.createElement('button'),
    dropTarget: doc.createElement('body'),
  };
  text = '';
  opened = [];
  reruns = 0;
  named = [];
});
afterEach(() => vi.unstubAllGlobals());

function install() {
  const editor = { getText: () => text, setText: (t: string) => void (text = t) };
  const file = createPageFile(editor, 'default.yaml');
  const opening = installFileOpening(
    {
      picker: asHtml(ui.picker),
      openFile: asHtml(ui.openFile),
      resetLesson: asHtml(ui.resetLesson),
      dropTarget: asHtml(ui.dropTarget),
    },
    {
      texts: libraryTexts({ '../../scenarios/lessons/01-mm1.yaml': async () => 'name: M/M/1\n' }, {}),
      file,
      editor,
      menu: {
        showLibraryFile: (path) => void named.push(`library ${path}`),
        showOpenedFile: (label) => void named.push(`opened ${label}`),
      },
      open: (request) => void opened.push(request),
      rerun: () => void reruns++,
      onError: () => undefined,
    },
  );
  return { file, opening };
}

test('a lesson picked is named in the menu and opened at its own seed; an unknown value opens nothing', async () => {
  const { file } = install();
  file.seed = 12;
  ui.picker.value = '../../scenarios/lessons/01-mm1.yaml';
  ui.picker.dispatch('change');
  await vi.waitFor(() => expect(opened).toHaveLength(1));
  expect(named).toEqual(['library ../../scenarios/lessons/01-mm1.yaml']);
  expect(opened).toEqual([
    {
      text: 'name: M/M/1\n',
      name: 'lessons/01-mm1.yaml',
      keyInLibrary: '../../scenarios/lessons/01-mm1.yaml',
    },
  ]);
  expect(file.seed).toBeUndefined();
  ui.picker.value = 'constructor';
  ui.picker.dispatch('change');
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(opened).toHaveLength(1);
});

test('Reset lesson: pressable only once the text differs; it puts the text back and runs again', () => {
  const { file, opening } = install();
  file.open('rate: 100\n');
  opening.refreshResetLesson();
  expect(ui.resetLesson.getAttribute('aria-disabled')).toBe('true');
  ui.resetLesson.click();
  expect(reruns).toBe(0);
  text = 'rate: 400\n';
  opening.refreshResetLesson();
  expect(ui.resetLesson.getAttribute('aria-disabled')).toBe('false');
  ui.resetLesson.click();
  expect([text, reruns]).toEqual(['rate: 100\n', 1]);
});
