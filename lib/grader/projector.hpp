// Text for a projector (`./lab demo`): lines short enough to read at a large font size.
#pragma once

#include <cstddef>
#include <string>

namespace racelab {

// How many columns `text` takes on a terminal: one per character of its UTF-8.
std::size_t Columns(const std::string& text);

// `text` with every line longer than `columns` broken at spaces into lines that fit. Each piece
// keeps the line's indent; `code spans` in backquotes are never broken, and a word or span that
// cannot fit stays whole on a line of its own. Lines that fit are left as they are.
std::string Wrap(const std::string& text, std::size_t columns);

// `line` cut to `columns`, its end replaced by "…" when cut.
std::string Cut(const std::string& line, std::size_t columns);

// The block of `code` that begins on the first line containing `first`: that line and the ones
// after it, up to the line at the same indent that closes it (`}` or `};`); only that line if
// it closes itself. Without its common indent; "" if no line contains `first`.
std::string Excerpt(const std::string& code, const std::string& first);

}  // namespace racelab
