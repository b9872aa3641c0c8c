import { describe, expect, it } from 'vitest';
import { KckProblem } from '../src/index.js';
import { parseRetryAfter } from '../src/problem.js';

function response(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

describe('KckProblem', () => {
  it('carries the members of a problem document, extension members too', async () => {
    const body = JSON.stringify({
      type: 'https://kck.dev/problems/bad-request',
      title: 'Bad request',
      status: 400,
      detail: "parameter 'store_id': expected an int, got 'abc'",
      key: 'store/abc',
      parameter: 'store_id',
      refreshing_total: 3,
    });
    const problem = await KckProblem.fromResponse(response(400, body, { 'content-type': 'application/problem+json' }));
    expect(problem).toBeInstanceOf(Error);
    expect(problem).toMatchObject({ status: 400, title: 'Bad request', key: 'store/abc', parameter: 'store_id', refreshing_total: 3 });
    expect(problem.type).toBe('https://kck.dev/problems/bad-request');
    expect(problem.message).toBe("Bad request: parameter 'store_id': expected an int, got 'abc'");
    expect(JSON.parse(JSON.stringify(problem))).toEqual(JSON.parse(body));
  });

  it('reads Retry-After in seconds or as a date', async () => {
    const problem = await KckProblem.fromResponse(
      response(503, '{"type":"about:blank","title":"Unavailable","status":503}', { 'retry-after': '7' }),
    );
    expect(problem.retryAfter).toBe(7);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('describes an answer that is not a problem document', async () => {
    const problem = await KckProblem.fromResponse(
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      'store/1',
    );
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Bad Gateway', status: 502, key: 'store/1' });
    expect(problem.detail).toBe('<html>bad gateway</html>');
  });

  it('does not let a document overwrite what makes it an Error', () => {
    const problem = new KckProblem({ type: 't', title: 'T', status: 500, name: 'x', message: 'y', stack: 'z' });
    expect(problem.name).toBe('KckProblem');
    expect(problem.message).toBe('T');
  });
});
