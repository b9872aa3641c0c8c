import { useCallback, useEffect, useRef, useState } from 'react';
import type { Toast } from '../state/console';
import { Icon } from './Icon';

interface ShownToast extends Toast {
  id: number;
}

/** Toasts: announced politely to screen readers, gone after a few seconds (errors stay longer). */
export function useToasts(): { toasts: ShownToast[]; notify: (toast: Toast) => void; dismiss: (id: number) => void } {
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, number>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
    window.clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const notify = useCallback((toast: Toast) => {
    const id = nextId.current++;
    setToasts((list) => [...list.slice(-3), { ...toast, id }]);
    timers.current.set(id, window.setTimeout(() => dismiss(id), toast.tone === 'error' ? 9000 : 5000));
  }, [dismiss]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((handle) => window.clearTimeout(handle));
  }, []);

  return { toasts, notify, dismiss };
}

export function ToastRegion({ toasts, dismiss }: { toasts: ShownToast[]; dismiss: (id: number) => void }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`}>
          <Icon name={toast.tone === 'error' ? 'alert' : 'check'} />
          <div className="toast-text">
            <strong>{toast.title}</strong>
            {toast.detail === undefined ? null : <span>{toast.detail}</span>}
          </div>
          <button type="button" className="icon-btn" onClick={() => dismiss(toast.id)} aria-label="Dismiss">
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
