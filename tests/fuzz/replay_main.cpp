// The replay driver: a main() for builds without libFuzzer (g++), which runs every file of the
// given directories (or the given files) through LLVMFuzzerTestOneInput once. CTest runs it on
// each target's seed corpus and saved crash inputs, so a fixed crash stays fixed in the normal
// suite. A missing directory is skipped: a target may have no crash inputs yet.
#include "fuzz.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

bool replay(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
        return false;
    }
    std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // A crash is reported by the target itself (abort, sanitizer); name the input first.
    std::fprintf(stderr, "replay: %s\n", file.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    namespace fs = std::filesystem;
    size_t count = 0;
    for (int i = 1; i < argc; ++i) {
        fs::path path(argv[i]);
        std::error_code error;
        if (fs::is_regular_file(path, error)) {
            if (!replay(path)) return 1;
            ++count;
            continue;
        }
        if (!fs::is_directory(path, error)) {
            std::fprintf(stderr, "replay: no such directory, skipped: %s\n", argv[i]);
            continue;
        }
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(path, error))
            if (entry.is_regular_file() && !entry.path().filename().string().starts_with("."))
                files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            if (!replay(file)) return 1;
            ++count;
        }
    }
    std::printf("replay: %zu inputs, no crash\n", count);
    return 0;
}
