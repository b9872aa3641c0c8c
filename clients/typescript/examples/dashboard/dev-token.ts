import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Plugin } from 'vite';

const run = promisify(execFile);

/** Where the dev token comes from: the KCK jar's `token` command, run where KCK runs. */
export interface DevTokenOptions {
  /** The jar (default: target/kck.jar under `home`). */
  readonly jar: string;
  /** The directory KCK runs in: relative paths in its config resolve against it. */
  readonly home: string;
  /** The config file KCK serves with, when not the default one of `home`. */
  readonly config?: string;
  readonly subject: string;
  readonly scope: string;
}

/**
 * A dev-server endpoint, `GET /__kck/token`, answering a fresh token minted by
 * `java -jar kck.jar token --sub ... --scope ...`: the same command a developer would type, so it keeps
 * working whatever secret the embedded default signs with. The page asks again after a 401.
 */
export function devToken(options: DevTokenOptions): Plugin {
  // Minted anew on every request (under a second): after a 401 the page must not get the refused one back.
  async function mint(): Promise<string> {
    const args = ['-jar', resolve(options.jar), 'token', '--sub', options.subject, '--scope', options.scope, '--ttl', '1h'];
    if (options.config) args.push('--config', resolve(options.config));
    const { stdout } = await run('java', args, { cwd: options.home, timeout: 30_000 });
    return stdout.trim().split('\n').at(-1) ?? '';
  }
  return {
    name: 'kck-dev-token',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/__kck/token', (_request, response) => {
        mint().then(
          (token) => {
            response.setHeader('content-type', 'text/plain');
            response.setHeader('cache-control', 'no-store');
            response.end(token);
          },
          (error: unknown) => {
            response.statusCode = 503;
            response.setHeader('content-type', 'text/plain');
            response.end(`could not mint a token with ${options.jar}: ${String(error)}`);
          },
        );
      });
    },
  };
}
