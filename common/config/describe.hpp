#pragma once
// `--print-config`: the variables a process reads, as JSON lines, taken from the Reader that read
// them (config::Reader::variables()), so no list of names is kept beside the code. The deployment
// checks (tests/deploy/) compare compose.yaml and k8s/ with what each binary prints.
#include <string>
#include <vector>

#include "common/config/config.hpp"

namespace hub::config {

// One JSON object a line: {"name", "kind", "default", "required"[, "choices"]}; "default" is null
// for a required variable.
std::string describe(const std::vector<Variable>& variables);

}  // namespace hub::config
