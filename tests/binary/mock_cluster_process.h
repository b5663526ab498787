// crm_mock_cluster (tests/e2e/mock_cluster_main.cpp) as a child process: librdkafka's mock
// cluster with crmstream's topics, whose brokers a test takes down and up through its standard
// input while the real crmstream binary talks to it.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace crm::test {

class MockClusterProcess {
 public:
  // Starts the helper with `args` (e.g. --partitions 8) and reads the bootstrap address it
  // prints first; bootstrap() is empty when it could not start.
  explicit MockClusterProcess(const std::vector<std::string>& args) {
    int to_child[2];
    int from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(to_child[0], STDIN_FILENO);
      ::dup2(from_child[1], STDOUT_FILENO);
      ::close(to_child[0]);
      ::close(to_child[1]);
      ::close(from_child[0]);
      ::close(from_child[1]);
      std::freopen("/dev/null", "w", stderr);  // librdkafka's mock logs
      std::vector<char*> argv;
      std::string binary = CRM_MOCK_CLUSTER;
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (std::string& arg : copy) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    in_ = ::fdopen(to_child[1], "w");
    out_ = ::fdopen(from_child[0], "r");
    bootstrap_ = read_line();
  }
  ~MockClusterProcess() {
    if (in_ != nullptr) {
      std::fputs("quit\n", in_);
      std::fflush(in_);
      std::fclose(in_);
    }
    if (out_ != nullptr) std::fclose(out_);
    if (pid_ > 0) {
      // The helper exits on quit or end of input; a stuck one is killed.
      for (int i = 0; i < 100; ++i) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) return;
        ::usleep(50'000);
      }
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  MockClusterProcess(const MockClusterProcess&) = delete;
  MockClusterProcess& operator=(const MockClusterProcess&) = delete;

  const std::string& bootstrap() const { return bootstrap_; }

  // Sends one command ("down 1", "up 1", ...) and returns the helper's answer ("ok" or
  // "error: ...").
  std::string command(const std::string& line) {
    if (in_ == nullptr) return "error: not running";
    std::fputs((line + "\n").c_str(), in_);
    std::fflush(in_);
    return read_line();
  }

 private:
  std::string read_line() {
    std::string line;
    if (out_ == nullptr) return line;
    for (int c = std::fgetc(out_); c != EOF && c != '\n'; c = std::fgetc(out_)) {
      line.push_back(static_cast<char>(c));
    }
    return line;
  }

  pid_t pid_ = -1;
  std::FILE* in_ = nullptr;
  std::FILE* out_ = nullptr;
  std::string bootstrap_;
};

}  // namespace crm::test
