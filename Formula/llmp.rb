# Homebrew formula for llmp. homepage, url and sha256 are placeholders, filled in at release.
# Checked by `ruby -c` in the test suite; install from a tap with `brew install llmp`, or from
# this file with `brew install --build-from-source ./Formula/llmp.rb`.
class Llmp < Formula
  desc "Local LLM proxy and CLI: one endpoint for every provider, with a cost ledger"
  homepage "https://github.com/llmp-dev/llmp"
  url "https://github.com/llmp-dev/llmp/archive/refs/tags/v0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license "MIT"
  head "https://github.com/llmp-dev/llmp.git", branch: "main"

  depends_on "cmake" => :build
  depends_on "pkgconf" => :build
  depends_on "cli11" => :build          # header-only
  depends_on "cpp-httplib" => :build    # header-only
  depends_on "nlohmann-json" => :build  # header-only
  depends_on "openssl@3"
  depends_on "sqlite"
  depends_on "tomlplusplus"

  uses_from_macos "zlib"

  def install
    system "cmake", "-S", ".", "-B", "build", "-DLLMP_BUILD_TESTS=OFF",
           "-DLLMP_INSTALL_COMPLETIONS=OFF", *std_cmake_args
    system "cmake", "--build", "build"
    system "cmake", "--install", "build"
    # The scripts `llmp completions SHELL` prints, as checked in (a test keeps them equal).
    bash_completion.install "completions/llmp.bash" => "llmp"
    zsh_completion.install "completions/_llmp"
    fish_completion.install "completions/llmp.fish"
  end

  test do
    assert_equal "llmp #{version}\n", shell_output("#{bin}/llmp --version")
    # Offline: the built-in mock provider echoes the prompt; the ledger goes to the test's dir.
    (testpath/"config.toml").write <<~TOML
      [ledger]
      path = "#{testpath}/ledger.sqlite"
      [providers.mock]
      kind = "mock"
    TOML
    answer = shell_output("#{bin}/llmp ask -c #{testpath}/config.toml -m mock/echo --no-stdin hello brew")
    assert_equal "hello brew\n", answer
    assert_path_exists testpath/"ledger.sqlite"
  end
end
