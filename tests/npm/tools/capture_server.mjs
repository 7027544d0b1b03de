// Capture server: records every request (auth values dropped) to $CAPTURE_OUT (jsonl) and answers
// minimally in Anthropic Messages or OpenAI Responses/Chat shape. TOOL='{"name":..,"input":{..}}'
// makes the first turn (no tool result in the request) a tool call.
import http from 'node:http';
import { appendFileSync } from 'node:fs';
const out = process.env.CAPTURE_OUT || '/tmp/cap/capture.jsonl';
const wsStatus = Number(process.env.WS_STATUS || 426);
const tool = process.env.TOOL ? JSON.parse(process.env.TOOL) : null;
const secret = /^(authorization|x-api-key|api-key|x-goog-api-key|cookie)$/i;
let n = 0;
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (d) => { raw += d; });
  req.on('end', () => {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = secret.test(k) ? '<redacted>' : v;
    let body = raw;
    try { body = raw ? JSON.parse(raw) : null; } catch {}
    appendFileSync(out, JSON.stringify({ seq: n++, method: req.method, path: req.url, headers, body }) + '\n');
    const path = req.url.split('?')[0];
    if (req.headers.upgrade) { res.writeHead(wsStatus, { 'content-type': 'application/json' }); return res.end('{"error":{"message":"no websocket"}}'); }
    if (req.method === 'HEAD') { res.writeHead(200); return res.end(); }
    if (path.endsWith('/count_tokens')) return json(res, { input_tokens: 10 });
    if (path.endsWith('/messages')) return anthropic(res, body);
    if (path.endsWith('/responses')) return responses(res, body);
    if (path.endsWith('/chat/completions')) return chat(res, body);
    if (path.endsWith('/models')) return json(res, { object: 'list', data: [] });
    res.writeHead(404, { 'content-type': 'application/json' }); res.end('{"error":{"message":"not captured"}}');
  });
});
function json(res, v) { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(v)); }
function sse(res, events) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const [type, data] of events) res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  res.end();
}
const hasResult = (b) => JSON.stringify(b ?? '').match(/tool_result|function_call_output|"role":"tool"/);
function anthropic(res, b) {
  const useTool = tool && !hasResult(b);
  const content = useTool ? [{ type: 'tool_use', id: 'toolu_1', name: tool.name, input: tool.input }] : [{ type: 'text', text: 'captured' }];
  const stop = useTool ? 'tool_use' : 'end_turn';
  const usage = { input_tokens: 5, output_tokens: 1 };
  if (!b?.stream) return json(res, { id: 'msg_1', type: 'message', role: 'assistant', model: b?.model, content, stop_reason: stop, stop_sequence: null, usage });
  const ev = [['message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: b.model, content: [], stop_reason: null, stop_sequence: null, usage } }]];
  if (useTool) {
    ev.push(['content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: tool.name, input: {} } }]);
    ev.push(['content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(tool.input) } }]);
  } else {
    ev.push(['content_block_start', { index: 0, content_block: { type: 'text', text: '' } }]);
    ev.push(['content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'captured' } }]);
  }
  ev.push(['content_block_stop', { index: 0 }], ['message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 1 } }], ['message_stop', {}]);
  sse(res, ev);
}
let rid = 0;
function responses(res, b) {
  const useTool = tool && !hasResult(b);
  const id = `resp_${++rid}`;
  const item = useTool
    ? { id: `fc_${rid}`, type: 'function_call', status: 'completed', call_id: `call_${rid}`, name: tool.name, arguments: JSON.stringify(tool.input) }
    : { id: `msg_${rid}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'captured', annotations: [], logprobs: [] }] };
  const usage = { input_tokens: 5, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 6 };
  const base = { id, object: 'response', created_at: 1700000000, model: b?.model, error: null, incomplete_details: null, instructions: null, tools: [], tool_choice: 'auto', parallel_tool_calls: true, metadata: {}, temperature: 1, top_p: 1 };
  const done = { ...base, status: 'completed', output: [item], usage };
  if (!b?.stream) return json(res, done);
  let s = 0; const q = (t, d) => [t, { sequence_number: s++, ...d }];
  const ev = [q('response.created', { response: { ...base, status: 'in_progress', output: [], usage: null } }),
    q('response.in_progress', { response: { ...base, status: 'in_progress', output: [], usage: null } })];
  if (useTool) {
    ev.push(q('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } }),
      q('response.function_call_arguments.delta', { item_id: item.id, output_index: 0, delta: item.arguments }),
      q('response.function_call_arguments.done', { item_id: item.id, output_index: 0, arguments: item.arguments }));
  } else {
    const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
    ev.push(q('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } }),
      q('response.content_part.added', { item_id: item.id, output_index: 0, content_index: 0, part }),
      q('response.output_text.delta', { item_id: item.id, output_index: 0, content_index: 0, delta: 'captured', logprobs: [] }),
      q('response.output_text.done', { item_id: item.id, output_index: 0, content_index: 0, text: 'captured', logprobs: [] }),
      q('response.content_part.done', { item_id: item.id, output_index: 0, content_index: 0, part: { ...part, text: 'captured' } }));
  }
  ev.push(q('response.output_item.done', { output_index: 0, item }), q('response.completed', { response: done }));
  sse(res, ev);
}
function chat(res, b) {
  json(res, { id: 'chatcmpl-1', object: 'chat.completion', created: 1700000000, model: b?.model, choices: [{ index: 0, message: { role: 'assistant', content: 'captured' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } });
}
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => console.log(`port=${server.address().port}`));
