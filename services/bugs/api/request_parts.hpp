#pragma once
// What bug requests carry, read into the use cases' types: report numbers in paths, and the JSON
// bodies of a new report, a change, a label and a template. A wrong field is a 400 naming it.
#include <cstdint>

#include "common/http/message.hpp"
#include "common/json/json.hpp"
#include "services/bugs/app/labels.hpp"
#include "services/bugs/app/reports.hpp"

namespace hub::bugs {

// 404 for a number that cannot be a report's.
std::int64_t report_number(const http::Request& req);

// {title, body?, severity?, labels?, assignees?, affectedRevision?, environment?}
NewReport new_report(const json::Value& body);
// {title?, body?, environment?, affectedRevision? (null clears), severity?, labels?, assignees?,
//  status?, duplicateOf?, fixedIn? (null clears)}
ReportChange report_change(const json::Value& body);
// {name, color?, description?}
LabelRow new_label(const json::Value& body);
// {name?, color?, description?}
LabelChange label_change(const json::Value& body);
// {title?, body, severity?, labels?}
BugTemplate template_of(const json::Value& body);

}  // namespace hub::bugs
