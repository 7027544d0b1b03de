// The Vercel AI SDK's default OpenAI provider (`openai(model)` speaks the Responses API) against
// `llmp serve`: generateText, streamText, tools, generateObject, and a follow-up turn that the
// SDK sends as an `item_reference` to llmp's earlier answer (its default, store: true). On the
// mock (which echoes, so usage is exact) and on an Anthropic upstream (the C++ fake).
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText, generateObject, tool, stepCountIs } from 'ai';
import { z } from 'zod';
import {
  startFakeUpstream, startLlmp, ledgerCursor, upstreamProvider, UPSTREAM_ENV, FAKE_USAGE, fakeCost, expectRow,
  expectFakeRow,
} from './harness.mjs';

const ANTHROPIC = FAKE_USAGE.anthropic;

let fake;
let llmp;
let rows;
let openai;

before(async () => {
  assert.ok(process.env.LLMP_BINARY && process.env.LLMP_FAKE_UPSTREAM);
  fake = await startFakeUpstream(process.env.LLMP_FAKE_UPSTREAM);
  llmp = await startLlmp(process.env.LLMP_BINARY, upstreamProvider('anthropic', fake.port), UPSTREAM_ENV);
  rows = ledgerCursor(llmp.ledger);
  openai = createOpenAI({ baseURL: `${llmp.base}/v1`, apiKey: 'sk-unused' });
});

beforeEach(() => rows.skipToEnd());

after(() => {
  llmp?.stop();
  fake?.child.kill('SIGTERM');
});

const RESPONSES = { dialect: 'responses', endpoint: '/v1/responses' };
const expectMockRow = (row, usage) => expectRow(row, { ...RESPONSES, provider: 'mock', ...usage });
const expectAnthropicRow = (row, streamed) => expectFakeRow(row, 'anthropic', { ...RESPONSES, streamed });

test('generateText on the mock', async () => {
  const result = await generateText({ model: openai('mock/echo'), prompt: 'one two three' });
  assert.equal(result.text, 'one two three');
  assert.equal(result.finishReason, 'stop');
  assert.equal(result.usage.inputTokens, 3);
  assert.equal(result.usage.outputTokens, 3);
  assert.match(result.response.id, /^resp_/);
  const [row] = await rows.next(1);
  expectMockRow(row, { streamed: false, input: 3, output: 3 });
  assert.equal(row.requested_model, 'mock/echo');
});

test('generateText with a system prompt on a translated provider (Anthropic)', async () => {
  const result = await generateText({ model: openai('anthropic/fake-model'), system: 'Be brief.', prompt: 'Hello?' });
  assert.equal(result.text, 'Hello from anthropic!');
  assert.equal(result.finishReason, 'stop');
  assert.equal(result.usage.outputTokens, ANTHROPIC.output);
  assert.equal(result.usage.inputTokens, ANTHROPIC.input + ANTHROPIC.cached + ANTHROPIC.write);
  expectAnthropicRow((await rows.next(1))[0], false);
});

test('streamText on the mock and on Anthropic', async () => {
  const onMock = streamText({ model: openai('mock/echo'), prompt: 'stream these four words' });
  let text = '';
  for await (const delta of onMock.textStream) text += delta;
  assert.equal(text, 'stream these four words');
  assert.equal((await onMock.usage).outputTokens, 4);
  assert.equal(await onMock.finishReason, 'stop');
  const onAnthropic = streamText({ model: openai('anthropic/fake-model'), prompt: 'Hello?' });
  let translated = '';
  for await (const delta of onAnthropic.textStream) translated += delta;
  assert.equal(translated, 'Hello from anthropic!');
  assert.equal((await onAnthropic.usage).outputTokens, ANTHROPIC.output);
  const [mockRow, anthropicRow] = await rows.next(2);
  expectMockRow(mockRow, { streamed: true, input: 4, output: 4 });
  expectAnthropicRow(anthropicRow, true);
});

