// The OpenAI chat-completions and embeddings wire format (providers.md §2), shared by OpenAI
// and Azure OpenAI (§5.1). Azure differs only in its extras (prompt_filter_results,
// content_filter_results, a first stream chunk with "choices":[]); text and usage are OpenAI's.
#pragma once

#include "fake_upstream/json_read.hpp"
#include "fake_upstream/scenario.hpp"

#include <httplib.h>

#include <string>

namespace llmp::test::fake_upstream {

enum class Flavour { openai, azure };

// POST chat/completions. `model_fallback` names the model when the body has none (an Azure
// deployment path).
void handle_openai_chat(const httplib::Request& request, httplib::Response& response,
                        Flavour flavour, const std::string& model_fallback);

// {"error":{"message","type","param":null,"code"}}, shared by the Responses API (same envelope).
Json openai_error_body(const std::string& message, const std::string& type, Json code);

// Answers a fault scenario the OpenAI way (also the Responses API's). True when a reply was
// written.
bool reply_openai_fault(httplib::Response& response, Fault fault);

// POST embeddings.
void handle_openai_embeddings(const httplib::Request& request, httplib::Response& response,
                              const std::string& model_fallback);

} // namespace llmp::test::fake_upstream
