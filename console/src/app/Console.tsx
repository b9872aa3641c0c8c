/** The signed-in console: API, live feed and context for the views, inside the shell. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { createAdminApi } from '../api/admin';
import { apiRoot } from '../api/base';
import { createTransport } from '../api/client';
import type { ApiError } from '../api/problem';
import type { ProductPolicy } from '../api/schemas';
import { ToastRegion, useToasts } from '../components/Toasts';
import { describeToken } from '../lib/token';
import { ConsoleContext, type ConsoleContextValue } from '../state/console';
import { LiveFeed } from '../state/liveFeed';
import { gatesTheConsole } from './gate';
import { Shell } from './Shell';

export function Console({ token, onAuthError, onSignOut }: { token: string; onAuthError: (error: ApiError) => void; onSignOut: () => void }) {
  const authError = useRef(onAuthError);
  useEffect(() => {
    authError.current = onAuthError;
  });
  const { toasts, notify, dismiss } = useToasts();
  const [policies, setPolicies] = useState<ReadonlyMap<string, ProductPolicy>>(new Map());

  const { api, feed } = useMemo(() => {
    const transport = createTransport({
      root: apiRoot(window.location.pathname),
      token: () => token,
      onAuthError: (error, path) => {
        if (gatesTheConsole(error, path)) {
          authError.current(error);
        }
      },
    });
    const adminApi = createAdminApi(transport);
    return { api: adminApi, feed: new LiveFeed(adminApi) };
  }, [token]);

  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);

  useEffect(() => {
    const controller = new AbortController();
    // Policies come from the public GET /products; without them the console still works, with less context.
    api.policies(controller.signal)
      .then((list) => setPolicies(new Map(list.map((policy) => [policy.name, policy]))))
      .catch(() => undefined);
    return () => controller.abort();
  }, [api]);

  const value = useMemo<ConsoleContextValue>(
    () => ({ api, feed, policies, claims: describeToken(token), notify, signOut: onSignOut }),
    [api, feed, policies, token, notify, onSignOut],
  );

  return (
    <ConsoleContext.Provider value={value}>
      <Shell />
      <ToastRegion toasts={toasts} dismiss={dismiss} />
    </ConsoleContext.Provider>
  );
}
