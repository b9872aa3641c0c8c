import { describe, expect, it } from 'vitest';
import { preview } from './JsonTree';

describe('preview', () => {
  it('shows the fields of a closed object on one line', () => {
    expect(preview({ id: 3, name: 'Dune', tags: ['a'], owner: { id: 1 }, gone: null })).toBe('{id: 3, name: "Dune", tags: […], owner: {…}, gone: null}');
  });

  it('cuts a long preview with an ellipsis', () => {
    const text = preview(Array.from({ length: 50 }, (_, i) => i * 1000));
    expect(text.length).toBeLessThanOrEqual(86);
    expect(text.endsWith(', …]')).toBe(true);
  });

  it('writes scalars as JSON', () => {
    expect(preview('a')).toBe('"a"');
    expect(preview(12.5)).toBe('12.5');
  });
});
