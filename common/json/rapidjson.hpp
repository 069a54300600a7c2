#pragma once
// The only place RapidJSON is included. Its default assertion aborts in debug builds and is undefined
// behaviour in release builds; a misuse must instead surface as an exception that becomes a 500.
#include <stdexcept>

#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) ((x) ? static_cast<void>(0) : throw std::logic_error("RapidJSON assertion failed: " #x))
#endif
#define RAPIDJSON_HAS_STDSTRING 1
// SSE2 (every x86-64 has it): the writer copies the runs of a string that need no escaping 16 bytes
// at a time (a profile of a bug-report list put 9% of the service's CPU in the byte-at-a-time
// WriteString), and the parser skips whitespace the same way. Both stay inside their buffers: the
// writer's loads are aligned blocks within the string, and our parser reads a MemoryStream, whose
// whitespace skip is bounded by its end. (The unbounded variants, for StringStream and in-situ
// parsing, are never used here: every parse goes through json::parse.) Defined here, the only place
// RapidJSON is included, so every translation unit sees the same templates.
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif

#include <rapidjson/document.h>
#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
