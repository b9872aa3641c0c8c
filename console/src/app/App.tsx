/**
 * The page's root: it owns the token. With none (or a refused one) it shows the paste field;
 * with one, the console, which is rebuilt from scratch whenever the token changes.
 */
import { useCallback, useState } from 'react';
import type { ApiError } from '../api/problem';
import { bootstrapToken, forgetToken, storeToken } from '../lib/token';
import { Console } from './Console';
import { TokenGate, type GateReason } from './TokenGate';

interface Session {
  token: string | null;
  reason: GateReason;
}

function startSession(): Session {
  const token = bootstrapToken(window.location, (url) => window.history.replaceState(null, '', url), window.sessionStorage);
  return { token, reason: { kind: 'none' } };
}

export function App() {
  const [session, setSession] = useState<Session>(startSession);

  const acceptToken = useCallback((token: string) => {
    storeToken(window.sessionStorage, token);
    setSession({ token, reason: { kind: 'none' } });
  }, []);

  const refuse = useCallback((error: ApiError) => {
    forgetToken(window.sessionStorage);
    setSession({ token: null, reason: error.kind === 'forbidden' ? { kind: 'forbidden', error } : { kind: 'rejected', error } });
  }, []);

  const signOut = useCallback(() => {
    forgetToken(window.sessionStorage);
    setSession({ token: null, reason: { kind: 'signed-out' } });
  }, []);

  if (session.token === null) {
    return <TokenGate reason={session.reason} onToken={acceptToken} />;
  }
  return <Console key={session.token} token={session.token} onAuthError={refuse} onSignOut={signOut} />;
}
