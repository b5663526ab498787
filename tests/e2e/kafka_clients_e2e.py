#!/usr/bin/python3
"""crmstream run against Kafka clients nobody here wrote.

Starts crm_mock_cluster (librdkafka's mock cluster as a process, 4 partitions per input topic),
starts `crmstream run --config FILE` on it, waits for /readyz, produces a small hand-written
scenario with kcat and with confluent-kafka (valid clickstream and order events, a purchase,
an abandoned cart, one malformed message), then reads the output topics (segment changes,
churn risk, triggers, dead letters) with confluent-kafka, crm.triggers again with kcat, and
checks them
against ../shared/spec/outputs.md: keys, the `crm-schema: 1` header, the JSON fields, the
dead letter's reason, source and original bytes. Finally SIGTERM: crmstream must exit 0 within
10 s (operations.md "Command line").

Every wait has a deadline; nothing sleeps to synchronise. Run with Debian's /usr/bin/python3
(python3-confluent-kafka). `--no-crmstream` checks only the producing half: the scenario lands
in the input topics, in the partitions Java's partitioner would choose.
"""

import argparse
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition

PARTITIONS = 4
CLICKSTREAM, ORDERS = "crm.clickstream", "crm.orders"
SEGMENT_CHANGES, CHURN_RISK = "crm.segment-changes", "crm.churn-risk"
TRIGGERS, DEAD_LETTER = "crm.triggers", "crm.dead-letter"
OUTPUTS = [SEGMENT_CHANGES, CHURN_RISK, TRIGGERS, DEAD_LETTER]

BUYER, CART_OWNER, BAD_KEY = "c-e2e-buyer", "c-e2e-cart", "c-e2e-bad"
PAID_EVENT_ID = "e2e-o1-paid"
MALFORMED = b'{"event_id": "e2e-bad-1", "type": "order_paid", "customer_id": "c-e2e-bad", "ts": '


def event(event_id, type_, ts, customer_id, **fields):
    return dict(event_id=event_id, type=type_, ts=ts, customer_id=customer_id, **fields)


