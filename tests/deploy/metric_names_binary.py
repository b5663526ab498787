#!/usr/bin/python3
"""Every metric used in deploy/ (rules and dashboard) is exported by the real binary.

Usage: metric_names_binary.py SOURCE_DIR CRMSTREAM_BINARY

Starts `crmstream demo --listen 127.0.0.1:<free port> --dir <tmp> --rate 2000 --duration 60s`,
polls its /metrics until it answers (30 s deadline), then until every metric name used in
deploy/ is there (further 60 s deadline), and stops the demo (SIGTERM; SIGKILL after 10 s).
"""

import os
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deploy_support as ds  # noqa: E402

# Families whose label values cannot all be known before they happen: prometheus-cpp prints a
# family only once it has a series, so a healthy run may not show them.
MAY_BE_ABSENT = {
    "crmstream_kafka_errors_total": "labelled by librdkafka's error code, no series before the first error",
}


def main():
    src, binary = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    documented = ds.documented_metrics(os.path.join(src, "docs", "metrics.md"))
    used = ds.used_metric_names(src, documented)
    expected = set(used) - ds.PROMETHEUS_SYNTHETIC - set(MAY_BE_ABSENT)
    undocumented = sorted(n for n in used if n not in documented and n not in ds.PROMETHEUS_SYNTHETIC)
    if undocumented:
        ds.fail("used in deploy/ but not in docs/metrics.md: " + ", ".join(undocumented))

    with tempfile.TemporaryDirectory(prefix="crm-deploy-names-") as tmp:
        port = ds.free_port()
        url = f"http://127.0.0.1:{port}/metrics"
        demo = ds.start_demo(binary, port, tmp)
        ok = False
        try:
            start = time.monotonic()
            try:
                ds.wait_for(f"{url} to answer", start + 30, lambda: ds.http_get(url)[0] == 200,
                            process=demo, process_name="crmstream demo")
            except (TimeoutError, RuntimeError) as e:
                ds.fail(str(e))
            print(f"{url} answers after {time.monotonic() - start:.1f} s", flush=True)
            state = {"missing": sorted(expected)}

            def all_there():
                state["missing"] = sorted(expected - ds.exported_names(ds.http_get(url)[1]))
                return not state["missing"]

            try:
                ds.wait_for("every metric used in deploy/", time.monotonic() + 60, all_there,
                            interval=1.0, process=demo, process_name="crmstream demo")
            except (TimeoutError, RuntimeError) as e:
                ds.fail(f"{e}; not exported by the binary: " + ", ".join(
                    f"{n} (used in {'; '.join(sorted(set(used[n])))})" for n in state["missing"]))
            print(f"ok: the binary exports all {len(expected)} metrics used in deploy/"
                  + (f" (not required: {', '.join(sorted(MAY_BE_ABSENT))})" if MAY_BE_ABSENT else ""))
            ok = True
        finally:
            ds.stop(demo, "crmstream demo")
            if not ok:
                ds.print_log_tail(os.path.join(tmp, "demo.log"), "crmstream demo")


if __name__ == "__main__":
    main()
