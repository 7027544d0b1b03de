// OpenAI /v1/embeddings ↔ Gemini :batchEmbedContents (reference §2.6, §4.5). One batch call
// answers both a single string and an array, so the order of the answer is the order of input.
#include "llmp/dialects/gemini.hpp"

#include <algorithm>

namespace llmp::dialects::gemini {

namespace {

std::string resource_of(const std::string& model)
{
    return model.find('/') == std::string::npos ? "models/" + model : model;
}

constexpr const char* k_input_kinds = "Gemini upstreams take a string or an array of strings";

Result<std::vector<std::string>> texts_of(const Json& input)
{
    if (input.is_string()) return std::vector<std::string>{input.get<std::string>()};
    if (!input.is_array())
        return fail(ErrorCode::invalid_input, std::string("input: ") + k_input_kinds);
    if (input.empty()) return fail(ErrorCode::invalid_input, "input: must not be empty");
    std::vector<std::string> texts;
    for (size_t i = 0; i < input.size(); ++i) {
        // Token arrays (numbers, or arrays of numbers) have no meaning for Gemini's tokenizer.
        if (!input[i].is_string())
            return fail(ErrorCode::invalid_input,
                        "input[" + std::to_string(i) + "]: " + k_input_kinds);
        texts.push_back(input[i].get<std::string>());
    }
    return texts;
}

} // namespace

std::string embed_path(const std::string& model)
{
    std::string path = "/";
    path += resource_of(model);
    return path + ":batchEmbedContents";
}

// `encoding_format` is not sent: Gemini answers floats, and the server encodes them as base64
// when the client asked for that (the openai SDK's default). `user` has no Gemini equivalent.
Result<Json> encode_embeddings(const Json& openai_request)
{
    if (!openai_request.is_object())
        return fail(ErrorCode::invalid_input, "request body must be a JSON object");
    std::string model = json::string_at(openai_request, "model");
    if (model.empty()) return fail(ErrorCode::invalid_input, "model: required");
    auto input = openai_request.find("input");
    if (input == openai_request.end()) return fail(ErrorCode::invalid_input, "input: required");
    std::vector<std::string> texts = LLMP_TRY(texts_of(*input));

    Json dimensions;
    if (auto it = openai_request.find("dimensions"); it != openai_request.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<int64_t>() <= 0)
            return fail(ErrorCode::invalid_input, "dimensions: must be a positive integer");
        dimensions = *it;
    }

    Json requests = Json::array();
    for (auto& text : texts) {
        Json request = {{"model", resource_of(model)},
                        {"content", {{"parts", Json::array({Json{{"text", std::move(text)}}})}}}};
        if (!dimensions.is_null()) request["outputDimensionality"] = dimensions;
        requests.push_back(std::move(request));
    }
    return Json{{"requests", std::move(requests)}};
}

Result<Json> decode_embeddings(const Json& gemini_body, const std::string& model)
{
    auto embeddings = gemini_body.find("embeddings");  // end() for a non-object
    if (embeddings == gemini_body.end() || !embeddings->is_array())
        return fail(ErrorCode::upstream, "Gemini embeddings response has no `embeddings` array");
    Json data = Json::array();
    for (size_t i = 0; i < embeddings->size(); ++i) {
        const Json& embedding = (*embeddings)[i];
        auto values = embedding.find("values");
        bool numeric = values != embedding.end() && values->is_array() &&
                       std::ranges::all_of(*values, [](const Json& v) { return v.is_number(); });
        if (!numeric)
            return fail(ErrorCode::upstream, "Gemini embeddings[" + std::to_string(i) +
                                                 "] has no numeric `values`");
        data.push_back(Json{{"object", "embedding"}, {"index", i}, {"embedding", *values}});
    }
    // batchEmbedContents reports no token counts [UNVERIFIED]: zero, not a guess.
    return Json{{"object", "list"},
                {"data", std::move(data)},
                {"model", model},
                {"usage", {{"prompt_tokens", 0}, {"total_tokens", 0}}}};
}

} // namespace llmp::dialects::gemini
