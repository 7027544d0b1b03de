// The official `openai` client's Responses API (`responses.create`, `responses.stream`,
// `responses.parse`) against `llmp serve`: plain, streamed, a tool round trip, structured output
// and a follow-up by previous_response_id, on the mock and on an Anthropic upstream (the C++ fake).
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import {
  startFakeUpstream, startLlmp, ledgerCursor, upstreamProvider, UPSTREAM_ENV, FAKE_USAGE, expectRow, expectFakeRow,
} from './harness.mjs';

const ANTHROPIC = FAKE_USAGE.anthropic;

let fake;
let llmp;
let rows;
let client;

before(async () => {
  assert.ok(process.env.LLMP_BINARY && process.env.LLMP_FAKE_UPSTREAM);
  fake = await startFakeUpstream(process.env.LLMP_FAKE_UPSTREAM);
  llmp = await startLlmp(process.env.LLMP_BINARY, upstreamProvider('anthropic', fake.port), UPSTREAM_ENV);
  rows = ledgerCursor(llmp.ledger);
  client = new OpenAI({ apiKey: 'sk-unused', baseURL: `${llmp.base}/v1`, maxRetries: 0 });
});

beforeEach(() => rows.skipToEnd());

after(() => {
  llmp?.stop();
  fake?.child.kill('SIGTERM');
});

const RESPONSES = { dialect: 'responses', endpoint: '/v1/responses' };
const expectMockRow = (row, usage) => expectRow(row, { ...RESPONSES, provider: 'mock', ...usage });
const expectAnthropicRow = (row, streamed) => expectFakeRow(row, 'anthropic', { ...RESPONSES, streamed });

test('responses.create on the mock: a response object with output_text and usage', async () => {
  const response = await client.responses.create({ model: 'mock/echo', input: 'hello responses api' });
  assert.equal(response.object, 'response');
  assert.equal(response.status, 'completed');
  assert.match(response.id, /^resp_/);
  assert.equal(response.output_text, 'hello responses api');
  assert.equal(response.output.length, 1);
  assert.equal(response.output[0].type, 'message');
  assert.match(response.output[0].id, /^msg_/);
  assert.deepEqual(
    [response.usage.input_tokens, response.usage.output_tokens, response.usage.total_tokens], [3, 3, 6]);
  expectMockRow((await rows.next(1))[0], { streamed: false, input: 3, output: 3 });
});

test('responses.create on a translated provider (Anthropic), with instructions', async () => {
  const response = await client.responses.create({
    model: 'anthropic/fake-model', instructions: 'Be brief.', input: 'Hello?',
  });
  assert.equal(response.output_text, 'Hello from anthropic!');
  assert.equal(response.usage.output_tokens, ANTHROPIC.output);
  assert.equal(response.usage.input_tokens, ANTHROPIC.input + ANTHROPIC.cached + ANTHROPIC.write);
  assert.equal(response.usage.input_tokens_details.cached_tokens, ANTHROPIC.cached);
  expectAnthropicRow((await rows.next(1))[0], false);
});

test('responses.stream: typed events in order, finalResponse, on the mock and Anthropic', async () => {
  for (const [model, expected] of [['mock/echo', 'one two three'], ['anthropic/fake-model', 'Hello from anthropic!']]) {
    const stream = client.responses.stream({ model, input: model === 'mock/echo' ? 'one two three' : 'Hello?' });
    const types = [];
    let deltas = '';
    stream.on('event', (event) => { types.push(event.type); });
    stream.on('response.output_text.delta', (event) => { deltas += event.delta; });
    const final = await stream.finalResponse();
    assert.equal(final.output_text, expected);
    assert.equal(deltas, expected);
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    for (const type of ['response.output_item.added', 'response.content_part.added', 'response.output_text.done', 'response.output_item.done'])
      assert.ok(types.includes(type), `${model}: ${type} in ${types.join(', ')}`);
    assert.ok(final.usage.output_tokens > 0);
  }
  const [mockRow, anthropicRow] = await rows.next(2);
  expectMockRow(mockRow, { streamed: true, input: 3, output: 3 });
  expectAnthropicRow(anthropicRow, true);
});

