"""Counts the test cases of a schemathesis run per operation, from its NDJSON event report.

Usage: python3 .ci/schemathesis_cases.py SPEC.json EVENTS.ndjson MINIMUM
Prints one line per documented operation (undocumented methods, probed for 405, on one line) and
fails when fewer than MINIMUM cases ran on the documented operations.
"""
import collections
import json
import sys


def main() -> int:
    spec_path, path, minimum = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(spec_path, encoding="utf-8") as spec:
        paths = json.load(spec)["paths"]
    documented = {f"{method.upper()} {route}" for route, item in paths.items() for method in item}
    cases = collections.Counter()
    with open(path, encoding="utf-8") as events:
        for line in events:
            finished = json.loads(line).get("ScenarioFinished")
            if not finished:
                continue
            for case in finished["recorder"]["cases"].values():
                value = case["value"]
                cases[f'{value["method"]} {value["path"]}'] += 1
    total = sum(count for operation, count in cases.items() if operation in documented)
    probes = sum(count for operation, count in cases.items() if operation not in documented)
    for operation in sorted(documented):
        print(f"{cases[operation]:6d}  {operation}")
    print(f"{probes:6d}  undocumented methods (405 expected)")
    print(f"{total:6d}  cases on the documented operations (minimum {minimum})")
    return 0 if total >= minimum else 1


if __name__ == "__main__":
    sys.exit(main())
