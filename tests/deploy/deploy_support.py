"""Shared helpers of the deploy tests (stdlib and python3-yaml only; run with /usr/bin/python3)."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")

# Series Prometheus itself adds to every scrape target.
PROMETHEUS_SYNTHETIC = {"up"}

# PromQL words that look like identifiers but are not metric names.
_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
             "unless", "offset", "bool", "inf", "nan"}


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def load_yaml_documents(path):
    import yaml  # python3-yaml (Debian)
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def load_yaml(path):
    docs = load_yaml_documents(path)
    if len(docs) != 1:
        raise ValueError(f"{path}: expected one YAML document, found {len(docs)}")
    return docs[0]


def metric_names(expr):
    """The metric names a PromQL expression selects (Grafana variables allowed)."""
    e = re.sub(r"\$\{[^}]*\}|\$\w+", "1", expr)                        # Grafana variables
    e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', e)  # strings
    e = re.sub(r"\{[^}]*\}", " ", e)                                    # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)                                   # range and subquery
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    names = set()
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", e):
        token = m.group(0)
        if e[m.end():].lstrip().startswith("("):
            continue                                                    # a function
        if token.lower() in _KEYWORDS:
            continue
        if m.start() > 0 and (e[m.start() - 1].isdigit() or e[m.start() - 1] == "."):
            continue                                                    # 1e-9, 5m
        names.add(token)
    return names


def grafana_query_names(query):
    """Metric names of a Grafana Prometheus variable query (label_values(...), query_result(...))."""
    m = re.fullmatch(r"\s*label_values\((.*),\s*[A-Za-z_]\w*\s*\)\s*", query)
    if m:
        return metric_names(m.group(1))
    m = re.fullmatch(r"\s*query_result\((.*)\)\s*", query)
    if m:
        return metric_names(m.group(1))
    m = re.fullmatch(r"\s*(label_names|metrics)\(.*\)\s*", query)
    if m:
        return set()
    return metric_names(query)


def documented_metrics(metrics_md):
    """{name: type} from the table of docs/metrics.md."""
    documented = {}
    with open(metrics_md, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|\s*([a-z]+)", line)
            if m:
                documented[m.group(1)] = m.group(2)
    return documented


def base_name(name, documented):
    """A histogram series name (_bucket/_sum/_count) as its family's name."""
    for suffix in HISTOGRAM_SUFFIXES:
        if name.endswith(suffix) and documented.get(name[: -len(suffix)]) == "histogram":
            return name[: -len(suffix)]
    return name


def rule_groups(path):
    return load_yaml(path).get("groups", [])


def deploy_expressions(source_dir):
    """[(where, expr, is_grafana_variable)] of every PromQL expression shipped in deploy/."""
    out = []
    prom = os.path.join(source_dir, "deploy", "prometheus")
    for file in ("recording_rules.yml", "alert_rules.yml"):
        for group in rule_groups(os.path.join(prom, file)):
            for rule in group.get("rules", []):
                name = rule.get("record") or rule.get("alert")
                out.append((f"{file}: {name}", rule["expr"], False))
    dashboards = os.path.join(source_dir, "deploy", "grafana", "dashboards")
    for file in sorted(os.listdir(dashboards)):
        if not file.endswith(".json"):
            continue
        with open(os.path.join(dashboards, file), encoding="utf-8") as f:
            dashboard = json.load(f)
        for panel in dashboard_panels(dashboard):
            for target in panel.get("targets", []):
                if target.get("expr"):
                    out.append((f"{file}: panel '{panel.get('title')}'", target["expr"], False))
        for var in dashboard.get("templating", {}).get("list", []):
            if var.get("type") == "query":
                query = var.get("query")
                if isinstance(query, dict):
                    query = query.get("query", "")
                out.append((f"{file}: variable ${var.get('name')}", query, True))
    return out


def dashboard_panels(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        for inner in panel.get("panels", []):  # collapsed rows
            yield inner


def recording_rule_names(source_dir):
    path = os.path.join(source_dir, "deploy", "prometheus", "recording_rules.yml")
    return {r["record"] for g in rule_groups(path) for r in g.get("rules", []) if "record" in r}


def used_metric_names(source_dir, documented):
    """{metric family name: [where used]} over deploy/, recording-rule names left out."""
    used = {}
    for where, expr, is_variable in deploy_expressions(source_dir):
        names = grafana_query_names(expr) if is_variable else metric_names(expr)
        for name in names:
            if ":" in name:
                continue
            used.setdefault(base_name(name, documented), []).append(where)
    return used


def used_recording_rules(source_dir):
    used = {}
    for where, expr, is_variable in deploy_expressions(source_dir):
        names = grafana_query_names(expr) if is_variable else metric_names(expr)
        for name in names:
            if ":" in name:
                used.setdefault(name, []).append(where)
    return used


# --- processes ----------------------------------------------------------------------------

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(argv, log_path):
    log = open(log_path, "wb")
    print("starting: " + " ".join(argv), flush=True)
    return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process, name):
    """SIGTERM, then SIGKILL after 10 s; the whole process group."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop within 10 s of SIGTERM: SIGKILL", flush=True)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def print_log_tail(path, name, lines=40):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            tail = f.readlines()[-lines:]
    except OSError:
        return
    print(f"--- last {len(tail)} lines of {name}'s output ({path}) ---")
    print("".join(tail), end="")
    print(f"--- end of {name}'s output ---", flush=True)


def http_get(url, timeout=3.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", errors="replace")


def start_demo(binary, port, work_dir, duration="60s"):
    """The lead's demo: embedded Kafka mock cluster, synthetic shop, pipeline, HTTP listener."""
    state_dir = os.path.join(work_dir, "demo")
    os.makedirs(state_dir, exist_ok=True)
    argv = [binary, "demo", "--duration", duration, "--rate", "2000",
            "--listen", f"127.0.0.1:{port}", "--dir", state_dir]
    return start(argv, os.path.join(work_dir, "demo.log"))


def exported_names(text):
    """Family names in a Prometheus text exposition (from # TYPE lines and sample names)."""
    families = {}
    samples = set()
    for line in text.splitlines():
        m = re.match(r"#\s*TYPE\s+(\S+)\s+(\S+)", line)
        if m:
            families[m.group(1)] = m.group(2)
            continue
        if line and not line.startswith("#"):
            samples.add(re.match(r"[^{\s]+", line).group(0))
    names = set(families)
    for sample in samples:
        names.add(sample)
        for suffix in HISTOGRAM_SUFFIXES:
            if sample.endswith(suffix) and families.get(sample[: -len(suffix)]) == "histogram":
                names.add(sample[: -len(suffix)])
    return names


def wait_for(what, deadline, probe, interval=0.5, process=None, process_name=None):
    """Calls probe() until it returns a true value or the deadline (time.monotonic()) passes."""
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = probe()
            if result:
                return result
        except (OSError, urllib.error.URLError, ValueError) as e:
            last_error = e
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process_name} exited with status {process.returncode} "
                               f"while waiting for {what}")
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}" +
                       (f" (last error: {last_error})" if last_error else ""))
