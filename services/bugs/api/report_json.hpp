#pragma once
// Bug reports, their timelines, labels and template in the shapes the API answers with
// (docs/bugs.md; schemas/openapi.json).
#include <cstdint>
#include <map>

#include "common/json/json.hpp"
#include "services/bugs/app/place.hpp"
#include "services/bugs/domain/bug_template.hpp"
#include "services/bugs/domain/records.hpp"

namespace hub::bugs {

// A list's item: everything but the body, the reproduction input and the timeline.
void write_report_item(json::Writer& w, const Place& place, const ReportRow& report);
// The whole report (without its timeline, which the caller adds).
void write_report_fields(json::Writer& w, const Place& place, const ReportRow& report);
void write_timeline_entry(json::Writer& w, const Place& place, std::int64_t num, const TimelineEntry& entry);
void write_label(json::Writer& w, const LabelRow& label, bool with_count);
void write_template(json::Writer& w, const BugTemplate& tmpl);
void write_counts(json::Writer& w, const std::map<Status, std::int64_t>& counts);

}  // namespace hub::bugs
