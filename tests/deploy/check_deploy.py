#!/usr/bin/python3
"""Static checks of the deployment files in deploy/, docker-compose.yml and the Dockerfile.

Usage: check_deploy.py CHECK SOURCE_DIR [TOOL]
  yaml          every YAML file parses; Kubernetes, compose and Grafana files hang together
  dashboard     the Grafana dashboard is valid JSON and every expression parses (TOOL = promtool)
  coverage      every recording and alert rule is covered by the promtool tests; alert hygiene
  metric-docs   every metric used in deploy/ is listed in docs/metrics.md
  compose       docker-compose (Debian package) validates docker-compose.yml (TOOL = docker-compose)
  check-config  the binary accepts the shipped configurations (TOOL = crmstream)
  systemd       systemd-analyze verify of the unit (TOOL = crmstream, stands in for ExecStart)
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deploy_support as ds  # noqa: E402

SKIP = 77  # ctest SKIP_RETURN_CODE


def yaml_files(src):
    files = [os.path.join(src, "docker-compose.yml")]
    for pattern in ("deploy/**/*.yml", "deploy/**/*.yaml"):
        files += glob.glob(os.path.join(src, pattern), recursive=True)
    return sorted(set(files))


def parse_size(text):
    m = re.fullmatch(r"(\d+)\s*(KiB|MiB|GiB|Ki|Mi|Gi|)", str(text).strip())
    if not m:
        raise ValueError(f"cannot read size {text!r}")
    factor = {"": 1, "KiB": 1 << 10, "Ki": 1 << 10, "MiB": 1 << 20, "Mi": 1 << 20,
              "GiB": 1 << 30, "Gi": 1 << 30}[m.group(2)]
    return int(m.group(1)) * factor


def check_yaml(src):
    errors = []
    for path in yaml_files(src):
        try:
            docs = ds.load_yaml_documents(path)
        except Exception as e:  # yaml.YAMLError and friends: report them all
            errors.append(f"{path}: {e}")
            continue
        if not docs:
            errors.append(f"{path}: empty")
        print(f"ok: {os.path.relpath(path, src)} ({len(docs)} document(s))")
    if errors:
        ds.fail("YAML syntax:\n  " + "\n  ".join(errors))

    # Kubernetes: every object has apiVersion, kind, metadata.name; the pieces fit together.
    k8s = {}
    for path in sorted(glob.glob(os.path.join(src, "deploy", "k8s", "*.yaml"))):
        for doc in ds.load_yaml_documents(path):
            if doc.get("kind") == "Kustomization":
                for resource in doc.get("resources", []):
                    if not os.path.exists(os.path.join(os.path.dirname(path), resource)):
                        errors.append(f"{path}: resource {resource} does not exist")
                continue
            for key in ("apiVersion", "kind"):
                if not doc.get(key):
                    errors.append(f"{path}: an object without {key}")
            name = (doc.get("metadata") or {}).get("name")
            if not name:
                errors.append(f"{path}: a {doc.get('kind')} without metadata.name")
            k8s[(doc.get("kind"), name)] = doc
    sts = k8s.get(("StatefulSet", "crmstream"))
    cm = k8s.get(("ConfigMap", "crmstream-config"))
    if not sts or not cm:
        ds.fail("deploy/k8s: StatefulSet crmstream and ConfigMap crmstream-config expected")
    spec = sts["spec"]
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    import yaml
    config = yaml.safe_load(cm["data"]["crmstream.yaml"])
    expect = [
        (spec.get("replicas") == 1, "StatefulSet replicas must be 1 until scale-out lands"),
        (("Service", spec.get("serviceName")) in k8s
         and k8s[("Service", spec["serviceName"])]["spec"].get("clusterIP") == "None",
         "serviceName must name a headless Service"),
        (container["livenessProbe"]["httpGet"]["path"] == "/healthz", "liveness probe: /healthz"),
        (container["readinessProbe"]["httpGet"]["path"] == "/readyz", "readiness probe: /readyz"),
        (any(p.get("containerPort") == int(config["http"]["listen"].rsplit(":", 1)[1])
             for p in container["ports"]), "containerPort must be the port of http.listen"),
        (config["http"]["listen"].startswith("0.0.0.0:"), "http.listen must not be loopback in a pod"),
        (any(e["name"] == "CRM_HTTP_TOKEN" and "secretKeyRef" in e.get("valueFrom", {})
             for e in container.get("env", [])), "CRM_HTTP_TOKEN must come from a Secret"),
        ("${CRM_HTTP_TOKEN}" in cm["data"]["crmstream.yaml"], "http.token must read CRM_HTTP_TOKEN"),
        (any(m["mountPath"] == config["state"]["dir"] and m["name"] == "state"
             for m in container["volumeMounts"]), "the state volume must be mounted at state.dir"),
        (any(t["metadata"]["name"] == "state" for t in spec.get("volumeClaimTemplates", [])),
         "a volumeClaimTemplate named state"),
        (pod.get("terminationGracePeriodSeconds", 30) >= 10, "grace period >= 10 s"),
        (spec["template"]["metadata"].get("annotations", {}).get("prometheus.io/scrape") == "true",
         "prometheus.io/scrape annotation"),
        (("PodMonitor", "crmstream") in k8s
         and k8s[("PodMonitor", "crmstream")]["apiVersion"] == "monitoring.coreos.com/v1",
         "a PodMonitor monitoring.coreos.com/v1"),
    ]
    budget = parse_size(config["state"]["memory_budget"])
    request = parse_size(container["resources"]["requests"]["memory"])
    limit = parse_size(container["resources"]["limits"]["memory"])
    expect.append((request >= budget and limit >= 2 * budget and limit >= request,
                   f"memory request ({request}) must cover state.memory_budget ({budget}) and "
                   f"the limit ({limit}) at least twice it"))
    for ok, message in expect:
        if not ok:
            errors.append("deploy/k8s: " + message)

    # docker-compose.yml: bind mounts exist; Grafana's provisioning points at the mounts.
    compose = ds.load_yaml(os.path.join(src, "docker-compose.yml"))
    services = compose["services"]
    for needed in ("kafka", "kafka-init", "crmstream", "generator", "prometheus", "grafana"):
        if needed not in services:
            errors.append(f"docker-compose.yml: no service {needed}")
    mounts = {}
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            if source.startswith("."):
                if not os.path.exists(os.path.join(src, source)):
                    errors.append(f"docker-compose.yml: {name} mounts {source}, which does not exist")
                mounts[target] = source
    provider = ds.load_yaml(os.path.join(src, "deploy/grafana/provisioning/dashboards/crmstream.yml"))
    path = provider["providers"][0]["options"]["path"]
    if mounts.get(path) != "./deploy/grafana/dashboards":
        errors.append(f"Grafana dashboard provider reads {path}, not where compose mounts the dashboards")
    datasource = ds.load_yaml(os.path.join(src, "deploy/grafana/provisioning/datasources/prometheus.yml"))
    if datasource["datasources"][0]["url"] != "http://prometheus:9090":
        errors.append("the Grafana datasource must be http://prometheus:9090")
    compose_config = ds.load_yaml(os.path.join(src, "deploy/compose/crmstream.yaml"))
    if compose_config["kafka"]["brokers"] != "kafka:9092":
        errors.append("deploy/compose/crmstream.yaml: brokers must be kafka:9092")
    prom = ds.load_yaml(os.path.join(src, "deploy/prometheus/prometheus.yml"))
    targets = [t for job in prom["scrape_configs"] for sc in job.get("static_configs", [])
               for t in sc["targets"]]
    if "crmstream:" + compose_config["http"]["listen"].rsplit(":", 1)[1] not in targets:
        errors.append("deploy/prometheus/prometheus.yml must scrape crmstream:<http.listen port>")
    if errors:
        ds.fail("\n  ".join(["deployment files:"] + errors))
    print("ok: Kubernetes, compose, Grafana and Prometheus files are consistent")


def grafana_to_promql(expr):
    expr = re.sub(r"\$__rate_interval|\$__interval|\$\{__rate_interval\}|\$\{__interval\}", "1m", expr)
    expr = re.sub(r"\$__range|\$\{__range\}", "1h", expr)
    return re.sub(r"\$\{[^}]*\}|\$\w+", "x", expr)


def check_dashboard(src, promtool):
    if not promtool or not os.path.exists(promtool):
        ds.fail("promtool not found: install the Debian package `prometheus` (scripts/install-deps.sh)")
    datasource_uid = ds.load_yaml(os.path.join(
        src, "deploy/grafana/provisioning/datasources/prometheus.yml"))["datasources"][0]["uid"]
    errors = []
    rules = []
    for path in sorted(glob.glob(os.path.join(src, "deploy/grafana/dashboards/*.json"))):
        with open(path, encoding="utf-8") as f:
            try:
                dashboard = json.load(f)
            except json.JSONDecodeError as e:
                ds.fail(f"{path}: {e}")
        name = os.path.basename(path)
        if not dashboard.get("uid") or not dashboard.get("title"):
            errors.append(f"{name}: uid and title expected")
        ids = [p.get("id") for p in ds.dashboard_panels(dashboard)]
        if len(ids) != len(set(ids)):
            errors.append(f"{name}: panel ids are not unique")
        for panel in ds.dashboard_panels(dashboard):
            if panel.get("type") == "row":
                continue
            if (panel.get("datasource") or {}).get("uid") != datasource_uid:
                errors.append(f"{name}: panel '{panel.get('title')}' does not use datasource {datasource_uid}")
            if not panel.get("targets"):
                errors.append(f"{name}: panel '{panel.get('title')}' has no query")
            for target in panel.get("targets", []):
                rules.append((f"{name}: '{panel.get('title')}' {target.get('refId')}",
                              grafana_to_promql(target["expr"])))
        for var in dashboard.get("templating", {}).get("list", []):
            query = var.get("query")
            query = query.get("query", "") if isinstance(query, dict) else query
            m = re.fullmatch(r"\s*label_values\((.*),\s*[A-Za-z_]\w*\s*\)\s*", query or "")
            if m:
                rules.append((f"{name}: variable ${var['name']}", grafana_to_promql(m.group(1))))
        print(f"ok: {name} is valid JSON with {len(ids)} panels")
    if errors:
        ds.fail("\n  ".join(["dashboard:"] + errors))
    # promtool parses each expression as a recording rule.
    with tempfile.TemporaryDirectory() as tmp:
        import yaml
        file = os.path.join(tmp, "dashboard_expressions.yml")
        with open(file, "w", encoding="utf-8") as f:
            yaml.safe_dump({"groups": [{"name": "dashboard", "rules": [
                {"record": f"dashboard_expression_{i}", "expr": expr}
                for i, (_, expr) in enumerate(rules)]}]}, f)
        result = subprocess.run([promtool, "check", "rules", file], capture_output=True, text=True)
        if result.returncode != 0:
            listing = "\n".join(f"  dashboard_expression_{i}: {where}: {expr}"
                                for i, (where, expr) in enumerate(rules))
            ds.fail(f"promtool rejects a dashboard expression:\n{result.stdout}{result.stderr}\n{listing}")
    print(f"ok: promtool parses all {len(rules)} dashboard expressions")


def check_coverage(src):
    prom = os.path.join(src, "deploy", "prometheus")
    records, alerts, errors = set(), {}, []
    for group in ds.rule_groups(os.path.join(prom, "recording_rules.yml")):
        records |= {r["record"] for r in group["rules"]}
    for group in ds.rule_groups(os.path.join(prom, "alert_rules.yml")):
        for rule in group["rules"]:
            alerts[rule["alert"]] = rule
    tested_exprs, firing, silent = [], set(), set()
    for path in sorted(glob.glob(os.path.join(prom, "tests", "*.yml"))):
        for test in ds.load_yaml(path).get("tests", []):
            tested_exprs += [t["expr"] for t in test.get("promql_expr_test", [])]
            for t in test.get("alert_rule_test", []):
                (firing if t.get("exp_alerts") else silent).add(t["alertname"])
    for record in sorted(records):
        if not any(record in ds.metric_names(expr) for expr in tested_exprs):
            errors.append(f"recording rule {record} has no promql_expr_test")
    for name, rule in sorted(alerts.items()):
        if name not in firing:
            errors.append(f"alert {name} has no test where it fires")
        if name not in silent:
            errors.append(f"alert {name} has no test where it does not fire")
        if not rule.get("for"):
            errors.append(f"alert {name} has no `for`")
        if rule.get("labels", {}).get("severity") not in ("critical", "warning"):
            errors.append(f"alert {name}: severity must be critical or warning")
        for annotation in ("summary", "description"):
            if not rule.get("annotations", {}).get(annotation):
                errors.append(f"alert {name} has no {annotation} annotation")
    if errors:
        ds.fail("\n  ".join(["rule tests:"] + errors))
    print(f"ok: {len(records)} recording rules and {len(alerts)} alerts, each tested "
          f"(alerts firing and silent), each alert with for, severity, summary and description")


def check_metric_docs(src):
    documented = ds.documented_metrics(os.path.join(src, "docs", "metrics.md"))
    if not documented:
        ds.fail("docs/metrics.md lists no metric")
    used = ds.used_metric_names(src, documented)
    errors = [f"{name} (used in {', '.join(sorted(set(where)))}) is not in docs/metrics.md"
              for name, where in sorted(used.items())
              if name not in documented and name not in ds.PROMETHEUS_SYNTHETIC]
    defined = ds.recording_rule_names(src)
    errors += [f"recording rule {name} (used in {', '.join(sorted(set(where)))}) is not defined"
               for name, where in sorted(ds.used_recording_rules(src).items()) if name not in defined]
    if errors:
        ds.fail("\n  ".join(["metric names:"] + errors))
    print(f"ok: the {len(used)} metrics used in deploy/ are in docs/metrics.md: "
          + ", ".join(sorted(used)))


def check_compose(src, docker_compose):
    if not docker_compose or not os.path.exists(docker_compose):
        ds.fail("docker-compose not found: install the Debian package `docker-compose` "
                "(scripts/install-deps.sh); it validates the file without a Docker engine")
    env = dict(os.environ)
    env.pop("CRM_HTTP_TOKEN", None)
    result = subprocess.run([docker_compose, "--project-directory", src, "-f",
                             os.path.join(src, "docker-compose.yml"), "config", "-q"],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        ds.fail(f"docker-compose config rejects docker-compose.yml:\n{result.stdout}{result.stderr}")
    print("ok: docker-compose config accepts docker-compose.yml")


def check_config(src, binary):
    cm = next(d for d in ds.load_yaml_documents(os.path.join(src, "deploy/k8s/configmap.yaml"))
              if d.get("kind") == "ConfigMap")
    env = dict(os.environ, CRM_HTTP_TOKEN="a-test-token")
    with tempfile.TemporaryDirectory() as tmp:
        k8s_config = os.path.join(tmp, "k8s-crmstream.yaml")
        with open(k8s_config, "w", encoding="utf-8") as f:
            f.write(cm["data"]["crmstream.yaml"])
        for name, path in (("deploy/crmstream.yaml", os.path.join(src, "deploy/crmstream.yaml")),
                           ("deploy/compose/crmstream.yaml", os.path.join(src, "deploy/compose/crmstream.yaml")),
                           ("deploy/k8s/configmap.yaml (crmstream.yaml)", k8s_config)):
            result = subprocess.run([binary, "check-config", "--config", path],
                                    capture_output=True, text=True, env=env)
            if result.returncode != 0:
                ds.fail(f"crmstream check-config rejects {name} (exit {result.returncode}):\n"
                        f"{result.stdout}{result.stderr}")
            if "a-test-token" in result.stdout + result.stderr:
                ds.fail(f"check-config printed the token of {name} instead of ***")
            print(f"ok: crmstream check-config accepts {name}")


def check_systemd(src, binary):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        print("SKIP: systemd-analyze is not installed on this machine")
        sys.exit(SKIP)
    unit = os.path.join(src, "deploy", "systemd", "crmstream.service")
    with open(unit, encoding="utf-8") as f:
        text = f.read()
    if "/usr/local/bin/crmstream" not in text:
        ds.fail("the unit must run /usr/local/bin/crmstream")
    for needed in ("Type=simple", "User=crmstream", "StateDirectory=crmstream",
                   "Restart=on-failure", "TimeoutStopSec=15", "NoNewPrivileges=yes",
                   "ProtectSystem=strict"):
        if not re.search(r"^" + re.escape(needed) + r"\s*$", text, re.M):
            ds.fail(f"the unit lacks {needed}")
    with tempfile.TemporaryDirectory() as tmp:
        # verify checks that ExecStart exists: the built binary stands in for the installed one.
        copy = os.path.join(tmp, "crmstream.service")
        with open(copy, "w", encoding="utf-8") as f:
            f.write(text.replace("/usr/local/bin/crmstream", os.path.abspath(binary)))
        result = subprocess.run([analyze, "verify", copy], capture_output=True, text=True)
        output = result.stdout + result.stderr
        ours = [line for line in output.splitlines() if "crmstream" in line]
        if result.returncode != 0 or ours:
            ds.fail(f"systemd-analyze verify (exit {result.returncode}):\n{output}")
    print("ok: systemd-analyze verify accepts deploy/systemd/crmstream.service")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    check, src = sys.argv[1], os.path.abspath(sys.argv[2])
    tool = sys.argv[3] if len(sys.argv) > 3 else ""
    {"yaml": lambda: check_yaml(src),
     "dashboard": lambda: check_dashboard(src, tool),
     "coverage": lambda: check_coverage(src),
     "metric-docs": lambda: check_metric_docs(src),
     "compose": lambda: check_compose(src, tool),
     "check-config": lambda: check_config(src, tool),
     "systemd": lambda: check_systemd(src, tool)}[check]()


if __name__ == "__main__":
    main()
