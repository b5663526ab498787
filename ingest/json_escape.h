// Writing JSON string literals for the records ingest/ produces (dead letters). Kept here
// because nothing shared writes JSON yet; the output is plain RFC 8259.
#pragma once

#include <string>
#include <string_view>

namespace crm {

// Appends `text` as a quoted JSON string: `"` and `\` escaped, control characters as \n, \t,
// ... or \u00XX, other UTF-8 as is. Bytes that are not valid UTF-8 become \ufffd, so the
// output is valid JSON whatever `text` holds (details may quote raw input).
void append_json_string(std::string& out, std::string_view text);

}  // namespace crm
