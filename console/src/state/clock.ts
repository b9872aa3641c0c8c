/** One shared clock for relative times ("12s ago"): a single interval for the whole page. */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let handle: number | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (handle === null) {
    handle = window.setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && handle !== null) {
      window.clearInterval(handle);
      handle = null;
    }
  };
}

/** The current time, updated once a second while anything on the page shows a relative time. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
