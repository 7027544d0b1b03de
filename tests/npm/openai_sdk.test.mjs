// The official `openai` npm client against `llmp serve` on the mock provider.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';

const binary = process.env.LLMP_BINARY;
let child;
let home;
let client;
let stderr = '';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llmp exited early: ${stderr}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`llmp never became ready: ${stderr}`);
}

before(async () => {
  assert.ok(binary, 'LLMP_BINARY must point at the llmp binary');
  home = mkdtempSync(join(tmpdir(), 'llmp-sdk-'));
  const config = join(home, 'config.toml');
  writeFileSync(config, [
    '[ledger]', `path = "${join(home, 'ledger.sqlite')}"`,
    '[providers.flaky]', 'kind = "mock"', 'error_status = 503', 'error_rate = 1.0', '',
  ].join('\n'));
  const port = await freePort();
  child = spawn(binary, ['serve', '--port', String(port), '--config', config], {
    env: { HOME: home, PATH: process.env.PATH },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d) => { stderr += d; });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base);
  client = new OpenAI({ apiKey: 'sk-unused', baseURL: `${base}/v1`, maxRetries: 0 });
});

after(() => {
  child?.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
});

test('plain call', async () => {
  const completion = await client.chat.completions.create({
    model: 'mock/echo',
    messages: [{ role: 'user', content: 'hello sdk' }],
  });
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices[0].message.content, 'hello sdk');
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.equal(completion.usage.prompt_tokens, 2);
  assert.equal(completion.usage.completion_tokens, 2);
});

test('stream with usage', async () => {
  const stream = await client.chat.completions.create({
    model: 'mock/echo',
    messages: [{ role: 'user', content: 'one two three' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    if (chunk.choices.length > 0) text += chunk.choices[0].delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(text, 'one two three');
  assert.equal(chunks, 6); // role, 3 tokens, finish, usage
  assert.deepEqual([usage.prompt_tokens, usage.completion_tokens, usage.total_tokens], [3, 3, 6]);
});

test('stream without usage shows none', async () => {
  const stream = await client.chat.completions.create({
    model: 'mock/echo',
    messages: [{ role: 'user', content: 'quiet' }],
    stream: true,
  });
  for await (const chunk of stream) {
    assert.equal(chunk.usage, undefined);
    assert.equal(chunk.choices.length, 1);
  }
});

test('errors surface as the SDK typed errors with the right status', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'nowhere/x', messages: [{ role: 'user', content: 'x' }] }),
    (err) => err instanceof OpenAI.NotFoundError && err.status === 404
      && /not found; address a model as "provider\/model"/.test(err.message),
  );
  await assert.rejects(
    client.chat.completions.create({ model: 'flaky/x', messages: [{ role: 'user', content: 'x' }] }),
    (err) => err instanceof OpenAI.InternalServerError && err.status === 503
      && /injected error 503/.test(err.message),
  );
  await assert.rejects(
    client.chat.completions.create({ model: 'mock/echo', messages: [] }),
    (err) => err instanceof OpenAI.BadRequestError && err.status === 400,
  );
});
