#!/usr/bin/python3
"""A real Prometheus server scrapes the demo and evaluates the shipped rules.

Usage: prometheus_e2e.py SOURCE_DIR CRMSTREAM_BINARY PROMETHEUS_BINARY

Starts `crmstream demo` on a free loopback port and `prometheus` on another, with a temporary
configuration (scrape and rule evaluation every second, rule_files = the shipped
deploy/prometheus/recording_rules.yml and alert_rules.yml) and a temporary TSDB; then asks
Prometheus's HTTP API, polling until deadlines, that the demo is scraped, that
crmstream_events_consumed_total is positive, that the recording rules yield the consumed rate and
the repeat-purchase rate, and that no shipped rule fails to evaluate. Both processes are stopped
at the end, also on failure.
"""

import json
import os
import sys
import tempfile
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deploy_support as ds  # noqa: E402


def query(api, expr):
    status, body = ds.http_get(f"{api}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    answer = json.loads(body)
    if status != 200 or answer.get("status") != "success":
        raise ValueError(f"query {expr}: {body[:300]}")
    return answer["data"]["result"]


def main():
    src = os.path.abspath(sys.argv[1])
    binary, prometheus = os.path.abspath(sys.argv[2]), sys.argv[3]
    if not prometheus or not os.path.exists(prometheus):
        ds.fail("prometheus not found: install the Debian package `prometheus` (scripts/install-deps.sh)")
    rules_dir = os.path.join(src, "deploy", "prometheus")

    with tempfile.TemporaryDirectory(prefix="crm-deploy-prom-") as tmp:
        demo_port, prom_port = ds.free_port(), ds.free_port()
        while prom_port == demo_port:
            prom_port = ds.free_port()
        config = os.path.join(tmp, "prometheus.yml")
        with open(config, "w", encoding="utf-8") as f:
            json.dump({  # JSON is YAML
                "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
                "rule_files": [os.path.join(rules_dir, "recording_rules.yml"),
                               os.path.join(rules_dir, "alert_rules.yml")],
                "scrape_configs": [{"job_name": "crmstream", "metrics_path": "/metrics",
                                    "static_configs": [{"targets": [f"127.0.0.1:{demo_port}"]}]}],
            }, f, indent=2)
        api = f"http://127.0.0.1:{prom_port}"
        demo = prom = None
        ok = False
        try:
            demo = ds.start_demo(binary, demo_port, tmp)
            prom = ds.start([prometheus, f"--config.file={config}",
                             f"--storage.tsdb.path={os.path.join(tmp, 'tsdb')}",
                             f"--web.listen-address=127.0.0.1:{prom_port}",
                             "--log.level=warn"], os.path.join(tmp, "prometheus.log"))
            start = time.monotonic()
            ds.wait_for("Prometheus to be ready", start + 30,
                        lambda: ds.http_get(f"{api}/-/ready")[0] == 200,
                        process=prom, process_name="prometheus")
            ds.wait_for("the demo's /metrics to answer", start + 30,
                        lambda: ds.http_get(f"http://127.0.0.1:{demo_port}/metrics")[0] == 200,
                        process=demo, process_name="crmstream demo")

            def target_up():
                return [s for s in query(api, 'up{job="crmstream"} == 1')]

            ds.wait_for("Prometheus to scrape the demo (up == 1)", time.monotonic() + 30, target_up,
                        process=prom, process_name="prometheus")
            print("ok: Prometheus scrapes the demo", flush=True)

            checks = [
                ("crmstream_events_consumed_total is positive",
                 "sum(crmstream_events_consumed_total) > 0", None),
                ("the recording rule crmstream:events_consumed:rate1m is positive",
                 'crmstream:events_consumed:rate1m{job="crmstream"} > 0', None),
                ("the recording rule crmstream:kpi_repeat_purchase_rate:ratio yields a rate in [0, 1]",
                 'crmstream:kpi_repeat_purchase_rate:ratio{job="crmstream"}', (0.0, 1.0)),
            ]
            deadline = time.monotonic() + 90
            for what, expr, bounds in checks:
                result = ds.wait_for(what, deadline, lambda e=expr: query(api, e), interval=1.0,
                                     process=demo, process_name="crmstream demo")
                value = float(result[0]["value"][1])
                if bounds and not bounds[0] <= value <= bounds[1]:
                    ds.fail(f"{what}: {expr} = {value}")
                print(f"ok: {what}: {expr} = {value}", flush=True)

            # Every shipped rule has been evaluated at least once and none failed.
            def rules_evaluated():
                status, body = ds.http_get(f"{api}/api/v1/rules")
                groups = json.loads(body)["data"]["groups"]
                rules = [r for g in groups for r in g["rules"]]
                failed = [f"{r['name']}: {r.get('lastError')}" for r in rules if r.get("health") == "err"]
                if failed:
                    ds.fail("rules fail to evaluate:\n  " + "\n  ".join(failed))
                return rules and all(r.get("health") == "ok" for r in rules)

            ds.wait_for("every shipped rule to be evaluated", time.monotonic() + 30, rules_evaluated,
                        interval=1.0, process=prom, process_name="prometheus")
            print("ok: every shipped recording and alert rule evaluates without error")
            ok = True
        except (TimeoutError, RuntimeError, ValueError) as e:
            ds.fail(str(e))
        finally:
            ds.stop(demo, "crmstream demo")
            ds.stop(prom, "prometheus")
            if not ok:
                ds.print_log_tail(os.path.join(tmp, "demo.log"), "crmstream demo")
                ds.print_log_tail(os.path.join(tmp, "prometheus.log"), "prometheus")


if __name__ == "__main__":
    main()
