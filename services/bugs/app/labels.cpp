#include "services/bugs/app/labels.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"
#include "services/bugs/app/bug_events.hpp"
#include "services/bugs/app/permissions.hpp"
#include "services/bugs/domain/label.hpp"
#include "services/bugs/store/label_store.hpp"
#include "services/bugs/store/repo_store.hpp"

namespace hub::bugs {
namespace {

ApiError no_label(const std::string& name) {
  return ApiError(ErrorCode::kNotFound, "no label \"" + util::header_safe(name, 60) + "\" in this repo");
}

const access::Identity& require_label_manager(const access::Identity* caller) {
  const access::Identity& who = require_filer(caller);
  require_triager(who, "managing labels");
  return who;
}

events::BugLabelChanged label_event(std::string action, const LabelRow& label, std::int64_t reports) {
  return events::BugLabelChanged{std::move(action), label.name, label.color, label.description, std::nullopt, reports};
}

}  // namespace

std::vector<LabelRow> repo_labels(service::Context& ctx, const Place& place) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return list_labels(tx, place.repo_id); });
}

LabelRow create_label(service::Context& ctx, const Place& place, const access::Identity* caller,
                      const LabelRow& label) {
  const access::Identity& who = require_label_manager(caller);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    if (count_labels(tx, place.repo_id) >= static_cast<std::int64_t>(kMaxLabelsPerRepo)) {
      throw ApiError(ErrorCode::kConflict, "a repo has at most " + std::to_string(kMaxLabelsPerRepo) + " labels");
    }
    auto made = insert_label(tx, place.repo_id, label);
    if (!made) throw ApiError(ErrorCode::kConflict, "the repo has a label \"" + label.name + "\" already");
    emit(tx, place, who, label_event("created", *made, 0));
    return *made;
  });
}

LabelRow change_label(service::Context& ctx, const Place& place, const access::Identity* caller,
                      const std::string& name, const LabelChange& change) {
  const access::Identity& who = require_label_manager(caller);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    auto label = find_label(tx, place.repo_id, name, true);
    if (!label) throw no_label(name);
    LabelRow after = *label;
    if (change.name) after.name = *change.name;
    if (change.color) after.color = *change.color;
    if (change.description) after.description = *change.description;
    if (after.name == label->name && after.color == label->color && after.description == label->description) {
      return after;
    }
    if (!update_label(tx, after)) {
      throw ApiError(ErrorCode::kConflict, "the repo has a label \"" + after.name + "\" already");
    }
    auto event = label_event("updated", after, 0);
    if (after.name != label->name) event.old_name = label->name;
    emit(tx, place, who, event);
    return after;
  });
}

void delete_label(service::Context& ctx, const Place& place, const access::Identity* caller, const std::string& name) {
  const access::Identity& who = require_label_manager(caller);
  db::transact(ctx.db, [&](pqxx::work& tx) {
    auto label = find_label(tx, place.repo_id, name, true);
    if (!label) throw no_label(name);
    const std::int64_t carried = remove_label(tx, *label);
    emit(tx, place, who, label_event("deleted", *label, carried));
  });
}

BugTemplate bug_template(service::Context& ctx, const Place& place) {
  return db::read_once(
      ctx.db, [&](pqxx::nontransaction& tx) { return find_template(tx, place.repo_id).value_or(default_template()); });
}

BugTemplate replace_template(service::Context& ctx, const Place& place, const access::Identity* caller,
                             const BugTemplate& tmpl) {
  const access::Identity& who = require_filer(caller);
  require_triager(who, "replacing the bug template");
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    BugTemplate saved = tmpl;
    saved.is_default = false;
    saved.labels.clear();
    for (const auto& name : tmpl.labels) {
      auto label = find_label(tx, place.repo_id, name);
      if (!label)
        throw ApiError(ErrorCode::kBadRequest, "no label \"" + util::header_safe(name, 60) + "\" in this repo");
      saved.labels.push_back(label->name);
    }
    save_template(tx, place.repo_id, saved, who.user_name);
    emit(tx, place, who,
         events::BugTemplateUpdated{saved.title, std::string(severity_name(saved.severity)), saved.labels});
    return saved;
  });
}

}  // namespace hub::bugs
