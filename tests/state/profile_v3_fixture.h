// Version-3 bytes of profile_samples.h's rich_profile_v3(), as the encoder that introduced
// version 3 (the orders' items, the legacy categories bought and the cart removals) wrote them.
// Never regenerate or edit it: a new encoding version gets a new fixture next to this one, and this
// one must keep decoding.
#pragma once

#include <string_view>

namespace crm::test {

inline constexpr std::string_view kProfileV3FixtureHex =
    "0306432d313030310080a0abfef96280a0bfe9d6660403e50798f8ffffffffbf7ff0ffffffffffbf"
    "80ff010f5400000a00000000000604000000028cc878020377656250036170700e020573686f6573"
    "180c5a6fc3ab277320636166c3a906020573686f6573040468617473020104686174730202010350"
    "2d3104c0f7f07b80c6fadfd6660003502d320280f3dce4d6660103502d3980fcd6e5d66680f3dce4"
    "d66601031b034f2d3180f086c2ee65e091bd02c0998ec2ee6508452d706169642d31e091bd02c084"
    "3d01c0998ec2ee658877665544332211010573686f65730401034f2d328080e682b966a0d26c0004"
    "034f2d33010080a8bcbcc06602c0998ec2ee65a08d8002c09ea8a025a09c01c0a9810202efcdab89"
    "6745230180f8e8afcf661032547698badcfeffa7d6b9070206616e6f6e2d3780e4fdd2cb6606616e"
    "6f6e2d3880f8e8afcf660b06726570656174056c6f79616c036c6f7703018090f2bbd766";

}  // namespace crm::test
