#include "config/env_substitution.h"

#include <gtest/gtest.h>

#include "tests/config/config_test_support.h"

namespace crm {
namespace {

using testing::lookup_in;

struct SubstitutionCase {
  std::string text;
  std::string expected;
};

TEST(EnvSubstitutionTest, ReplacesReferencesAnywhereInTheValue) {
  const EnvLookup env = lookup_in({{"HOST", "kafka-1"}, {"PORT", "9092"}, {"EMPTY", ""}});
  const SubstitutionCase cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"${HOST}", "kafka-1"},
      {"${HOST}:${PORT}", "kafka-1:9092"},
      {"broker=${HOST}, port ${PORT}!", "broker=kafka-1, port 9092!"},
      {"${MISSING:-fallback}", "fallback"},
      {"${MISSING:-}", ""},
      {"${HOST:-fallback}", "kafka-1"},
      {"${EMPTY}", ""},
      {"${EMPTY:-fallback}", "fallback"},  // as the shell: unset or empty takes the default
      {"${MISSING:-a:b-c}", "a:b-c"},
      {"cost $5 and $HOST", "cost $5 and $HOST"},  // a '$' without '{' is text
      {"$", "$"},
  };
  for (const auto& c : cases) EXPECT_EQ(substitute_env(c.text, env), c.expected) << c.text;
}

TEST(EnvSubstitutionTest, DoesNotRescanTheReplacement) {
  const EnvLookup env = lookup_in({{"OUTER", "${INNER}"}});
  EXPECT_EQ(substitute_env("${OUTER}", env), "${INNER}");
}

TEST(EnvSubstitutionTest, UnsetVariableWithoutDefaultNamesIt) {
  const EnvLookup env = lookup_in({});
  try {
    substitute_env("Bearer ${CRM_TOKEN}", env);
    FAIL() << "no error";
  } catch (const EnvSubstitutionError& error) {
    EXPECT_STREQ(error.what(), "environment variable CRM_TOKEN is not set");
  }
}

TEST(EnvSubstitutionTest, RejectsMalformedReferences) {
  const EnvLookup env = lookup_in({{"A", "x"}});
  for (const char* text : {"${A", "${}", "${1A}", "${A B}", "${A-b}", "x${:-d}"}) {
    EXPECT_THROW(substitute_env(text, env), EnvSubstitutionError) << text;
  }
}

TEST(EnvSubstitutionTest, ProcessEnvironmentReadsGetenv) {
  ::setenv("CRM_CONFIG_TEST_VARIABLE", "value", 1);
  const EnvLookup env = process_environment();
  EXPECT_EQ(env("CRM_CONFIG_TEST_VARIABLE"), "value");
  ::unsetenv("CRM_CONFIG_TEST_VARIABLE");
  EXPECT_EQ(env("CRM_CONFIG_TEST_VARIABLE"), std::nullopt);
}

}  // namespace
}  // namespace crm
