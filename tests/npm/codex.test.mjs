// OpenAI's Codex CLI (`codex exec`, the real npm release with its native binary) against
// `llmp serve`. Codex speaks only the Responses API (POST /v1/responses, streamed) and first tries
// a WebSocket on the same path (fixtures/README.md): llmp must answer the upgrade with 426 so it
// falls back to HTTP at once. Plain answers on the mock and on a Gemini upstream (the C++ fake),
// and a tool round trip through an OpenAI upstream that asks for Codex's own exec_command.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  startFakeUpstream, startLlmp, ledgerCursor, ledgerRows, runClient, scratchDir, startScriptedUpstream,
  toolResultIn, SCRIPTED_USAGE, upstreamProvider, UPSTREAM_ENV, expectRow, expectFakeRow,
} from './harness.mjs';

const CODEX = join(process.cwd(), 'node_modules', '.bin', 'codex');
const MOCK_ANSWER = 'Hello from the mock';
// codex 0.171.0's default model; for it Codex sends its tools inside an `additional_tools` input
// item instead of `tools` (fixtures/codex_responses_default_model.json).
const DEFAULT_MODEL = 'gpt-6.2-sol';

let fake;
let scripted;
let llmp;
let rows;
let work;

before(async () => {
  assert.ok(process.env.LLMP_BINARY && process.env.LLMP_FAKE_UPSTREAM);
  fake = await startFakeUpstream(process.env.LLMP_FAKE_UPSTREAM);
  scripted = await startScriptedUpstream((body) => {
    const result = toolResultIn(body);
    if (result !== null) return { text: `The command printed ${/tool-ran-\d+/.exec(result)?.[0] ?? 'nothing'}` };
    if ((body.tools ?? []).some((t) => t.function?.name === 'exec_command'))
      return { tool: { name: 'exec_command', arguments: { cmd: 'echo tool-ran-42' } } };
    return { text: 'no exec_command tool offered' };
  });
  llmp = await startLlmp(process.env.LLMP_BINARY, [
    '[providers.mock]', 'kind = "mock"', `text = "${MOCK_ANSWER}"`,
    `[models."${DEFAULT_MODEL}"]`, 'targets = ["mock/echo"]',
    ...upstreamProvider('gemini', fake.port),
    ...upstreamProvider('openai', scripted.port, { name: 'scripted', price: false }),
  ], UPSTREAM_ENV);
  rows = ledgerCursor(llmp.ledger);
  work = scratchDir('llmp-codex-');
});

beforeEach(() => rows.skipToEnd());

after(() => {
  llmp?.stop();
  fake?.child.kill('SIGTERM');
  scripted?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// `codex exec` as a user runs it against llmp: only the base URL is changed. The sandbox is
// bypassed because the tool test runs `echo` and CI containers may lack user namespaces.
async function codex(model, prompt, extra = []) {
  const last = join(work, `last-${Date.now()}.txt`);
  const run = await runClient(CODEX, [
    'exec', '--skip-git-repo-check', '--ephemeral', '--dangerously-bypass-approvals-and-sandbox',
    '-c', `openai_base_url=${llmp.base}/v1`, ...(model ? ['-m', model] : []), '-o', last, ...extra, prompt,
  ], {
    cwd: work,
    timeoutMs: 60000,
    env: { PATH: process.env.PATH, HOME: work, CODEX_HOME: work, OPENAI_API_KEY: 'sk-unused' },
  });
  try { run.answer = readFileSync(last, 'utf8').trim(); } catch { run.answer = null; }
  return run;
}

function explain(run) {
  return `exit ${run.code}${run.timedOut ? ' (timed out)' : ''} after ${run.ms} ms\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-3000)}\nllmp: ${llmp.stderr()}`;
}

// Model calls only: a WebSocket attempt on the same path names no model.
const modelCalls = (r) => r.endpoint === '/v1/responses' && r.requested_model !== null;

test('the WebSocket attempt on /v1/responses is answered 426 at once, and recorded', async () => {
  const status = await new Promise((resolve, reject) => {
    const url = new URL(`${llmp.base}/v1/responses`);
    const req = request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'GET',
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'OpenAI-Beta': 'responses_websockets=2026-02-06',
      },
    });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('upgrade', () => resolve(101));
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 426);
  const [row] = await rows.next(1);
  assert.equal(row.endpoint, '/v1/responses');
  assert.equal(row.status, 426);
});

