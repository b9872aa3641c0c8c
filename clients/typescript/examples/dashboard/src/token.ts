/** A token in the page's fragment (`#token=JWT`), as KCK's admin console takes one too. */
export function tokenFromFragment(hash: string = window.location.hash): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? undefined;
}

/**
 * A token minted by the dev server (`GET /__kck/token`, see dev-token.ts): asked again after a 401,
 * so a restarted KCK with a new secret, or an expired token, heals by itself.
 */
export async function devToken(): Promise<string> {
  const response = await fetch('/__kck/token', { cache: 'no-store' });
  if (!response.ok) throw new Error(`no dev token: ${await response.text()}`);
  return (await response.text()).trim();
}

/** The `sub` claim of a JWT (unverified: only to pick the user's keys). */
export function subjectOf(token: string): string | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}
