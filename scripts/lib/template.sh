# shellcheck shell=bash
# Template checks, all offline. Sourced by scripts/test after lib/tools.sh.
#
# cfn-lint >= 1.x no longer runs the SAM transform: it validates SAM resources
# against SAM's schema, and then does not notice e.g. a `!Ref` or `!GetAtt` to
# a resource that does not exist inside an AWS::Serverless::Function (policies,
# environment, events). `sam validate --lint` runs the same cfn-lint. So, as a
# third check, we run the real SAM translator (installed with aws-sam-cli) and
# lint the plain CloudFormation it generates.

# sam_env: environment that keeps `sam` offline: dummy credentials and region
# (set by scripts/test), telemetry off, and a private config dir whose "last
# version check" is fresh, so it does not ask PyPI for a newer SAM CLI.
_sam_home_prepare() {
    SAM_HOME="$TOOLS_DIR/sam-home"
    mkdir -p "$SAM_HOME"
    python3 -c 'import json, time; print(json.dumps({"telemetryEnabled": False, "lastVersionCheck": time.time()}))' \
        >"$SAM_HOME/metadata.json"
}

check_cfn_lint() {
    info "\$ cfn-lint template.yaml"
    run_fg "$VENV_DIR/bin/cfn-lint" template.yaml
}

check_sam_validate() {
    _sam_home_prepare
    info "\$ sam validate --lint --template-file template.yaml --region us-east-1"
    run_fg env SAM_CLI_TELEMETRY=0 __SAM_CLI_APP_DIR="$SAM_HOME" \
        "$VENV_DIR/bin/sam" validate --lint --template-file template.yaml --region us-east-1
}

# check_transformed: SAM transform (no AWS calls) -> cfn-lint on the result.
check_transformed() {
    local out="$TOOLS_DIR/out/template.transformed.json"
    mkdir -p "$(dirname "$out")"
    info "\$ SAM transform template.yaml > ${out#"$ROOT"/}; cfn-lint ${out#"$ROOT"/}"
    run_fg "$VENV_DIR/bin/python" -c '
import json, sys
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

class OfflinePolicyLoader:
    # SAM asks IAM for managed-policy ARNs only for names it does not know
    # itself; with this loader such a name is an error instead of a network call.
    def load(self):
        return {}

src, out = sys.argv[1], sys.argv[2]
with open(src) as f:
    template = yaml_parse(f.read())
# The translator wants packaged code (an S3 URI), as after `sam package`.
template.get("Globals", {}).get("Function", {}).pop("CodeUri", None)
for name, resource in template.get("Resources", {}).items():
    if resource.get("Type") == "AWS::Serverless::Function":
        resource.setdefault("Properties", {})["CodeUri"] = "s3://offline-placeholder/" + name + ".zip"
try:
    result = transform(template, {}, OfflinePolicyLoader())
except InvalidDocumentException as e:
    for cause in e.causes:
        print("SAM transform error: " + cause.message, file=sys.stderr)
    sys.exit(2)
with open(out, "w") as f:
    json.dump(result, f, indent=1)
' template.yaml "$out"
    run_fg "$VENV_DIR/bin/cfn-lint" "$out"
}
