#!/usr/bin/env bash
# The API grows in one place: in a scratch copy of the checkout, three throwaway operations are
# added to the model (.ci/drill/operations.rs: a GET, a POST whose body carries amounts, a PUT
# with amounts at its body's top level, each reusing existing types) and listed in the
# document, exactly as the README's "Add an operation" says; then `cargo xtask codegen`, the new
# operations' snapshots accepted, clippy and the whole test suite, and each new operation called
# through the mock, the Rust client (its generated sample), the `bluetape` CLI and `bluetape-mcp`
# (.ci/drill/call_new_operations.py). Nothing else is written by hand.
# Run by .ci/run, last:  bash .ci/add_operation_drill.sh
#
# It builds into the checkout's target directory (the dependencies are built already). Cargo
# gives the scratch copy's crates the artifacts and fingerprints of the checkout's own (it keeps
# source paths relative to each package), so it would later take them for the checkout's: on
# exit the checkout's Rust sources and manifests are touched, and its next build rebuilds its own
# crates. CI runs the drill last.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
finish() {
  rm -rf "$scratch"
  (cd "$root" && git ls-files -z -- '*.rs' '*Cargo.toml' | xargs -0 touch)
}
trap finish EXIT
new_operations=(getCompanyDrill importCompanyDrill updateCompanyCreditDrill)

(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
cd "$scratch"
# The application that checks what adding the client changes builds in target/consumer-apps
# beside the workspace: the checkout's, built already.
mkdir -p target
ln -s "$root/target/consumer-apps" target/consumer-apps
# A repository of its own, as a clone is (the changelog reads the document's history).
git init -q
git add -A
git -c user.name=ci -c user.email=ci@localhost commit -qm "the checkout"
export CARGO_TARGET_DIR="$root/target"

# 1. The operations' #[utoipa::path] declarations, and their lines in the document's list.
cat "$root/.ci/drill/operations.rs" >> spec-gen/src/operations.rs
python3 - <<'PYTHON'
path = "spec-gen/src/document.rs"
text = open(path).read()
listed = "        operations::get_customer_signup,\n    ),"
assert listed in text, "the document's list of operations moved: update the drill"
text = text.replace(listed, "        operations::get_customer_signup,\n"
                    "        operations::get_company_drill,\n"
                    "        operations::import_company_drill,\n"
                    "        operations::update_company_credit_drill,\n    ),")
open(path, "w").write(text)
PYTHON

# 2. Generate.
cargo xtask codegen | tail -1

# 3. Accept the new operations' snapshots (as `cargo insta accept` would).
INSTA_UPDATE=always cargo test --quiet -p tests --test snapshots_of_the_schema > /dev/null 2>&1
INSTA_UPDATE=always cargo test --quiet -p bluetape-mcp --test through_rmcp_client lists_the_tools > /dev/null 2>&1
echo "accepted: $(git status --porcelain -- '*.snap' | wc -l) new or changed snapshots"

# 4. Lint, build and test, as CI does (insta writes nothing now).
cargo clippy --workspace --all-targets --quiet -- -D warnings
if ! CI=true cargo test --workspace --no-fail-fast > "$scratch/tests.log" 2>&1; then
  grep -E '^test .*FAILED|panicked at|^error' "$scratch/tests.log" | head -40
  echo "the tests fail with the new operations"; exit 1
fi
grep -E '^test result' "$scratch/tests.log" \
  | awk '{passed += $4; failed += $6} END {print "tests: " passed " passed, " failed " failed"}'
cargo xtask codegen --check | tail -1

# 5. Call each new operation through every surface.
cargo build --quiet -p bluetape-cli -p bluetape-mock -p bluetape-mcp
cp Cargo.lock openapi/samples/Cargo.lock
cargo build --quiet --bins --manifest-path openapi/samples/Cargo.toml
rm openapi/samples/Cargo.lock
python3 "$root/.ci/drill/call_new_operations.py" "$scratch" "$CARGO_TARGET_DIR/debug" "${new_operations[@]}"
