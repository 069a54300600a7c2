#include "services/repos/domain/safetensors.hpp"

#include <algorithm>

#include "common/json/json.hpp"

namespace hub::repos {

SafetensorsHasher::SafetensorsHasher(std::uint64_t total) : total_(total) {
  if (total < 10) state_ = State::kRejected;
}

SafetensorsHasher::~SafetensorsHasher() = default;

void SafetensorsHasher::update(std::string_view bytes) {
  while (!bytes.empty() && state_ != State::kRejected) {
    if (state_ == State::kLength || state_ == State::kHeader) {
      const std::size_t want = state_ == State::kLength ? 8 : static_cast<std::size_t>(header_length_);
      const std::size_t take = std::min(bytes.size(), want - buffer_.size());
      buffer_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (buffer_.size() < want) return;
      if (state_ == State::kLength) {
        header_length_ = 0;
        for (int i = 7; i >= 0; --i)
          header_length_ = (header_length_ << 8) | static_cast<unsigned char>(buffer_[i]);
        buffer_.clear();
        if (header_length_ < 2 || header_length_ > kMaxSafetensorsHeader || 8 + header_length_ > total_) {
          state_ = State::kRejected;
          return;
        }
        buffer_.reserve(static_cast<std::size_t>(header_length_));
        state_ = State::kHeader;
      } else {
        parse_header();
        buffer_.clear();
        buffer_.shrink_to_fit();
      }
      continue;
    }
    feed_data(bytes);
    return;
  }
}

void SafetensorsHasher::parse_header() {
  auto doc = json::parse_object(buffer_, json::ParseLimits{.max_bytes = kMaxSafetensorsHeader});
  if (!doc) {
    state_ = State::kRejected;
    return;
  }
  const std::uint64_t data_size = total_ - 8 - header_length_;
  for (const auto& [key, value] : doc.value().GetObject()) {
    const std::string name(key.GetString(), key.GetStringLength());
    if (name == "__metadata__") continue;
    if (!value.IsObject() || !value.HasMember("dtype") || !value.HasMember("shape") ||
        !value.HasMember("data_offsets")) {
      state_ = State::kRejected;
      return;
    }
    const auto& dtype = value["dtype"];
    const auto& shape = value["shape"];
    const auto& offsets = value["data_offsets"];
    if (!dtype.IsString() || !shape.IsArray() || !offsets.IsArray() || offsets.Size() != 2 || !offsets[0].IsUint64() ||
        !offsets[1].IsUint64() || offsets[0].GetUint64() > offsets[1].GetUint64() ||
        offsets[1].GetUint64() > data_size) {
      state_ = State::kRejected;
      return;
    }
    Active a;
    a.tensor.name = name;
    a.tensor.dtype = dtype.GetString();
    json::Writer w;
    w.raw_value(shape);
    a.tensor.shape_json = w.str();
    a.tensor.begin = offsets[0].GetUint64();
    a.tensor.end = offsets[1].GetUint64();
    a.hash = std::make_unique<crypto::Sha256>();
    tensors_.push_back(std::move(a));
  }
  std::sort(tensors_.begin(), tensors_.end(), [](const Active& x, const Active& y) {
    return x.tensor.begin != y.tensor.begin ? x.tensor.begin < y.tensor.begin : x.tensor.name < y.tensor.name;
  });
  state_ = State::kData;
}

void SafetensorsHasher::feed_data(std::string_view bytes) {
  const std::uint64_t start = data_offset_;
  const std::uint64_t stop = start + bytes.size();
  data_offset_ = stop;
  // Tensors ending before this chunk are done; those starting after it wait.
  while (next_ < tensors_.size() && tensors_[next_].tensor.end <= start)
    ++next_;
  for (std::size_t i = next_; i < tensors_.size() && tensors_[i].tensor.begin < stop; ++i) {
    auto& t = tensors_[i].tensor;
    const std::uint64_t from = std::max(t.begin, start);
    const std::uint64_t to = std::min(t.end, stop);
    if (from < to)
      tensors_[i].hash->update(
          bytes.substr(static_cast<std::size_t>(from - start), static_cast<std::size_t>(to - from)));
  }
}

std::vector<TensorHash> SafetensorsHasher::finish() {
  std::vector<TensorHash> out;
  if (state_ != State::kData || 8 + header_length_ + data_offset_ != total_) return out;
  for (auto& a : tensors_) {
    a.tensor.sha256 = a.hash->finish_hex();
    out.push_back(std::move(a.tensor));
  }
  return out;
}

}  // namespace hub::repos
