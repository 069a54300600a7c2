// Page cursors: any cursor opens only if sealed here for that list; a sealed one opens to its position.
#include "common/http/cursor.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hub::http::CursorSealer sealer("fuzzing-secret-0123456789abcdef0123456789");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)sealer.open("tree:repo:main", text);
  if (text.size() > 200) return 0;  // positions are short; a cursor over 512 characters is refused
  const std::string sealed = sealer.seal("list:a", text);
  auto opened = sealer.open("list:a", sealed);
  if (!opened || *opened != text) std::abort();
  if (sealer.open("list:b", sealed)) std::abort();  // never carried to another list
  return 0;
}
