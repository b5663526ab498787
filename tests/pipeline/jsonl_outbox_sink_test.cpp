// replay's output files (sinks/jsonl_outbox_sink.h): a run killed mid-write leaves a torn last
// line, and the next run must not glue its first line to it.
#include "sinks/jsonl_outbox_sink.h"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "state/batch.h"
#include "state/outbox_codec.h"
#include "state/store.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

const OutputTopicNames kTopics{"crm.segment-changes", "crm.churn-risk", "crm.triggers",
                               "crm.dead-letter"};

class JsonlOutboxSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.dir = dir_ / "state";
    options.memory_budget = 8ull << 20;
    ASSERT_TRUE(StateStore::open(options, store_).is_ok());
  }
  // Stores an outbox entry of task 0 for crm.segment-changes.
  void put_output(std::uint64_t sequence, const std::string& json) {
    OutputRecord record;
    record.key = "c-1";
    record.event_id = json;
    record.json = json;
    std::string value;
    encode_output_record(record, value);
    Batch batch(*store_);
    batch.put_outbox(0, sequence, value);
    ASSERT_TRUE(store_->write(batch).is_ok());
  }
  std::string file_path() const { return dir_ / "out/crm.segment-changes.jsonl"; }
  void write_file(const std::string& content) {
    std::filesystem::create_directories(dir_ / "out");
    std::ofstream(file_path(), std::ios::binary) << content;
  }
  std::string read_file() const {
    std::ostringstream content;
    content << std::ifstream(file_path(), std::ios::binary).rdbuf();
    return content.str();
  }
  Status drain() {
    JsonlOutboxSink sink(dir_ / "out", kTopics);
    return sink.drain(*store_, 0);
  }

  test::TempDir dir_;
  std::unique_ptr<StateStore> store_;
};

TEST_F(JsonlOutboxSinkTest, CutsALineTornByACrashAndWritesItWhole) {
  // The killed run had flushed part of its second line; its entry is still in the outbox.
  write_file("{\"n\":1}\n{\"n\":2,\"to");
  put_output(7, "{\"n\":2,\"to\":\"x\"}");
  put_output(8, "{\"n\":3}");
  ASSERT_TRUE(drain().is_ok());
  EXPECT_EQ(read_file(), "{\"n\":1}\n{\"n\":2,\"to\":\"x\"}\n{\"n\":3}\n");
}

TEST_F(JsonlOutboxSinkTest, CutsAFirstLineTornByACrash) {
  write_file("{\"n\":1,\"t");
  put_output(0, "{\"n\":1,\"to\":\"x\"}");
  ASSERT_TRUE(drain().is_ok());
  EXPECT_EQ(read_file(), "{\"n\":1,\"to\":\"x\"}\n");
}

TEST_F(JsonlOutboxSinkTest, AppendsAfterWholeLinesAndDeletesWhatItWrote) {
  const std::string earlier = std::string(5000, ' ') + "{\"n\":1}\n";  // more than one read
  write_file(earlier);
  put_output(0, "{\"n\":2}");
  ASSERT_TRUE(drain().is_ok());
  EXPECT_EQ(read_file(), earlier + "{\"n\":2}\n");
  ASSERT_TRUE(drain().is_ok());
  EXPECT_EQ(read_file(), earlier + "{\"n\":2}\n") << "an entry written once is deleted";
}

}  // namespace
}  // namespace crm
