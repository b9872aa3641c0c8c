import { describe, expect, it } from 'vitest';
import { apiRoot } from './base';

describe('apiRoot', () => {
  it('is the server root for the console at /admin/', () => {
    expect(apiRoot('/admin/')).toBe('/');
    expect(apiRoot('/admin/index.html')).toBe('/');
  });

  it('keeps a proxy prefix', () => {
    expect(apiRoot('/kck/admin/')).toBe('/kck/');
  });

  it('is the page directory in development', () => {
    expect(apiRoot('/')).toBe('/');
    expect(apiRoot('/index.html')).toBe('/');
  });

  it('does not mistake a product called admin for the console', () => {
    expect(apiRoot('/superadmin/')).toBe('/superadmin/');
  });
});
