import { describe, expect, it } from 'vitest';
import type { EventSourceMessage } from 'eventsource-parser';
import { readEventStream } from '../src/sse.js';

function bodyOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function read(chunks: (string | Uint8Array)[]) {
  const events: EventSourceMessage[] = [];
  const retries: number[] = [];
  let bytes = 0;
  await readEventStream(bodyOf(chunks), {
    onEvent: (event) => events.push(event),
    onRetry: (ms) => retries.push(ms),
    onBytes: () => bytes++,
  });
  return { events, retries, bytes };
}

describe('readEventStream', () => {
  it('parses events split anywhere across chunks, with CRLF, CR or LF line ends', async () => {
    const { events } = await read(['id: 1\r\nevent: en', 'try\r\ndata: {"a"', ':1}\r\n\r', '\nid: 2\revent: entry\rdata: x\r\rdata: y\n\n']);
    expect(events).toEqual([
      { id: '1', event: 'entry', data: '{"a":1}' },
      { id: '2', event: 'entry', data: 'x' },
      { id: undefined, event: undefined, data: 'y' },
    ]);
  });

  it('joins multi-line data, skips comments and reports retry hints', async () => {
    const { events, retries, bytes } = await read([': keep-alive\n\n', 'retry: 2500\n\n', 'data: one\ndata: two\n\n']);
    expect(events).toEqual([{ id: undefined, event: undefined, data: 'one\ntwo' }]);
    expect(retries).toEqual([2500]);
    expect(bytes).toBe(3);
  });

  it('decodes a UTF-8 character split between two chunks', async () => {
    const bytes = new TextEncoder().encode('data: Niterói 🚀\n\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const { events } = await read([bytes.slice(0, cut), bytes.slice(cut, cut + 3), bytes.slice(cut + 3)]);
    expect(events[0]?.data).toBe('Niterói 🚀');
  });

  it('drops an event the stream ended in the middle of', async () => {
    const { events } = await read(['data: complete\n\n', 'data: cut off']);
    expect(events.map((event) => event.data)).toEqual(['complete']);
  });
});
