import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applySettings, resolvePath, scalarText } from '../../../src/ui/knobs/try-this';

const TEXT = [
  'name: Shop # the lesson',
  'clients:',
  '  - { id: web, arrival: { rate: 200 } }',
  'services:',
  '  - id: catalog',
  '    instances: 2',
  '  - { id: db }',
  'variants:',
  '  - { name: mesh, mesh: { enabled: true } }',
  '',
].join('\n');

describe('try this', () => {
  it('finds list items by index or by id', () => {
    const doc = parseDocument(TEXT);
    expect(resolvePath(doc, 'services.catalog.instances')).toEqual(['services', 0, 'instances']);
    expect(resolvePath(doc, 'clients.0.arrival.rate')).toEqual(['clients', 0, 'arrival', 'rate']);
    expect(resolvePath(doc, 'services.nope.instances')).toBeUndefined();
    expect(resolvePath(doc, 'mesh.enabled')).toEqual(['mesh', 'enabled']);
  });

  it('sets a list as a flow list, in place of a value or a list', () => {
    const text = 'mesh:\n  policies:\n    api:\n      retries: { attempts: 2, retryOn: [reset] }\n';
    expect(applySettings(text, { 'mesh.policies.api.retries.retryOn': ['5xx', 'reset'] })).toBe(
      text.replace('[reset]', '[5xx, reset]'),
    );
    const added = applySettings(TEXT, { 'mesh.policies.db.retries.retryOn': ['5xx'] });
    expect(parseDocument(added).toJS().mesh.policies.db.retries.retryOn).toEqual(['5xx']);
    expect(added).toContain('retryOn: [ 5xx ]');
  });

  it('finds a variant by its name', () => {
    const doc = parseDocument(TEXT);
    expect(resolvePath(doc, 'variants.mesh.mesh.enabled')).toEqual(['variants', 0, 'mesh', 'enabled']);
    const out = applySettings(TEXT, { 'variants.mesh.mesh.enabled': false });
    expect(out).toBe(TEXT.replace('enabled: true', 'enabled: false'));
  });

  it('replaces written values in place, keeping comments and flow style, and adds missing ones', () => {
    const out = applySettings(TEXT, { 'clients.web.arrival.rate': 400, 'services.catalog.instances': 4 });
    expect(out).toBe(TEXT.replace('rate: 200', 'rate: 400').replace('instances: 2', 'instances: 4'));
    const meshed = applySettings(TEXT, { 'mesh.enabled': true });
    expect(parseDocument(meshed).getIn(['mesh', 'enabled'])).toBe(true);
    expect(meshed).toContain('# the lesson');
  });

  it('quotes strings that would not read back the same, and leaves broken text alone', () => {
    expect(scalarText('istio')).toBe('istio');
    expect(scalarText('yes')).toBe('"yes"');
    expect(scalarText('a: b')).toBe('"a: b"');
    expect(scalarText(false)).toBe('false');
    expect(applySettings('a: [', { a: 1 })).toBe('a: [');
  });
});
