"""Fails when the modules of a crate import each other in a circle.

Reads every `crate::`, `super::` and `self::` path in each crate's `src/` (test modules and
comments left out), resolves it to the module it names, draws module -> module edges, and prints
every strongly connected component of more than one module. A parent module and its child that
use each other are a circle too (`mod.rs` importing from `a.rs`, which imports from `super::`).
Paths to the crate root (`crate::Type`, a `super::` out of a top-level module) draw no edge: the
root declares every module and re-exports their types. Run by .ci/run from the workspace root:
python3 .ci/import_circles.py */src
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


PATH = re.compile(r"\b(crate|self|super)((?:::super)*)::((?:[a-z_][a-z0-9_]*::)*[a-z_][a-z0-9_]*\b(?!\()|)")


LITERAL = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'')
INLINE_MODULE = re.compile(r"\bmod\s+([a-z_][a-z0-9_]*)\s*\{")


def scoped_lines(code):
    """Each line of `code` with the inline modules (`mod name { … }`) it sits in, innermost last,
    so that `super::` in a generated file's `mod types { mod error { … } }` climbs out of those."""
    stack, depth = [], 0
    for line in code.splitlines():
        yield line, [name for name, _ in stack]
        bare = LITERAL.sub('""', line)
        opened = {match.end() - 1: match.group(1) for match in INLINE_MODULE.finditer(bare)}
        for at, character in enumerate(bare):
            if character == "{":
                depth += 1
                if at in opened:
                    stack.append((opened[at], depth))
            elif character == "}":
                if stack and stack[-1][1] == depth:
                    stack.pop()
                depth -= 1


def resolve(name, inline, anchor, supers, rest):
    """The module path (as a list, [] for the root) that `anchor::super::…::rest` names, seen
    from module `name` inside its `inline` modules; None when it climbs above the root."""
    here = ([] if name == "crate" else name.split("::")) + inline
    if anchor == "crate":
        base = []
    else:
        base = list(here)
        for _ in range((anchor == "super") + supers.count("super")):
            if not base:
                return None
            base.pop()
    return base + [part for part in rest.split("::") if part]


CHILD_PATH = re.compile(r"(?<![:\w])([a-z_][a-z0-9_]*)::")


def edges(found):
    """module -> the modules it names, each path cut to the longest module it starts with. A
    path may start at the root (`crate::`), here (`self::`), the parent (`super::`), or a child
    module of this one by its bare name (`charts::draw` in `report/mod.rs`)."""
    graph = {name: set() for name in found}
    for name, code in found.items():
        prefix = "" if name == "crate" else name + "::"
        for child in set(CHILD_PATH.findall(code)):
            if prefix + child in found:
                graph[name].add(prefix + child)
        for line, inline in scoped_lines(code):
            for anchor, supers, rest in PATH.findall(line):
                parts = resolve(name, inline, anchor, supers, rest)
                if parts is None:
                    continue
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
