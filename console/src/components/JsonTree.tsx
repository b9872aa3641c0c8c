/**
 * A product value as a collapsible tree: native <details> (keyboard and screen-reader friendly), long
 * lists shown a page at a time, and `openDepth` levels open at first.
 */
import { useState } from 'react';
import type { Json } from '../api/decode';

const PAGE = 100;

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

function JsonNode({ value, depth, openDepth, name, last }: NodeProps) {
  const label = name === null ? null : <><span className="json-key">{JSON.stringify(name)}</span>: </>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-line">
        {label}<Scalar value={value} />{last ? null : ','}
      </div>
    );
  }
  const entries: [string | null, Json][] = Array.isArray(value) ? value.map((item) => [null, item]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return <div className="json-line">{label}{open}{close}{last ? null : ','}</div>;
  }
  const size = Array.isArray(value) ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} field${entries.length === 1 ? '' : 's'}`;
  return (
    <details className="json-node" open={depth < openDepth}>
      <summary className="json-line">
        {label}{open}<span className="json-size"> {size} </span><span className="json-closed">{close}{last ? null : ','}</span>
      </summary>
      <Children entries={entries} depth={depth} openDepth={openDepth} />
      <div className="json-line">{close}{last ? null : ','}</div>
    </details>
  );
}

function Children({ entries, depth, openDepth }: { entries: [string | null, Json][]; depth: number; openDepth: number }) {
  const [shown, setShown] = useState(PAGE);
  const visible = entries.slice(0, shown);
  return (
    <div className="json-children">
      {visible.map(([name, child], index) => (
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
