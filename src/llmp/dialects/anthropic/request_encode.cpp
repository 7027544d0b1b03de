// The canonical request → an Anthropic upstream's POST /v1/messages body (§3.1, §9.1). The
// canonical request may come from any client dialect, so this is where Anthropic's rules are
// met: one system prompt, strictly alternating turns, tool results at the head of the next user
// turn, max_tokens always present and above the thinking budget, temperature within [0, 1].
#include "llmp/dialects/anthropic.hpp"

#include "llmp/canonical/reasoning_models.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace llmp::dialects::anthropic {

namespace {

using canonical::Message;
using canonical::Part;
using canonical::Role;

// Anthropic requires max_tokens; OpenAI and Gemini clients usually leave it out. 4096 is enough
// for an ordinary answer and accepted by every current Claude model.
constexpr int64_t k_default_max_tokens = 4096;
// Anthropic has no JSON-mode switch (§9.1); the system prompt asks for it instead.
constexpr const char* k_json_instruction =
    "Respond with a single valid JSON object only, with no text before or after it.";

std::unexpected<Error> cannot(const std::string& path, const std::string& what)
{
    return fail(ErrorCode::invalid_input, path + ": " + what);
}

std::string part_path(size_t i, size_t j)
{
    return "messages[" + std::to_string(i) + "].content[" + std::to_string(j) + "]";
}

// The media type a base64 image starts with, for images that came without one.
std::string sniff_media_type(const std::string& data)
{
    if (data.starts_with("iVBOR")) return "image/png";
    if (data.starts_with("/9j/")) return "image/jpeg";
    if (data.starts_with("R0lG")) return "image/gif";
    if (data.starts_with("UklGR")) return "image/webp";
    return {};
}

Result<Json> image_block(const Part& part, const std::string& path)
{
    std::string media_type = part.media_type;
    std::string data = part.data;
    if (data.empty() && part.url.starts_with("data:")) {
        // data:<media type>;base64,<data>
        size_t comma = part.url.find(',');
        std::string_view header =
            std::string_view(part.url).substr(5, comma == std::string::npos ? 0 : comma - 5);
        if (comma == std::string::npos || !header.ends_with(";base64"))
            return cannot(path + ".url", "anthropic accepts only base64 data URLs");
        media_type = std::string(header.substr(0, header.size() - 7));
        data = part.url.substr(comma + 1);
    }
    if (!data.empty()) {
        if (media_type.empty()) media_type = sniff_media_type(data);
        if (media_type.empty())
            return cannot(path + ".media_type", "anthropic needs the image's media type");
        return Json{{"type", "image"},
                    {"source", {{"type", "base64"}, {"media_type", media_type}, {"data", data}}}};
    }
    if (part.url.starts_with("https://") || part.url.starts_with("http://"))
        return Json{{"type", "image"}, {"source", {{"type", "url"}, {"url", part.url}}}};
    return cannot(path + ".url", "anthropic accepts only http(s) URLs or base64 data for images");
}

Result<Json> tool_use_block(const Part& part, const std::string& path)
{
    if (part.id.empty()) return cannot(path + ".id", "anthropic needs an id for every tool call");
    Json input = Json::object();
    if (part.arguments.find_first_not_of(" \t\r\n") != std::string::npos) {
        input = json::parse(part.arguments);
        if (input.is_discarded())
            return cannot(path + ".arguments", "tool call arguments are not valid JSON");
        if (!input.is_object())
            return cannot(path + ".arguments",
                          "anthropic needs tool call arguments to be a JSON object");
    }
    return Json{
        {"type", "tool_use"}, {"id", part.id}, {"name", part.name}, {"input", std::move(input)}};
}

Result<Json> tool_result_block(const Part& part, const std::string& path)
{
    Json block = {{"type", "tool_result"}, {"tool_use_id", part.id}};
    bool all_text = std::all_of(part.content.begin(), part.content.end(),
                                [](const Part& p) { return p.kind == Part::Kind::text; });
    if (part.content.size() == 1 && all_text) {
        block["content"] = part.content.front().text;
    } else if (!part.content.empty()) {
        Json blocks = Json::array();
        for (size_t k = 0; k < part.content.size(); ++k) {
            const Part& inner = part.content[k];
            std::string inner_path = path + ".content[" + std::to_string(k) + "]";
            if (inner.kind == Part::Kind::text) {
                if (!inner.text.empty()) blocks.push_back({{"type", "text"}, {"text", inner.text}});
            } else if (inner.kind == Part::Kind::image) {
                blocks.push_back(LLMP_TRY(image_block(inner, inner_path)));
            } else {
                return cannot(inner_path, "anthropic tool results hold only text and images");
            }
        }
        block["content"] = std::move(blocks);
    }
    if (part.is_error) block["is_error"] = true;
    return block;
}

// Appends the wire blocks for one canonical part (none for parts Anthropic would refuse and
// that carry no meaning for it).
Result<void> encode_part(const Part& part, Role role, const std::string& path, Json& blocks)
{
    switch (part.kind) {
    case Part::Kind::text:
        // Anthropic refuses empty text blocks; OpenAI clients send "" next to tool calls.
        if (!part.text.empty()) blocks.push_back({{"type", "text"}, {"text", part.text}});
        return {};
    case Part::Kind::image:
        if (role == Role::assistant)
            return cannot(path, "anthropic accepts images only in user messages");
        blocks.push_back(LLMP_TRY(image_block(part, path)));
        return {};
    case Part::Kind::thinking:
        // Thinking goes back only with the signature Anthropic gave it: unsigned thinking (from
        // another provider) would be refused, and the model does not need it to continue.
        if (role == Role::assistant && !part.signature.empty())
            blocks.push_back(
                {{"type", "thinking"}, {"thinking", part.text}, {"signature", part.signature}});
        return {};
    case Part::Kind::redacted_thinking:
        if (role == Role::assistant && !part.data.empty())
            blocks.push_back({{"type", "redacted_thinking"}, {"data", part.data}});
        return {};
    case Part::Kind::tool_call:
        if (role != Role::assistant) return cannot(path, "tool calls belong in assistant messages");
        blocks.push_back(LLMP_TRY(tool_use_block(part, path)));
        return {};
    case Part::Kind::tool_result:
        if (role == Role::assistant)
            return cannot(path, "tool results cannot be in assistant messages");
        blocks.push_back(LLMP_TRY(tool_result_block(part, path)));
        return {};
    }
    return {};
}

bool is_tool_result(const Json& block)
{
    return json::string_at(block, "type") == "tool_result";
}

// Turns of one role, merged (Anthropic wants user and assistant to alternate); tool messages
// become user turns with their results ahead of any text.
Result<Json> encode_messages(const std::vector<Message>& messages)
{
    struct Turn {
        const char* role;
        Json blocks;
    };
    std::vector<Turn> turns;
    for (size_t i = 0; i < messages.size(); ++i) {
        const Message& message = messages[i];
        // Anthropic takes no system role in messages (§3.1): encode_system folds those in.
        if (message.role == Role::system) continue;
        const char* role = message.role == Role::assistant ? "assistant" : "user";
        Json blocks = Json::array();
        for (size_t j = 0; j < message.parts.size(); ++j)
            if (auto ok = encode_part(message.parts[j], message.role, part_path(i, j), blocks); !ok)
                return std::unexpected(ok.error());
        if (blocks.empty()) continue;
        if (!turns.empty() && std::string_view(turns.back().role) == role) {
            for (auto& block : blocks) turns.back().blocks.push_back(std::move(block));
        } else {
            turns.push_back(Turn{role, std::move(blocks)});
        }
    }
    Json out = Json::array();
    for (auto& turn : turns) {
        Json content = Json::array();
        for (auto& block : turn.blocks)
            if (is_tool_result(block)) content.push_back(std::move(block));
        for (auto& block : turn.blocks)
            if (!block.is_null() && !is_tool_result(block)) content.push_back(std::move(block));
        // A lone text block reads better as a plain string, and means the same.
        if (content.size() == 1 && json::string_at(content[0], "type") == "text")
            content = Json(content[0]["text"]);
        out.push_back({{"role", turn.role}, {"content", std::move(content)}});
    }
    return out;
}

Json encode_system(const canonical::Request& request)
{
    std::vector<std::string> texts;
    for (const Part& part : request.system)
        if (part.kind == Part::Kind::text && !part.text.empty()) texts.push_back(part.text);
    // Instructions given mid-conversation join the system prompt in the order given: their
    // place is lost, their words are not.
    for (const Message& message : request.messages)
        if (message.role == Role::system)
            for (const Part& part : message.parts)
                if (part.kind == Part::Kind::text && !part.text.empty())
                    texts.push_back(part.text);
    if (request.response_format.kind == canonical::ResponseFormat::Kind::json_object)
        texts.push_back(k_json_instruction);
    if (texts.empty()) return nullptr;
    if (texts.size() == 1) return texts.front();
    Json blocks = Json::array();
    for (auto& text : texts) blocks.push_back({{"type", "text"}, {"text", std::move(text)}});
    return blocks;
}

Json encode_tool(const canonical::Tool& tool)
{
    Json schema;
    if (!tool.parameters.is_object() || tool.parameters.empty()) {
        schema = {{"type", "object"}, {"properties", Json::object()}};
    } else if (!tool.parameters.contains("type")) {
        schema = {{"type", "object"}};  // Anthropic requires it; OpenAI clients may omit it
        for (auto it = tool.parameters.begin(); it != tool.parameters.end(); ++it)
            schema[it.key()] = it.value();
    } else {
        schema = tool.parameters;
    }
    Json out = {{"name", tool.name}};
    if (!tool.description.empty()) out["description"] = tool.description;
    out["input_schema"] = std::move(schema);
    if (tool.strict) out["strict"] = *tool.strict;
    return out;
}

Result<Json> encode_tool_choice(const canonical::Request& request)
{
    using Mode = canonical::ToolChoice::Mode;
    Json choice;
    switch (request.tool_choice.mode) {
    case Mode::unset:
        if (request.parallel_tool_calls != false) return Json(nullptr);
        choice = {{"type", "auto"}};
        break;
    case Mode::auto_: choice = {{"type", "auto"}}; break;
    case Mode::none: choice = {{"type", "none"}}; break;
    case Mode::required: choice = {{"type", "any"}}; break;
    case Mode::named:
        if (request.tool_choice.name.empty())
            return cannot("tool_choice.name", "a named tool choice needs a name");
        choice = {{"type", "tool"}, {"name", request.tool_choice.name}};
        break;
    }
    if (request.parallel_tool_calls == false && request.tool_choice.mode != Mode::none)
        choice["disable_parallel_tool_use"] = true;
    return choice;
}

bool forces_tool_use(const canonical::Request& request)
{
    using Mode = canonical::ToolChoice::Mode;
    return !request.tools.empty() &&
           (request.tool_choice.mode == Mode::required || request.tool_choice.mode == Mode::named);
}

// What the body says about thinking: nothing, a budget, or adaptive thinking with an effort.
struct Thinking {
    int64_t budget = 0;
    bool adaptive = false;
    std::string effort;  // adaptive: empty leaves the effort to the model
    bool on() const { return budget > 0 || adaptive; }
};

// The model family decides the form (reasoning_models.cpp): models without extended thinking
// get none; adaptive models (opus/sonnet 4.6+, where budget_tokens is deprecated) get
// {type:"adaptive"} and the nearest output_config.effort; the others a budget of at least 1024.
Thinking requested_thinking(const canonical::Request& request,
                            const canonical::ReasoningFamily& family)
{
    Thinking out;
    if (!request.reasoning || request.reasoning->effort == "none") return out;
    if (family.control == canonical::ReasoningControl::adaptive) {
        out.adaptive = true;
        out.effort = canonical::effort_word(family, *request.reasoning).value_or("");
    } else
        out.budget = canonical::thinking_budget(family, *request.reasoning).value_or(0);
    return out;
}

// With thinking on, Anthropic refuses a tool loop whose last assistant turn does not start with
// its (signed) thinking block. Clients of other dialects never kept one, so that turn goes on
// without thinking rather than fail.
bool thinking_missing_in_tool_loop(const Json& messages)
{
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        if (json::string_at(*it, "role") != "assistant") continue;
        auto found = it->find("content");
        if (found == it->end() || !found->is_array() || found->empty()) return false;
        const Json& content = *found;
        bool calls = std::any_of(content.begin(), content.end(), [](const Json& block) {
            return json::string_at(block, "type") == "tool_use";
        });
        std::string first = json::string_at(content[0], "type");
        return calls && first != "thinking" && first != "redacted_thinking";
    }
    return false;
}

} // namespace

