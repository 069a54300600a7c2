#pragma once
// The use cases of a repo's labels and bug template: anyone who reads the repo lists them; the write
// role creates, renames, recolours and deletes labels (deleting one takes it off every report) and
// replaces the template.
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/service/service.hpp"
#include "services/bugs/app/place.hpp"
#include "services/bugs/domain/bug_template.hpp"
#include "services/bugs/domain/records.hpp"

namespace hub::bugs {

std::vector<LabelRow> repo_labels(service::Context& ctx, const Place& place);

// 409 when the repo has a label of that name already.
LabelRow create_label(service::Context& ctx, const Place& place, const access::Identity* who, const LabelRow& label);

struct LabelChange {
  std::optional<std::string> name, color, description;  // checked
};
// 404 for a label the repo lacks, 409 when the new name is another label's.
LabelRow change_label(service::Context& ctx, const Place& place, const access::Identity* who, const std::string& name,
                      const LabelChange& change);
// 404 for a label the repo lacks.
void delete_label(service::Context& ctx, const Place& place, const access::Identity* who, const std::string& name);

// The repo's template, or the default one.
BugTemplate bug_template(service::Context& ctx, const Place& place);
// 400 for labels the repo lacks.
BugTemplate replace_template(service::Context& ctx, const Place& place, const access::Identity* who,
                             const BugTemplate& tmpl);

}  // namespace hub::bugs
