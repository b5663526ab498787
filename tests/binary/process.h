// Runs the crmstream binary as a child process, for tests that need a real process boundary
// (SIGKILL at an arbitrary instant, exit codes).
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace crm::test {

class Child {
 public:
  // `stderr_path`: where the child's standard error goes (appended to); `stdout_path` the same
  // for its standard output (empty: the test's own).
  explicit Child(const std::vector<std::string>& args, const std::string& stderr_path = "/dev/null",
                 const std::string& stdout_path = "") {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      std::string binary = CRM_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (std::string& arg : copy) argv.push_back(arg.data());
      argv.push_back(nullptr);
      // Quiet: progress lines are not what the tests look at.
      std::freopen(stderr_path.c_str(), "a", stderr);
      if (!stdout_path.empty()) std::freopen(stdout_path.c_str(), "a", stdout);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }

  // The raw waitpid status.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    return status;
  }
  bool running() {
    if (waited_) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      waited_ = true;
      status_ = status;
      return false;
    }
    return true;
  }
  int exited_status() const { return status_; }
  void kill9() { ::kill(pid_, SIGKILL); }
  void signal(int number) { ::kill(pid_, number); }

 private:
  pid_t pid_ = -1;
  bool waited_ = false;
  int status_ = 0;
};

// Exit code of a completed run, or -1 when it did not exit normally.
inline int run(const std::vector<std::string>& args) {
  Child child(args);
  const int status = child.wait();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::uintmax_t file_size_or_zero(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

// A line with the wall-clock fields (emitted_at, received_at) blanked: what a replay must
// reproduce byte for byte.
inline std::string without_wall_clock(std::string line) {
  for (const std::string field : {"\"emitted_at\":\"", "\"received_at\":\""}) {
    const std::size_t at = line.find(field);
    if (at == std::string::npos) continue;
    const std::size_t begin = at + field.size();
    line.erase(begin, line.find('"', begin) - begin);
  }
  return line;
}

}  // namespace crm::test
