import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem';
import { gatesTheConsole } from './gate';

const error = (status: number) => new ApiError({ type: null, title: 'x', status, detail: null });

describe('gatesTheConsole', () => {
  it('asks for a token on any 401', () => {
    expect(gatesTheConsole(error(401), 'admin/products')).toBe(true);
    expect(gatesTheConsole(error(401), 'fetch/store/3')).toBe(true);
  });

  it('asks for a kck:admin token on a 403 from the admin routes', () => {
    expect(gatesTheConsole(error(403), 'admin/queue')).toBe(true);
    expect(gatesTheConsole(error(403), 'cache/store/3')).toBe(true);
    expect(gatesTheConsole(error(403), 'refresh/store/3')).toBe(true);
  });

  it('stays open on a 403 from /fetch: that token may not read that product', () => {
    expect(gatesTheConsole(error(403), 'fetch/sales_summary')).toBe(false);
  });

  it('stays open on other errors', () => {
    expect(gatesTheConsole(error(404), 'admin/keys/store/3')).toBe(false);
    expect(gatesTheConsole(error(503), 'admin/products')).toBe(false);
  });
});
