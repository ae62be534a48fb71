#!/usr/bin/python3
"""Print one value from the output of ansible-playbook's json callback.

Usage: play-result.py FILE HOST KEY
  KEY is a stats field (changed, failures, unreachable, ok, skipped), or
  report.FIELD for a field of the killswitch_report fact that the role's
  "Report this host's state" task printed. Lists print as space-separated
  sorted words, so shell tests can compare them.
Exits 1 with a message when the file is not such output or the key is
missing.
"""
import json
import sys


def find_report(doc, host):
    for play in doc.get("plays", []):
        for task in play.get("tasks", []):
            # Role tasks are named "ROLE : TASK".
            if not task["task"]["name"].endswith("Report this host's state"):
                continue
            result = task["hosts"].get(host, {})
            if "killswitch_report" in result:
                return result["killswitch_report"]
    return None


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: play-result.py FILE HOST KEY")
    path, host, key = sys.argv[1:]
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"play-result.py: cannot read {path} as ansible json output: {e}")

    if key.startswith("report."):
        report = find_report(doc, host)
        if report is None:
            sys.exit(f"play-result.py: {path} has no killswitch_report for {host}")
        value = report.get(key[len("report."):])
    else:
        value = doc.get("stats", {}).get(host, {}).get(key)
    if value is None:
        sys.exit(f"play-result.py: {path} has no {key} for {host}")
    if isinstance(value, list):
        print(" ".join(sorted(str(v) for v in value)))
    else:
        print(value)


if __name__ == "__main__":
    main()