test('responses.create with stream: true yields raw events with rising sequence numbers', async () => {
  const stream = await client.responses.create({ model: 'mock/echo', input: 'raw events here', stream: true });
  const numbers = [];
  let completed = null;
  for await (const event of stream) {
    numbers.push(event.sequence_number);
    if (event.type === 'response.completed') completed = event.response;
  }
  assert.deepEqual(numbers, numbers.map((_, i) => i));
  assert.equal(completed.output[0].content[0].text, 'raw events here');
  assert.equal(completed.usage.input_tokens, 3);
  expectMockRow((await rows.next(1))[0], { streamed: true, input: 3, output: 3 });
});

test('a function tool round trip through Anthropic: function_call, then function_call_output', async () => {
  const tools = [{
    type: 'function', name: 'get_weather', description: 'Current weather', strict: false,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  }];
  const question = { role: 'user', content: 'Weather in Paris? [tool]' };
  const first = await client.responses.create({ model: 'anthropic/fake-model', tools, input: [question] });
  const call = first.output.find((item) => item.type === 'function_call');
  assert.ok(call, JSON.stringify(first.output));
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris' });
  assert.ok(call.call_id);
  const second = await client.responses.create({
    model: 'anthropic/fake-model', tools,
    input: [question, call, { type: 'function_call_output', call_id: call.call_id, output: '18C' }],
  });
  assert.equal(second.output_text, 'The weather is 18C.');
  // Streamed, the call arrives through output_item.done with its arguments.
  const streamed = await client.responses.stream({ model: 'anthropic/fake-model', tools, input: [question] }).finalResponse();
  const streamedCall = streamed.output.find((item) => item.type === 'function_call');
  assert.deepEqual(JSON.parse(streamedCall.arguments), { city: 'Paris' });
  const recorded = await rows.next(3);
  recorded.forEach((row, i) => expectAnthropicRow(row, i === 2));
});

test('structured output: text.format json_schema, parsed by responses.parse', async () => {
  const response = await client.responses.parse({
    model: 'mock/echo',
    input: '{"city":"Paris","celsius":18}',
    text: {
      format: {
        type: 'json_schema', name: 'weather', strict: true,
        schema: {
          type: 'object', additionalProperties: false, required: ['city', 'celsius'],
          properties: { city: { type: 'string' }, celsius: { type: 'number' } },
        },
      },
    },
  });
  assert.deepEqual(response.output_parsed, { city: 'Paris', celsius: 18 });
  assert.equal(response.text.format.type, 'json_schema');
  expectMockRow((await rows.next(1))[0], { streamed: false, input: 1, output: 1 });
});

test('a follow-up by previous_response_id continues the conversation, across providers', async () => {
  const first = await client.responses.create({ model: 'mock/echo', input: 'alpha beta' });
  const second = await client.responses.create({ model: 'mock/echo', input: 'gamma', previous_response_id: first.id });
  assert.equal(second.output_text, 'gamma');
  assert.equal(second.previous_response_id, first.id);
  // alpha beta (2) + the first answer (2) + gamma (1)
  assert.equal(second.usage.input_tokens, 5);
  const third = await client.responses.create({ model: 'anthropic/fake-model', input: 'Hello?', previous_response_id: second.id });
  assert.equal(third.output_text, 'Hello from anthropic!');
  const recorded = await rows.next(3);
  expectMockRow(recorded[1], { streamed: false, input: 5, output: 1 });
  expectAnthropicRow(recorded[2], false);
});

test('an unknown previous_response_id gets OpenAI\'s error, and a row', async () => {
  await assert.rejects(
    client.responses.create({ model: 'mock/echo', input: 'x', previous_response_id: 'resp_nowhere0000000000000000' }),
    (err) => err instanceof OpenAI.BadRequestError && err.status === 400
      && /resp_nowhere0000000000000000/.test(err.message) && /not found/.test(err.message)
      && err.param === 'previous_response_id',
  );
  const [row] = await rows.next(1);
  assert.equal(row.status, 400);
  assert.equal(row.endpoint, '/v1/responses');
});
