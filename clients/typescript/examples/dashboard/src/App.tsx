import { createClient, type TokenProvider } from '@kck/client';
import { KckProvider } from '@kck/react';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { LiveBadge } from './LiveBadge';
import { MyPurchases } from './MyPurchases';
import { SalesSummary } from './SalesSummary';
import { StoreList } from './StoreList';
import { TokenField } from './TokenField';
import { devToken, subjectOf, tokenFromFragment } from './token';

type Transport = 'auto' | 'stream' | 'long-poll';

/** `?transport=long-poll` (or `stream`) picks how live values travel; the default streams where it can. */
function transportFromQuery(): Transport {
  const asked = new URLSearchParams(window.location.search).get('transport');
  return asked === 'stream' || asked === 'long-poll' ? asked : 'auto';
}

/** Hands out `first`, then asks `next` (after a 401, or when `first` has expired). */
function seeded(first: string, next: TokenProvider): TokenProvider {
  let seed: string | undefined = first;
  return () => {
    const token = seed;
    seed = undefined;
    return token ?? (typeof next === 'function' ? next() : next);
  };
}

export function App() {
  // A pasted token or one in the fragment is used as it is; otherwise the dev server mints them.
  const [pasted, setPasted] = useState<string | undefined>(tokenFromFragment);
  const [minted, setMinted] = useState<string>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (pasted === undefined) devToken().then(setMinted, (error: unknown) => setProblem(String(error)));
  }, [pasted]);

  const token = pasted ?? minted;
  const client = useMemo(
    () => (token === undefined ? undefined : createClient({ baseUrl: '', token: pasted ?? seeded(token, devToken) })),
    [token, pasted],
  );
  const user = token === undefined ? undefined : (subjectOf(token) ?? 'alice');

  const header = (
    <header>
      <h1>KCK dashboard</h1>
      {client && <LiveBadge />}
      <span className="user">{user ? `signed in as ${user}` : 'getting a token…'}</span>
      <TokenField onToken={setPasted} />
    </header>
  );
  if (!client || !user) {
    return (
      <div className="page">
        {header}
        {problem && <p className="problem">{problem}. Paste a token above, or open the page with #token=JWT.</p>}
      </div>
    );
  }
  return (
    <KckProvider client={client} transport={transportFromQuery()}>
      <div className="page">
        {header}
        <main>
          <section className="panel wide" data-testid="sales-summary">
            <h2>sales_summary <small>live, over 1,000,000 sales</small></h2>
            <Suspense fallback={<p className="muted">Computing the summary of every sale (a few hundred ms the first time)…</p>}>
              <SalesSummary />
            </Suspense>
          </section>
          <section className="panel" data-testid="my-purchases">
            <MyPurchases user={user} />
          </section>
          <section className="panel full" data-testid="store-list">
            <h2>Stores <small>store/1 … store/12, one stream for all</small></h2>
            <StoreList count={12} />
          </section>
        </main>
      </div>
    </KckProvider>
  );
}
