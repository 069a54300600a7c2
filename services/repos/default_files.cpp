#include "services/repos/default_files.hpp"

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"

namespace hub::repos {
namespace {

constexpr std::string_view kLfsPatterns[] = {"*.7z",          "*.arrow",
                                             "*.bin",         "*.bz2",
                                             "*.ckpt",        "*.ftz",
                                             "*.gz",          "*.h5",
                                             "*.joblib",      "*.lfs.*",
                                             "*.mlmodel",     "*.model",
                                             "*.msgpack",     "*.npy",
                                             "*.npz",         "*.onnx",
                                             "*.ot",          "*.parquet",
                                             "*.pb",          "*.pickle",
                                             "*.pkl",         "*.pt",
                                             "*.pth",         "*.rar",
                                             "*.safetensors", "saved_model/**/*",
                                             "*.tar.*",       "*.tar",
                                             "*.tflite",      "*.tgz",
                                             "*.wasm",        "*.xz",
                                             "*.zip",         "*.zst",
                                             "*tfevents*",    "*.gguf",
                                             "*.mds",         "*.wav",
                                             "*.mp3",         "*.flac",
                                             "*.png",         "*.jpg",
                                             "*.jpeg",        "*.webp"};

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= s.size() && extra > 0) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

std::vector<Change> default_files() {
  std::string attributes;
  for (auto p : kLfsPatterns)
    attributes.append(p).append(" filter=lfs diff=lfs merge=lfs -text\n");
  return {Change{".gitattributes", false, attributes}};
}

void check_file_path(std::string_view path) {
  auto bad = [&](std::string_view why) {
    throw ApiError(ErrorCode::kBadRequest, "invalid path '" + util::header_safe(path, 200) + "': " + std::string(why));
  };
  if (path.empty()) bad("empty");
  if (path.size() > 1000) bad("longer than 1000 bytes");
  if (path.front() == '/') bad("absolute");
  for (const char c : path) {
    if (c == '\\') bad("backslashes are not separators here");
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) bad("control characters");
  }
  if (!valid_utf8(path)) bad("not UTF-8");
  for (auto segment : util::split(path, '/')) {
    if (segment.empty()) bad("empty segment");
    if (segment == "." || segment == "..") bad("relative segments");
    if (util::iequals(segment, ".git")) bad(".git is reserved");
  }
}

}  // namespace hub::repos
