// The mini interpreter: runs programs (program.hpp) on objects (objects.hpp), on as many threads
// as call run() at once. How it keeps those threads from corrupting its objects is the policy's
// business (policies.hpp): a GIL and plain counts (exercise 11), or no GIL and counts and locks
// that are safe on their own (exercise 12).
//
//   racelab::Tracker tracker;
//   mini::Interpreter<Policy> interpreter(tracker);
//   const int numbers = interpreter.add_global(interpreter.new_list());
//   ...on any thread: long result = interpreter.run(program, {interpreter.new_int(5)});
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <vector>

#include "mini/objects.hpp"
#include "mini/policies.hpp"
#include "mini/program.hpp"
#include "racelab/tracker.hpp"
#include "racelab/wait_sites.hpp"

namespace mini {

// A thread that holds the GIL hands it to a waiting thread every this many instructions, unless
// set_switch_interval() says otherwise.
inline constexpr long kSwitchInterval = 100;

template <class Policy>
class Interpreter {
 public:
  using Obj = Object<Policy>;

  explicit Interpreter(racelab::Tracker& tracker) : tracker_(tracker) {}
  ~Interpreter() {
    for (Obj* global : globals_) decref(global);
  }

  // New objects, each with one reference, which the caller owns.
  Int<Policy>* new_int(long value) { return new Int<Policy>(tracker_, value); }
  List<Policy>* new_list() { return new List<Policy>(tracker_); }
  Channel<Policy>* new_channel() { return new Channel<Policy>(tracker_); }

  // Before any thread runs: makes `object` global N (`global N` in a program), taking over the
  // caller's reference; or makes `function` native function N (`call N`), which runs like
  // bytecode, with the GIL held if there is one.
  int add_global(Obj* object) {
    globals_.push_back(object);
    return static_cast<int>(globals_.size()) - 1;
  }
  int add_native(std::function<void()> function) {
    natives_.push_back(std::move(function));
    return static_cast<int>(natives_.size()) - 1;
  }
  typename Policy::Gil& gil() { return gil_; }

  // Before any thread runs: how many instructions a thread runs before it hands the GIL over
  // (kSwitchInterval unless set), like CPython's sys.setswitchinterval(), which counts time.
  void set_switch_interval(long instructions) { switch_interval_ = instructions; }

  // Runs `program` on the calling thread, with `args` as its first local variables (it takes over
  // their references). Returns the value of the Int it returned, or 0.
  long run(const Program& program, std::vector<Obj*> args = {}) {
    HoldGil held(gil_);
    Frame frame{std::move(args), {}};  // made after `held`: dropped while the GIL is still held
    frame.locals.resize(kLocals);
    return Execute(program, frame);
  }

 private:
  static constexpr std::size_t kLocals = 8;

  struct HoldGil {
    explicit HoldGil(typename Policy::Gil& gil) : gil(gil) { gil.acquire(); }
    ~HoldGil() { gil.release(); }
    typename Policy::Gil& gil;
  };

  struct Frame {
    std::vector<Obj*> locals;
    std::vector<Obj*> stack;
    ~Frame() {
      for (Obj* object : locals) {
        if (object != nullptr) decref(object);
      }
      for (Obj* object : stack) decref(object);
    }
  };

  long Execute(const Program& program, Frame& frame) {
    auto& stack = frame.stack;
    const auto pop = [&] {
      if (stack.empty()) throw std::logic_error("pop from an empty stack");
      Obj* top = stack.back();
      stack.pop_back();
      return top;
    };
    long until_yield = switch_interval_;
    for (std::size_t pc = 0; pc < program.size();) {
      if (--until_yield == 0) {
        gil_.yield();
        until_yield = switch_interval_;
      }
      const Instruction instruction = program[pc++];
      const long arg = instruction.arg;
      switch (instruction.op) {
        case Op::kPush:
          stack.push_back(new_int(arg));
          break;
        case Op::kLoad: {
          Obj* local = frame.locals.at(static_cast<std::size_t>(arg));
          if (local == nullptr) throw std::logic_error("load of an empty local");
          incref(local);
          stack.push_back(local);
          break;
        }
        case Op::kStore: {
          Obj* value = pop();
          Obj*& local = frame.locals.at(static_cast<std::size_t>(arg));
          if (local != nullptr) decref(local);
          local = value;
          break;
        }
        case Op::kGlobal: {
          Obj* global = globals_.at(static_cast<std::size_t>(arg));
          incref(global);
          stack.push_back(global);
          break;
        }
        case Op::kPop:
          decref(pop());
          break;
        case Op::kAdd:
        case Op::kLess: {
          Obj* b = pop();
          Obj* a = pop();
          const long x = As<Int<Policy>>(a)->value(), y = As<Int<Policy>>(b)->value();
          stack.push_back(new_int(instruction.op == Op::kAdd ? x + y : x < y ? 1 : 0));
          decref(a);
          decref(b);
          break;
        }
        case Op::kJump:
          pc = static_cast<std::size_t>(arg);
          break;
        case Op::kJumpIfFalse: {
          Obj* condition = pop();
          if (As<Int<Policy>>(condition)->value() == 0) pc = static_cast<std::size_t>(arg);
          decref(condition);
          break;
        }
        case Op::kAppend: {
          Obj* item = pop();
          Obj* list = pop();
          As<List<Policy>>(list)->append(item);
          decref(list);
          break;
        }
        case Op::kLen: {
          Obj* list = pop();
          stack.push_back(new_int(static_cast<long>(As<List<Policy>>(list)->size())));
          decref(list);
          break;
        }
        case Op::kSend: {
          Obj* message = pop();
          Obj* channel = pop();
          As<Channel<Policy>>(channel)->send(message);
          decref(channel);
          break;
        }
        case Op::kRecv: {
          Obj* channel = pop();  // our reference keeps the channel alive while we wait on it
          Obj* message = nullptr;
          {
            [[maybe_unused]] auto released = ReleaseGil();
            racelab::WaitNote note(gil_.held_by_me()
                                       ? "a message on a channel, holding the GIL: no other "
                                         "thread can run to send it"
                                       : "a message on a channel");
            message = As<Channel<Policy>>(channel)->receive();
          }  // the GIL is ours again: now we may touch reference counts
          decref(channel);
          stack.push_back(message);
          break;
        }
        case Op::kCall:
          natives_.at(static_cast<std::size_t>(arg))();
          break;
        case Op::kReturn: {
          Obj* value = pop();
          const long result = value->kind() == Kind::kInt ? As<Int<Policy>>(value)->value() : 0;
          decref(value);
          return result;
        }
      }
    }
    return 0;
  }

  // The guard around a wait that may block: the policy's GilRelease if it has one, else nothing.
  auto ReleaseGil() {
    if constexpr (requires { typename Policy::GilRelease; }) {
      return typename Policy::GilRelease(gil_);
    } else {
      return 0;
    }
  }

  template <class T>
  static T* As(Obj* object) {
    if (object->kind() != T::kKind) throw std::logic_error("an object of the wrong kind");
    return static_cast<T*>(object);
  }

  racelab::Tracker& tracker_;
  typename Policy::Gil gil_;
  std::vector<Obj*> globals_;  // fixed before threads run: read by all, written by none
  std::vector<std::function<void()>> natives_;
  long switch_interval_ = kSwitchInterval;
};

}  // namespace mini
