# Parses Prometheus' text exposition format on stdin with the Prometheus project's own Python
# parser (Debian package python3-prometheus-client) and prints the families as JSON; exits 1 with
# the parser's message on malformed input.
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    families = []
    for f in text_string_to_metric_families(sys.stdin.read()):
        families.append({
            "name": f.name, "type": f.type, "help": f.documentation,
            "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples],
        })
except Exception as e:  # the parser raises ValueError (and others) on bad lines
    print("unparseable exposition: %s: %s" % (type(e).__name__, e), file=sys.stderr)
    sys.exit(1)
json.dump(families, sys.stdout)
