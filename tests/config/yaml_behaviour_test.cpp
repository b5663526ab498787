// What yaml-cpp 0.7 does with the inputs the loader must police itself.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace {

// yaml-cpp accepts a repeated key, keeps both entries when iterating and answers operator[]
// with the first: the loader must detect duplicates while iterating.
TEST(YamlBehaviourTest, DuplicateKeysAreKeptSilently) {
  const YAML::Node node = YAML::Load("a: 1\nb: 2\na: 3\n");
  int entries = 0;
  for (const auto& entry : node) {
    static_cast<void>(entry);
    ++entries;
  }
  EXPECT_EQ(entries, 3);
  EXPECT_EQ(node["a"].Scalar(), "1");
}

// Plain `null`, `~` and nothing are null nodes; quoted "null" and '' are scalars.
TEST(YamlBehaviourTest, NullsAndQuotedNulls) {
  const YAML::Node node = YAML::Load("a: null\nb: ~\nc:\nd: \"null\"\ne: ''\n");
  EXPECT_TRUE(node["a"].IsNull());
  EXPECT_TRUE(node["b"].IsNull());
  EXPECT_TRUE(node["c"].IsNull());
  EXPECT_TRUE(node["d"].IsScalar());
  EXPECT_TRUE(node["e"].IsScalar());
}

}  // namespace
