// The official `openai` client's embeddings with its DEFAULT encoding (it asks for base64 and
// decodes without checking: llmp must answer base64 of little-endian float32), on the mock and
// through OpenAI-compatible and Gemini fake upstreams; and models.retrieve with a slash id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeUpstream, startLlmp, waitForRows } from './harness.mjs';

let fake;
let llmp;
let client;
let rowsSeen = 0;

before(async () => {
  assert.ok(process.env.LLMP_BINARY && process.env.LLMP_FAKE_UPSTREAM);
  fake = await startFakeUpstream(process.env.LLMP_FAKE_UPSTREAM);
  const at = `http://127.0.0.1:${fake.port}`;
  llmp = await startLlmp(process.env.LLMP_BINARY, [
    '[providers.mock]', 'kind = "mock"',
    '[providers.openai]', 'kind = "openai"', `base_url = "${at}/v1"`, 'api_key = "env:FAKE_KEY"',
    '[providers.gemini]', 'kind = "gemini"', `base_url = "${at}/v1beta"`, 'api_key = "env:FAKE_KEY"',
  ], { FAKE_KEY: 'fake-secret-key' });
  client = new OpenAI({ apiKey: 'unused', baseURL: `${llmp.base}/v1`, maxRetries: 0 });
});

after(() => {
  llmp?.stop();
  fake?.child.kill('SIGTERM');
});

async function newRows(count) {
  const rows = (await waitForRows(llmp.ledger, rowsSeen + count)).slice(rowsSeen);
  rowsSeen += rows.length;
  return rows;
}

test('embeddings on the mock: the default (base64) encoding gives the float answer', async () => {
  const byDefault = await client.embeddings.create({ model: 'mock/echo', input: 'hello embeddings' });
  const asFloats = await client.embeddings.create({ model: 'mock/echo', input: 'hello embeddings', encoding_format: 'float' });
  assert.equal(byDefault.data[0].embedding.length, 8);
  assert.deepEqual(byDefault.data[0].embedding, asFloats.data[0].embedding);
  assert.ok(byDefault.data[0].embedding.every((v) => v >= -1 && v < 1));
  const shorter = await client.embeddings.create({ model: 'mock/echo', input: ['a', 'b c'], dimensions: 3 });
  assert.deepEqual(shorter.data.map((d) => d.embedding.length), [3, 3]);
  assert.deepEqual(shorter.data[0].embedding, (await client.embeddings.create({ model: 'mock/echo', input: 'a', dimensions: 3 })).data[0].embedding);

  const rows = await newRows(4);
  assert.equal(rows[0].endpoint, '/v1/embeddings');
  assert.equal(rows[0].provider, 'mock');
  assert.equal(rows[0].status, 200);
  assert.equal(rows[0].input_tokens, 2);
});

test('embeddings through fake upstreams: the default encoding gives the upstream\'s vector', async () => {
  // The fake upstreams' vectors (tests/fake_upstream): OpenAI ((i+1)*10+d)/100, Gemini ((i+1)*5+d)/100.
  const f32 = (xs) => xs.map(Math.fround);
  const viaOpenai = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'hi' });
  assert.deepEqual(viaOpenai.data[0].embedding, f32([0.1, 0.11, 0.12, 0.13]));
  const viaGemini = await client.embeddings.create({ model: 'gemini/text-embedding-004', input: ['x', 'y'] });
  assert.deepEqual(viaGemini.data[0].embedding, f32([0.05, 0.06, 0.07, 0.08]));
  assert.deepEqual(viaGemini.data[1].embedding, f32([0.10, 0.11, 0.12, 0.13]));
  const shortOpenai = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'hi', dimensions: 2 });
  assert.deepEqual(shortOpenai.data[0].embedding, f32([0.1, 0.11]));
  const shortGemini = await client.embeddings.create({ model: 'gemini/text-embedding-004', input: 'x', dimensions: 3 });
  assert.deepEqual(shortGemini.data[0].embedding, f32([0.05, 0.06, 0.07]));

  const rows = await newRows(4);
  assert.deepEqual(rows.map((r) => [r.provider, r.status, r.endpoint]), [
    ['openai', 200, '/v1/embeddings'], ['gemini', 200, '/v1/embeddings'],
    ['openai', 200, '/v1/embeddings'], ['gemini', 200, '/v1/embeddings'],
  ]);
});

test('models.retrieve with a slash in the id, models.list, and a typed 404', async () => {
  const model = await client.models.retrieve('mock/echo');
  assert.equal(model.id, 'mock/echo');
  assert.equal(model.object, 'model');
  assert.equal(model.owned_by, 'mock');
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes('mock/echo'), ids.join(','));
  await assert.rejects(client.models.retrieve('nobody/model'), (e) => e instanceof OpenAI.NotFoundError);
});
