// What the browser test runs against: a real KCK when KCK_URL is set (with KCK_ADMIN_TOKEN, and
// optionally KCK_NON_ADMIN_TOKEN for the 403 check), otherwise the fake from dev/fake-kck.mjs serving
// the built console from src/main/resources/admin/.
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startFake } from '../dev/fake-kck.mjs';

const BUILT = fileURLToPath(new URL('../../src/main/resources/admin/index.html', import.meta.url));

export async function startTarget() {
  const url = process.env.KCK_URL;
  if (url !== undefined && url !== '') {
    const adminToken = process.env.KCK_ADMIN_TOKEN;
    if (adminToken === undefined || adminToken === '') {
      throw new Error('KCK_URL is set but KCK_ADMIN_TOKEN is not: a token with the kck:admin scope is needed');
    }
    return {
      kind: 'real',
      url: url.replace(/\/+$/, ''),
      adminToken,
      nonAdminToken: process.env.KCK_NON_ADMIN_TOKEN || null,
      close: async () => {},
    };
  }
  try {
    await access(BUILT);
  } catch {
    throw new Error(`no built console at ${BUILT}: run \`npm run build\` first`);
  }
  const fake = await startFake({ port: 0 });
  return {
    kind: 'fake',
    url: fake.url,
    adminToken: fake.token(),
    nonAdminToken: fake.token({ sub: 'alice', scope: 'sales:read' }),
    close: fake.close,
  };
}

/** A small client for asserting through the API rather than the page. */
export function apiClient(base, token) {
  const call = async (method, path) => {
    const response = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  };
  return {
    get: (path) => call('GET', path),
    /** Every cached key of a product, following the cursor to the end. */
    async allKeys(product) {
      const keys = [];
      let after = null;
      for (let page = 0; page < 1000; page++) {
        const query = new URLSearchParams({ product, limit: '100' });
        if (after !== null) {
          query.set('after', after);
        }
        const { status, body } = await call('GET', `/admin/keys?${query}`);
        if (status !== 200) {
          throw new Error(`GET /admin/keys answered ${status}: ${JSON.stringify(body)}`);
        }
        keys.push(...body.keys.map((entry) => entry.key));
        if (body.next === null) {
          return keys;
        }
        after = body.next;
      }
      throw new Error('GET /admin/keys never answered next: null');
    },
  };
}
