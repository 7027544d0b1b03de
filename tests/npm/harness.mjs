// Shared by the SDK tests: start the fake upstream and `llmp serve` as child processes, wait for
// them, read the ledger with the sqlite3 command-line shell.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as httpCreateServer } from 'node:http';
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

// Reads the ledger rows written since the last call, in order, so each test checks only its own:
// `next(count, keep)` waits until `count` new rows pass `keep` and returns those.
export function ledgerCursor(ledger) {
  let seen = 0;
  return {
    async next(count, keep = () => true) {
      const deadline = Date.now() + 10000;
      for (;;) {
        const all = ledgerRows(ledger, 'select * from requests order by rowid').slice(seen);
        const kept = all.filter(keep);
        if (kept.length >= count) {
          seen += all.length;
          return kept;
        }
        if (Date.now() > deadline) throw new Error(`ledger has ${kept.length} new rows, expected ${count}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    // Run before each test, so rows a failed test left unread are not taken for the next one's.
    skipToEnd() {
      seen = ledgerRows(ledger, 'select id from requests').length;
    },
  };
}

// Runs a command-line client (Claude Code, Codex) to completion with stdin closed and a deadline,
// killing its whole process group when the deadline passes, so a client that waits forever fails
// the test instead of hanging the suite.
export function runClient(command, args, { env, cwd, timeoutMs = 60000 } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

// A scratch directory the test removes itself.
export function scratchDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

// An OpenAI Chat Completions upstream that follows a script, for tool round trips with a tool the
// client really has (Claude Code's Read, Codex's exec_command), which the C++ fake upstream
// cannot name. `reply(body)` returns {tool: {name, arguments}} or {text}. Usage is always 20 in,
// 5 out. Records every request body.
export const SCRIPTED_USAGE = { input: 20, output: 5 };
export function startScriptedUpstream(reply) {
  const requests = [];
  const server = httpCreateServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      let body = null;
      try { body = JSON.parse(raw); } catch { /* recorded as null */ }
      requests.push({ method: req.method, path: req.url, body });
      if (req.method !== 'POST' || !req.url.endsWith('/chat/completions') || !body) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"scripted upstream: chat completions only"}}');
        return;
      }
      const plan = reply(body);
      const message = plan.tool
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_scripted_1', type: 'function', function: { name: plan.tool.name, arguments: JSON.stringify(plan.tool.arguments) } }] }
        : { role: 'assistant', content: plan.text };
      const finish = plan.tool ? 'tool_calls' : 'stop';
      const usage = { prompt_tokens: SCRIPTED_USAGE.input, completion_tokens: SCRIPTED_USAGE.output, total_tokens: SCRIPTED_USAGE.input + SCRIPTED_USAGE.output };
      const head = { id: 'chatcmpl-scripted', created: 1700000000, model: body.model };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...head, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage }));
        return;
      }
      const chunk = (choices, extra = {}) => `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
      if (plan.tool) {
        res.write(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, ...message.tool_calls[0] }] }, finish_reason: null }]));
      } else {
        res.write(chunk([{ index: 0, delta: { content: plan.text }, finish_reason: null }]));
      }
      res.write(chunk([{ index: 0, delta: {}, finish_reason: finish }]));
      res.write(chunk([], { usage }));
      res.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      port: server.address().port,
      requests,
      stop: () => server.close(),
    }));
  });
}

// The text of the tool result a Chat Completions request carries, if any.
export function toolResultIn(body) {
  const tool = (body.messages ?? []).filter((m) => m.role === 'tool').pop();
  if (!tool) return null;
  return typeof tool.content === 'string' ? tool.content : (tool.content ?? []).map((p) => p.text ?? '').join('');
}

// Usage the C++ fake upstream reports per dialect (tests/fake_upstream), in llmp's buckets, and
// the price these tests give its "fake-model": $1 input, $0.50 cached, $1.25 cache write, $2
// output per million tokens, i.e. 1000, 500, 1250 and 2000 nano-dollars per token.
export const FAKE_USAGE = {
  anthropic: { input: 11, cached: 4, write: 2, output: 9 },
  gemini: { input: 24, cached: 6, write: 0, output: 7 },
};
export const fakeCost = (u) => u.input * 1000 + u.cached * 500 + u.write * 1250 + u.output * 2000;
const FAKE_PATHS = { anthropic: '', gemini: '/v1beta', openai: '/v1' };

// Config lines for a provider named after its kind at the fake (or scripted) upstream on `port`,
// with the fake-model price. Name the price once per config: pass `price: false` after the first.
export function upstreamProvider(kind, port, { name = kind, price = true } = {}) {
  return [
    `[providers.${name}]`, `kind = "${kind}"`, `base_url = "http://127.0.0.1:${port}${FAKE_PATHS[kind]}"`, 'api_key = "env:FAKE_KEY"',
    ...(price ? ['[prices."fake-model"]', 'input = 1.0', 'cached_input = 0.5', 'cache_write = 1.25', 'output = 2.0'] : []),
  ];
}
export const UPSTREAM_ENV = { FAKE_KEY: 'fake-secret-key' };

// One ledger row of a call that succeeded: where it came in, who served it, its tokens.
export function expectRow(row, { dialect, endpoint, provider, streamed, input, output }) {
  assert.equal(row.status, 200);
  assert.equal(row.error_class, null);
  assert.equal(row.dialect, dialect);
  if (endpoint) assert.equal(row.endpoint, endpoint);
  assert.equal(row.provider, provider);
  assert.equal(row.streamed, streamed ? 1 : 0);
  assert.deepEqual([row.input_tokens, row.output_tokens], [input, output]);
}

// A row served by the C++ fake `upstream`: every token bucket and the cost as the fake reported.
export function expectFakeRow(row, upstream, { dialect, endpoint, streamed }) {
  const u = FAKE_USAGE[upstream];
  expectRow(row, { dialect, endpoint, provider: upstream, streamed, input: u.input, output: u.output });
  assert.equal(row.upstream_model, 'fake-model');
  assert.deepEqual([row.cached_input_tokens, row.cache_write_tokens], [u.cached, u.write]);
  assert.equal(row.cost_nanousd, fakeCost(u));
}
