import { describe, expect, it } from 'vitest';
import {
  TOKEN_STORAGE_KEY, bootstrapToken, describeToken, forgetToken, normalizeToken, readFragmentToken,
  type TokenStorage,
} from './token';

function memoryStorage(initial: Record<string, string> = {}): TokenStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function base64Url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function jwt(payload: object): string {
  const encode = (part: object) => base64Url(JSON.stringify(part));
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.c2lnbmF0dXJl`;
}

describe('readFragmentToken', () => {
  it('reads the token and lands on the products view', () => {
    expect(readFragmentToken('#token=abc.def.ghi')).toEqual({ token: 'abc.def.ghi', fragment: '#/products' });
  });

  it('keeps a route given beside the token', () => {
    expect(readFragmentToken('#token=t&route=/queue')).toEqual({ token: 't', fragment: '#/queue' });
  });

  it('leaves ordinary routes alone', () => {
    expect(readFragmentToken('#/key/store/3')).toEqual({ token: null, fragment: '#/key/store/3' });
    expect(readFragmentToken('')).toEqual({ token: null, fragment: '' });
  });

  it('ignores an empty token', () => {
    expect(readFragmentToken('#token=').token).toBeNull();
  });

  it('decodes a percent-encoded token', () => {
    expect(readFragmentToken('#token=a%2Eb').token).toBe('a.b');
  });

  it('keeps a plus sign in an opaque token', () => {
    expect(readFragmentToken('#token=a+b/c=').token).toBe('a+b/c=');
  });
});

describe('bootstrapToken', () => {
  it('stores the fragment token and scrubs it from the address bar', () => {
    const storage = memoryStorage();
    const urls: string[] = [];
    const token = bootstrapToken({ hash: '#token=secret', pathname: '/admin/', search: '' }, (url) => urls.push(url), storage);
    expect(token).toBe('secret');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('secret');
    expect(urls).toEqual(['/admin/#/products']);
  });

  it('prefers a new fragment token over the stored one', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'old' });
    expect(bootstrapToken({ hash: '#token=new', pathname: '/admin/', search: '' }, () => {}, storage)).toBe('new');
  });

  it('falls back to the stored token and leaves the URL alone', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' });
    const urls: string[] = [];
    expect(bootstrapToken({ hash: '#/queue', pathname: '/admin/', search: '' }, (url) => urls.push(url), storage)).toBe('kept');
    expect(urls).toEqual([]);
  });

  it('answers null when there is no token anywhere', () => {
    expect(bootstrapToken({ hash: '', pathname: '/admin/', search: '' }, () => {}, memoryStorage())).toBeNull();
  });

  it('forgets the token on sign-out', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' });
    forgetToken(storage);
    expect(storage.data.size).toBe(0);
  });
});

describe('normalizeToken', () => {
  it('strips space, Bearer and quotes', () => {
    expect(normalizeToken('  Bearer abc.def.ghi \n')).toBe('abc.def.ghi');
    expect(normalizeToken('"abc.def.ghi"')).toBe('abc.def.ghi');
    expect(normalizeToken('bearer   x')).toBe('x');
  });

  it('takes the token out of a pasted console URL', () => {
    expect(normalizeToken('http://localhost:8080/admin#token=abc.def.ghi')).toBe('abc.def.ghi');
  });
});

describe('describeToken', () => {
  it('reads sub, space-separated scopes and exp', () => {
    const claims = describeToken(jwt({ sub: 'ops', scope: 'sales:read kck:admin', exp: 1_800_000_000 }));
    expect(claims).toEqual({ sub: 'ops', scopes: ['sales:read', 'kck:admin'], expiresAt: 1_800_000_000_000 });
  });

  it('reads an array of scopes', () => {
    expect(describeToken(jwt({ scope: ['kck:admin'] }))?.scopes).toEqual(['kck:admin']);
  });

  it('reads UTF-8 in claims', () => {
    expect(describeToken(jwt({ sub: 'zoë' }))?.sub).toBe('zoë');
  });

  it('answers null for opaque or malformed tokens', () => {
    expect(describeToken('opaque-token')).toBeNull();
    expect(describeToken('a.!!!.c')).toBeNull();
    expect(describeToken(`a.${base64Url('42')}.c`)).toBeNull();
  });
});
