import type { IncomingMessage } from 'node:http';

/** A problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly [member: string]: unknown;
}

export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://kck.dev/problems/http-${status}`, title, status, detail, ...extra };
}

/** The server's canonical key text: each segment decoded once, then encoded as KeySegments.encode does. */
export function canonicalKey(raw: string): string {
  return raw
    .split('/')
    .map((segment) => encode(decodeURIComponent(segment)))
    .join('/');
}

const SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

function encode(segment: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(segment)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && SAFE.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** RFC 9110 If-None-Match / If-Match against one strong tag: lists and `*` honoured. */
export function matchesEtag(header: string | string[] | undefined, version: number): boolean {
  if (header === undefined) return false;
  const text = Array.isArray(header) ? header.join(',') : header;
  return text.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === `"${version}"`;
  });
}

/** N from `Prefer: wait=N` (capped at 60), or undefined. */
export function preferredWait(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const match = /(?:^|[,;\s])wait=(\d+)/.exec(text);
  return match ? Math.min(60, Number(match[1])) : undefined;
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
