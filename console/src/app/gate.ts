import type { ApiError } from '../api/problem';

/**
 * Whether an error means the console must ask for another token. A 401 anywhere: the token is no good.
 * A 403 from the admin routes (and the admin writes /cache and /refresh): it lacks kck:admin. A 403
 * from /fetch only means this token may not read that product: the value panel says so and the
 * console stays open.
 */
export function gatesTheConsole(error: ApiError, path: string): boolean {
  if (error.kind === 'unauthorized') {
    return true;
  }
  return error.kind === 'forbidden' && /^(admin|cache|refresh)\//.test(path);
}
