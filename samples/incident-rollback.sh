#!/usr/bin/env bash
# A scripted incident rollback, as a runbook would run it: no terminal, no questions, JSON parsed,
# every exit code handled. The incident is recorded in the registry (opened, rolled back, mitigated,
# closed), each step signed; a key holding only the responder role may run all of it. Run it against the registry the quickstart kept:
#   samples/quickstart.sh /tmp/airisk-demo && samples/incident-rollback.sh /tmp/airisk-demo
# Environment: AIRISK (the executable), MODEL (default churn), ENV (default prod), INCIDENT (the
# ticket number of your incident tracker, recorded in the reason).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
airisk=${AIRISK:-$here/../target/airisk}
work=${1:?usage: incident-rollback.sh DIR (the folder given to samples/quickstart.sh)}
model=${MODEL:-churn}
env=${ENV:-prod}
incident=${INCIDENT:-INC-4411}
export AIRISK_HOME="$work/home"
export AIRISK_REGISTRY="$work/registry.git"
export AIRISK_KEY_PASSPHRASE=${AIRISK_KEY_PASSPHRASE:-quickstart-demo-passphrase}

# When the problem was detected: the time to roll back is measured from it and compared with the tier's SLA.
detected=${OPENED_AT:-$(date -u -d '-7 minutes' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)}

json_field() { # json_field FIELD.PATH < JSON
  python3 -c 'import json,sys
v=json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v=v.get(k) if isinstance(v,dict) else None
print("" if v is None else v)' "$1"
}

echo "== What runs in $env before the rollback"
before=$("$airisk" status "$model" --env "$env" --format json < /dev/null)
echo "$before" | python3 -c 'import json,sys; m=json.load(sys.stdin)["models"][0]["environments"]["'"$env"'"]; print("stable:", m["stable"] and m["stable"]["version"], "| canary:", m["canary"] and m["canary"]["version"])'

stable=$(echo "$before" | python3 -c 'import json,sys; m=json.load(sys.stdin)["models"][0]["environments"]["'"$env"'"]; print(m["stable"]["version"])')

echo "== Open an incident about $model@$stable"
id=$("$airisk" incident open "$model@$stable" --env "$env" --severity high --summary "$incident: scores drifted" \
       --detected-at "$detected" --detection "$incident" --format json < /dev/null | json_field incident.id)
echo "incident $id"

echo "== Dry run: what would happen"
"$airisk" rollback "$model" --env "$env" --reason "$incident" --dry-run < /dev/null

echo "== Roll back"
attempt=1
while :; do
  set +e
  out=$("$airisk" rollback "$model" --env "$env" --reason "$incident: rollback by runbook" \
        --incident "$id" --yes --format json < /dev/null)
  rc=$?
  set -e
  case $rc in
    0) break ;;
    6|7) # lost a race with another writer, or the remote / store is unreachable: retry with backoff
       if [ "$attempt" -ge 5 ]; then echo "rollback: giving up after $attempt attempts (exit $rc)" >&2; exit "$rc"; fi
       sleep $((attempt * 2)); attempt=$((attempt + 1)) ;;
    4) echo "rollback: the target failed verification; roll back further with --to VERSION and page security" >&2; exit 4 ;;
    5) echo "rollback: nothing to roll back to in $env (see 'airisk history $model --env $env')" >&2; exit 5 ;;
    *) echo "rollback: failed with exit $rc" >&2; exit "$rc" ;;
  esac
done
echo "$out"
from=$(echo "$out" | json_field from)
to=$(echo "$out" | json_field version)
sla=$(echo "$out" | json_field incident.sla)
secs=$(echo "$out" | json_field incident.seconds_to_rollback)
echo "== Rolled back $model in $env from $from to $to in ${secs}s (rollback SLA: ${sla:-none set})"

echo "== Record the mitigation and close the incident"
"$airisk" incident note "$id" --mitigated --text "traffic back on $to" < /dev/null
"$airisk" incident close "$id" --root-cause "$incident: see the post-incident review" < /dev/null
"$airisk" incident show "$id" < /dev/null

echo "== The model's history in $env"
"$airisk" history "$model" --env "$env" < /dev/null

echo "== Audit the whole registry"
"$airisk" audit verify < /dev/null
