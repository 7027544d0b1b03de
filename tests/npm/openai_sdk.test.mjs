// The official `openai` npm client against `llmp serve` on the mock provider.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startLlmp } from './harness.mjs';

let llmp;
let client;

before(async () => {
  assert.ok(process.env.LLMP_BINARY, 'LLMP_BINARY must point at the llmp binary');
  llmp = await startLlmp(process.env.LLMP_BINARY, [
    '[providers.flaky]', 'kind = "mock"', 'error_status = 503', 'error_rate = 1.0',
  ]);
  client = new OpenAI({ apiKey: 'sk-unused', baseURL: `${llmp.base}/v1`, maxRetries: 0 });
});

after(() => llmp?.stop());

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
