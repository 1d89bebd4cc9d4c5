import { expect, test } from 'vitest';
import { staleText, type StaleReason } from '../../src/ui/stale-mark';

const other = { drawnName: 'E-commerce behind a gateway', drawnFile: 'default.yaml', file: 'kong.yml' };
const same = { ...other, file: 'default.yaml' };

test('staleText names the figures drawn, then why the new file has none yet', () => {
  const says = (reason: StaleReason) => staleText({ reason, ...other });
  expect(says('running')).toBe(
    'These figures are of “E-commerce behind a gateway”; kong.yml is running and has not given its numbers yet.',
  );
  expect(says('edited')).toBe(
    'These figures are of “E-commerce behind a gateway”; kong.yml has not run yet (Run or Ctrl+Enter).',
  );
  expect(says('invalid')).toBe(
    'These figures are of “E-commerce behind a gateway”; kong.yml has errors and has not run.',
  );
  expect(says('failed')).toBe(
    'These figures are of “E-commerce behind a gateway”; the run of kong.yml failed.',
  );
  expect(says('stopped')).toBe(
    'These figures are of “E-commerce behind a gateway”; the run of kong.yml was stopped.',
  );
});

test('for an edit of the file drawn, it speaks of its last run and the changed text', () => {
  expect(staleText({ reason: 'invalid', ...same })).toBe(
    'These figures are of the last run of “E-commerce behind a gateway”; the changed text has errors and has not run.',
  );
  expect(staleText({ reason: 'running', ...same })).toBe(
    'These figures are of the last run of “E-commerce behind a gateway”; the changed text is running and has not given its numbers yet.',
  );
});
