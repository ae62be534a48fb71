#!/usr/bin/python3
"""Pick the catalog CVEs of the Ansible VM check from the VM's own view.

Usage: pick-cves.py CATALOG_JSON PROC_MODULES
  CATALOG_JSON is `ksctl --json catalog list` as run in the VM, so the
  applicability is that of the VM's kernel; PROC_MODULES is the VM's
  /proc/modules. The catalog's fixed versions change as fixes are
  recorded, so the check picks its CVEs instead of naming them.

Prints three lines:
  1. up to two CVEs that apply (applicability applies or unknown) whose
     targets on this kernel line are all in modules that are not loaded.
     Engaging them leaves pending engagements and blocks nothing the VM
     runs. No two of them share a target.
  2. one CVE the kernel has the fix for (applicability fixed), or nothing
  3. the expected engaged listing of the applying CVEs' targets, as sorted
     SYMBOL=pending words
"""
import json
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: pick-cves.py CATALOG_JSON PROC_MODULES")
    with open(sys.argv[1], encoding="utf-8") as f:
        catalog = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        loaded = {line.split()[0] for line in f if line.strip()}
    version = catalog["kernel_version"]
    line = "6.1" if version.startswith("6.1.") else "6.12"

    applying = []
    symbols = set()
    fixed = ""
    for entry in sorted(catalog["entries"], key=lambda e: e["id"]):
        targets = [t for t in entry["targets"] if line in t.get("kernels", ["6.1", "6.12"])]
        if entry["applicability"] == "fixed" and targets and not fixed:
            fixed = entry["id"]
            continue
        if entry["applicability"] not in ("applies", "unknown") or not targets:
            continue
        if len(applying) >= 2:
            continue
        if any(not t["module"] or t["module"] in loaded for t in targets):
            continue
        names = {t["symbol"] for t in targets}
        if names & symbols:
            continue
        applying.append(entry["id"])
        symbols |= names

    print(" ".join(applying))
    print(fixed)
    print(" ".join(sorted(s + "=pending" for s in symbols)))


if __name__ == "__main__":
    main()
