#!/bin/sh
# The airisk quickstart: generate a key, create a registry, register the sample model, check it from
# every side, and release it dev -> staging -> prod. Run after 'mvn package'.
#   samples/quickstart.sh        works in a temporary folder that is removed at the end
#   samples/quickstart.sh DIR    works in DIR and keeps it (then try samples/incident-rollback.sh DIR)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
airisk=${AIRISK:-$here/../target/airisk}
if [ ! -x "$airisk" ]; then
  echo "quickstart: $airisk is missing; build it first with: mvn -B -q package -DskipTests" >&2
  exit 1
fi

if [ $# -ge 1 ]; then
  work=$1
  if [ -e "$work" ] && [ -n "$(ls -A "$work" 2>/dev/null)" ]; then
    echo "quickstart: $work exists and is not empty; give a new folder" >&2
    exit 2
  fi
  mkdir -p "$work"
  work=$(cd "$work" && pwd)
  keep=1
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/airisk-quickstart.XXXXXX")
  keep=0
fi
export AIRISK_HOME="$work/home"
export AIRISK_REGISTRY="$work/registry.git"
# A demo passphrase; in real use set it from a secret store, or leave it unset to be prompted.
export AIRISK_KEY_PASSPHRASE="quickstart-demo-passphrase"
# Whatever happens, the key agent started below ends with the quickstart (and a temporary folder goes).
cleanup() {
  "$airisk" agent stop >/dev/null 2>&1 || true
  [ "$keep" -eq 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() {
  title=$1
  shift
  printf '\n\033[1m== %s\033[0m\n$ airisk %s\n' "$title" "$(echo "$*" | sed "s|$work|\$WORK|g; s|$here|samples|g")"
  "$airisk" "$@"
}

step "Generate a signing key (ECDSA P-256, encrypted, mode 0600)" keys generate --name release-bot
step "Start the key agent: the key is unlocked once and held in memory, so the steps below sign without deriving it again" \
  agent start --ttl 15m
step "Create a registry (a bare Git repository) and its content-addressed store" init
step "Register the sample model: every file hashed into the store, the manifest signed" \
  register "$here/churn-model" --model churn --version 1.4.0 --meta "$here/META.yaml"
step "Registering the same content again changes nothing" \
  register "$here/churn-model" --model churn --version 1.4.0 --meta "$here/META.yaml"
step "List the models" list
step "Show the version: manifest, metadata and lineage" show churn@1.4.0
step "Lineage as a Mermaid graph" lineage churn@1.4.0 --format mermaid
step "Verify: re-hash every blob and check model.sig and record.sig against the trusted keys" verify churn@1.4.0
step "Pull the verified files" pull churn@1.4.0 --to "$work/pulled"
step "Export a deterministic archive" export churn@1.4.0 --to "$work/churn-1.4.0.tar.gz"

printf '\n\033[1m== Tamper with a stored blob, and verify catches it (exit 4)\033[0m\n'
blob=$(find "$work/registry.git.store/sha256" -type f | head -n 1)
cp -p "$blob" "$work/blob.backup"
chmod u+w "$blob"
printf 'tampered' >> "$blob"
set +e
"$airisk" verify churn@1.4.0
rc=$?
set -e
echo "exit code: $rc"
[ "$rc" -eq 4 ] || { echo "quickstart: expected exit 4 from verify of a tampered store" >&2; exit 1; }
cp -p "$work/blob.backup" "$blob" && rm "$work/blob.backup"
echo "(blob restored)"

# A second version: the same model with another configuration.
cp -R "$here/churn-model" "$work/churn-1.5.0"
printf '{"hidden": 64, "layers": 3}\n' > "$work/churn-1.5.0/config.json"
step "Register a second version" register "$work/churn-1.5.0" --model churn --version 1.5.0 --meta "$here/META.yaml"

step "Promote 1.4.0 to dev (gates first: signature, integrity, metadata, lineage, path ...)" promote churn@1.4.0 --to dev
step "... then staging" promote churn@1.4.0 --to staging
step "... then prod" promote churn@1.4.0 --to prod
step "Promote 1.5.0 to dev" promote churn@1.5.0 --to dev
step "... then staging" promote churn@1.5.0 --to staging
step "... then prod (1.4.0 becomes the previous stable version)" promote churn@1.5.0 --to prod
step "What runs where (--format json is the contract deployment tooling reads)" status churn

step "Validate the sample policy of a regulated organisation" policy validate "$here/policy.yaml"
step "Make it the registry's policy (needs the admin role)" policy set "$here/policy.yaml"
printf '\n\033[1m== Under that policy, a new version could not go to prod yet (exit 3)\033[0m\n'
cp -R "$here/churn-model" "$work/churn-1.6.0"
printf '{"hidden": 96, "layers": 3}\n' > "$work/churn-1.6.0/config.json"
"$airisk" register "$work/churn-1.6.0" --model churn --version 1.6.0 --meta "$here/META.yaml"
set +e
"$airisk" check churn@1.6.0 --to prod
rc=$?
set -e
echo "exit code: $rc"
[ "$rc" -eq 3 ] || { echo "quickstart: expected exit 3 from check under the sample policy" >&2; exit 1; }

step "Audit: every commit signed by a key holding the needed role, every promotion through its gates" audit verify

printf '\n\033[1m== The registry history: one signed commit per operation\033[0m\n'
git --git-dir="$AIRISK_REGISTRY" log --format='%h %s%n%(trailers:only,unfold)' main
step "The operations log" log --model churn
step "Stop the key agent: it forgets the key (signing commands ask for the passphrase again)" agent stop
if [ "$keep" -eq 1 ]; then
  printf '\nQuickstart finished; the registry is in %s.\nNext: samples/incident-rollback.sh %s\n' "$work" "$work"
else
  printf '\nQuickstart finished; its temporary folder is removed.\n'
fi