test('tools: a function tool round trip through Anthropic, generateText and streamText', async () => {
  const calls = [];
  const tools = {
    get_weather: tool({
      description: 'Current weather',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => { calls.push(city); return '18C'; },
    }),
  };
  const result = await generateText({
    model: openai('anthropic/fake-model'), tools, stopWhen: stepCountIs(3), prompt: 'Weather in Paris? [tool]',
  });
  assert.deepEqual(calls, ['Paris']);
  assert.equal(result.steps.length, 2);
  assert.equal(result.steps[0].finishReason, 'tool-calls');
  assert.equal(result.text, 'The weather is 18C.');
  const streamed = streamText({
    model: openai('anthropic/fake-model'), tools, stopWhen: stepCountIs(3), prompt: 'Weather in Paris? [tool]',
  });
  assert.equal(await streamed.text, 'The weather is 18C.');
  assert.deepEqual(calls, ['Paris', 'Paris']);
  const recorded = await rows.next(4);
  assert.equal(recorded.length, 4);
  recorded.forEach((row, i) => expectAnthropicRow(row, i >= 2));
});

test('generateObject: the JSON schema goes out as text.format and the answer parses', async () => {
  // The mock echoes the prompt, so a prompt that is the object comes back as the answer.
  const result = await generateObject({
    model: openai('mock/echo'),
    schema: z.object({ name: z.string(), age: z.number() }),
    prompt: '{"name":"Ada","age":36}',
  });
  assert.deepEqual(result.object, { name: 'Ada', age: 36 });
  const [row] = await rows.next(1);
  expectMockRow(row, { streamed: false, input: 1, output: 1 });
});

test('a follow-up turn: the SDK refers to llmp\'s earlier answer by item_reference', async () => {
  const first = await generateText({ model: openai('mock/echo'), prompt: 'alpha beta' });
  assert.equal(first.text, 'alpha beta');
  // response.messages carries the answer's item id; the SDK sends it as an item_reference.
  const second = await generateText({
    model: openai('mock/echo'),
    messages: [{ role: 'user', content: 'alpha beta' }, ...first.response.messages, { role: 'user', content: 'gamma' }],
  });
  assert.equal(second.text, 'gamma');
  // alpha beta (2) + the referenced answer (2) + gamma (1): the reference was resolved.
  assert.equal(second.usage.inputTokens, 5);
  const [, row] = await rows.next(2);
  expectMockRow(row, { streamed: false, input: 5, output: 1 });
});

test('a follow-up through a translated provider resolves the reference too', async () => {
  const first = await generateText({ model: openai('anthropic/fake-model'), prompt: 'Hello?' });
  const second = await generateText({
    model: openai('mock/echo'),
    messages: [{ role: 'user', content: 'Hello?' }, ...first.response.messages, { role: 'user', content: 'and you' }],
  });
  // Hello? (1) + "Hello from anthropic!" (3) + and you (2), served by another provider.
  assert.equal(second.usage.inputTokens, 6);
  const [, row] = await rows.next(2);
  expectMockRow(row, { streamed: false, input: 6, output: 2 });
});

// The SDK's other OpenAI model, `openai.chat(model)`, speaks Chat Completions: it works today and
// must keep working next to the Responses one.
test('openai.chat(model): generateText, streamText and a tool round trip over Chat Completions', async () => {
  const plain = await generateText({ model: openai.chat('mock/echo'), prompt: 'chat path here' });
  assert.equal(plain.text, 'chat path here');
  assert.equal(plain.usage.inputTokens, 3);
  const streamed = streamText({ model: openai.chat('anthropic/fake-model'), prompt: 'Hello?' });
  assert.equal(await streamed.text, 'Hello from anthropic!');
  const withTool = await generateText({
    model: openai.chat('anthropic/fake-model'), stopWhen: stepCountIs(3), prompt: 'Weather in Paris? [tool]',
    tools: { get_weather: tool({ description: 'Current weather', inputSchema: z.object({ city: z.string() }), execute: async () => '18C' }) },
  });
  assert.equal(withTool.text, 'The weather is 18C.');
  const recorded = await rows.next(4);
  assert.equal(recorded.length, 4);
  assert.ok(recorded.every((r) => r.endpoint === '/v1/chat/completions' && r.dialect === 'openai' && r.status === 200));
  assert.deepEqual(recorded.map((r) => [r.provider, r.streamed]), [['mock', 0], ['anthropic', 1], ['anthropic', 0], ['anthropic', 0]]);
  assert.deepEqual([recorded[0].input_tokens, recorded[0].output_tokens], [3, 3]);
  assert.equal(recorded[1].cost_nanousd, fakeCost(ANTHROPIC));
});
