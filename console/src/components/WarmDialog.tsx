/** Warm a product: queue a refresh of every key, from parameter rows or the product's on_boot_sql. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/problem';
import { formatCount } from '../lib/format';
import { parseRows } from '../lib/rows';
import { asApiError } from '../state/resource';
import { useConsole } from '../state/console';
import { Button } from './Button';
import { ProblemNotice } from './ProblemNotice';

export function WarmDialog({ product, onClose }: { product: string | null; onClose: () => void }) {
  const { api, feed, notify, policies } = useConsole();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const fieldId = useId();
  const parsed = parseRows(text);
  const parameters = product === null ? [] : policies.get(product)?.parameters ?? [];

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) {
      return;
    }
    if (product !== null && !dialog.open) {
      setText('');
      setError(null);
      dialog.showModal();
    } else if (product === null && dialog.open) {
      dialog.close();
    }
  }, [product]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (product === null || parsed.error !== null) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api.warm(product, parsed.rows);
      notify({ tone: 'ok', title: `Queued ${formatCount(result.queued)} key${result.queued === 1 ? '' : 's'} of ${product}`, detail: 'They refresh in the background.' });
      feed.pollNow();
      onClose();
    } catch (cause) {
      setError(asApiError(cause));
    } finally {
      setBusy(false);
    }
  };

  const example = parameters.length === 0 ? '' : JSON.stringify([Object.fromEntries(parameters.map((p) => [p.name, p.type === 'string' ? '…' : 1]))]);
  return (
    <dialog ref={ref} className="modal" onClose={onClose} aria-labelledby={`${fieldId}-title`}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="modal-head">
          <h2 id={`${fieldId}-title`} className="modal-title">Warm <span className="mono">{product}</span></h2>
          <p className="muted">Queues a refresh of every key of this product. Without rows, KCK takes them from the product's <code>on_boot_sql</code>.</p>
        </div>
        <label className="field-label" htmlFor={fieldId}>Parameter rows <span className="muted">(optional JSON)</span></label>
        <textarea id={fieldId} className="mono textarea" rows={5} value={text} onChange={(event) => setText(event.target.value)}
          placeholder={example === '' ? 'on_boot_sql' : example} spellCheck={false} aria-invalid={parsed.error !== null}
          aria-describedby={`${fieldId}-hint`} />
        <p id={`${fieldId}-hint`} className={parsed.error === null ? 'field-hint' : 'field-hint danger-text'}>
          {parsed.error ?? (parsed.rows === null ? 'No rows: on_boot_sql decides.' : `${parsed.rows.length} row${parsed.rows.length === 1 ? '' : 's'}.`)}
        </p>
        {error === null ? null : <ProblemNotice error={error} compact />}
        <div className="modal-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" icon="warm" busy={busy} disabled={parsed.error !== null}>Queue refreshes</Button>
        </div>
      </form>
    </dialog>
  );
}
