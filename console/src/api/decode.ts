/**
 * Small runtime decoders for the server's JSON: each turns `unknown` into a typed value or throws a
 * `ShapeError` naming the path that did not fit (`products[3].hits: expected a number, got "12"`), so a
 * server whose shapes drift from the console's shows a clear message instead of a blank view.
 */

export type Decoder<T> = (value: unknown, path: string) => T;

export class ShapeError extends Error {
  constructor(readonly path: string, readonly expected: string, readonly actual: unknown) {
    super(`${path || 'response'}: expected ${expected}, got ${describe(actual)}`);
    this.name = 'ShapeError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export const string: Decoder<string> = (value, path) => {
  if (typeof value !== 'string') {
    throw new ShapeError(path, 'a string', value);
  }
  return value;
};

export const number: Decoder<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ShapeError(path, 'a number', value);
  }
  return value;
};

export const boolean: Decoder<boolean> = (value, path) => {
  if (typeof value !== 'boolean') {
    throw new ShapeError(path, 'true or false', value);
  }
  return value;
};

/** A moment: an RFC 3339 string (as ENTRY's `modified`) or epoch milliseconds, as epoch milliseconds. */
export const instant: Decoder<number> = (value, path) => {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string') {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) {
      return at;
    }
  }
  throw new ShapeError(path, 'an RFC 3339 time', value);
};

/** Null or absent as null. */
export function nullable<T>(decoder: Decoder<T>): Decoder<T | null> {
  return (value, path) => (value === null || value === undefined ? null : decoder(value, path));
}

/** Absent or null as the fallback. */
export function withDefault<T>(decoder: Decoder<T>, fallback: T): Decoder<T> {
  return (value, path) => (value === null || value === undefined ? fallback : decoder(value, path));
}

export function array<T>(item: Decoder<T>): Decoder<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) {
      throw new ShapeError(path, 'a list', value);
    }
    return value.map((element, index) => item(element, `${path}[${index}]`));
  };
}

type Fields<T> = { [K in keyof T]: Decoder<T[K]> };

/** An object with the named fields (others are ignored, so the server may add fields freely). */
export function object<T>(fields: Fields<T>): Decoder<T> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ShapeError(path, 'an object', value);
    }
    const record = value as Record<string, unknown>;
    const out: Partial<T> = {};
    for (const name of Object.keys(fields) as (keyof T & string)[]) {
      out[name] = fields[name](record[name], path === '' ? name : `${path}.${name}`);
    }
    return out as T;
  };
}

/** Any JSON value, untouched: product values are whatever their primer returned. */
export type Json = null | boolean | number | string | Json[] | { [name: string]: Json };

export const json: Decoder<Json> = (value) => value as Json;

export function decode<T>(decoder: Decoder<T>, value: unknown): T {
  return decoder(value, '');
}
