// The signed identity header: any header is refused or read, never a crash; an identity signed
// from arbitrary fields reads back the same.
#include "common/access/identity.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hub::access::Signer signer("fuzzing-secret-0123456789abcdef0123456789",
                                          "previous-secret-abcdef0123456789");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const hub::access::Binding binding{"GET", "/api/models/a/b", "req-1", 1'700'000'000};
  (void)signer.verify_identity(text, binding);
  (void)signer.verify_service(text, binding);
  // Fields from the input, split at '|': user id, name, token, repo, role, client address.
  std::string fields[6];
  std::size_t i = 0;
  for (char c : text) {
    if (c == '|' && i < 5) {
      ++i;
    } else {
      fields[i] += c;
    }
  }
  hub::access::Identity id;
  id.user_id = fields[0];
  id.user_name = fields[1];
  id.token_id = fields[2];
  id.repo_id = fields[3];
  id.role = hub::access::parse_role(fields[4]).value_or(hub::access::Role::kNone);
  id.client_address = fields[5];
  const std::string header = signer.sign_identity(id, binding);
  auto back = signer.verify_identity(header, binding);
  if (back && (back.value().user_id != id.user_id || back.value().user_name != id.user_name ||
               back.value().role != id.role || back.value().client_address != id.client_address)) {
    std::abort();  // what verifies is what was signed
  }
  return 0;
}
