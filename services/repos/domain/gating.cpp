#include "services/repos/domain/gating.hpp"

#include "common/util/enum_names.hpp"

namespace hub::repos {
namespace {

constexpr util::EnumNames<GateMode, 3> kGateModes = {
    {{GateMode::kOff, "false"}, {GateMode::kAuto, "auto"}, {GateMode::kManual, "manual"}}};
constexpr util::EnumNames<AccessStatus, 3> kAccessStatuses = {{{AccessStatus::kPending, "pending"},
                                                               {AccessStatus::kAccepted, "accepted"},
                                                               {AccessStatus::kRejected, "rejected"}}};

}  // namespace

std::optional<GateMode> parse_gate_mode(std::string_view stored) {
  return util::value_named(kGateModes, stored);
}

std::optional<AccessStatus> parse_access_status(std::string_view text) {
  return util::value_named(kAccessStatuses, text);
}

std::string_view access_status_name(AccessStatus s) {
  return util::name_of(kAccessStatuses, s);
}

bool open_in_gated_repo(std::string_view path) {
  return path == "README.md" || path == ".gitattributes";
}

bool passes_gate_by_role(access::Role role, bool is_private) {
  if (role >= access::Role::kWrite) return true;
  return is_private && role == access::Role::kRead;
}

AccessStatus status_after_request(GateMode mode, std::optional<AccessStatus> existing) {
  if (existing == AccessStatus::kAccepted || existing == AccessStatus::kRejected) return *existing;
  return mode == GateMode::kAuto ? AccessStatus::kAccepted : AccessStatus::kPending;
}

std::vector<std::string> requested_fields(const json::Value& card_data) {
  std::vector<std::string> out;
  const json::Value* fields = json::find(card_data, "extra_gated_fields");
  if (fields == nullptr || !fields->IsObject()) return out;
  for (const auto& m : fields->GetObject())
    out.emplace_back(m.name.GetString(), m.name.GetStringLength());
  return out;
}

std::optional<std::string> missing_field(const std::vector<std::string>& asked, const json::Value* given) {
  for (const auto& name : asked) {
    const json::Value* v = given != nullptr ? json::find(*given, name) : nullptr;
    if (v == nullptr) return name;
    if (v->IsString() && v->GetStringLength() > 0) continue;
    if (v->IsNumber() || v->IsBool()) continue;
    return name;
  }
  return std::nullopt;
}

}  // namespace hub::repos