test('codex exec on the mock: plain answer, one upgrade attempt, one model call', async () => {
  const run = await codex('mock/echo', 'Say hello');
  assert.equal(run.code, 0, explain(run));
  assert.equal(run.answer, MOCK_ANSWER, explain(run));
  const recorded = await rows.next(1, modelCalls);
  assert.equal(recorded.length, 1);
  const [row] = recorded;
  assert.equal(row.status, 200);
  assert.equal(row.error_class, null);
  assert.equal(row.dialect, 'responses');
  assert.equal(row.provider, 'mock');
  assert.equal(row.upstream_model, 'echo');
  assert.equal(row.streamed, 1);
  assert.equal(row.output_tokens, 4);
  assert.ok(row.input_tokens > 100, `Codex's developer prompt is long: ${row.input_tokens}`);
  // One upgrade attempt answered 426 (plus the one of the test above): a 404 would have made
  // Codex retry the WebSocket seven times before falling back.
  const [{ n }] = ledgerRows(llmp.ledger, "select count(*) as n from requests where endpoint = '/v1/responses' and status = 426");
  assert.equal(n, 2);
});

test('codex exec on a translated provider (Gemini)', async () => {
  const run = await codex('gemini/fake-model', 'Hello?');
  assert.equal(run.code, 0, explain(run));
  assert.equal(run.answer, 'Hello from gemini!');
  const [row] = await rows.next(1, modelCalls);
  expectFakeRow(row, 'gemini', { dialect: 'responses', streamed: true });
});

test('codex exec tool round trip: exec_command runs and its output reaches the second request', async () => {
  const before = scripted.requests.length;
  const run = await codex('scripted/fake-model', 'Run the command');
  assert.equal(run.code, 0, explain(run));
  assert.equal(run.answer, 'The command printed tool-ran-42');
  const sent = scripted.requests.slice(before).filter((r) => r.method === 'POST');
  assert.equal(sent.length, 2);
  const call = sent[1].body.messages.find((m) => m.tool_calls);
  assert.equal(call.tool_calls[0].id, 'call_scripted_1');
  assert.equal(call.tool_calls[0].function.name, 'exec_command');
  const result = sent[1].body.messages.find((m) => m.role === 'tool');
  assert.equal(result.tool_call_id, 'call_scripted_1');
  assert.match(toolResultIn(sent[1].body), /tool-ran-42/);
  const recorded = await rows.next(2, modelCalls);
  assert.equal(recorded.length, 2);
  for (const row of recorded)
    expectRow(row, { dialect: 'responses', provider: 'scripted', streamed: true, input: SCRIPTED_USAGE.input, output: SCRIPTED_USAGE.output });
});

test('codex exec with nothing but the base URL: its default model, through an alias to the mock', async () => {
  const run = await codex(null, 'Say hello');
  assert.equal(run.code, 0, explain(run));
  assert.equal(run.answer, MOCK_ANSWER, explain(run));
  const recorded = await rows.next(1, modelCalls);
  assert.equal(recorded.length, 1);
  const [row] = recorded;
  assert.equal(row.status, 200);
  assert.equal(row.dialect, 'responses');
  assert.equal(row.requested_model, DEFAULT_MODEL);
  assert.equal(row.provider, 'mock');
  assert.equal(row.streamed, 1);
  assert.equal(row.output_tokens, 4);
});
