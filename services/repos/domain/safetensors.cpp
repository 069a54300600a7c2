#include "services/repos/domain/safetensors.hpp"

#include <algorithm>

namespace hub::repos {

SafetensorsHasher::SafetensorsHasher(std::uint64_t total) : total_(total) {
  if (total < domain::kSafetensorsPrefix) reject(domain::safetensors_header_length({}, total).error());
}

SafetensorsHasher::~SafetensorsHasher() = default;

void SafetensorsHasher::reject(std::string why) {
  state_ = State::kRejected;
  rejection_ = std::move(why);
  tensors_.clear();
  buffer_.clear();
  buffer_.shrink_to_fit();
}

void SafetensorsHasher::update(std::string_view bytes) {
  while (!bytes.empty() && state_ != State::kRejected) {
    if (state_ == State::kLength || state_ == State::kHeader) {
      const std::size_t want =
          state_ == State::kLength ? domain::kSafetensorsPrefix : static_cast<std::size_t>(header_length_);
      const std::size_t take = std::min(bytes.size(), want - buffer_.size());
      buffer_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (buffer_.size() < want) return;
      if (state_ == State::kLength) {
        auto length = domain::safetensors_header_length(buffer_, total_);
        if (!length) {
          reject(length.error());
          return;
        }
        header_length_ = length.value();
        buffer_.clear();
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
  const std::size_t first = buffer_.find_first_not_of(" \t\r\n");
  announced_ = first != std::string::npos && buffer_[first] == '{';
  auto parsed = domain::parse_safetensors_tensors(buffer_, total_ - domain::kSafetensorsPrefix - header_length_);
  if (!parsed) {
    reject(parsed.error());
    return;
  }
  for (auto& t : parsed.value()) {
    Active a;
    a.tensor.name = std::move(t.name);
    a.tensor.dtype = std::move(t.dtype);
    a.tensor.shape_json = domain::shape_json(t.shape);
    a.tensor.begin = t.begin;
    a.tensor.end = t.end;
    a.hash = std::make_unique<crypto::Sha256>();
    tensors_.push_back(std::move(a));
  }
  // The parser gives them by begin, then name: the order feed_data() walks.
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
  if (state_ == State::kRejected) return out;
  const std::uint64_t seen = state_ == State::kData ? domain::kSafetensorsPrefix + header_length_ + data_offset_
                                                    : buffer_.size() + (state_ == State::kHeader ? 8 : 0);
  if (state_ != State::kData || seen != total_) {
    reject("the file ended after " + std::to_string(seen) + " of its " + std::to_string(total_) + " bytes");
    return out;
  }
  for (auto& a : tensors_) {
    a.tensor.sha256 = a.hash->finish_hex();
    out.push_back(std::move(a.tensor));
  }
  return out;
}

TensorHeader SafetensorsHasher::examine() {
  TensorHeader header;
  header.tensors = finish();
  header.safetensors = announced_;
  header.error = rejection_;
  return header;
}

}  // namespace hub::repos
