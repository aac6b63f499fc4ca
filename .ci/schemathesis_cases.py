"""Counts the test cases of a schemathesis run per operation, from its NDJSON event report.

Usage: python3 .ci/schemathesis_cases.py SPEC.json EVENTS.ndjson MINIMUM
Prints one line per documented operation (undocumented methods, probed for 405, on one line), then
the stateful phase's scenarios and steps (the workflows the documents' links describe). Fails when
fewer than MINIMUM cases ran on the documented operations, or when the documents have links and
the stateful phase did not run them all successfully.
"""
import collections
import json
import sys


def main() -> int:
    spec_path, path, minimum = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(spec_path, encoding="utf-8") as spec:
        paths = json.load(spec)["paths"]
    documented = {f"{method.upper()} {route}" for route, item in paths.items() for method in item}
    links = sum(
        len(response.get("links", {}))
        for item in paths.values()
        for operation in item.values()
        for response in operation.get("responses", {}).values()
    )
    cases = collections.Counter()
    scenarios = steps = linked_steps = 0
    stateful_status = None
    with open(path, encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            phase_finished = event.get("PhaseFinished")
            if phase_finished and phase_finished["phase"]["name"] == "stateful":
                stateful_status = phase_finished["status"] if phase_finished["phase"]["is_enabled"] else "disabled"
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorded = finished["recorder"].get("cases", {}).values()
            if finished.get("phase") == "stateful":
                scenarios += 1
                steps += len(recorded)
                linked_steps += sum(1 for case in recorded if case.get("is_transition_applied"))
            for case in recorded:
                value = case["value"]
                cases[f'{value["method"]} {value["path"]}'] += 1
    total = sum(count for operation, count in cases.items() if operation in documented)
    probes = sum(count for operation, count in cases.items() if operation not in documented)
    for operation in sorted(documented):
        print(f"{cases[operation]:6d}  {operation}")
    print(f"{probes:6d}  undocumented methods (405 expected)")
    print(f"{total:6d}  cases on the documented operations (minimum {minimum})")
    print(f"stateful phase ({links} links in the document): {stateful_status}, "
          f"{scenarios} scenarios, {steps} steps, {linked_steps} of them following a link")
    stateful_ok = links == 0 or (stateful_status == "success" and scenarios > 0)
    return 0 if total >= minimum and stateful_ok else 1


if __name__ == "__main__":
    sys.exit(main())
