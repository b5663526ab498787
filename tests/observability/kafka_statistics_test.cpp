// librdkafka statistics -> consumer lag: a consumer's statistics as librdkafka 2.0 emits them
// (STATISTICS.md), with the internal UA partition, an unknown lag and a partition it does not
// fetch, all left out; crmstream_consumer_lag follows the latest statistics.
#include "observability/kafka_statistics.h"

#include <gtest/gtest.h>

#include <string>

#include "observability/metrics.h"

namespace crm {
namespace {

// One partition entry of a topic's "partitions", with the fields librdkafka writes.
std::string partition_json(int partition, const char* fetch_state, long long committed,
                           long long hi, long long lag) {
  return "\"" + std::to_string(partition) + "\":{\"partition\":" + std::to_string(partition) +
         R"(,"broker":1,"leader":1,"desired":true,"unknown":false,"msgq_cnt":0,"msgq_bytes":0,)"
         R"("xmit_msgq_cnt":0,"xmit_msgq_bytes":0,"fetchq_cnt":0,"fetchq_size":0,"fetch_state":")" +
         fetch_state + R"(","query_offset":-1001,"next_offset":)" + std::to_string(committed) +
         R"(,"app_offset":-1001,"stored_offset":-1001,"stored_leader_epoch":-1,"commited_offset":)" +
         std::to_string(committed) + R"(,"committed_offset":)" + std::to_string(committed) +
         R"(,"committed_leader_epoch":-1,"eof_offset":-1001,"lo_offset":0,"hi_offset":)" +
         std::to_string(hi) + R"(,"ls_offset":)" + std::to_string(hi) + R"(,"consumer_lag":)" +
         std::to_string(lag) +
         R"(,"consumer_lag_stored":-1,"leader_epoch":0,"txmsgs":0,"txbytes":0,"rxmsgs":5120,)"
         R"("rxbytes":1843200,"msgs":5120,"rx_ver_drops":0,"msgs_inflight":0,"next_ack_seq":0,)"
         R"("next_err_seq":0,"acked_msgid":0})";
}

std::string consumer_statistics(long long orders_lag) {
  return R"({"name":"rdkafka#consumer-1","client_id":"crmstream","type":"consumer",)"
         R"("ts":5016483227792,"time":1769853780,"age":5012345,"replyq":0,"msg_cnt":0,)"
         R"("msg_size":0,"msg_max":100000,"msg_size_max":1073741824,"simple_cnt":0,)"
         R"("metadata_cache_cnt":1,"brokers":{"127.0.0.1:9092/1":{"name":"127.0.0.1:9092/1",)"
         R"("nodeid":1,"nodename":"127.0.0.1:9092","source":"configured","state":"UP",)"
         R"("stateage":4012345,"outbuf_cnt":0,"outbuf_msg_cnt":0,"waitresp_cnt":1,)"
         R"("waitresp_msg_cnt":0,"tx":120,"txbytes":12345,"txerrs":0,"txretries":0,)"
         R"("req_timeouts":0,"rx":119,"rxbytes":1900000,"rxerrs":0,"rxcorriderrs":0,)"
         R"("rxpartial":0,"zbuf_grow":0,"buf_grow":0,"wakeups":300,"connects":1,)"
         R"("disconnects":0,"int_latency":{"min":0,"max":0,"avg":0,"sum":0,"stddev":0,)"
         R"("p50":0,"p75":0,"p90":0,"p95":0,"p99":0,"p99_99":0,"outofrange":0,"hdrsize":11376,)"
         R"("cnt":0},"rtt":{"min":120,"max":900,"avg":300,"sum":30000,"stddev":50,"p50":290,)"
         R"("p75":320,"p90":400,"p95":500,"p99":850,"p99_99":900,"outofrange":0,)"
         R"("hdrsize":13424,"cnt":100},"req":{"Fetch":110,"OffsetCommit":5,"Heartbeat":3},)"
         R"("toppars":{"crm.orders-0":{"topic":"crm.orders","partition":0}}}},)"
         R"("topics":{"crm.orders":{"topic":"crm.orders","age":4000,"metadata_age":3000,)"
         R"("batchsize":{"min":0,"max":0,"avg":0,"sum":0,"cnt":0},)"
         R"("batchcnt":{"min":0,"max":0,"avg":0,"sum":0,"cnt":0},"partitions":{)" +
         partition_json(0, "active", 1200, 1200 + orders_lag, orders_lag) + "," +
         partition_json(1, "active", 800, 800, 0) + "," +
         partition_json(2, "offset-query", -1001, -1, -1) + "," +
         partition_json(-1, "none", -1001, -1001, -1) +
         R"(}},)"
         R"("crm.clickstream":{"topic":"crm.clickstream","age":4000,"metadata_age":3000,)"
         R"("batchsize":{"min":0,"max":0,"avg":0,"sum":0,"cnt":0},)"
         R"("batchcnt":{"min":0,"max":0,"avg":0,"sum":0,"cnt":0},"partitions":{)" +
         partition_json(0, "active", 50, 7050, 7000) + "," + partition_json(3, "none", 10, 20, 10) +
         R"(}}},)"
         R"("cgrp":{"state":"up","stateage":3900,"join_state":"steady","rebalance_age":3800,)"
         R"("rebalance_cnt":1,"rebalance_reason":"group is rebalancing","assignment_size":4},)"
         R"("tx":240,"tx_bytes":24690,"rx":238,"rx_bytes":3800000,"txmsgs":0,"txmsg_bytes":0,)"
         R"("rxmsgs":10240,"rxmsg_bytes":3686400})";
}

