#include "services/repos/domain/default_files.hpp"

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

}  // namespace

std::vector<Change> default_files() {
  std::string attributes;
  for (auto p : kLfsPatterns)
    attributes.append(p).append(" filter=lfs diff=lfs merge=lfs -text\n");
  return {Change{".gitattributes", false, attributes}};
}

}  // namespace hub::repos
