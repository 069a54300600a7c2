#include "services/bugs/domain/report.hpp"

#include <gtest/gtest.h>

#include "services/bugs/domain/bug_template.hpp"
#include "services/bugs/domain/label.hpp"

namespace hub::bugs {
namespace {

bool may(Status from, Status to, Mover mover) {
  return !refuse_move(from, to, mover).has_value();
}

TEST(BugLifecycle, TheWriteRoleWalksItForward) {
  EXPECT_TRUE(may(Status::kOpen, Status::kTriaged, Mover::kTriager));
  EXPECT_TRUE(may(Status::kTriaged, Status::kInProgress, Mover::kTriager));
  EXPECT_TRUE(may(Status::kInProgress, Status::kResolved, Mover::kTriager));
  EXPECT_TRUE(may(Status::kResolved, Status::kClosed, Mover::kTriager));
  for (Status from : {Status::kOpen, Status::kTriaged, Status::kInProgress}) {
    EXPECT_TRUE(may(from, Status::kWontfix, Mover::kTriager));
    EXPECT_TRUE(may(from, Status::kDuplicate, Mover::kTriager));
    EXPECT_TRUE(may(from, Status::kClosed, Mover::kTriager));
  }
  for (Status from : {Status::kResolved, Status::kClosed, Status::kWontfix, Status::kDuplicate}) {
    EXPECT_TRUE(may(from, Status::kOpen, Mover::kTriager)) << "reopen from " << status_name(from);
  }
}

TEST(BugLifecycle, StepsAreNotSkippedNorWalkedBack) {
  struct Bad {
    Status from, to;
  };
  for (const Bad& b : {Bad{Status::kOpen, Status::kInProgress}, Bad{Status::kOpen, Status::kResolved},
                       Bad{Status::kTriaged, Status::kOpen}, Bad{Status::kInProgress, Status::kOpen},
                       Bad{Status::kResolved, Status::kInProgress}, Bad{Status::kClosed, Status::kResolved},
                       Bad{Status::kWontfix, Status::kClosed}, Bad{Status::kDuplicate, Status::kTriaged},
                       Bad{Status::kClosed, Status::kClosed}}) {
    SCOPED_TRACE(std::string(status_name(b.from)) + " -> " + std::string(status_name(b.to)));
    auto refusal = refuse_move(b.from, b.to, Mover::kTriager);
    ASSERT_TRUE(refusal);
    EXPECT_FALSE(refusal->forbidden) << "a move the lifecycle lacks is a conflict, not a permission";
    EXPECT_FALSE(refusal->message.empty());
  }
  EXPECT_NE(refuse_move(Status::kOpen, Status::kResolved, Mover::kTriager)->message.find("triaged"), std::string::npos)
      << "the message says where it can go";
}

TEST(BugLifecycle, AuthorsCloseAndReopenTheirOwnOthersNothing) {
  for (Status from : {Status::kOpen, Status::kTriaged, Status::kInProgress, Status::kResolved}) {
    EXPECT_TRUE(may(from, Status::kClosed, Mover::kAuthor));
    EXPECT_TRUE(refuse_move(from, Status::kClosed, Mover::kOther)->forbidden);
  }
  EXPECT_TRUE(may(Status::kClosed, Status::kOpen, Mover::kAuthor));
  EXPECT_TRUE(may(Status::kResolved, Status::kOpen, Mover::kAuthor));
  EXPECT_TRUE(refuse_move(Status::kWontfix, Status::kOpen, Mover::kAuthor)->forbidden) << "a triage decision";
  EXPECT_TRUE(refuse_move(Status::kOpen, Status::kTriaged, Mover::kAuthor)->forbidden);
  EXPECT_TRUE(refuse_move(Status::kOpen, Status::kDuplicate, Mover::kAuthor)->forbidden);
}

TEST(BugLifecycle, AMergedFixResolvesWhatIsStillOpen) {
  for (Status from : {Status::kOpen, Status::kTriaged, Status::kInProgress}) {
    EXPECT_TRUE(may(from, Status::kResolved, Mover::kFix));
    EXPECT_TRUE(is_active(from));
    EXPECT_TRUE(is_known(from));
  }
  EXPECT_TRUE(is_known(Status::kResolved)) << "resolved bugs stay known on revisions without the fix";
  for (Status from : {Status::kResolved, Status::kClosed, Status::kWontfix, Status::kDuplicate}) {
    EXPECT_FALSE(may(from, Status::kResolved, Mover::kFix));
    EXPECT_FALSE(is_active(from));
  }
  EXPECT_FALSE(is_known(Status::kClosed));
  EXPECT_FALSE(may(Status::kOpen, Status::kClosed, Mover::kFix));
}

TEST(BugLifecycle, DuplicateChainsNeverCycle) {
  EXPECT_EQ(checked_duplicate(5, 3, {}).value(), 3);
  EXPECT_EQ(checked_duplicate(5, 3, {2, 1}).value(), 3) << "a chain that ends elsewhere";
  EXPECT_FALSE(checked_duplicate(5, 5, {}));
  EXPECT_FALSE(checked_duplicate(5, 3, {5}));
  EXPECT_FALSE(checked_duplicate(5, 3, {2, 4, 5}));
  EXPECT_FALSE(checked_duplicate(5, 0, {}));
  EXPECT_NE(checked_duplicate(5, 3, {2, 5}).error().find("cycle"), std::string::npos);
}

TEST(BugReport, SeveritiesAndNames) {
  EXPECT_EQ(checked_severity("critical").value(), Severity::kCritical);
  EXPECT_FALSE(checked_severity("blocker"));
  EXPECT_FALSE(checked_severity("HIGH")) << "as spelled";
  EXPECT_LT(severity_rank(Severity::kCritical), severity_rank(Severity::kLow));
  for (Status s : all_statuses())
    EXPECT_EQ(parse_status(status_name(s)), s);
  EXPECT_EQ(all_statuses().size(), kStatusCount);
  EXPECT_FALSE(parse_status("in-progress"));
}

TEST(BugReport, TextWithinItsLimits) {
  EXPECT_EQ(checked_title("  Garbage output for long inputs ").value(), "Garbage output for long inputs");
  EXPECT_FALSE(checked_title(" "));
  EXPECT_FALSE(checked_title("two\nlines"));
  EXPECT_FALSE(checked_title(std::string(kMaxTitleChars + 1, 't')));
  EXPECT_TRUE(checked_title(std::string(kMaxTitleChars, 't')));
  EXPECT_TRUE(checked_body("")) << "a body may be empty";
  EXPECT_FALSE(checked_body(std::string(kMaxTextBytes + 1, 'b')));
  EXPECT_FALSE(checked_body("\xff"));
  EXPECT_FALSE(checked_comment(" \n"));
  EXPECT_FALSE(checked_comment(std::string("a\0b", 3)));
  EXPECT_EQ(checked_environment_field("environment.hardware", " A100 80GB ", kMaxEnvironmentChars).value(),
            "A100 80GB");
  EXPECT_FALSE(checked_environment_field("environment.library", "a\nb", kMaxEnvironmentChars));
  EXPECT_TRUE(checked_reproduction("line one\nline two"));
  EXPECT_FALSE(checked_reproduction(std::string(kMaxReproductionBytes + 1, 'r')));
}

TEST(BugLabels, NamesAndColours) {
  EXPECT_EQ(checked_label_name(" needs repro ").value(), "needs repro");
  EXPECT_FALSE(checked_label_name(""));
  EXPECT_FALSE(checked_label_name("a,b")) << "lists of labels are comma-separated";
  EXPECT_FALSE(checked_label_name(std::string(kMaxLabelChars + 1, 'l')));
  EXPECT_EQ(checked_label_color("#D73A4A").value(), "#d73a4a");
  EXPECT_EQ(checked_label_color("d73a4a").value(), "#d73a4a");
  EXPECT_EQ(checked_label_color("#fa0").value(), "#ffaa00");
  EXPECT_FALSE(checked_label_color("red"));
  EXPECT_FALSE(checked_label_color("#12345g"));
  EXPECT_FALSE(checked_label_color("#1234567"));
}

TEST(BugTemplates, TheDefaultAndItsPrefix) {
  const BugTemplate t = default_template();
  EXPECT_TRUE(t.is_default);
  EXPECT_EQ(t.severity, Severity::kMedium);
  EXPECT_NE(t.body.find("How to reproduce"), std::string::npos);
  EXPECT_TRUE(checked_body(t.body));
  EXPECT_EQ(titled(t, "Crash"), "Crash");
  BugTemplate prefixed = t;
  prefixed.title = "[bug]";
  EXPECT_EQ(titled(prefixed, "Crash"), "[bug] Crash");
  EXPECT_EQ(titled(prefixed, "[bug] Crash"), "[bug] Crash") << "never twice";
  EXPECT_FALSE(checked_template_title(std::string(kMaxTemplateTitleChars + 1, 'x')));
  EXPECT_EQ(checked_template_title("").value(), "");
}

}  // namespace
}  // namespace hub::bugs