TEST(KafkaStatistics, KnownLagsOfFetchedPartitions) {
  KafkaStatistics statistics;
  ASSERT_TRUE(parse_kafka_statistics(consumer_statistics(100), statistics).is_ok());
  EXPECT_EQ(statistics.client_type, "consumer");
  ASSERT_EQ(statistics.lags.size(), 3u);
  std::map<std::string, std::int64_t> lags;
  for (const PartitionLag& lag : statistics.lags) {
    lags[lag.topic + "/" + std::to_string(lag.partition)] = lag.lag;
  }
  EXPECT_EQ(lags, (std::map<std::string, std::int64_t>{
                      {"crm.orders/0", 100}, {"crm.orders/1", 0}, {"crm.clickstream/0", 7000}}));
}

TEST(KafkaStatistics, NotJson) {
  KafkaStatistics statistics;
  const Status s = parse_kafka_statistics("{\"topics\":", statistics);
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("librdkafka statistics"), std::string::npos);
  EXPECT_TRUE(parse_kafka_statistics(R"({"type":"consumer"})", statistics).is_ok());
  EXPECT_TRUE(statistics.lags.empty());
}

TEST(KafkaStatistics, MetricsFollowTheLatestStatistics) {
  Metrics metrics("test");
  ASSERT_TRUE(metrics.update_from_kafka_statistics(consumer_statistics(100)).is_ok());
  std::string text = metrics.serialize();
  EXPECT_NE(text.find(R"(crmstream_consumer_lag{partition="0",topic="crm.orders"} 100)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(crmstream_consumer_lag{partition="0",topic="crm.clickstream"} 7000)"),
            std::string::npos);
  EXPECT_EQ(text.find(R"(partition="-1")"), std::string::npos);
  EXPECT_EQ(text.find(R"(partition="2")"), std::string::npos);

  ASSERT_TRUE(metrics.update_from_kafka_statistics(consumer_statistics(7)).is_ok());
  text = metrics.serialize();
  EXPECT_NE(text.find(R"(crmstream_consumer_lag{partition="0",topic="crm.orders"} 7)"),
            std::string::npos);

  // A producer's statistics do not touch the consumer's lags.
  ASSERT_TRUE(metrics.update_from_kafka_statistics(R"({"type":"producer","topics":{}})").is_ok());
  EXPECT_NE(metrics.serialize().find(R"(topic="crm.orders"} 7)"), std::string::npos);

  // A consumer whose partitions were revoked reports none: the series go.
  ASSERT_TRUE(metrics.update_from_kafka_statistics(R"({"type":"consumer","topics":{}})").is_ok());
  EXPECT_EQ(metrics.serialize().find("crmstream_consumer_lag{"), std::string::npos);
}

}  // namespace
}  // namespace crm
