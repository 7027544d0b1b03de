// LangChain's ChatOpenAI with useResponsesApi (the Responses API) against `llmp serve`: invoke,
// stream, and a tool round trip, on the mock and on an Anthropic upstream (the C++ fake).
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import {
  startFakeUpstream, startLlmp, ledgerCursor, upstreamProvider, UPSTREAM_ENV, expectRow, expectFakeRow,
} from './harness.mjs';

let fake;
let llmp;
let rows;

before(async () => {
  assert.ok(process.env.LLMP_BINARY && process.env.LLMP_FAKE_UPSTREAM);
  fake = await startFakeUpstream(process.env.LLMP_FAKE_UPSTREAM);
  llmp = await startLlmp(process.env.LLMP_BINARY, upstreamProvider('anthropic', fake.port), UPSTREAM_ENV);
  rows = ledgerCursor(llmp.ledger);
});

beforeEach(() => rows.skipToEnd());

after(() => {
  llmp?.stop();
  fake?.child.kill('SIGTERM');
});

const chat = (model) => new ChatOpenAI({
  model, useResponsesApi: true, apiKey: 'sk-unused', maxRetries: 0, configuration: { baseURL: `${llmp.base}/v1` },
});

// LangChain returns Responses output as content blocks; the text is theirs joined.
const textOf = (message) => (typeof message.content === 'string'
  ? message.content
  : message.content.filter((b) => b.type === 'text').map((b) => b.text).join(''));

const RESPONSES = { dialect: 'responses', endpoint: '/v1/responses' };
const expectMockRow = (row, usage) => expectRow(row, { ...RESPONSES, provider: 'mock', ...usage });
const expectAnthropicRow = (row, streamed) => expectFakeRow(row, 'anthropic', { ...RESPONSES, streamed });

test('invoke and stream on the mock', async () => {
  const model = chat('mock/echo');
  const answer = await model.invoke('hello lang chain');
  assert.equal(textOf(answer), 'hello lang chain');
  assert.equal(answer.usage_metadata.input_tokens, 3);
  assert.equal(answer.usage_metadata.output_tokens, 3);
  let streamed = '';
  for await (const chunk of await model.stream('a streamed reply')) streamed += textOf(chunk);
  assert.equal(streamed, 'a streamed reply');
  const [plain, stream] = await rows.next(2);
  expectMockRow(plain, { streamed: false, input: 3, output: 3 });
  expectMockRow(stream, { streamed: true, input: 3, output: 3 });
});

test('invoke and stream on a translated provider (Anthropic)', async () => {
  const model = chat('anthropic/fake-model');
  assert.equal(textOf(await model.invoke('Hello?')), 'Hello from anthropic!');
  let streamed = '';
  for await (const chunk of await model.stream('Hello?')) streamed += textOf(chunk);
  assert.equal(streamed, 'Hello from anthropic!');
  const recorded = await rows.next(2);
  recorded.forEach((row, i) => expectAnthropicRow(row, i === 1));
});

test('a tool round trip through Anthropic with bindTools', async () => {
  const model = chat('anthropic/fake-model').bindTools([{
    type: 'function',
    function: {
      name: 'get_weather', description: 'Current weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  }]);
  const question = new HumanMessage('Weather in Paris? [tool]');
  const first = await model.invoke([question]);
  assert.equal(first.tool_calls.length, 1);
  assert.equal(first.tool_calls[0].name, 'get_weather');
  assert.deepEqual(first.tool_calls[0].args, { city: 'Paris' });
  const second = await model.invoke([question, first, new ToolMessage({ tool_call_id: first.tool_calls[0].id, content: '18C' })]);
  assert.equal(textOf(second), 'The weather is 18C.');
  const recorded = await rows.next(2);
  recorded.forEach((row) => expectAnthropicRow(row, false));
});

// Without useResponsesApi ChatOpenAI speaks Chat Completions: it works today and must keep working.
test('ChatOpenAI without useResponsesApi: invoke and stream over Chat Completions', async () => {
  const model = new ChatOpenAI({ model: 'mock/echo', apiKey: 'sk-unused', maxRetries: 0, configuration: { baseURL: `${llmp.base}/v1` } });
  const answer = await model.invoke('over chat completions');
  assert.equal(textOf(answer), 'over chat completions');
  assert.equal(answer.usage_metadata.output_tokens, 3);
  let streamed = '';
  for await (const chunk of await model.stream('streamed over chat')) streamed += textOf(chunk);
  assert.equal(streamed, 'streamed over chat');
  const recorded = await rows.next(2);
  assert.ok(recorded.every((r) => r.endpoint === '/v1/chat/completions' && r.dialect === 'openai' && r.provider === 'mock' && r.status === 200));
  assert.deepEqual(recorded.map((r) => [r.streamed, r.input_tokens, r.output_tokens]), [[0, 3, 3], [1, 3, 3]]);
});
