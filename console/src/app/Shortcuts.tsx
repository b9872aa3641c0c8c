/** Keyboard shortcuts: `g` then a letter to move between views, `/` to search, `?` for this list. */
import { useEffect, useRef } from 'react';
import type { Route } from './routes';
import { navigate } from './useRoute';

const GO: Record<string, Route> = {
  p: { view: 'products' },
  k: { view: 'keys', product: null, key: null },
  q: { view: 'queue' },
  i: { view: 'instances' },
  l: { view: 'live' },
};

export const SHORTCUTS: [string, string][] = [
  ['g p', 'Products'],
  ['g k', 'Keys'],
  ['g q', 'Refresh queue'],
  ['g i', 'Instances'],
  ['g l', 'Live charts'],
  ['/', 'Search keys (in Keys)'],
  ['↑ ↓', 'Move through lists'],
  ['← →', 'Inspect points of a focused chart'],
  ['?', 'This list'],
];

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function useShortcuts(onHelp: () => void): void {
  const pendingG = useRef(0);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) {
        return;
      }
      if (event.key === '?') {
        event.preventDefault();
        onHelp();
      } else if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-shortcut="search"]');
        if (search !== null) {
          event.preventDefault();
          search.focus();
          search.select();
        }
      } else if (event.key === 'g') {
        pendingG.current = Date.now();
      } else if (Date.now() - pendingG.current < 1200) {
        const route = GO[event.key];
        pendingG.current = 0;
        if (route !== undefined) {
          event.preventDefault();
          navigate(route);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onHelp]);
}

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) {
      return;
    }
    if (open && !dialog.open) {
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return (
    <dialog ref={ref} className="modal" onClose={onClose} aria-labelledby="shortcuts-title">
      <div className="modal-head">
        <h2 id="shortcuts-title" className="modal-title">Keyboard shortcuts</h2>
      </div>
      <dl className="shortcut-list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="shortcut-row">
            <dt>{keys.split(' ').map((key) => <kbd key={key}>{key}</kbd>)}</dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onClose} autoFocus>Close</button>
      </div>
    </dialog>
  );
}
