/** RFC 9457 problem documents, and the one error type every API call throws. */

export interface Problem {
  type: string | null;
  title: string;
  status: number;
  detail: string | null;
}

export type ErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'network' | 'shape' | 'server' | 'client';

export class ApiError extends Error {
  readonly kind: ErrorKind;

  constructor(readonly problem: Problem) {
    super(problem.detail === null ? problem.title : `${problem.title}: ${problem.detail}`);
    this.name = 'ApiError';
    this.kind = kindOf(problem.status);
  }

  get status(): number {
    return this.problem.status;
  }
}

function kindOf(status: number): ErrorKind {
  switch (status) {
    case 0:
      return 'network';
    case -1:
      return 'shape';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    default:
      return status >= 500 ? 'server' : 'client';
  }
}

/** A problem from a response body; falls back to the HTTP status when the body is not a problem. */
export function problemFrom(status: number, statusText: string, body: unknown): Problem {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (typeof record.title === 'string') {
      return {
        type: typeof record.type === 'string' ? record.type : null,
        title: record.title,
        status,
        detail: typeof record.detail === 'string' ? record.detail : null,
      };
    }
  }
  return { type: null, title: statusText !== '' ? statusText : `HTTP ${status}`, status, detail: null };
}

export function networkProblem(cause: unknown): Problem {
  const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
  return {
    type: null,
    title: timedOut ? 'No answer' : 'Cannot reach KCK',
    status: 0,
    detail: timedOut ? 'the server did not answer within 10 s' : cause instanceof Error ? cause.message : null,
  };
}

export function shapeProblem(message: string): Problem {
  return { type: null, title: 'Unexpected answer from the server', status: -1, detail: message };
}
