# shellcheck shell=bash
# Output helpers and process bookkeeping shared by scripts/test and its libs.
# Sourced, never run. Expects ROOT to be set to the repository root.

# Colour only on a terminal and outside CI.
if [[ -t 1 && "${CI:-}" != "true" && -z "${NO_COLOR:-}" ]]; then
    _B=$'\033[1m' _R=$'\033[31m' _G=$'\033[32m' _Y=$'\033[33m' _N=$'\033[0m'
else
    _B='' _R='' _G='' _Y='' _N=''
fi

info() { printf '%s\n' "$*"; }
warn() { printf '%sWARNING:%s %s\n' "$_Y" "$_N" "$*" >&2; }
die() {
    printf '%sERROR:%s %s\n' "$_R" "$_N" "$*" >&2
    exit 1
}

# section "title": a visible header before each step.
section() {
    printf '\n%s==> %s%s\n' "$_B" "$*" "$_N"
}

# fmt_secs N -> "1m 05s" / "42s"
fmt_secs() {
    local s=$1
    if ((s >= 60)); then printf '%dm %02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# --- processes ---------------------------------------------------------------
# Every background process this script starts is recorded here; the EXIT trap in
# scripts/test stops them all (see stop_all_started).
STARTED_PIDS=()
STARTED_NAMES=()

HAVE_SETSID=0
command -v setsid >/dev/null 2>&1 && HAVE_SETSID=1

# start_bg NAME LOGFILE CMD...: run CMD in the background, in its own process
# group (setsid) so that stopping it also stops whatever it spawned.
# Sets BG_PID. A non-interactive bash never makes a background child a process
# group leader, so setsid does not fork and BG_PID is also the group id.
start_bg() {
    local name=$1 log=$2
    shift 2
    if ((HAVE_SETSID)); then
        setsid "$@" >"$log" 2>&1 </dev/null &
    else
        "$@" >"$log" 2>&1 </dev/null &
    fi
    BG_PID=$!
    STARTED_PIDS+=("$BG_PID")
    STARTED_NAMES+=("$name")
}

# run_fg CMD...: run a step command so that a TERM/INT to this script interrupts
# the wait at once (the trap then stops the command's whole process group),
# instead of bash deferring the trap until the command ends.
CURRENT_PID=''
run_fg() {
    local rc=0
    if ((HAVE_SETSID)); then
        setsid "$@" </dev/null &
        CURRENT_PID=$!
        wait "$CURRENT_PID" || rc=$?
        CURRENT_PID=''
        return "$rc"
    fi
    "$@" || rc=$?
    return "$rc"
}

# _alive PID: running and not a zombie (kill -0 also succeeds on zombies).
_alive() {
    local state=''
    if [[ -r "/proc/$1/stat" ]]; then
        # Field 3 of /proc/PID/stat, after the "(comm)" that may contain spaces.
        state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
        [[ -n "$state" && "$state" != Z && "$state" != X ]]
    else
        kill -0 "$1" 2>/dev/null
    fi
}

# _stop_pid PID NAME: TERM the process group (or the pid), wait up to 10 s for
# it to exit, KILL whatever is left of the group, then reap it.
_stop_pid() {
    local pid=$1 name=$2 i
    if _alive "$pid"; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            _alive "$pid" || break
            sleep 0.2
        done
        _alive "$pid" && warn "$name (pid $pid) ignored TERM for 10 s; sending KILL"
    fi
    # Stragglers in the group (children of the leader) and a stuck leader.
    # Each of these may find nothing left to do; under `set -e` that must not end the run.
    kill -KILL -- "-$pid" 2>/dev/null || true
    if _alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
    return 0
}

# stop_all_started: stop the running step (if interrupted) and every background
# process, newest first. Idempotent.
stop_all_started() {
    local i
    if [[ -n "$CURRENT_PID" ]]; then
        _stop_pid "$CURRENT_PID" "current step"
        CURRENT_PID=''
    fi
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        _stop_pid "${STARTED_PIDS[$i]}" "${STARTED_NAMES[$i]}"
    done
    STARTED_PIDS=()
    STARTED_NAMES=()
}
