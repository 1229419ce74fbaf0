#pragma once
// Child processes for black-box tests: run to completion with captured output, or start
// in the background and stop (SIGTERM) or kill (SIGKILL) later.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace kyosei::testing {

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv (argv[0] is a path) with extra environment variables; waits for it.
RunResult run(const std::vector<std::string>& argv,
              const std::map<std::string, std::string>& env = {},
              const std::string& stdin_text = {});

class Background {
 public:
  Background(const std::vector<std::string>& argv,
             const std::map<std::string, std::string>& env = {});
  ~Background();  // kills the child if still running
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // Reads stdout until a line contains `needle`; returns that line ("" on EOF or timeout).
  std::string wait_for_line(const std::string& needle, std::chrono::seconds timeout);
  void signal(int sig);
  int wait();  // exit code, or -signal when killed
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  bool reaped_ = false;
  int status_ = 0;
};

}  // namespace kyosei::testing
