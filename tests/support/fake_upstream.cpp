#include "support/fake_upstream.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <stdexcept>

namespace llmp::test {

FakeUpstream::FakeUpstream(Handler handler, const std::string& cert_file,
                           const std::string& key_file)
{
    m_tls = !cert_file.empty();
    if (m_tls)
        m_server = std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str());
    else
        m_server = std::make_unique<httplib::Server>();
    m_server->set_tcp_nodelay(true);  // no Nagle delay on small replies
    auto wrapped = [this, handler](const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard lock(m_mutex);
            m_seen.push_back({req.path, req.target, req.body, req.headers});
        }
        handler(req, res);
    };
    m_server->Post(".*", wrapped);
    m_server->Get(".*", wrapped);
    m_port = m_server->bind_to_any_port("127.0.0.1");
    if (m_port <= 0) throw std::runtime_error("fake upstream could not bind");
    // Bound already: connections wait in the backlog until the loop below accepts them.
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
}

FakeUpstream::~FakeUpstream()
{
    m_server->stop();
    m_thread.join();
}

std::string FakeUpstream::url(const std::string& host) const
{
    return std::string(m_tls ? "https://" : "http://") + host + ":" + std::to_string(m_port) + "/v1";
}

std::vector<SeenRequest> FakeUpstream::seen() const
{
    std::lock_guard lock(m_mutex);
    return m_seen;
}

void make_self_signed(const std::string& cert_file, const std::string& key_file)
{
    EVP_PKEY* key = EVP_RSA_gen(2048);
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600L * 24);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    X509_EXTENSION* basic = X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints, "CA:TRUE");
    X509_add_ext(cert, basic, -1);
    X509_EXTENSION_free(basic);
    X509_sign(cert, key, EVP_sha256());

    FILE* c = std::fopen(cert_file.c_str(), "w");
    PEM_write_X509(c, cert);
    std::fclose(c);
    FILE* k = std::fopen(key_file.c_str(), "w");
    PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(k);
    X509_free(cert);
    EVP_PKEY_free(key);
}

std::string completion_body(const std::string& model, const std::string& content,
                            int prompt_tokens, int completion_tokens, int cached_tokens)
{
    nlohmann::ordered_json body = {
        {"id", "chatcmpl-fake"},
        {"object", "chat.completion"},
        {"created", 1700000000},
        {"model", model},
        {"choices",
         {{{"index", 0},
           {"message", {{"role", "assistant"}, {"content", content}}},
           {"finish_reason", "stop"}}}},
        {"usage",
         {{"prompt_tokens", prompt_tokens},
          {"completion_tokens", completion_tokens},
          {"total_tokens", prompt_tokens + completion_tokens},
          {"prompt_tokens_details", {{"cached_tokens", cached_tokens}}}}},
        {"x_custom", "kept"}};
    return body.dump();
}

std::vector<std::string> stream_frames(const std::string& model,
                                       const std::vector<std::string>& pieces, bool include_usage,
                                       int prompt_tokens, int completion_tokens)
{
    auto chunk = [&](nlohmann::ordered_json delta, nlohmann::ordered_json finish) {
        nlohmann::ordered_json c = {{"id", "chatcmpl-fake"},
                                    {"object", "chat.completion.chunk"},
                                    {"created", 1700000000},
                                    {"model", model},
                                    {"choices",
                                     {{{"index", 0},
                                       {"delta", std::move(delta)},
                                       {"finish_reason", std::move(finish)}}}}};
        if (include_usage) c["usage"] = nullptr;
        return "data: " + c.dump() + "\n\n";
    };
    std::vector<std::string> frames;
    frames.push_back(chunk({{"role", "assistant"}, {"content", ""}}, nullptr));
    for (const auto& p : pieces) frames.push_back(chunk({{"content", p}}, nullptr));
    frames.push_back(chunk(nlohmann::ordered_json::object(), "stop"));
    if (include_usage) {
        nlohmann::ordered_json u = {{"id", "chatcmpl-fake"},
                                    {"object", "chat.completion.chunk"},
                                    {"created", 1700000000},
                                    {"model", model},
                                    {"choices", nlohmann::ordered_json::array()},
                                    {"usage",
                                     {{"prompt_tokens", prompt_tokens},
                                      {"completion_tokens", completion_tokens},
                                      {"total_tokens", prompt_tokens + completion_tokens}}}};
        frames.push_back("data: " + u.dump() + "\n\n");
    }
    frames.push_back("data: [DONE]\n\n");
    return frames;
}

} // namespace llmp::test
