// Programs for the mini interpreter: a list of instructions for a stack machine, written as text.
//
//         push 0        # push a new Int 0
//         store 0       # pop it into local variable 0:    i = 0
//   loop: load 0        # push local 0 (a new reference)
//         push 1000
//         less          # pop two Ints, push 1 if the first is less, else 0
//         jump_if_false done
//         load 0
//         push 1
//         add           # pop two Ints, push their sum
//         store 0       #                                  i = i + 1
//         jump loop
//   done: load 0
//         return        # pop the result and end the program
//
// The other instructions: `global N` pushes global object N; `pop` drops the top of the stack;
// `append` pops an item and a list and appends the item; `len` pops a list and pushes its length;
// `send` pops a message and a channel and sends it; `recv` pops a channel and pushes the next
// message, waiting for one if need be; `call N` calls native function N.
#pragma once

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mini {

enum class Op {
  kPush,
  kLoad,
  kStore,
  kGlobal,
  kPop,
  kAdd,
  kLess,
  kJump,
  kJumpIfFalse,
  kAppend,
  kLen,
  kSend,
  kRecv,
  kCall,
  kReturn
};

struct Instruction {
  Op op;
  long arg = 0;  // a number, a local's or a global's index, or where a jump goes
};

using Program = std::vector<Instruction>;

// Turns the text above into a Program; throws std::invalid_argument on a mistake.
inline Program Assemble(std::string_view text) {
  static const std::map<std::string, Op, std::less<>> kOps = {
      {"push", Op::kPush},     {"load", Op::kLoad}, {"store", Op::kStore},
      {"global", Op::kGlobal}, {"pop", Op::kPop},   {"add", Op::kAdd},
      {"less", Op::kLess},     {"jump", Op::kJump}, {"jump_if_false", Op::kJumpIfFalse},
      {"append", Op::kAppend}, {"len", Op::kLen},   {"send", Op::kSend},
      {"recv", Op::kRecv},     {"call", Op::kCall}, {"return", Op::kReturn}};
  Program program;
  std::map<std::string, long> labels;
  std::vector<std::pair<std::size_t, std::string>> jumps;  // instruction, label
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line.substr(0, line.find('#')));
    std::string word;
    if (!(words >> word)) continue;
    if (word.back() == ':') {
      labels[word.substr(0, word.size() - 1)] = static_cast<long>(program.size());
      if (!(words >> word)) continue;
    }
    const auto op = kOps.find(word);
    if (op == kOps.end()) throw std::invalid_argument("unknown instruction: " + word);
    Instruction instruction{op->second};
    if (std::string arg; words >> arg) {
      if (op->second == Op::kJump || op->second == Op::kJumpIfFalse) {
        jumps.emplace_back(program.size(), arg);
      } else {
        instruction.arg = std::stol(arg);
      }
    }
    program.push_back(instruction);
  }
  for (const auto& [at, label] : jumps) {
    const auto target = labels.find(label);
    if (target == labels.end()) throw std::invalid_argument("no label " + label);
    program[at].arg = target->second;
  }
  return program;
}

}  // namespace mini
