// What an erasure (crmstream forget) leaves in the customer's task for a while, so that output
// ids never repeat after it (outputs.md): the instant it was made at, which a second erasure of
// the same customer must come after (its event id is "x<instant>"), and the event ids the erased
// profile remembered, so that a producer's retry of an event from before the erasure is still a
// duplicate (applied again, it would bring back erased data under its old output ids).
//
// Kept in the meta family under a 64-bit FNV-1a hash of the customer id, not the id itself, and
// dropped by a later erasure in the same task once its clock is dedupe_retention past it.
// Layout: u8 version = 1, erased_at s, then n x (id_hash as 8 bytes little-endian,
// applied_at s), as profile_codec.h writes them. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "processors/profile.h"
#include "state/key_codec.h"
#include "state/status.h"

namespace crm {

struct ErasureRecord {
  TimeMs erased_at = 0;
  std::vector<SeenEvent> seen_events;  // sorted by hash, as in Profile
};

// The meta name of a customer's erasure record: "erased/" and 16 hex digits of the hash.
std::string erasure_meta_name(std::string_view customer_id);
// Every erasure record of `task` (meta keys whose name starts with "erased/").
KeyRange erasure_records_range(TaskId task);

void encode_erasure_record(const ErasureRecord& record, std::string& out);
// Corruption naming what is wrong for truncated, malformed or unknown-version bytes.
Status decode_erasure_record(std::string_view bytes, ErasureRecord& record);

}  // namespace crm
