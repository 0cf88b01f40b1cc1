// GCC 12's ThreadSanitizer sometimes prints a frame without its source line ("<null>"), for
// code inlined into a template (a lambda run by tbb::parallel_for, say). addr2line still knows
// it: this asks it, so that a report points at the student's line rather than at TBB.
#pragma once

#include <filesystem>
#include <string>

namespace racelab {

// `output` with each "#N function <null> (binary+0xOFFSET)" frame of `binary` replaced by the
// innermost function and file:line that addr2line gives for it. Unchanged if addr2line is
// missing or knows nothing.
std::string SymbolizeUnknownFrames(const std::string& output, const std::filesystem::path& binary,
                                   const std::filesystem::path& scratch_dir);

}  // namespace racelab
