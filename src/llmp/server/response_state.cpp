#include "llmp/server/response_state.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/redact.hpp"
#include "llmp/dialects/openai.hpp"

namespace llmp::server::response_state {

namespace {

Error not_found(std::string message, std::string param, std::string code)
{
    Error error{ErrorCode::invalid_input, std::move(message)};
    error.param = std::move(param);
    error.wire_code = std::move(code);
    return error;
}

// An item_reference: typed, or (the type is optional) an object whose only key is `id`.
bool is_reference(const Json& item)
{
    if (!item.is_object()) return false;
    auto type = item.find("type");
    if (type != item.end()) return type->is_string() && *type == "item_reference";
    return item.size() == 1 && item.contains("id") && item["id"].is_string();
}

Result<Json> parsed_array(const std::string& text, const std::string& what)
{
    Json value = json::parse(text);
    if (!value.is_array()) return fail(ErrorCode::internal, "response store: " + what + " is not a JSON array");
    return value;
}

} // namespace

Json input_items(const Json& body)
{
    auto input = body.find("input");
    if (input == body.end() || input->is_null()) return Json::array();
    if (input->is_string()) return Json::array({{{"role", "user"}, {"content", *input}}});
    return *input;
}

bool wants_store(const Json& body)
{
    auto store = body.find("store");
    return store == body.end() || !store->is_boolean() || store->get<bool>();
}

Result<Json> expand(Json body, ledger::ResponseStore* store)
{
    Json items = input_items(body);
    if (!items.is_array()) return body;  // the decoder names what is wrong with it

    Json history = Json::array();
    if (auto previous = body.find("previous_response_id"); previous != body.end() && !previous->is_null()) {
        if (!previous->is_string())
            return std::unexpected(not_found("'previous_response_id' must be a string", "previous_response_id", ""));
        std::string id = *previous;
        std::optional<ledger::StoredResponse> stored;
        if (store) {
            auto found = store->get(id);
            if (!found) return std::unexpected(found.error());
            stored = std::move(*found);
        }
        if (!stored)
            return std::unexpected(not_found("Previous response with id '" + id + "' not found.",
                                             "previous_response_id", "previous_response_not_found"));
        history = LLMP_TRY(parsed_array(stored->input, "a stored input"));
        Json response = json::parse(stored->response);
        if (auto output = response.find("output"); response.is_object() && output != response.end() && output->is_array())
            for (auto& item : *output) history.push_back(std::move(item));
        body.erase("previous_response_id");
    }

    bool referenced = false;
    for (size_t i = 0; i < items.size(); ++i) {
        if (!is_reference(items[i])) continue;
        referenced = true;
        const Json& id = items[i]["id"];
        if (!id.is_string())
            return std::unexpected(not_found("input[" + std::to_string(i) + "].id: must be a string",
                                             "input", ""));
        std::optional<std::string> item;
        if (store) {
            auto found = store->item(id.get<std::string>());
            if (!found) return std::unexpected(found.error());
            item = std::move(*found);
        }
        if (!item) {
            Error error = not_found("Item with id '" + id.get<std::string>() + "' not found.", "input", "");
            error.code = ErrorCode::not_found;
            return std::unexpected(std::move(error));
        }
        items[i] = json::parse(*item);
    }

    if (!history.empty() || referenced || body.contains("previous_response_id")) {
        for (auto& item : items) history.push_back(std::move(item));
        body["input"] = std::move(history);
    }
    return body;
}

ledger::StoredResponse to_stored(const Json& expanded_input, const Json& response)
{
    ledger::StoredResponse stored;
    stored.id = json::string_at(response, "id");
    stored.created_unix_ms = clock::unix_ms();
    // Text from upstreams: invalid UTF-8 replaced, secrets scrubbed, as in every stored body.
    stored.input = redact::scrubbed(dialects::openai::dump(expanded_input), redact::Userinfo::keep);
    stored.response = redact::scrubbed(dialects::openai::dump(response), redact::Userinfo::keep);
    auto keep = [&](const Json& item) {
        if (item.is_object() && item.contains("id") && item["id"].is_string() && !is_reference(item))
            stored.items.emplace_back(item["id"].get<std::string>(), item.dump());
    };
    for (const auto& item : expanded_input) keep(item);
    if (auto output = response.find("output"); output != response.end() && output->is_array())
        for (const auto& item : *output) keep(item);
    return stored;
}

} // namespace llmp::server::response_state
