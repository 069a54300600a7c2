#pragma once
// Pull requests' review state as answers show it (JSON, camelCase).
#include <vector>

#include "common/json/json.hpp"
#include "services/pulls/app/reviews.hpp"
#include "services/pulls/domain/gates.hpp"

namespace hub::pulls {

void write_review(json::Writer& w, const ReviewRow& review, bool dismissed);
void write_comment(json::Writer& w, const CommentRow& comment, const PlacedComment* placed);
void write_requests(json::Writer& w, const std::vector<ReviewRequest>& requests);
void write_unmet(json::Writer& w, const std::vector<UnmetGate>& unmet);

}  // namespace hub::pulls
