import { describe, expect, it } from 'vitest';
import { parseRows } from './rows';

describe('parseRows', () => {
  it('means on_boot_sql when empty', () => {
    expect(parseRows('  ')).toEqual({ rows: null, error: null });
  });

  it('accepts one object or an array of them', () => {
    expect(parseRows('{"store_id": 1}').rows).toEqual([{ store_id: 1 }]);
    expect(parseRows('[{"store_id": 1}, {"store_id": 2}]').rows).toHaveLength(2);
  });

  it('refuses what is not a list of objects', () => {
    expect(parseRows('[]').error).toMatch(/Expected/);
    expect(parseRows('[1, 2]').error).toMatch(/Expected/);
    expect(parseRows('{oops').error).not.toBeNull();
  });
});
