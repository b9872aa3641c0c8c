/**
 * Loads one thing for a view (a key's detail, a page of keys, a value), optionally re-polling it, and
 * keeps the previous data on screen while it reloads so nothing flickers. Changing `id` starts over.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/problem';

export interface Resource<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

interface State<T> {
  id: string | null;
  data: T | null;
  error: ApiError | null;
  loading: boolean;
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError({ type: null, title: 'Console error', status: -1, detail: error instanceof Error ? error.message : String(error) });
}

export function useResource<T>(id: string | null, load: (signal: AbortSignal) => Promise<T>, intervalMs?: number): Resource<T> {
  const [state, setState] = useState<State<T>>({ id, data: null, error: null, loading: id !== null });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (id === null) {
      return undefined;
    }
    const controller = new AbortController();
    let timer: number | undefined;
    const run = async () => {
      setState((previous) => (previous.id === id ? { ...previous, loading: true } : { id, data: null, error: null, loading: true }));
      try {
        const data = await loadRef.current(controller.signal);
        if (!controller.signal.aborted) {
          setState({ id, data, error: null, loading: false });
        }
      } catch (error) {
        if (controller.signal.aborted) {
          return;
        }
        setState((previous) => ({ id, data: previous.id === id ? previous.data : null, error: asApiError(error), loading: false }));
      }
      if (intervalMs !== undefined && !controller.signal.aborted) {
        timer = window.setTimeout(() => void run(), intervalMs);
      }
    };
    void run();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [id, generation, intervalMs]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  if (state.id !== id) {
    return { data: null, error: null, loading: id !== null, reload };
  }
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
