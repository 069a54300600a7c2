#pragma once
// The bug reports a pull request closes: "fixes #N", "closes #N", "resolves #N" (and their other
// tenses, any case) in its description or its commits' messages, as GitHub reads them. Only plain
// #N, a number of the same repo; what the number is (a bug, or not) is for the bugs service to say.
#include <cstdint>
#include <string_view>
#include <vector>

namespace hub::pulls {

// The numbers, each once, in ascending order.
std::vector<std::int64_t> closing_references(std::string_view text);

}  // namespace hub::pulls
