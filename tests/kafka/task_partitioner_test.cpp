// The task partitioner agrees with the Java client's default partitioner (Kafka's Utils.murmur2
// and toPositive) and with what a librdkafka producer configured as events.md says does.
#include "kafka/task_partitioner.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "kafka_test_support.h"

namespace crm {
namespace {

// Kafka's org.apache.kafka.common.utils.Utils.murmur2, transliterated (Java ints wrap: uint32).
std::int32_t java_murmur2(std::string_view data) {
  const auto byte = [&data](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]));
  };
  const std::uint32_t m = 0x5bd1e995;
  const std::size_t length = data.size();
  std::uint32_t h = 0x9747b28cu ^ static_cast<std::uint32_t>(length);
  for (std::size_t i = 0; i + 4 <= length; i += 4) {
    std::uint32_t k = byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24;
    k *= m;
    k ^= k >> 24;
    k *= m;
    h *= m;
    h ^= k;
  }
  const std::size_t tail = length & ~std::size_t{3};
  switch (length % 4) {
    case 3:
      h ^= byte(tail + 2) << 16;
      [[fallthrough]];
    case 2:
      h ^= byte(tail + 1) << 8;
      [[fallthrough]];
    case 1:
      h ^= byte(tail);
      h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<std::int32_t>(h);
}

// Utils.toPositive(murmur2(key)) % partitions, as the Java DefaultPartitioner computes it.
std::int32_t java_partition(std::int32_t hash, std::int32_t partitions) {
  return static_cast<std::int32_t>((static_cast<std::uint32_t>(hash) & 0x7fffffffu) %
                                   static_cast<std::uint32_t>(partitions));
}

// Kafka's UtilsTest.testMurmur2, and values of Utils.murmur2 quoted by other ports.
const std::map<std::string, std::int32_t> kJavaVectors = {
    {"21", -973932308},
    {"foobar", -790332482},
    {"a-little-bit-long-string", -985981536},
    {"a-little-bit-longer-string", -1486304829},
    {"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971},
    {"abc", 479470107},
    {"1", -1993445489},
    {"12", 126087238},
    {"123", -267702483},
    {"1234", -1614185708},
    {"12345", -1188365604},
};

TEST(TaskPartitioner, ReferenceMurmur2MatchesJavaVectors) {
  for (const auto& [key, hash] : kJavaVectors) EXPECT_EQ(java_murmur2(key), hash) << key;
}

TEST(TaskPartitioner, Murmur2IsJavaPartitionOfTheVectors) {
  for (const std::int32_t partitions : {2, 3, 4, 7, 12, 16, 100}) {
    const TaskPartitioner partitioner(Partitioner::kMurmur2, partitions);
    for (const auto& [key, hash] : kJavaVectors) {
      EXPECT_EQ(partitioner.task_of(key), java_partition(hash, partitions))
          << key << " of " << partitions;
    }
  }
  // Worked by hand: toPositive(-973932308) = 1173551340 = 4 * 293387835, and 1173551340 mod 7
  // = 1173551340 - 7 * 167650191 = 3.
  EXPECT_EQ(TaskPartitioner(Partitioner::kMurmur2, 4).task_of("21"), 0);
  EXPECT_EQ(TaskPartitioner(Partitioner::kMurmur2, 7).task_of("21"), 3);
}

TEST(TaskPartitioner, Murmur2MatchesJavaOnCustomerKeys) {
  for (const std::int32_t partitions : {1, 2, 5, 8, 16, 64}) {
    const TaskPartitioner partitioner(Partitioner::kMurmur2, partitions);
    for (int i = 0; i < 500; ++i) {
      for (const std::string& key : {"c-" + std::to_string(i), "anon-" + std::to_string(i * 7919),
                                     std::string(static_cast<std::size_t>(i % 130 + 1), 'x')}) {
        EXPECT_EQ(partitioner.task_of(key), java_partition(java_murmur2(key), partitions)) << key;
      }
    }
  }
}

// The standard CRC-32 (IEEE, reflected), whose check value is crc32("123456789") = 0xCBF43926.
std::uint32_t crc32(std::string_view data) {
  std::uint32_t crc = 0xffffffffu;
  for (const char c : data) {
    crc ^= static_cast<unsigned char>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

TEST(TaskPartitioner, Crc32IsLibrdkafkasConsistentPartitioner) {
  ASSERT_EQ(crc32("123456789"), 0xCBF43926u);
  for (const std::int32_t partitions : {2, 3, 8, 16}) {
    const TaskPartitioner partitioner(Partitioner::kCrc32, partitions);
    for (int i = 0; i < 200; ++i) {
      const std::string key = "c-" + std::to_string(i);
      EXPECT_EQ(partitioner.task_of(key),
                static_cast<std::int32_t>(crc32(key) % static_cast<std::uint32_t>(partitions)));
    }
  }
}

// A producer configured as events.md tells shops to (partitioner=murmur2_random, or
// consistent_random for kafka.partitioner: crc32) puts each keyed message in its key's task.
void expect_producer_agrees(Partitioner kind, const std::string& partitioner_name) {
  constexpr std::int32_t kPartitions = 8;
  constexpr int kKeys = 64;
  const std::unique_ptr<MockCluster> cluster = testing::start_cluster(kPartitions);
  ASSERT_TRUE(cluster);
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  ASSERT_EQ(conf->set("bootstrap.servers", cluster->bootstrap(), error), RdKafka::Conf::CONF_OK);
  ASSERT_EQ(conf->set("partitioner", partitioner_name, error), RdKafka::Conf::CONF_OK) << error;
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
  ASSERT_TRUE(producer) << error;
  const std::string topic = KafkaTopics{}.clickstream;
  for (int i = 0; i < kKeys; ++i) {
    std::string key = "customer-" + std::to_string(i * 31);
    std::string payload = "{}";
    ASSERT_EQ(producer->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                payload.data(), payload.size(), key.data(), key.size(), 0, nullptr),
              RdKafka::ERR_NO_ERROR);
  }
  ASSERT_EQ(producer->flush(10'000), RdKafka::ERR_NO_ERROR);

  const std::vector<testing::Record> records =
      testing::read_all(cluster->bootstrap(), {topic}, kKeys);
  ASSERT_EQ(records.size(), static_cast<std::size_t>(kKeys));
  const TaskPartitioner partitioner(kind, kPartitions);
  std::set<std::int32_t> used;
  for (const testing::Record& record : records) {
    EXPECT_EQ(record.partition, partitioner.task_of(record.key)) << record.key;
    used.insert(record.partition);
  }
  EXPECT_GT(used.size(), 4u);  // the keys spread: the check above is not vacuous
}

TEST(TaskPartitioner, Murmur2RandomProducerPutsKeysInTheirTask) {
  expect_producer_agrees(Partitioner::kMurmur2, "murmur2_random");
}

TEST(TaskPartitioner, ConsistentRandomProducerPutsKeysInTheirCrc32Task) {
  expect_producer_agrees(Partitioner::kCrc32, "consistent_random");
}

}  // namespace
}  // namespace crm
