#!/usr/bin/env python3
"""One benchmark phase's line from the proxy's stats (JSON: counts per service:Operation).

    summarize.py STATS.json LABEL WALL_SECONDS TENANTS EXIT_CODE [MAX_RSS_KB]

Prints: label, exit code, wall time, requests the proxy saw (forwarded to the emulator or
answered with a throttle), requests per tenant, quota throttles, and the busiest operations.
"""
import json
import sys

stats_path, label, wall, tenants, code = sys.argv[1:6]
rss = sys.argv[6] if len(sys.argv) > 6 else ""
stats = json.load(open(stats_path))
fwd = sum(s["forwarded"] for s in stats.values())
thr = sum(s["quota_throttled"] + s["throttled"] for s in stats.values())
n = max(int(tenants), 1)
top = sorted(stats.items(), key=lambda kv: -(kv[1]["forwarded"] + kv[1]["quota_throttled"]))
ops = ", ".join(f"{k} {v['forwarded']}" + (f" (+{v['quota_throttled']} throttled)" if v["quota_throttled"] else "")
                for k, v in top[:8])
rss_txt = f" max_rss={int(rss) / 1024:.0f}MiB" if rss else ""
print(f"{label}: exit={code} wall={float(wall):.2f}s calls={fwd} calls_per_tenant={fwd / n:.2f} "
      f"throttled={thr}{rss_txt}")
print(f"    {ops}")
