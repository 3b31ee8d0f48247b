#!/usr/bin/env python3
"""DDC's get_stats over a metrics file, as utils/performance_metrics.py computes it, for the startup bench.

Reads the file line by line with json.loads (blank and unparsable lines skipped), keeps entries with
end_time >= now - last_hours*3600 (every entry with --all), and per operation gives total, successful and
failed calls, min/max/avg duration, and p50/p95/p99 by linear interpolation at rank k = (n-1)*p over the
sorted durations. Prints {"seconds": ..., "statistics": {...}} as JSON.

Usage: ddc_get_stats.py FILE [--all | --hours N]
"""
import json
import sys
import time


def percentile(values, p):
    if not values:
        return 0.0
    k = (len(values) - 1) * p
    f = int(k)
    c = min(f + 1, len(values) - 1)
    return values[f] + (values[c] - values[f]) * (k - f)


def get_stats(path, last_hours=24):
    now = time.time()
    cutoff = None if last_hours is None else now - last_hours * 3600
    by_operation = {}
    with open(path, "r", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if cutoff is None or entry["end_time"] >= cutoff:
                by_operation.setdefault(entry["operation"], []).append(entry)
    stats = {}
    for operation, entries in by_operation.items():
        durations = sorted(e["duration"] for e in entries)
        successful = sum(1 for e in entries if e["success"])
        stats[operation] = {
            "operation": operation,
            "total_calls": len(entries),
            "successful_calls": successful,
            "failed_calls": len(entries) - successful,
            "min_duration": durations[0],
            "max_duration": durations[-1],
            "avg_duration": sum(durations) / len(durations),
            "p50_duration": percentile(durations, 0.50),
            "p95_duration": percentile(durations, 0.95),
            "p99_duration": percentile(durations, 0.99),
            "last_24h_calls": sum(1 for e in entries if e["end_time"] >= now - 86400),
            "last_hour_calls": sum(1 for e in entries if e["end_time"] >= now - 3600),
        }
    return stats


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    hours = 24
    if "--all" in args:
        hours = None
    elif "--hours" in args:
        hours = float(args[args.index("--hours") + 1])
    started = time.perf_counter()
    stats = get_stats(args[0], hours)
    print(json.dumps({"seconds": time.perf_counter() - started, "statistics": stats}))


if __name__ == "__main__":
    main()
