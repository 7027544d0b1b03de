// The matrix of issue 3: the official `openai` and `@anthropic-ai/sdk` clients against
// `llmp serve`, each through every upstream dialect (OpenAI, Azure, Anthropic, Gemini, Cohere,
// spoken by llmp_fake_upstream), each plain, streamed (accumulated by the SDK's own stream
// helper) and as a tool round trip; in every cell the ledger's tokens and cost must equal what
// the fake upstream reported and the price table says. Then provider errors as typed errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { execFileSync } from 'node:child_process';
import { startFakeUpstream, startLlmp, waitForRows } from './harness.mjs';

// Usage each fake upstream reports (see tests/fake_upstream/main.cpp), in llmp's buckets.
const USAGE = {
  openai: { input: 15, cached: 5, write: 0, output: 10 },
  azure: { input: 15, cached: 5, write: 0, output: 10 },
  anthropic: { input: 11, cached: 4, write: 2, output: 9 },
  gemini: { input: 24, cached: 6, write: 0, output: 7 },
  cohere: { input: 13, cached: 0, write: 0, output: 8 },
};
// [prices."fake-model"]: $1 input, $0.50 cached, $1.25 cache write, $2 output per million
// tokens, i.e. 1000, 500, 1250 and 2000 nano-dollars per token.
const cost = (u) => u.input * 1000 + u.cached * 500 + u.write * 1250 + u.output * 2000;
const UPSTREAMS = Object.keys(USAGE);
const GREETING = { openai: 'openai', azure: 'openai', anthropic: 'anthropic', gemini: 'gemini', cohere: 'cohere' };

let fake;
let llmp;
let openai;
let anthropic;
let rowsSeen = 0;

