#!/usr/bin/env node
// `npm run check-built`: the console assets committed in src/main/resources/admin/ (which `mvn package`
// puts in the jar, so a machine without Node still ships the console) must be exactly what the sources
// build to. Builds into a temporary folder and compares every file; exits 1 on any difference.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = fileURLToPath(new URL('..', import.meta.url));
const committed = fileURLToPath(new URL('../../src/main/resources/admin', import.meta.url));

async function files(dir) {
  const out = new Map();
  async function walk(current) {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else {
        out.set(relative(dir, path), await readFile(path));
      }
    }
  }
  await walk(dir);
  return out;
}

function uncommitted() {
  try {
    const status = execFileSync('git', ['status', '--porcelain', '--', committed], { cwd: consoleDir, encoding: 'utf8' });
    return status.split('\n').filter((line) => line.trim() !== '');
  } catch {
    return []; // not a git checkout (a source tarball): the byte comparison below still applies
  }
}

const out = await mkdtemp(join(tmpdir(), 'kck-console-'));
try {
  process.env.CONSOLE_OUT_DIR = out;
  const { build } = await import('vite');
  await build({ configFile: join(consoleDir, 'vite.config.ts'), root: consoleDir, logLevel: 'warn' });
  const [built, present] = await Promise.all([files(out), files(committed)]);
  const problems = [];
  for (const [name, bytes] of built) {
    const other = present.get(name);
    if (other === undefined) {
      problems.push(`missing from src/main/resources/admin: ${name}`);
    } else if (!other.equals(bytes)) {
      problems.push(`differs: ${name}`);
    }
  }
  for (const name of present.keys()) {
    if (!built.has(name)) {
      problems.push(`not built from the sources (stale?): ${name}`);
    }
  }
  for (const line of uncommitted()) {
    problems.push(`not committed: ${line}`);
  }
  if (problems.length > 0) {
    console.error('The committed console assets are not what the sources build to:');
    for (const problem of problems) {
      console.error(`  ${problem}`);
    }
    console.error('Run `npm run build` in console/ and commit src/main/resources/admin/.');
    process.exitCode = 1;
  } else {
    console.log(`check-built: src/main/resources/admin/ matches the sources (${built.size} files).`);
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
