/** The paste field: shown when there is no token, or when the server refused the one we had. */
import { useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/problem';
import { Icon } from '../components/Icon';
import { formatRelative } from '../lib/format';
import { describeToken, normalizeToken } from '../lib/token';
import { Logo } from './Logo';

export type GateReason =
  | { kind: 'none' }
  | { kind: 'signed-out' }
  | { kind: 'rejected'; error: ApiError }
  | { kind: 'forbidden'; error: ApiError };

const TOKEN_COMMAND = 'java -jar target/kck.jar token --sub ops --scope kck:admin --ttl 8h';

export function TokenGate({ reason, onToken }: { reason: GateReason; onToken: (token: string) => void }) {
  const [text, setText] = useState('');
  const fieldId = useId();
  const hintId = useId();
  const token = normalizeToken(text);
  const claims = token === '' ? null : describeToken(token);
  const now = Date.now();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token !== '') {
      onToken(token);
    }
  };

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={submit} aria-labelledby="gate-title">
        <div className="gate-brand">
          <Logo />
          <div>
            <h1 id="gate-title" className="gate-title">KCK console</h1>
            <p className="muted">Cache, freshness and refresh queue of this cluster</p>
          </div>
        </div>
        <GateMessage reason={reason} />
        <label htmlFor={fieldId} className="field-label">Bearer token</label>
        <textarea
          id={fieldId}
          className="gate-input mono"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="eyJhbGciOi…"
          rows={4}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={hintId}
          autoFocus
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && token !== '') {
              event.preventDefault();
              onToken(token);
            }
          }}
        />
        <div id={hintId} className="gate-hint">
          {claims === null ? (
            <span>Needs the <code>kck:admin</code> scope. Kept in this tab only, sent only in the Authorization header.</span>
          ) : (
            <TokenSummary sub={claims.sub} scopes={claims.scopes} expiresAt={claims.expiresAt} now={now} />
          )}
        </div>
        <button type="submit" className="btn btn-primary gate-submit" disabled={token === ''}>
          Open console <Icon name="arrowRight" />
        </button>
        <details className="gate-help">
          <summary>Where do I get a token?</summary>
          <p>On a machine with the cluster's configuration:</p>
          <pre className="mono">{TOKEN_COMMAND}</pre>
          <p>Or open the console with the token in the address fragment, which is never sent to the server: <code>/admin#token=…</code></p>
        </details>
      </form>
    </main>
  );
}

function GateMessage({ reason }: { reason: GateReason }) {
  switch (reason.kind) {
    case 'rejected':
      return (
        <div className="notice notice-danger" role="alert">
          <Icon name="alert" />
          <div className="notice-text">
            <strong>The server refused this token</strong>
            <span className="notice-detail">{reason.error.problem.detail ?? reason.error.problem.title}. Paste a new one.</span>
          </div>
        </div>
      );
    case 'forbidden':
      return (
        <div className="notice notice-warn" role="alert">
          <Icon name="alert" />
          <div className="notice-text">
            <strong>This token needs the kck:admin scope</strong>
            <span className="notice-detail">{reason.error.problem.detail ?? 'It is valid, but may not use the admin API.'}</span>
          </div>
        </div>
      );
    case 'signed-out':
      return <p className="gate-note">Signed out. The token was removed from this tab.</p>;
    case 'none':
      return null;
  }
}

function TokenSummary({ sub, scopes, expiresAt, now }: { sub: string | null; scopes: string[]; expiresAt: number | null; now: number }) {
  const expired = expiresAt !== null && expiresAt <= now;
  const admin = scopes.includes('kck:admin');
  return (
    <span className="token-summary">
      <span>{sub === null ? 'No subject' : <>Subject <strong>{sub}</strong></>}</span>
      <span className={admin ? 'ok-text' : 'warn-text'}>{admin ? 'has kck:admin' : 'no kck:admin scope'}</span>
      {expiresAt === null ? null : (
        <span className={expired ? 'danger-text' : undefined}>{expired ? `expired ${formatRelative(expiresAt, now)}` : `expires ${formatRelative(expiresAt, now)}`}</span>
      )}
    </span>
  );
}
