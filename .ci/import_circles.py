"""Fails when the modules of a crate import each other in a circle.

Reads every `crate::<module>` path in each crate's `src/` (test modules and comments left out),
draws module -> module edges, and prints every strongly connected component of more than one
module. Run by .ci/run from the workspace root: python3 .ci/import_circles.py */src
"""

import pathlib
import re
import sys


def modules(src):
    """Each module of the crate rooted at `src`, by its path (`a::b`), with its code."""
    found = {}
    for path in sorted(pathlib.Path(src).rglob("*.rs")):
        parts = [part for part in path.relative_to(src).with_suffix("").parts if part != "mod"]
        name = "crate" if parts in (["lib"], ["main"]) else "::".join(parts)
        code = path.read_text(encoding="utf-8").split("#[cfg(test)]")[0]
        found[name] = "\n".join(
            line for line in code.splitlines() if not line.lstrip().startswith("//")
        )
    return found


def edges(found):
    """module -> the modules it names, each path cut to the longest module it starts with."""
    graph = {name: set() for name in found}
    for name, code in found.items():
        for target in re.findall(r"crate::([a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)", code):
            parts = target.split("::")
            for length in range(len(parts), 0, -1):
                candidate = "::".join(parts[:length])
                if candidate in found:
                    if candidate != name:
                        graph[name].add(candidate)
                    break
    return graph


def circles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(module):
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def main(sources):
    failed = False
    for src in sources:
        for circle in circles(edges(modules(src))):
            failed = True
            print(f"{src}: modules import each other in a circle: {' <-> '.join(circle)}")
    if not failed:
        print(f"no import circle among the modules of {len(sources)} crates")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
