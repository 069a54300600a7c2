#pragma once
// SQL over pulls.reviews, pulls.review_comments and pulls.review_requests, in the caller's
// transaction.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

// Fills id (given), seq and created_at.
void insert_review(pqxx::work& tx, const std::string& repo_id, std::int64_t num, ReviewRow& review);
std::vector<ReviewRow> list_reviews(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num);

void insert_comment(pqxx::work& tx, const std::string& repo_id, std::int64_t num, CommentRow& comment);
std::vector<CommentRow> list_comments(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num);
std::optional<CommentRow> find_comment(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                       const std::string& id);
void set_resolved(pqxx::work& tx, const std::string& id, bool resolved, const std::string& by);

// False when that reviewer was already requested.
bool insert_request(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const ReviewRequest& request);
std::vector<ReviewRequest> list_requests(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num);

}  // namespace hub::pulls