before(async () => {
  assert.ok(process.env.LLMP_BINARY && process.env.LLMP_FAKE_UPSTREAM);
  fake = await startFakeUpstream(process.env.LLMP_FAKE_UPSTREAM);
  const at = `http://127.0.0.1:${fake.port}`;
  llmp = await startLlmp(process.env.LLMP_BINARY, [
    '[providers.openai]', 'kind = "openai"', `base_url = "${at}/v1"`, 'api_key = "env:FAKE_KEY"',
    '[providers.azure]', 'kind = "azure"', `base_url = "${at}"`, 'api_key = "env:FAKE_KEY"',
    '[providers.anthropic]', 'kind = "anthropic"', `base_url = "${at}"`, 'api_key = "env:FAKE_KEY"',
    '[providers.gemini]', 'kind = "gemini"', `base_url = "${at}/v1beta"`, 'api_key = "env:FAKE_KEY"',
    '[providers.cohere]', 'kind = "cohere"', `base_url = "${at}"`, 'api_key = "env:FAKE_KEY"',
    '[providers.mistral]', 'kind = "mistral"', `base_url = "${at}/v1"`, 'api_key = "env:FAKE_KEY"',
    '[prices."fake-model"]', 'input = 1.0', 'cached_input = 0.5', 'cache_write = 1.25', 'output = 2.0',
  ], { FAKE_KEY: 'fake-secret-key' });
  openai = new OpenAI({ apiKey: 'unused', baseURL: `${llmp.base}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'unused', baseURL: llmp.base, maxRetries: 0 });
});

after(() => {
  llmp?.stop();
  fake?.child.kill('SIGTERM');
});

// The ledger rows written since the last call, checked against the fake's usage.
async function expectRecorded(upstream, count, { streamed, dialect }) {
  const rows = (await waitForRows(llmp.ledger, rowsSeen + count)).slice(rowsSeen);
  rowsSeen += rows.length;
  assert.equal(rows.length, count);
  const u = USAGE[upstream];
  for (const row of rows) {
    assert.equal(row.status, 200);
    assert.equal(row.error_class, null);
    assert.equal(row.provider, upstream);
    assert.equal(row.upstream_model, 'fake-model');
    assert.equal(row.dialect, dialect);
    assert.equal(row.streamed, streamed ? 1 : 0);
    assert.deepEqual(
      [row.input_tokens, row.cached_input_tokens, row.cache_write_tokens, row.output_tokens],
      [u.input, u.cached, u.write, u.output], `${upstream} tokens`);
    assert.equal(row.cost_nanousd, cost(u), `${upstream} cost`);
  }
  assert.ok(!llmp.stderr().includes('fake-secret-key'), 'the key never reaches a log line');
}

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather',
  schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

for (const upstream of UPSTREAMS) {
  const model = `${upstream}/fake-model`;

  test(`openai sdk → ${upstream}: plain`, async () => {
    const completion = await openai.chat.completions.create({
      model, messages: [{ role: 'user', content: 'Hello?' }],
    });
    assert.equal(completion.choices[0].message.content, `Hello from ${GREETING[upstream]}!`);
    assert.equal(completion.choices[0].finish_reason, 'stop');
    const u = USAGE[upstream];
    assert.equal(completion.usage.prompt_tokens, u.input + u.cached + u.write);
    assert.equal(completion.usage.completion_tokens, u.output);
    await expectRecorded(upstream, 1, { streamed: false, dialect: 'openai' });
  });

  test(`openai sdk → ${upstream}: streamed`, async () => {
    const stream = openai.chat.completions.stream({
      model, messages: [{ role: 'user', content: 'Hello?' }], stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0].message.content, `Hello from ${GREETING[upstream]}!`);
    assert.equal(final.choices[0].finish_reason, 'stop');
    await expectRecorded(upstream, 1, { streamed: true, dialect: 'openai' });
  });

  test(`openai sdk → ${upstream}: tool round trip`, async () => {
    const tools = [{ type: 'function', function: { name: weatherTool.name, description: weatherTool.description, parameters: weatherTool.schema } }];
    const question = { role: 'user', content: 'Weather in Paris? [tool]' };
    const first = await openai.chat.completions.create({ model, messages: [question], tools });
    assert.equal(first.choices[0].finish_reason, 'tool_calls');
    const call = first.choices[0].message.tool_calls[0];
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
    const second = await openai.chat.completions.create({
      model, tools,
      messages: [question, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '18C' }],
    });
    assert.equal(second.choices[0].message.content, 'The weather is 18C.');
    await expectRecorded(upstream, 2, { streamed: false, dialect: 'openai' });
  });

  test(`anthropic sdk → ${upstream}: plain`, async () => {
    const message = await anthropic.messages.create({
      model, max_tokens: 256, messages: [{ role: 'user', content: 'Hello?' }],
    });
    assert.equal(message.content[0].type, 'text');
    assert.equal(message.content[0].text, `Hello from ${GREETING[upstream]}!`);
    assert.equal(message.stop_reason, 'end_turn');
    const u = USAGE[upstream];
    assert.deepEqual(
      [message.usage.input_tokens, message.usage.cache_read_input_tokens, message.usage.cache_creation_input_tokens, message.usage.output_tokens],
      [u.input, u.cached, u.write, u.output]);
    await expectRecorded(upstream, 1, { streamed: false, dialect: 'anthropic' });
  });

  test(`anthropic sdk → ${upstream}: streamed`, async () => {
    const stream = anthropic.messages.stream({
      model, max_tokens: 256, messages: [{ role: 'user', content: 'Hello?' }],
    });
    const final = await stream.finalMessage();
    assert.equal(final.content[0].text, `Hello from ${GREETING[upstream]}!`);
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.usage.output_tokens, USAGE[upstream].output);
    await expectRecorded(upstream, 1, { streamed: true, dialect: 'anthropic' });
  });

  test(`anthropic sdk → ${upstream}: tool round trip`, async () => {
    const tools = [{ name: weatherTool.name, description: weatherTool.description, input_schema: weatherTool.schema }];
    const question = { role: 'user', content: 'Weather in Paris? [tool]' };
    const first = await anthropic.messages.create({ model, max_tokens: 256, tools, messages: [question] });
    assert.equal(first.stop_reason, 'tool_use');
    const use = first.content.find((block) => block.type === 'tool_use');
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { city: 'Paris' });
    const second = await anthropic.messages.create({
      model, max_tokens: 256, tools,
      messages: [question, { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18C' }] }],
    });
    assert.equal(second.content[0].text, 'The weather is 18C.');
    await expectRecorded(upstream, 2, { streamed: false, dialect: 'anthropic' });
  });
}

for (const upstream of UPSTREAMS) {
  const model = `${upstream}/fake-model`;
  test(`provider errors from ${upstream} surface as typed SDK errors`, async () => {
    const ask = (text) => ({ role: 'user', content: text });
    await assert.rejects(openai.chat.completions.create({ model, messages: [ask('[429]')] }),
      (err) => err instanceof OpenAI.RateLimitError && err.status === 429 && err.headers.get('retry-after') === '7');
    await assert.rejects(anthropic.messages.create({ model, max_tokens: 10, messages: [ask('[429]')] }),
      (err) => err instanceof Anthropic.RateLimitError && err.status === 429 && err.headers.get('retry-after') === '7');
    await assert.rejects(openai.chat.completions.create({ model, messages: [ask('[529]')] }),
      (err) => err instanceof OpenAI.InternalServerError && err.status === 503);
    await assert.rejects(anthropic.messages.create({ model, max_tokens: 10, messages: [ask('[529]')] }),
      (err) => err instanceof Anthropic.APIError && err.status === 529 && err.error?.error?.type === 'overloaded_error');
    await assert.rejects(openai.chat.completions.create({ model, messages: [ask('[500]')] }),
      (err) => err instanceof OpenAI.InternalServerError && err.status === 500);
    const rows = await waitForRows(llmp.ledger, rowsSeen + 5);
    rowsSeen = rows.length;
    assert.deepEqual(rows.slice(-5).map((r) => [r.status, r.error_class]),
      [[429, 'upstream_error'], [429, 'upstream_error'], [503, 'upstream_error'], [529, 'upstream_error'], [500, 'upstream_error']]);
  });
}

test('bad input gets a 400 in each dialect, naming the field', async () => {
  await assert.rejects(anthropic.messages.create({ model: 'openai/fake-model', messages: [{ role: 'user', content: 'x' }] }),
    (err) => err instanceof Anthropic.BadRequestError && /max_tokens/.test(err.message)
      && err.error?.type === 'error' && err.error?.error?.type === 'invalid_request_error');
  await assert.rejects(anthropic.messages.create({
    model: 'openai/fake-model', max_tokens: 10,
    messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_nowhere', content: 'x' }] }],
  }), (err) => err instanceof Anthropic.BadRequestError && /tool_use_id/.test(err.message));
  await assert.rejects(openai.chat.completions.create({
    model: 'anthropic/fake-model', messages: [{ role: 'tool', tool_call_id: 'call_nowhere', content: 'x' }],
  }), (err) => err instanceof OpenAI.BadRequestError && /tool_call_id/.test(err.message));
  await assert.rejects(openai.chat.completions.create({
    model: 'gemini/fake-model',
    messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
  }), (err) => err instanceof OpenAI.BadRequestError && /messages\[0\]\.content\[0\]/.test(err.message));
  await assert.rejects(openai.chat.completions.create({ model: 'cohere/fake-model', messages: 'hello' }),
    (err) => err instanceof OpenAI.BadRequestError && /messages/.test(err.message));
  await assert.rejects(anthropic.messages.create({ model: 'gemini/fake-model', max_tokens: 'ten', messages: [{ role: 'user', content: 'x' }] }),
    (err) => err instanceof Anthropic.BadRequestError && /max_tokens/.test(err.message));
  await assert.rejects(anthropic.messages.create({
    model: 'gemini/fake-model', max_tokens: 10,
    messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }] }],
  }), (err) => err instanceof Anthropic.BadRequestError && /messages\[0\]\.content\[0\]/.test(err.message)
    && /Gemini/.test(err.message));
  const rows = await waitForRows(llmp.ledger, rowsSeen + 7);
  rowsSeen = rows.length;
  assert.deepEqual(rows.slice(-7).map((r) => r.status), [400, 400, 400, 400, 400, 400, 400]);
});

// What llmp sent upstream, from the fake's request log.
async function upstreamRequests(fn) {
  const at = `http://127.0.0.1:${fake.port}`;
  await fetch(`${at}/_reset`, { method: 'POST' });
  await fn();
  return (await fetch(`${at}/_requests`)).json();
}

test('each kind is called at its path with its authentication', async () => {
  const hello = [{ role: 'user', content: 'Hello?' }];
  const seen = await upstreamRequests(async () => {
    for (const upstream of UPSTREAMS)
      await openai.chat.completions.create({ model: `${upstream}/fake-model`, messages: hello });
  });
  const [o, az, an, g, co] = seen;
  assert.equal(o.path, '/v1/chat/completions');
  assert.equal(o.headers.authorization, 'Bearer fake-secret-key');
  assert.equal(az.path, '/openai/deployments/fake-model/chat/completions?api-version=2024-10-21');
  assert.equal(az.headers['api-key'], 'fake-secret-key');
  assert.equal(az.headers.authorization, undefined);
  assert.equal(an.path, '/v1/messages');
  assert.equal(an.headers['x-api-key'], 'fake-secret-key');
  assert.equal(an.headers['anthropic-version'], '2023-06-01');
  assert.equal(g.path, '/v1beta/models/fake-model:generateContent');
  assert.equal(g.headers['x-goog-api-key'], 'fake-secret-key');
  assert.equal(co.path, '/v2/chat');
  assert.equal(co.headers.authorization, 'Bearer fake-secret-key');
  rowsSeen = (await waitForRows(llmp.ledger, rowsSeen + 5)).length;
});

test('a translated stream asks an OpenAI upstream for usage; same-dialect keeps unknown fields', async () => {
  const seen = await upstreamRequests(async () => {
    await anthropic.messages.stream({ model: 'openai/fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'Hello?' }] }).finalMessage();
    await openai.chat.completions.create({ model: 'openai/fake-model', messages: [{ role: 'user', content: 'Hello?' }], x_vendor_flag: 'kept' });
    await anthropic.messages.create({ model: 'anthropic/fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'Hello?' }], x_vendor_flag: 'kept' });
  });
  assert.equal(seen[0].body.stream, true);
  assert.deepEqual(seen[0].body.stream_options, { include_usage: true });
  assert.equal(seen[0].body.model, 'fake-model');
  assert.equal(seen[0].body.max_completion_tokens, 64); // OpenAI's reasoning models refuse max_tokens
  assert.equal(seen[0].body.max_tokens, undefined);
  assert.equal(seen[1].body.x_vendor_flag, 'kept');
  assert.equal(seen[2].body.x_vendor_flag, 'kept');
  rowsSeen = (await waitForRows(llmp.ledger, rowsSeen + 3)).length;
});

test('mistral gets 9-character tool-call ids, the call and its result still matching', async () => {
  const seen = await upstreamRequests(async () => {
    await openai.chat.completions.create({
      model: 'mistral/fake-model',
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc_from_openai', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_abc_from_openai', content: '18C' },
      ],
    });
  });
  const sent = seen[0].body.messages;
  const id = sent[1].tool_calls[0].id;
  assert.match(id, /^[a-zA-Z0-9]{9}$/);
  assert.equal(sent[2].tool_call_id, id);
  rowsSeen = (await waitForRows(llmp.ledger, rowsSeen + 1)).length;
});

test('malformed upstream JSON is a 502 in the client dialect, never a crash', async () => {
  for (const upstream of UPSTREAMS) {
    const model = `${upstream}/fake-model`;
    await assert.rejects(openai.chat.completions.create({ model, messages: [{ role: 'user', content: '[badjson]' }] }),
      (err) => err instanceof OpenAI.APIError && err.status === 502, `openai client, ${upstream}`);
    await assert.rejects(anthropic.messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: '[badjson]' }] }),
      (err) => err instanceof Anthropic.APIError && err.status === 502, `anthropic client, ${upstream}`);
  }
  const rows = await waitForRows(llmp.ledger, rowsSeen + 2 * UPSTREAMS.length);
  rowsSeen = rows.length;
  assert.ok(rows.slice(-2 * UPSTREAMS.length).every((r) => r.status === 502 && r.error_class === 'upstream_error'));
});

test('an error in the middle of a stream reaches the SDK as an error and is recorded', async () => {
  for (const upstream of UPSTREAMS) {
    const model = `${upstream}/fake-model`;
    const ask = [{ role: 'user', content: '[midstream]' }];
    await assert.rejects(openai.chat.completions.stream({ model, messages: ask }).finalChatCompletion(),
      (err) => err instanceof Error, `openai client, ${upstream}`);
    await assert.rejects(anthropic.messages.stream({ model, max_tokens: 10, messages: ask }).finalMessage(),
      (err) => err instanceof Error, `anthropic client, ${upstream}`);
  }
  const rows = await waitForRows(llmp.ledger, rowsSeen + 2 * UPSTREAMS.length);
  rowsSeen = rows.length;
  for (const row of rows.slice(-2 * UPSTREAMS.length)) {
    assert.equal(row.streamed, 1);
    assert.equal(row.error_class, 'upstream_error', `${row.dialect} → ${row.provider}`);
  }
});

test('embeddings: OpenAI-compatible upstreams with usage and cost, Gemini translated', async () => {
  const viaOpenai = await openai.embeddings.create({ model: 'openai/fake-model', input: ['one', 'two'], encoding_format: 'float' });
  assert.equal(viaOpenai.data.length, 2);
  assert.ok(viaOpenai.data[0].embedding.length > 0);
  const viaGemini = await openai.embeddings.create({ model: 'gemini/fake-model', input: ['one', 'two'], encoding_format: 'float' });
  assert.equal(viaGemini.data.length, 2);
  assert.equal(viaGemini.data[1].index, 1);
  assert.ok(viaGemini.data[1].embedding.length > 0);
  const rows = (await waitForRows(llmp.ledger, rowsSeen + 2)).slice(rowsSeen);
  rowsSeen += rows.length;
  assert.equal(rows[0].endpoint, '/v1/embeddings');
  assert.equal(rows[0].input_tokens, viaOpenai.usage.prompt_tokens);
  assert.equal(rows[0].cost_nanousd, viaOpenai.usage.prompt_tokens * 1000);
  assert.equal(rows[1].provider, 'gemini');
  assert.equal(rows[1].input_tokens, null); // Gemini reports no usage: unknown, not zero
  assert.equal(rows[1].cost_nanousd, null);
});

test('llmp models lists what each provider\'s models endpoint offers, with prices', () => {
  const out = execFileSync(process.env.LLMP_BINARY, ['models', '--json', '-c', llmp.config], {
    encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, FAKE_KEY: 'fake-secret-key' },
  });
  const models = JSON.parse(out);
  const names = models.map((m) => m.model);
  assert.ok(names.includes('openai/gpt-4o-mini'));
  assert.ok(names.includes('anthropic/claude-sonnet-4-5'));
  assert.ok(names.some((n) => n.startsWith('gemini/')));
  const mini = models.find((m) => m.model === 'openai/gpt-4o-mini');
  assert.equal(mini.source, 'api');
  assert.deepEqual(mini.price_usd_per_million, { input: 0.15, cached_input: 0.075, cache_write: 0.15, output: 0.6 });
});

test('count_tokens: forwarded to an Anthropic upstream, estimated for the others', async () => {
  const messages = [{ role: 'user', content: 'How many tokens is this?' }]; // 24 characters
  const forwarded = await anthropic.messages.countTokens({ model: 'anthropic/fake-model', messages });
  assert.equal(forwarded.input_tokens, 17); // what the fake Anthropic upstream counts
  const estimated = await anthropic.messages.countTokens({ model: 'gemini/fake-model', messages });
  assert.equal(estimated.input_tokens, 6); // one token per 4 characters, rounded up
});
