import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** What a reader of an event stream is told. */
export interface EventStreamHandlers {
  /** A complete event (`event`, `id`, `data` as the stream gave them). */
  onEvent(event: EventSourceMessage): void;
  /** The server's `retry:` hint, in ms. */
  onRetry?(ms: number): void;
  /** Bytes arrived (events, comments or keep-alives): the connection is alive. */
  onBytes?(): void;
}

/**
 * Reads a `text/event-stream` body to its end, parsing with eventsource-parser (the WHATWG rules:
 * CR, LF or CRLF lines, multi-line data, comments, `id` and `retry`). Rejects when the body fails or
 * its request is aborted; cancels the body when a handler throws.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, handlers: EventStreamHandlers): Promise<void> {
  const parser = createParser({
    onEvent: (event) => handlers.onEvent(event),
    onRetry: (ms) => handlers.onRetry?.(ms),
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      handlers.onBytes?.();
      parser.feed(decoder.decode(value, { stream: true }));
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
