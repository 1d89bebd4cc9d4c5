import { describe, expect, it } from 'vitest';
import { svgSize } from '../../src/ui/export-chart';

describe('svgSize', () => {
  it('reads the root’s width and height, else its viewBox', () => {
    expect(svgSize('<svg xmlns="x" width="520" height="240.5"><g/></svg>')).toEqual({
      width: 520,
      height: 240.5,
    });
    expect(svgSize('<svg viewBox="0 0 300 150"><svg width="9" height="9"/></svg>')).toEqual({
      width: 300,
      height: 150,
    });
    expect(svgSize('<div>no svg</div>')).toBeUndefined();
  });
});
