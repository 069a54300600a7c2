#pragma once
// An enum's spellings as one table, read both ways: printing a value and parsing a word come from
// the same list, so they cannot drift apart (and a new value is one line, not a case in a switch
// and a branch in a parser).
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace hub::util {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

// The first entry is also what a value missing from the table prints (only a cast of an integer
// out of the enum's range makes one); a value may have several entries, the first its spelling and
// the others words it is also parsed from.
template <class E, std::size_t N>
using EnumNames = std::array<EnumName<E>, N>;

template <class E, std::size_t N>
constexpr std::string_view name_of(const EnumNames<E, N>& table, E value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return table.front().name;
}

// The value `name` spells (exactly, case included), or nullopt.
template <class E, std::size_t N>
constexpr std::optional<E> value_named(const EnumNames<E, N>& table, std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace hub::util
