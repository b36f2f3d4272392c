"""The fuzz step of scripts/test: schemathesis against a devserver built by the same run.

Starts the devserver on a free 127.0.0.1 port with a fresh data dir and no schedules, makes a
verified user and the bootstrap admin, then runs schemathesis (config: schemathesis.toml beside
this file) over every operation in four passes: as the user, as the admin, with no token, and the
operations that end the caller's own session as a user of their own. It fails when any pass finds
a 5xx, a response outside its schema, an undocumented status, or a schema-valid request refused.

    python scripts/fuzz/run.py DEVSERVER_BINARY REPORT_DIR

FERROFIN_FUZZ_SEED (default 1) fixes the generated requests; FERROFIN_FUZZ_EXAMPLES (default 15)
is the number of cases per operation and phase: raise it for a longer run.
"""

import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
PASSWORD = "fuzzing is fun 42"
# Operations that end the session of the caller: each pass of its own, run last.
SESSION_ENDING = ["logOut", "logOutEverywhere", "revokeSession", "deleteMe"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_until_up(base, server):
    for _ in range(300):
        if server.poll() is not None:
            sys.exit("the devserver exited before it was up")
        try:
            if call(base, "GET", "/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("the devserver did not come up in 30 s")


def verification_token(outbox, email):
    for _ in range(100):
        for message in sorted(outbox.glob("*.eml")):
            text = message.read_text(errors="replace")
            if email in text:
                found = re.search(r"token=([A-Za-z0-9_-]+)", text)
                if found:
                    return found.group(1)
        time.sleep(0.1)
    sys.exit(f"no verification mail for {email}")


def log_in(base, email, password):
    status, body = call(base, "POST", "/v1/auth/login", {"email": email, "password": password})
    if status != 200 or body.get("mfa_required"):
        sys.exit(f"login of {email} failed: {status} {body}")
    return body["tokens"]["access_token"]


def signed_up_user(base, outbox, email):
    status, body = call(base, "POST", "/v1/auth/register",
                        {"email": email, "password": PASSWORD, "name": "Fuzz User"})
    if status != 202:
        sys.exit(f"registration of {email} failed: {status} {body}")
    token = verification_token(outbox, email)
    status, body = call(base, "POST", "/v1/auth/verify-email", {"token": token})
    if status != 200:
        sys.exit(f"verification of {email} failed: {status} {body}")
    return log_in(base, email, PASSWORD)


def admin_password(server_log):
    for _ in range(100):
        found = re.search(r"with password: (\S+)", server_log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.1)
    sys.exit("the devserver printed no admin password")


def schemathesis(base, report_dir, name, token, operations, exclude):
    """One schemathesis pass; True when it found nothing."""
    st = pathlib.Path(sys.executable).parent / "st"
    command = [
        str(st), "--config-file", str(HERE / "schemathesis.toml"), "run",
        f"{base}/v1/openapi.json", "--url", base,
        "--seed", os.environ.get("FERROFIN_FUZZ_SEED", "1"),
        "--max-examples", os.environ.get("FERROFIN_FUZZ_EXAMPLES", "15"),
        "--report", "junit", "--report-junit-path", str(report_dir / f"{name}.xml"),
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    for operation in operations:
        command += ["--include-operation-id", operation]
    for operation in exclude:
        command += ["--exclude-operation-id", operation]
    environment = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_hooks", PYTHONPATH=str(HERE))
    print(f"\n--- fuzz pass: {name}", flush=True)
    started = time.monotonic()
    passed = subprocess.run(command, check=False, env=environment).returncode == 0
    print(f"--- fuzz pass {name}: {'ok' if passed else 'FAILED'} "
          f"in {time.monotonic() - started:.0f} s", flush=True)
    return passed


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, report_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    report_dir.mkdir(parents=True, exist_ok=True)
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="ferrofin-fuzz-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = report_dir / "devserver.log"
    environment = dict(os.environ, FERROFIN_NO_SCHEDULES="true", NO_COLOR="1")
    with open(server_log, "w") as log:
        server = subprocess.Popen(
            [str(binary), "--port", str(port), "--data-dir", str(data_dir),
             "--bootstrap-admin", "fuzz-admin@example.com"],
            stdout=log, stderr=subprocess.STDOUT, env=environment)
    try:
        wait_until_up(base, server)
        outbox = data_dir / "outbox"
        admin = log_in(base, "fuzz-admin@example.com", admin_password(server_log))
        passes = [
            ("user", signed_up_user(base, outbox, "fuzz-user@example.com"), [], SESSION_ENDING),
            ("admin", admin, [], SESSION_ENDING),
            ("anonymous", None, [], SESSION_ENDING),
            ("session-ending", signed_up_user(base, outbox, "fuzz-leaver@example.com"),
             SESSION_ENDING, []),
        ]
        results = [schemathesis(base, report_dir, *fuzz_pass) for fuzz_pass in passes]
        if server.poll() is not None:
            sys.exit(f"the devserver died during the run (see {server_log})")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
    failed = [name for (name, *_), ok in zip(passes, results) if not ok]
    if failed:
        sys.exit(f"fuzz passes failed: {', '.join(failed)} (reports in {report_dir})")
    print("fuzz: every pass found nothing")


if __name__ == "__main__":
    main()
