# Homebrew formula for llmp. homepage, url and sha256 are placeholders, filled in at release.
class Llmp < Formula
  desc "Local LLM proxy and CLI: one endpoint for every provider, with a cost ledger"
  homepage "https://github.com/llmp-dev/llmp"
  url "https://github.com/llmp-dev/llmp/archive/refs/tags/v0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license "MIT"
  head "https://github.com/llmp-dev/llmp.git", branch: "main"

  depends_on "cmake" => :build
  depends_on "pkg-config" => :build
  depends_on "cli11"
  depends_on "cpp-httplib"
  depends_on "nlohmann-json"
  depends_on "openssl@3"
  depends_on "sqlite"
  depends_on "tomlplusplus"

  uses_from_macos "zlib"

  def install
    system "cmake", "-S", ".", "-B", "build", "-DLLMP_BUILD_TESTS=OFF", *std_cmake_args
    system "cmake", "--build", "build"
    system "cmake", "--install", "build"
  end

  test do
    assert_match version.to_s, shell_output("#{bin}/llmp --version")
    assert_match "embedded default", shell_output("#{bin}/llmp config check")
  end
end
