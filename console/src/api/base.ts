/**
 * Where the API lives relative to the page. KCK serves the console at `<root>/admin/`, so the API root is
 * the page's directory minus `admin/`: `/admin/` -> `/`, and behind a proxy `/kck/admin/` -> `/kck/`.
 * In development (Vite at `/`) the page's directory is the root already.
 */
export function apiRoot(pathname: string): string {
  const directory = pathname.endsWith('/') ? pathname : pathname.slice(0, pathname.lastIndexOf('/') + 1);
  const root = directory.endsWith('/admin/') ? directory.slice(0, -'admin/'.length) : directory;
  return root === '' ? '/' : root;
}
