import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (free when asked; taken by whoever binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A child process whose output goes to a log file, stopped by its own pid only. */
export class Child {
  readonly process: ChildProcess;
  readonly log: string;
  #exit: Promise<number | null>;

  constructor(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; log: string }) {
    const fd = openSync(options.log, 'w');
    this.process = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.log = options.log;
    this.#exit = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  /** The last lines of the log, for a failure message. */
  tail(lines = 30): string {
    try {
      return readFileSync(this.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 30_000): Promise<number | null> {
    if (this.exited) return this.process.exitCode;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    const code = await this.#exit;
    clearTimeout(timer);
    return code;
  }
}

/** Polls `url` until it answers 200, the child dies, or `timeoutMs` passes. */
export async function waitForOk(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited) throw new Error(`${url}: the process exited (${child.process.exitCode}):\n${child.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms:\n${child.tail()}`);
}
