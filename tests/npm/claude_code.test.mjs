// Claude Code (`claude -p`, the real npm release) against `llmp serve`: its default model served
// by the mock, a non-Claude model translated to a Gemini upstream (the C++ fake), and a tool round
// trip through an OpenAI upstream that asks for Claude Code's own Read tool. Each run's answer and
// ledger rows are checked. Claude Code sends a system message in the middle of `messages`
// (see fixtures/README.md), which llmp must accept (issue 12, item 1).
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  startFakeUpstream, startLlmp, ledgerCursor, runClient, scratchDir, startScriptedUpstream,
  toolResultIn, SCRIPTED_USAGE, upstreamProvider, UPSTREAM_ENV, expectRow, expectFakeRow,
} from './harness.mjs';

const CLAUDE = join(process.cwd(), 'node_modules', '.bin', 'claude');
const DEFAULT_MODEL = 'claude-opus-4-8'; // claude-code 2.1.197's default (fixtures/claude_code_messages.json)
const MOCK_ANSWER = 'Hello from the mock';
const NOTE = 'the note says llmp-42';

let fake;
let scripted;
let llmp;
let rows;
let home;

before(async () => {
  assert.ok(process.env.LLMP_BINARY && process.env.LLMP_FAKE_UPSTREAM);
  fake = await startFakeUpstream(process.env.LLMP_FAKE_UPSTREAM);
  // Asks for Read on the note when Claude Code offers Read, then reports what the tool returned.
  scripted = await startScriptedUpstream((body) => {
    const result = toolResultIn(body);
    if (result !== null) return { text: `Read returned: ${result}` };
    if ((body.tools ?? []).some((t) => t.function?.name === 'Read'))
      return { tool: { name: 'Read', arguments: { file_path: join(home, 'note.txt') } } };
    return { text: 'no Read tool offered' };
  });
  llmp = await startLlmp(process.env.LLMP_BINARY, [
    '[providers.mock]', 'kind = "mock"', `text = "${MOCK_ANSWER}"`,
    `[models."${DEFAULT_MODEL}"]`, 'targets = ["mock/echo"]',
    ...upstreamProvider('gemini', fake.port),
    ...upstreamProvider('openai', scripted.port, { name: 'scripted', price: false }),
  ], UPSTREAM_ENV);
  rows = ledgerCursor(llmp.ledger);
  home = scratchDir('llmp-claude-');
  writeFileSync(join(home, 'note.txt'), `${NOTE}\n`);
});

beforeEach(() => rows.skipToEnd());

after(() => {
  llmp?.stop();
  fake?.child.kill('SIGTERM');
  scripted?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

function claude(args) {
  return runClient(CLAUDE, ['-p', ...args], {
    cwd: home,
    timeoutMs: 90000,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      ANTHROPIC_BASE_URL: llmp.base,
      ANTHROPIC_API_KEY: 'sk-ant-unused',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
    },
  });
}

// The Messages rows of a run (Claude Code also probes `HEAD /`, which is not a model call).
async function messageRows(count) {
  return rows.next(count, (r) => r.endpoint.startsWith('/v1/messages'));
}

function explain(run) {
  return `exit ${run.code}${run.timedOut ? ' (timed out)' : ''}\nstdout: ${run.stdout}\nstderr: ${run.stderr}\nllmp: ${llmp.stderr()}`;
}

test('claude -p on its default model, served by the mock through an alias', async () => {
  const run = await claude(['Say hello']);
  assert.equal(run.code, 0, explain(run));
  assert.equal(run.stdout.trim(), MOCK_ANSWER);
  const [row] = await messageRows(1);
  assert.equal(row.status, 200);
  assert.equal(row.error_class, null);
  assert.equal(row.dialect, 'anthropic');
  assert.equal(row.requested_model, DEFAULT_MODEL);
  assert.equal(row.provider, 'mock');
  assert.equal(row.upstream_model, 'echo');
  assert.equal(row.streamed, 1);
  assert.equal(row.output_tokens, 4);
  assert.ok(row.input_tokens > 1000, `Claude Code's system prompt is long: ${row.input_tokens}`);
});

test('claude -p --model gemini/fake-model: translated to a Gemini upstream', async () => {
  const run = await claude(['--model', 'gemini/fake-model', 'Hello?']);
  assert.equal(run.code, 0, explain(run));
  assert.equal(run.stdout.trim(), 'Hello from gemini!');
  const [row] = await messageRows(1);
  expectFakeRow(row, 'gemini', { dialect: 'anthropic', streamed: true });
  assert.ok(!llmp.stderr().includes('fake-secret-key'));
});

test('claude -p tool round trip: the upstream asks for Read, the file reaches the second request', async () => {
  const before = scripted.requests.length;
  const run = await claude(['--model', 'scripted/fake-model', 'Read note.txt and tell me what it says']);
  assert.equal(run.code, 0, explain(run));
  assert.match(run.stdout, /Read returned: .*the note says llmp-42/);
  const sent = scripted.requests.slice(before).filter((r) => r.method === 'POST');
  assert.equal(sent.length, 2);
  assert.equal(toolResultIn(sent[0].body), null);
  const call = sent[1].body.messages.find((m) => m.tool_calls);
  assert.equal(call.tool_calls[0].id, 'call_scripted_1');
  assert.equal(call.tool_calls[0].function.name, 'Read');
  const result = sent[1].body.messages.find((m) => m.role === 'tool');
  assert.equal(result.tool_call_id, 'call_scripted_1');
  assert.match(toolResultIn(sent[1].body), /the note says llmp-42/);
  const recorded = await messageRows(2);
  assert.equal(recorded.length, 2);
  for (const row of recorded)
    expectRow(row, { dialect: 'anthropic', provider: 'scripted', streamed: true, input: SCRIPTED_USAGE.input, output: SCRIPTED_USAGE.output });
});
