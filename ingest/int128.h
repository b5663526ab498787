// 128-bit integers for exact decimal products (amount x rate, digit accumulation) that may
// exceed int64 before they are range-checked. GCC and Clang provide __int128; __extension__
// keeps -Wpedantic quiet about it.
#pragma once

namespace crm {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

}  // namespace crm
