#include "services/pulls/store/review_store.hpp"

#include "common/db/prepared.hpp"

namespace hub::pulls {
namespace {

#define PULLS_TIME(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

constexpr const char* kInsertReview =
    "INSERT INTO pulls.reviews (id, repo_id, num, reviewer_id, reviewer_name, state, body, body_html, commit_sha) "
    "VALUES ($1::uuid, $2::uuid, $3, $4::uuid, $5, $6, $7, $8, $9) RETURNING seq, " PULLS_TIME("created_at");
constexpr const char* kListReviews =
    "SELECT id::text, seq, reviewer_id::text, reviewer_name, state, body, body_html, commit_sha, " PULLS_TIME(
        "created_at") " FROM pulls.reviews WHERE repo_id = $1::uuid AND num = $2 ORDER BY seq";

constexpr const char* kCommentColumns =
    "id::text, seq, COALESCE(review_id::text, ''), COALESCE(reply_to::text, ''), author_id::text, author_name, "
    "path, side, start_line, line, COALESCE(tensor, ''), anchor_text, commit_sha, body, body_html, resolved, "
    "COALESCE(resolved_by, ''), " PULLS_TIME("created_at");
constexpr const char* kInsertComment =
    "INSERT INTO pulls.review_comments (id, repo_id, num, review_id, reply_to, author_id, author_name, path, side, "
    "start_line, line, tensor, anchor_text, commit_sha, body, body_html) VALUES ($1::uuid, $2::uuid, $3, "
    "NULLIF($4, '')::uuid, NULLIF($5, '')::uuid, $6::uuid, $7, $8, $9, $10, $11, NULLIF($12, ''), $13, $14, $15, "
    "$16) RETURNING seq, " PULLS_TIME("created_at");
constexpr const char* kSetResolved =
    "UPDATE pulls.review_comments SET resolved = $2, resolved_by = NULLIF($3, '') "
    "WHERE id = $1::uuid";

constexpr const char* kInsertRequest =
    "INSERT INTO pulls.review_requests (repo_id, num, kind, reviewer, requested_by) VALUES ($1::uuid, $2, $3, $4, "
    "$5) ON CONFLICT DO NOTHING";
constexpr const char* kListRequests =
    "SELECT kind, reviewer, requested_by, " PULLS_TIME("created_at") " FROM pulls.review_requests "
    "WHERE repo_id = $1::uuid AND num = $2 ORDER BY created_at, reviewer";

#undef PULLS_TIME

std::string comment_query(const char* where) {
  return std::string("SELECT ") + kCommentColumns + " FROM pulls.review_comments WHERE " + where;
}

CommentRow comment_of(const pqxx::row& r) {
  CommentRow c;
  c.id = r[0].as<std::string>();
  c.seq = r[1].as<std::int64_t>();
  c.review_id = r[2].as<std::string>();
  c.reply_to = r[3].as<std::string>();
  c.author_id = r[4].as<std::string>();
  c.author_name = r[5].as<std::string>();
  c.path = r[6].as<std::string>();
  c.side = parse_side(r[7].as<std::string>()).value_or(LineSide::kNew);
  if (!r[8].is_null()) c.start_line = r[8].as<int>();
  if (!r[9].is_null()) c.line = r[9].as<int>();
  c.tensor = r[10].as<std::string>();
  c.anchor_text = r[11].as<std::string>();
  c.commit_sha = r[12].as<std::string>();
  c.body = r[13].as<std::string>();
  c.body_html = r[14].as<std::string>();
  c.resolved = r[15].as<bool>();
  c.resolved_by = r[16].as<std::string>();
  c.created_at = r[17].as<std::string>();
  return c;
}

}  // namespace

void insert_review(pqxx::work& tx, const std::string& repo_id, std::int64_t num, ReviewRow& r) {
  auto row = db::exec_statement(tx, kInsertReview, r.id, repo_id, num, r.reviewer_id, r.reviewer_name,
                                std::string(verdict_name(r.verdict)), r.body, r.body_html, r.commit_sha)[0];
  r.seq = row[0].as<std::int64_t>();
  r.created_at = row[1].as<std::string>();
}

std::vector<ReviewRow> list_reviews(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num) {
  std::vector<ReviewRow> out;
  for (const auto& r : db::exec_statement(tx, kListReviews, repo_id, num)) {
    ReviewRow review;
    review.id = r[0].as<std::string>();
    review.seq = r[1].as<std::int64_t>();
    review.reviewer_id = r[2].as<std::string>();
    review.reviewer_name = r[3].as<std::string>();
    review.verdict = parse_verdict(r[4].as<std::string>()).value_or(Verdict::kComment);
    review.body = r[5].as<std::string>();
    review.body_html = r[6].as<std::string>();
    review.commit_sha = r[7].as<std::string>();
    review.created_at = r[8].as<std::string>();
    out.push_back(std::move(review));
  }
  return out;
}

void insert_comment(pqxx::work& tx, const std::string& repo_id, std::int64_t num, CommentRow& c) {
  auto row = db::exec_statement(tx, kInsertComment, c.id, repo_id, num, c.review_id, c.reply_to, c.author_id,
                                c.author_name, c.path, std::string(side_name(c.side)), c.start_line, c.line, c.tensor,
                                c.anchor_text, c.commit_sha, c.body, c.body_html)[0];
  c.seq = row[0].as<std::int64_t>();
  c.created_at = row[1].as<std::string>();
}

std::vector<CommentRow> list_comments(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num) {
  std::vector<CommentRow> out;
  for (const auto& r :
       db::exec_statement(tx, comment_query("repo_id = $1::uuid AND num = $2 ORDER BY seq"), repo_id, num))
    out.push_back(comment_of(r));
  return out;
}

std::optional<CommentRow> find_comment(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                       const std::string& id) {
  auto rows =
      db::exec_statement(tx, comment_query("repo_id = $1::uuid AND num = $2 AND id = $3::uuid"), repo_id, num, id);
  if (rows.empty()) return std::nullopt;
  return comment_of(rows[0]);
}

void set_resolved(pqxx::work& tx, const std::string& id, bool resolved, const std::string& by) {
  db::exec_statement(tx, kSetResolved, id, resolved, resolved ? by : std::string());
}

bool insert_request(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const ReviewRequest& request) {
  return db::exec_statement(tx, kInsertRequest, repo_id, num, std::string(request.group ? "group" : "user"),
                            request.reviewer, request.requested_by)
             .affected_rows() > 0;
}

std::vector<ReviewRequest> list_requests(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num) {
  std::vector<ReviewRequest> out;
  for (const auto& r : db::exec_statement(tx, kListRequests, repo_id, num)) {
    out.push_back(ReviewRequest{r[0].as<std::string>() == "group", r[1].as<std::string>(), r[2].as<std::string>(),
                                r[3].as<std::string>()});
  }
  return out;
}

}  // namespace hub::pulls
