#!/bin/sh
# The airisk quickstart: generate a key, create a registry, register the sample model, and check
# it from every side, in a temporary folder that is removed at the end. Run after 'mvn package'.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
airisk=${AIRISK:-$here/../target/airisk}
if [ ! -x "$airisk" ]; then
  echo "quickstart: $airisk is missing; build it first with: mvn -B -q package -DskipTests" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/airisk-quickstart.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export AIRISK_HOME="$work/home"
export AIRISK_REGISTRY="$work/registry.git"
# A demo passphrase; in real use set it from a secret store, or leave it unset to be prompted.
export AIRISK_KEY_PASSPHRASE="quickstart-demo-passphrase"

step() {
  title=$1
  shift
  printf '\n\033[1m== %s\033[0m\n$ airisk %s\n' "$title" "$(echo "$*" | sed "s|$work|\$WORK|g; s|$here|samples|g")"
  "$airisk" "$@"
}

step "Generate a signing key (ECDSA P-256, encrypted, mode 0600)" keys generate --name release-bot
step "Create a registry (a bare Git repository) and its content-addressed store" init
step "Register the sample model: every file hashed into the store, the manifest signed" \
  register "$here/churn-model" --model churn --version 1.4.0 --meta "$here/META.yaml"
step "Registering the same content again changes nothing" \
  register "$here/churn-model" --model churn --version 1.4.0 --meta "$here/META.yaml"
step "List the models" list
step "Show the version: manifest, metadata and lineage" show churn@1.4.0
step "Lineage as a Mermaid graph" lineage churn@1.4.0 --format mermaid
step "Verify: re-hash every blob and check model.sig against the trusted keys" verify churn@1.4.0
step "Pull the verified files" pull churn@1.4.0 --to "$work/pulled"
step "Export a deterministic archive" export churn@1.4.0 --to "$work/churn-1.4.0.tar.gz"

printf '\n\033[1m== Tamper with a stored blob, and verify catches it (exit 4)\033[0m\n'
blob=$(find "$work/registry.git.store/sha256" -type f | head -n 1)
chmod u+w "$blob"
printf 'tampered' >> "$blob"
set +e
"$airisk" verify churn@1.4.0
rc=$?
set -e
echo "exit code: $rc"
[ "$rc" -eq 4 ] || { echo "quickstart: expected exit 4 from verify of a tampered store" >&2; exit 1; }

printf '\n\033[1m== The registry history: one signed commit per operation\033[0m\n'
git --git-dir="$AIRISK_REGISTRY" log --format='%h %s%n%(trailers:only,unfold)' main
printf '\nQuickstart finished; its temporary folder is removed.\n'
