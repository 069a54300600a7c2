#pragma once
// Writing an event: a row in the service's own outbox table, in the caller's transaction, so the
// event exists if and only if the change it describes was committed. The relay publishes it.
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/events/envelope.hpp"

namespace hub::events {

// Also notifies the relay with the row's id (delivered at commit, dropped with a rollback).
void append(pqxx::work& tx, std::string_view schema, const Envelope& event);

// The LISTEN/NOTIFY channel of a schema's outbox.
std::string outbox_channel(std::string_view schema);

}  // namespace hub::events
