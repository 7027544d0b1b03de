// Shared by the SDK tests: start the fake upstream and `llmp serve` as child processes, wait for
// them, read the ledger with the sqlite3 command-line shell.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The fake upstream prints "port=N" once it listens.
export function startFakeUpstream(binary) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.on('exit', (code) => reject(new Error(`fake upstream exited with ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const match = /port=(\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
  });
}

// Starts llmp serve on `configLines` (the ledger path is added) in a scratch HOME.
// A sanitizer build of llmp (README "Development") reports through these.
function sanitizerOptions() {
  const names = ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'TSAN_OPTIONS'];
  return Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]]));
}

export async function startLlmp(binary, configLines, env = {}) {
  const home = mkdtempSync(join(tmpdir(), 'llmp-sdk-'));
  const ledger = join(home, 'ledger.sqlite');
  const config = join(home, 'config.toml');
  writeFileSync(config, ['[ledger]', `path = "${ledger}"`, ...configLines, ''].join('\n'));
  const port = await freePort();
  let stderr = '';
  const child = spawn(binary, ['serve', '--port', String(port), '--config', config], {
    env: { HOME: home, PATH: process.env.PATH, ...sanitizerOptions(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d) => { stderr += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llmp exited early: ${stderr}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`llmp never became ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    base,
    ledger,
    config,
    stderr: () => stderr,
    stop() {
      child.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export function ledgerRows(ledger, sql) {
  const out = execFileSync('sqlite3', ['-json', ledger, sql], { encoding: 'utf8' });
  return out.trim() === '' ? [] : JSON.parse(out);
}

// Rows appear within the writer's batch window: wait until there are `count`.
export async function waitForRows(ledger, count) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const rows = ledgerRows(ledger, 'select * from requests order by rowid');
    if (rows.length >= count) return rows;
    if (Date.now() > deadline) throw new Error(`ledger has ${rows.length} rows, expected ${count}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
