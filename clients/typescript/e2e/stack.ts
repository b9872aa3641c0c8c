import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child, freePort, waitForOk } from './processes.ts';

const typescriptRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const outputDir = join(typescriptRoot, 'e2e', 'output');

/** The real KCK (its jar on the embedded default, with a data dir of its own) and the dashboard's dev server. */
export interface Stack {
  readonly kckUrl: string;
  readonly appUrl: string;
  readonly kck: Child;
  readonly app: Child;
  stop(): Promise<void>;
}

/**
 * The embedded default's config/kck.yaml with three changes: a fresh data dir in a temp folder (so the
 * demo data loads anew), a free port, and loopback only. Everything else, products and the init SQL
 * included, is the repository's, read relative to `home` as KCK does.
 */
function writeConfig(home: string, dataDir: string, port: number, file: string): void {
  let yaml = readFileSync(join(home, 'config', 'kck.yaml'), 'utf8');
  const replace = (pattern: RegExp, value: string) => {
    if ((yaml.match(new RegExp(pattern.source, 'gm')) ?? []).length !== 1) throw new Error(`config/kck.yaml: expected one ${pattern}`);
    yaml = yaml.replace(pattern, `$1${value}`);
  };
  replace(/^(\s+data_dir:\s*).*$/m, JSON.stringify(dataDir));
  replace(/^(\s+port:\s*)\d+.*$/m, String(port));
  replace(/^(\s+host:\s*)\S+.*$/m, '127.0.0.1');
  writeFileSync(file, yaml);
}

export async function startStack(): Promise<Stack> {
  const home = resolve(process.env.KCK_HOME ?? join(typescriptRoot, '..', '..'));
  const jar = resolve(process.env.KCK_JAR ?? join(typescriptRoot, '..', '..', 'target', 'kck.jar'));
  if (!existsSync(jar)) throw new Error(`no KCK jar at ${jar}: build it with 'mvn -q -DskipTests package' (or set KCK_JAR)`);
  mkdirSync(outputDir, { recursive: true });
  const temp = mkdtempSync(join(tmpdir(), 'kck-e2e-'));
  const [kckPort, appPort] = [await freePort(), await freePort()];
  const config = join(temp, 'kck.yaml');
  try {
    writeConfig(home, join(temp, 'postgres'), kckPort, config);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }

  const kck = new Child('java', ['-jar', jar, 'serve', '--config', config], { cwd: home, log: join(outputDir, 'kck.log') });
  const kckUrl = `http://127.0.0.1:${kckPort}`;
  const dashboard = join(typescriptRoot, 'examples', 'dashboard');
  const vite = join(dirname(createRequire(join(dashboard, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  const env = { ...process.env, KCK_URL: kckUrl, KCK_JAR: jar, KCK_CONFIG: config, KCK_HOME: home };
  const app = new Child(process.execPath, [vite, '--port', String(appPort), '--strictPort', '--host', '127.0.0.1'], {
    cwd: dashboard,
    env,
    log: join(outputDir, 'vite.log'),
  });
  const appUrl = `http://127.0.0.1:${appPort}`;
  const stop = async () => {
    await app.stop(5_000);
    await kck.stop();
    rmSync(temp, { recursive: true, force: true });
  };
  try {
    // The first start of a fresh data dir loads 1,000,000 demo sales: about 20 s, longer on a busy machine.
    await Promise.all([waitForOk(`${kckUrl}/health/ready`, kck, 240_000), waitForOk(appUrl, app, 60_000)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { kckUrl, appUrl, kck, app, stop };
}
