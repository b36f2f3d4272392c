# shellcheck shell=bash
# Starts DynamoDB Local and moto server on free 127.0.0.1 ports, waits for them,
# and exports the environment the emulator-backed tests read. Sourced by
# scripts/test after lib/common.sh and lib/tools.sh.

EMULATOR_TIMEOUT=${FERROFIN_EMULATOR_TIMEOUT:-60} # seconds to wait for each emulator

# free_ports N: print N distinct free TCP ports on 127.0.0.1, one a line.
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
}

# http_probe URL MODE: exit 0 when URL answers. MODE "any" accepts any HTTP
# status (DynamoDB Local answers a bare GET with 400); "ok" needs a 2xx.
http_probe() {
    python3 - "$1" "$2" <<'PY'
import sys, urllib.request, urllib.error
url, mode = sys.argv[1], sys.argv[2]
try:
    with urllib.request.urlopen(url, timeout=2) as r:
        sys.exit(0)
except urllib.error.HTTPError as e:
    sys.exit(0 if mode == "any" else 1)
except Exception:
    sys.exit(1)
PY
}

# _wait_for NAME PID URL MODE LOG: poll until URL answers; fail with the log tail
# if the process dies or the bounded wait runs out.
_wait_for() {
    local name=$1 pid=$2 url=$3 mode=$4 log=$5 start=$SECONDS
    while ! http_probe "$url" "$mode"; do
        if ! _alive "$pid"; then
            _emulator_failed "$name exited before answering on $url" "$log"
        fi
        if ((SECONDS - start >= EMULATOR_TIMEOUT)); then
            _emulator_failed "$name did not answer on $url within ${EMULATOR_TIMEOUT}s" "$log"
        fi
        sleep 0.5
    done
    info "$name: ready on $url after $((SECONDS - start))s (log: ${log#"$ROOT"/})"
}

_emulator_failed() {
    local msg=$1 log=$2
    printf '%sERROR:%s %s\n--- last 40 lines of %s ---\n' "$_R" "$_N" "$msg" "$log" >&2
    tail -n 40 "$log" >&2 2>/dev/null || echo "(no log)" >&2
    printf -- '--- end of log ---\n' >&2
    exit 1
}

# start_emulators: start both, wait for both, export the test environment.
start_emulators() {
    mkdir -p "$LOG_DIR"
    local ports
    ports=$(free_ports 2) || die "could not find free ports on 127.0.0.1"
    DDB_PORT=$(sed -n 1p <<<"$ports")
    MOTO_PORT=$(sed -n 2p <<<"$ports")

    local ddb_log="$LOG_DIR/dynamodb-local.log" moto_log="$LOG_DIR/moto.log"
    # -sharedDb: one database whatever the access key and region of the caller
    # (otherwise DynamoDB Local keeps a separate set of tables per key+region).
    # -disableTelemetry: no outbound calls. It listens on all interfaces (it has no
    # bind option); tests reach it on 127.0.0.1 only.
    # Run it inside .tools/: DynamoDB Local writes dynamodb-local-metadata.json
    # into its working directory.
    local ddb_cwd="$TOOLS_DIR/dynamodb-local"
    mkdir -p "$ddb_cwd"
    start_bg "DynamoDB Local" "$ddb_log" \
        env -C "$ddb_cwd" java -Djava.library.path="$DDB_LIB" -jar "$DDB_JAR" \
        -inMemory -sharedDb -disableTelemetry -port "$DDB_PORT"
    local ddb_pid=$BG_PID
    start_bg "moto server" "$moto_log" \
        "$VENV_DIR/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT"
    local moto_pid=$BG_PID

    _wait_for "DynamoDB Local" "$ddb_pid" "http://127.0.0.1:$DDB_PORT/" any "$ddb_log"
    _wait_for "moto server" "$moto_pid" "http://127.0.0.1:$MOTO_PORT/moto-api/data.json" ok "$moto_log"

    export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DDB_PORT"
    # DynamoDB Local serves the Streams API on the same port.
    export AWS_ENDPOINT_URL_DYNAMODB_STREAMS="http://127.0.0.1:$DDB_PORT"
    export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$MOTO_PORT"
    export AWS_ENDPOINT_URL_SQS="http://127.0.0.1:$MOTO_PORT"
    export AWS_ENDPOINT_URL_SESV2="http://127.0.0.1:$MOTO_PORT"
    export MOTO_URL="http://127.0.0.1:$MOTO_PORT"
    export S3_FORCE_PATH_STYLE=true
}

# emulator_env_lines: the exports a developer can paste or source.
emulator_env_lines() {
    local v
    for v in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION AWS_DEFAULT_REGION \
        AWS_EC2_METADATA_DISABLED AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE \
        AWS_ENDPOINT_URL_DYNAMODB AWS_ENDPOINT_URL_DYNAMODB_STREAMS AWS_ENDPOINT_URL_S3 AWS_ENDPOINT_URL_SQS AWS_ENDPOINT_URL_SESV2 \
        MOTO_URL S3_FORCE_PATH_STYLE AWS_LC_SYS_NO_JITTER_ENTROPY; do
        printf 'export %s=%q\n' "$v" "${!v}"
    done
}

# moto_request_count: requests moto served, not counting our readiness probes.
moto_request_count() {
    local log="$LOG_DIR/moto.log"
    [[ -f "$log" ]] || { echo 0; return; }
    grep -E '"(GET|POST|PUT|DELETE|HEAD|PATCH) ' "$log" | grep -vc '/moto-api/data.json' || true
}
