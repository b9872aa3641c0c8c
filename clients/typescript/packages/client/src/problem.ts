/** An RFC 9457 problem document, as KCK answers every error (`application/problem+json`). */
export interface ProblemDocument {
  /** A URI naming the kind of problem: `https://kck.dev/problems/not-found`. */
  readonly type: string;
  readonly title: string;
  /** The HTTP status. */
  readonly status: number;
  readonly detail?: string;
  /** The key the problem is about, when there is one. */
  readonly key?: string;
  /** The parameter at fault, for a 400. */
  readonly parameter?: string;
  /** Members KCK may add. */
  readonly [member: string]: unknown;
}

/**
 * An error KCK answered with: every member of the problem document (extension members too, such as
 * `key` and `parameter`), plus `retryAfter` from the header. Network failures and aborts are not
 * problems: they reject with the platform's own errors.
 */
export class KckProblem extends Error implements ProblemDocument {
  override readonly name = 'KckProblem';
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly key?: string;
  readonly parameter?: string;
  /** Seconds to wait before trying again, from `Retry-After` (503 answers carry it). */
  readonly retryAfter?: number;
  /** Extension members, by name. */
  readonly [member: string]: unknown;
  readonly #document: ProblemDocument;

  constructor(document: ProblemDocument, retryAfter?: number) {
    super(document.detail ? `${document.title}: ${document.detail}` : document.title);
    this.#document = { ...document };
    for (const [name, value] of Object.entries(document)) {
      if (!RESERVED.has(name)) (this as Record<string, unknown>)[name] = value;
    }
    this.type = document.type;
    this.title = document.title;
    this.status = document.status;
    if (document.detail !== undefined) this.detail = document.detail;
    if (document.key !== undefined) this.key = document.key;
    if (document.parameter !== undefined) this.parameter = document.parameter;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }

  /** The document itself, so a problem survives `JSON.stringify` (for snapshots and logs). */
  toJSON(): ProblemDocument {
    return this.#document;
  }

  /**
   * The problem a failed response describes. A body that is not a problem document (a proxy's HTML
   * page, say) still gives one, with `type: 'about:blank'` and the status text as its title.
   */
  static async fromResponse(response: Response, key?: string): Promise<KckProblem> {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    const text = await response.text().catch(() => '');
    const parsed = parseJson(text);
    if (isProblemDocument(parsed)) {
      return new KckProblem(parsed, retryAfter);
    }
    const document: Record<string, unknown> = {
      type: 'about:blank',
      title: response.statusText || `HTTP ${response.status}`,
      status: response.status,
    };
    if (text && !parsed) document.detail = text.slice(0, 200);
    if (key !== undefined) document.key = key;
    return new KckProblem(document as ProblemDocument, retryAfter);
  }
}

/** Members of an Error (or of this class) that a document must not overwrite. */
const RESERVED = new Set(['name', 'message', 'stack', 'cause', 'retryAfter', 'toJSON', 'constructor']);

/** True for an object with the members every problem document has. */
export function isProblemDocument(value: unknown): value is ProblemDocument {
  if (typeof value !== 'object' || value === null) return false;
  const { type, title, status } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof title === 'string' && typeof status === 'number';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Seconds, from either form of `Retry-After` (delta-seconds or an HTTP date). */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
