/**
 * A product value as a collapsible tree: native <details> (keyboard and screen-reader friendly),
 * `openDepth` levels open at first, the items of a long list closed (each with a one-line preview),
 * and long lists shown a page at a time.
 */
import { useState } from 'react';
import type { Json } from '../api/decode';

const PAGE = 100;
/** A list or object with more entries than this starts with its entries closed. */
const LONG = 20;
const PREVIEW_CHARS = 80;

export function JsonTree({ value, openDepth }: { value: Json; openDepth: number }) {
  return (
    <div className="json">
      <JsonNode value={value} depth={0} openDepth={openDepth} name={null} last />
    </div>
  );
}

interface NodeProps {
  value: Json;
  depth: number;
  openDepth: number;
  name: string | null;
  last: boolean;
}

function entriesOf(value: Json[] | { [name: string]: Json }): [string | null, Json][] {
  return Array.isArray(value) ? value.map((item) => [null, item]) : Object.entries(value);
}

/** `{id: 3, name: "Dune", …}`: what a closed object or list holds, on one line. */
export function preview(value: Json): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  const entries = entriesOf(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  let text = '';
  for (const [name, child] of entries) {
    const part = `${name === null ? '' : `${name}: `}${child !== null && typeof child === 'object' ? (Array.isArray(child) ? '[…]' : '{…}') : JSON.stringify(child)}`;
    const next = text === '' ? part : `${text}, ${part}`;
    if (next.length > PREVIEW_CHARS) {
      return `${open}${text === '' ? '' : `${text}, `}…${close}`;
    }
    text = next;
  }
  return `${open}${text}${close}`;
}

function JsonNode({ value, depth, openDepth, name, last }: NodeProps) {
  const label = name === null ? null : <><span className="json-key">{JSON.stringify(name)}</span>: </>;
  const comma = last ? null : ',';
  if (value === null || typeof value !== 'object') {
    return <div className="json-line">{label}<Scalar value={value} />{comma}</div>;
  }
  const entries = entriesOf(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return <div className="json-line">{label}{open}{close}{comma}</div>;
  }
  const childOpenDepth = entries.length > LONG && Number.isFinite(openDepth) ? Math.min(openDepth, depth + 1) : openDepth;
  const count = `${entries.length} ${Array.isArray(value) ? 'item' : 'field'}${entries.length === 1 ? '' : 's'}`;
  return (
    <details className="json-node" open={depth < openDepth}>
      <summary className="json-line">
        {label}
        <span className="json-open">{open}</span>
        <span className="json-closed"><span className="json-preview">{preview(value).slice(1, -1)}</span>{close}{comma}</span>
        <span className="json-size">{count}</span>
      </summary>
      <Children entries={entries} depth={depth} openDepth={childOpenDepth} />
      <div className="json-line">{close}{comma}</div>
    </details>
  );
}

function Children({ entries, depth, openDepth }: { entries: [string | null, Json][]; depth: number; openDepth: number }) {
  const [shown, setShown] = useState(PAGE);
  return (
    <div className="json-children">
      {entries.slice(0, shown).map(([name, child], index) => (
        <JsonNode key={name ?? index} name={name} value={child} depth={depth + 1} openDepth={openDepth} last={index === entries.length - 1} />
      ))}
      {entries.length > shown ? (
        <button type="button" className="btn btn-ghost btn-sm json-more" onClick={() => setShown(shown + PAGE * 5)}>
          Show {Math.min(PAGE * 5, entries.length - shown)} more of {entries.length - shown}
        </button>
      ) : null}
    </div>
  );
}

function Scalar({ value }: { value: string | number | boolean | null }) {
  if (typeof value === 'string') {
    return <span className="json-string">{JSON.stringify(value)}</span>;
  }
  if (typeof value === 'number') {
    return <span className="json-number">{String(value)}</span>;
  }
  return <span className="json-literal">{String(value)}</span>;
}
