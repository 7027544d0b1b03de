// The config loader on TOML text. Secrets resolve through a fake that never reads the
// environment or the disk nor runs a command (`cmd:` in a fuzzed file would run anything).
// A loaded config must render to TOML that loads again.
#include "fuzz.hpp"

#include "llmp/config/loader.hpp"
#include "llmp/config/show.hpp"

namespace {

llmp::Result<std::string> fake_secret(const std::string& reference)
{
    if (reference.empty() || reference.ends_with(":"))
        return llmp::fail(llmp::ErrorCode::config, "empty secret");
    return "sk-fuzz-" + std::to_string(reference.size());
}

void check_diagnostics(const std::vector<llmp::config::Diagnostic>& diagnostics)
{
    for (const auto& d : diagnostics) {
        llmp::fuzz::check(d.file == "fuzz.toml", "a diagnostic names the file");
        llmp::fuzz::check(d.line >= 0 && !d.message.empty(), "a diagnostic says where and what");
        d.str();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto loaded = llmp::config::load_string(llmp::fuzz::as_text(data, size), "fuzz.toml",
                                            fake_secret);
    if (!loaded) {
        llmp::fuzz::check(!loaded.error().empty(), "a refused config says why");
        check_diagnostics(loaded.error());
        return 0;
    }
    check_diagnostics(loaded->warnings);
    llmp::config::summary(loaded->config);
    std::string rendered = llmp::config::render(loaded->config);
    auto again = llmp::config::load_string(rendered, "fuzz.toml", fake_secret);
    if (!again) {
        std::string why;
        for (const auto& d : again.error()) why += d.str() + "\n";
        llmp::fuzz::broken("a rendered config loads again:\n" + rendered + "\n" + why);
    }
    return 0;
}