# Sent with kcat (key:value lines): an abandoned cart. The page view two hours later moves the
# task's stream time past add_to_cart + 1h, which fires cart_abandoned.
KCAT_CLICKSTREAM = [
    event("e2e-c1", "page_view", "2026-11-20T09:00:00Z", CART_OWNER, page="/", channel="web"),
    event("e2e-c2", "add_to_cart", "2026-11-20T09:05:00Z", CART_OWNER, product_id="p-42",
          quantity=2, price="19.90"),
    event("e2e-c3", "page_view", "2026-11-20T11:05:00Z", CART_OWNER, page="/help"),
]
# Sent with confluent-kafka: a visit and a paid order, the customer's first purchase.
PY_CLICKSTREAM = [
    event("e2e-o1-view", "product_view", "2026-11-20T09:50:00Z", BUYER, product_id="p-7",
          price="129.90"),
]
PY_ORDERS = [
    event("e2e-o1-placed", "order_placed", "2026-11-20T10:00:00Z", BUYER, order_id="o-1",
          amount="129.90"),
    event(PAID_EVENT_ID, "order_paid", 1795168860000, BUYER, order_id="o-1", amount="129.90"),
]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def java_murmur2(data: bytes) -> int:
    """Kafka's Utils.murmur2, as a signed 32-bit value."""
    m, mask = 0x5BD1E995, 0xFFFFFFFF
    length = len(data)
    h = (0x9747B28C ^ length) & mask
    for i in range(0, length - length % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & mask
        k ^= k >> 24
        k = (k * m) & mask
        h = (h * m) & mask
        h ^= k
    tail = length & ~3
    rest = length % 4
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def owner(key: str) -> int:
    return (java_murmur2(key.encode()) & 0x7FFFFFFF) % PARTITIONS


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MockCluster:
    def __init__(self, binary):
        self.process = subprocess.Popen(
            [binary, "--partitions", str(PARTITIONS)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)
        # The first line is the bootstrap address; readline returns "" if it dies first.
        self.bootstrap = self.process.stdout.readline().strip()
        check(self.bootstrap, "crm_mock_cluster printed no bootstrap address")

    def stop(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
                self.process.wait(timeout=10)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


def produce_with_kcat(bootstrap):
    lines = "".join(f"{e['customer_id']}:{json.dumps(e)}\n" for e in KCAT_CLICKSTREAM)
    subprocess.run(["kcat", "-P", "-b", bootstrap, "-t", CLICKSTREAM, "-K:",
                    "-X", "partitioner=murmur2_random"],
                   input=lines.encode(), check=True, timeout=60)


def produce_with_confluent(bootstrap):
    """Returns the (partition, offset) the malformed message was written at."""
    producer = Producer({"bootstrap.servers": bootstrap, "partitioner": "murmur2_random",
                         "enable.idempotence": True})
    reports = {}

    def delivered(err, msg):
        reports[msg.value()] = (err, msg.partition(), msg.offset())

    for topic, events in ((CLICKSTREAM, PY_CLICKSTREAM), (ORDERS, PY_ORDERS)):
        for e in events:
            producer.produce(topic, key=e["customer_id"], value=json.dumps(e).encode(),
                             on_delivery=delivered)
    producer.produce(ORDERS, key=BAD_KEY, value=MALFORMED, on_delivery=delivered)
    check(producer.flush(30) == 0, "confluent-kafka: messages left undelivered after 30 s")
    for value, (err, partition, _) in reports.items():
        check(err is None, f"confluent-kafka delivery failed: {err}")
        key = json.loads(value)["customer_id"] if value != MALFORMED else BAD_KEY
        check(partition == owner(key),
              f"murmur2_random put {key} in partition {partition}, Java's partitioner in "
              f"{owner(key)}")
    _, partition, offset = reports[MALFORMED]
    return partition, offset


def consume(bootstrap, topics, done, deadline_s, crmstream=None):
    """Reads `topics` from the beginning until done(messages) or the deadline; returns them."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"e2e-{os.getpid()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    metadata = consumer.list_topics(timeout=10)
    assignment = []
    for topic in topics:
        check(topic in metadata.topics and metadata.topics[topic].partitions,
              f"topic {topic} missing")
        assignment += [TopicPartition(topic, p, OFFSET_BEGINNING)
                       for p in metadata.topics[topic].partitions]
    consumer.assign(assignment)
    messages = []
    deadline = time.monotonic() + deadline_s
    try:
        while not done(messages) and time.monotonic() < deadline:
            if crmstream is not None:
                crmstream.check_alive()
            msg = consumer.poll(0.2)
            if msg is None:
                continue
            check(msg.error() is None, f"consumer error: {msg.error()}")
            messages.append(msg)
    finally:
        consumer.close()
    return messages


def check_inputs(bootstrap, malformed_at):
    expected = len(KCAT_CLICKSTREAM) + len(PY_CLICKSTREAM) + len(PY_ORDERS) + 1
    messages = consume(bootstrap, [CLICKSTREAM, ORDERS], lambda m: len(m) >= expected, 30)
    check(len(messages) == expected, f"read {len(messages)} input messages, expected {expected}")
    for msg in messages:
        key = msg.key().decode()
        check(msg.partition() == owner(key), f"{key} in partition {msg.partition()}")
        if msg.value() == MALFORMED:
            check((msg.partition(), msg.offset()) == malformed_at, "malformed message moved")
    print(f"inputs: {expected} messages, each in its key's murmur2 partition")


class Crmstream:
    def __init__(self, binary, workdir, bootstrap):
        self.port = free_port()
        config = os.path.join(workdir, "crmstream.yaml")
        with open(config, "w") as f:
            f.write(f"""kafka:
  brokers: "{bootstrap}"
  group_id: crmstream-e2e
state:
  dir: {os.path.join(workdir, "state")}
http:
  listen: "127.0.0.1:{self.port}"
""")
        self.stderr = open(os.path.join(workdir, "crmstream.stderr"), "w+")
        self.process = subprocess.Popen([binary, "run", "--config", config],
                                        stdout=subprocess.DEVNULL, stderr=self.stderr)

    def log(self):
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()[-4000:]

    def check_alive(self):
        code = self.process.poll()
        check(code is None, f"crmstream run exited early with {code}:\n{self.log()}")

    def wait_ready(self, deadline_s):
        deadline = time.monotonic() + deadline_s
        url = f"http://127.0.0.1:{self.port}/readyz"
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                with urllib.request.urlopen(url, timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)  # a polling interval under a deadline, not a synchronisation
        raise Failure(f"{url} not 200 within {deadline_s} s:\n{self.log()}")

    def terminate(self, deadline_s):
        if self.process.poll() is not None:
            return self.process.returncode
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=deadline_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise Failure(f"crmstream run still running {deadline_s} s after SIGTERM")
        print(f"crmstream run exited {code} {time.monotonic() - started:.2f} s after SIGTERM")
        return code


def header(msg, name):
    return dict(msg.headers() or []).get(name)


def payload(msg):
    return json.loads(msg.value())


def check_outputs(bootstrap, crmstream, malformed_at):
    def complete(messages):
        topics = {m.topic() for m in messages}
        return set(OUTPUTS) <= topics and any(
            m.topic() == SEGMENT_CHANGES and payload(m).get("dimension") == "value_tier"
            for m in messages)

    messages = consume(bootstrap, OUTPUTS, complete, 90, crmstream)
    by_topic = {}
    for m in messages:
        by_topic.setdefault(m.topic(), []).append(m)
        check(header(m, "crm-schema") == b"1",
              f"{m.topic()} message without header crm-schema: 1: {m.headers()}")
    check(complete(messages), f"outputs incomplete after 90 s: "
          f"{[(m.topic(), m.value()) for m in messages]}\n{crmstream.log()}")

    # The purchase: one segment_change per dimension, caused by the payment, keyed by customer.
    changes = [payload(m) for m in by_topic[SEGMENT_CHANGES]]
    for m in by_topic[SEGMENT_CHANGES]:
        check(m.key() == payload(m)["customer_id"].encode(), f"segment change key {m.key()}")
    buyer = {c["dimension"]: c for c in changes if c.get("customer_id") == BUYER}
    check({"lifecycle", "rfm_segment", "value_tier"} <= buyer.keys(),
          f"segment changes of {BUYER}: {changes}")
    check(buyer["lifecycle"]["to"] == "first_purchase", f"lifecycle {buyer['lifecycle']}")
    for dimension, c in buyer.items():
        check(c["type"] == "segment_change", f"type {c['type']}")
        check(c["event_id"] == f"{BUYER}:e{PAID_EVENT_ID}:{dimension}", f"event_id {c['event_id']}")
        check(c["cause"] == {"kind": "event", "event_id": PAID_EVENT_ID}, f"cause {c['cause']}")
        # The product view makes the buyer `registered` first, unless it is read after the
        # payment (another partition); the other dimensions begin with the purchase.
        check(c["from"] is None or (dimension, c["from"]) == ("lifecycle", "registered"),
              f"{dimension}: from {c['from']} to {c['to']}")
        # The task's stream time: its latest event, the payment (the buyer's task holds no
        # other customer's events: checked in main()).
        check(c["ts"] == "2026-11-20T10:01:00.000Z", f"ts {c['ts']}")
        check(c["profile"]["monetary"] == "129.9", f"profile {c['profile']}")
    risks = [(m.key(), payload(m)) for m in by_topic[CHURN_RISK]]
    check((BUYER.encode(), risks[0][1]) in risks and risks[0][1]["type"] == "churn_risk" and
          risks[0][1]["event_id"] == f"{BUYER}:e{PAID_EVENT_ID}:churn_risk" and
          risks[0][1]["from"] is None and risks[0][1]["to"] == "low", f"churn risk {risks}")
    print(f"segment-changes: {sorted(buyer)} of {BUYER}, caused by {PAID_EVENT_ID}")

    # The abandoned cart.
    triggers = [(m.key(), payload(m)) for m in by_topic[TRIGGERS]]
    carts = [t for key, t in triggers if t["type"] == "cart_abandoned"]
    check(len(carts) == 1 and len(triggers) == 1, f"triggers: {triggers}")
    cart = carts[0]
    check(cart["customer_id"] == CART_OWNER and (CART_OWNER.encode(), cart) in triggers,
          f"cart trigger {cart}")
    check(cart["ts"] == "2026-11-20T10:05:00.000Z", f"cart_abandoned ts {cart['ts']}")
    check(cart["event_id"] == f"{CART_OWNER}:t1795169100000:cart_abandoned",
          f"cart event_id {cart['event_id']}")
    check(cart["items"] == [{"product_id": "p-42", "quantity": 2, "price": "19.9"}] and
          "emitted_at" in cart, f"cart trigger fields {cart}")
    print(f"triggers: cart_abandoned of {CART_OWNER} at {cart['ts']}")

    # The malformed message: reason, where it came from, its bytes in full.
    (dead,) = by_topic[DEAD_LETTER]
    record = payload(dead)
    partition, offset = malformed_at
    check(dead.key() == BAD_KEY.encode(), f"dead letter key {dead.key()}")
    check(record["reason"] == "malformed_json", f"reason {record['reason']}")
    check(record["event_id"] == f"dl:{ORDERS}:{partition}:{offset}", f"id {record['event_id']}")
    check(record["source"] == {"topic": ORDERS, "partition": partition, "offset": offset},
          f"source {record['source']}")
    check(record["payload_bytes"] == len(MALFORMED), f"payload_bytes {record['payload_bytes']}")
    check(base64.b64decode(record["payload_base64"]) == MALFORMED, "payload_base64 differs")
    check(record.get("detail") and record.get("received_at"), f"dead letter {record}")
    print(f"dead-letter: {record['event_id']} {record['reason']}, original bytes kept")
    return cart


def check_with_kcat_consumer(bootstrap, cart):
    out = subprocess.run(["kcat", "-C", "-b", bootstrap, "-t", TRIGGERS, "-o", "beginning", "-e",
                          "-q", "-f", "%k\t%h\t%s\n"],
                         capture_output=True, check=True, timeout=60).stdout.decode()
    rows = [line.split("\t", 2) for line in out.splitlines() if line]
    check([CART_OWNER, "crm-schema=1", json.dumps(cart, separators=(",", ":"))] in
          [[k, h, json.dumps(json.loads(v), separators=(",", ":"))] for k, h, v in rows],
          f"kcat read {rows}")
    print(f"kcat -C: the cart trigger, keyed {CART_OWNER}, header crm-schema=1")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crmstream", help="the crmstream binary")
    parser.add_argument("--mock-cluster", required=True, help="the crm_mock_cluster binary")
    parser.add_argument("--no-crmstream", action="store_true",
                        help="check only that the scenario lands in the input topics")
    args = parser.parse_args()
    if not args.no_crmstream and not args.crmstream:
        parser.error("--crmstream is required unless --no-crmstream")

    # Each customer in a task of its own, so that one's events cannot move the other's clock.
    assert len({owner(BUYER), owner(CART_OWNER)}) == 2, "pick keys of different tasks"
    cluster = MockCluster(args.mock_cluster)
    crmstream = None
    try:
        with tempfile.TemporaryDirectory(prefix="crm-e2e-") as workdir:
            print(f"mock cluster at {cluster.bootstrap}")
            if not args.no_crmstream:
                crmstream = Crmstream(args.crmstream, workdir, cluster.bootstrap)
                crmstream.wait_ready(60)
            produce_with_kcat(cluster.bootstrap)
            malformed_at = produce_with_confluent(cluster.bootstrap)
            check_inputs(cluster.bootstrap, malformed_at)
            if crmstream is not None:
                cart = check_outputs(cluster.bootstrap, crmstream, malformed_at)
                check_with_kcat_consumer(cluster.bootstrap, cart)
                code = crmstream.terminate(10)
                check(code == 0, f"crmstream run exited {code}:\n{crmstream.log()}")
                crmstream = None
    except Failure as failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        return 1
    finally:
        if crmstream is not None and crmstream.process.poll() is None:
            crmstream.process.kill()
            crmstream.process.wait()
        cluster.stop()
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