Result<Json> encode_request(const canonical::Request& request)
{
    Json body = Json::object();
    body["model"] = request.model;
    Json messages = LLMP_TRY(encode_messages(request.messages));

    // Anthropic refuses thinking together with a forced tool choice; the forced tool is the
    // client's hard requirement, thinking only a preference, so thinking gives way.
    auto family = canonical::reasoning_family(canonical::Vendor::anthropic, request.model);
    Thinking thinking = forces_tool_use(request) || thinking_missing_in_tool_loop(messages)
                            ? Thinking{}
                            : requested_thinking(request, family);
    int64_t& budget = thinking.budget;
    int64_t max_tokens = request.max_tokens.value_or(k_default_max_tokens);
    if (max_tokens < 1) max_tokens = k_default_max_tokens;
    // budget_tokens must stay below max_tokens: keep the room the client asked for an answer on
    // top of the budget, as far as the model's output limit allows (the budget is below that
    // limit), rather than shrink the thinking.
    if (budget > 0 && max_tokens <= budget)
        max_tokens = std::min(max_tokens + budget, family.max_output_tokens);
    body["max_tokens"] = max_tokens;

    if (Json system = encode_system(request); !system.is_null()) body["system"] = std::move(system);
    body["messages"] = std::move(messages);

    // Anthropic refuses tool_choice without tools.
    if (!request.tools.empty()) {
        Json tools = Json::array();
        for (const auto& tool : request.tools) tools.push_back(encode_tool(tool));
        body["tools"] = std::move(tools);
        if (Json choice = LLMP_TRY(encode_tool_choice(request)); !choice.is_null())
            body["tool_choice"] = std::move(choice);
    }

    if (budget > 0) body["thinking"] = {{"type", "enabled"}, {"budget_tokens", budget}};
    if (thinking.adaptive) body["thinking"] = {{"type", "adaptive"}};

    // With thinking on, Anthropic refuses temperature and top_k changes and a top_p below 0.95;
    // they are dropped rather than fail a request another provider would have taken.
    if (request.temperature && !thinking.on())
        body["temperature"] = std::clamp(*request.temperature, 0.0, 1.0);
    if (request.top_p && (!thinking.on() || *request.top_p >= 0.95))
        body["top_p"] = *request.top_p;
    if (request.top_k && !thinking.on()) body["top_k"] = *request.top_k;
    if (!request.stop.empty()) body["stop_sequences"] = request.stop;

    if (request.response_format.kind == canonical::ResponseFormat::Kind::json_schema) {
        Json schema = request.response_format.schema.is_object() ? request.response_format.schema
                                                                 : Json::object();
        body["output_config"] = {
            {"format", {{"type", "json_schema"}, {"schema", std::move(schema)}}}};
    }
    if (!thinking.effort.empty()) body["output_config"]["effort"] = thinking.effort;
    if (!request.user.empty()) body["metadata"] = {{"user_id", request.user}};
    if (request.stream) body["stream"] = true;
    return body;
}

} // namespace llmp::dialects::anthropic
