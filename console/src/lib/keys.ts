/**
 * Keys are `/`-separated segments, each percent-decoded once by the server (API.md "Key"), so a value
 * holding `/` is written `%2F`. The server answers with canonical key text, in which every character
 * outside RFC 3986's path-segment set is already percent-encoded; a key typed by a person may not be.
 * `keyPath` turns either into the form that goes into a URL path without double-encoding.
 */

/** RFC 3986 pchar minus the percent sign: what a canonical segment leaves unencoded (as the server does). */
const SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

/** Percent-encodes one raw (decoded) segment value, UTF-8, upper-case hex, like the server. */
export function encodeSegment(value: string): string {
  let out = '';
  for (const char of value) {
    if (SAFE.test(char)) {
      out += char;
    } else {
      for (const byte of new TextEncoder().encode(char)) {
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    }
  }
  return out;
}

/** Decodes one segment once; a segment that is not valid percent-encoding is taken literally. */
export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The decoded segments of key text: the product name first, then its parameter values. */
export function keySegments(key: string): string[] {
  return key.split('/').map(decodeSegment);
}

/** The product a key belongs to. */
export function productOf(key: string): string {
  return keySegments(key)[0] ?? '';
}

/** Key text as it goes into a URL path: each segment decoded once, then encoded canonically. */
export function keyPath(key: string): string {
  return keySegments(key).map(encodeSegment).join('/');
}

/** The parameter values of a key, in declared order. */
export function keyValues(key: string): string[] {
  return keySegments(key).slice(1);
}
