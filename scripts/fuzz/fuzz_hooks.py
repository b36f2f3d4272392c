"""Refusals of schema-valid requests that are right, and why: a request can match the schema
and still name something the server never issued (a cursor, a token, a version, an id). Each
rule below drops a "schema-valid request rejected" failure only when the response says exactly
that; every other refusal of a schema-valid request still fails the run.
"""

import schemathesis

# Paths of the operations that redeem a token the server mailed or issued.
TOKEN_PATHS = {
    "/v1/auth/verify-email", "/v1/auth/password/verify-token", "/v1/auth/password/reset",
    "/v1/auth/login/mfa", "/v1/auth/refresh", "/v1/auth/email-change/confirm",
    "/v1/auth/email-change/undo", "/v1/notifications/unsubscribe",
}


def error_of(response):
    try:
        body = response.json()
    except ValueError:
        return None, []
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, []
    return error.get("code"), error.get("details") or []


# Why a schema-valid request may rightly be refused, by the start of the message the server
# puts on the field at fault.
NOT_ISSUED = (
    "no such ",
    "unknown category",
    "must be a user id",
    "must be the user id of a staff member",
    "you have no ",  # a simulated adjustment of a budget the caller never created
)
CROSS_FIELD_RULES = (
    "must not be after `to`",
    "the parent must be of the same kind",  # a category's kind against its parent's
    "must not be after to",
    "give either ids or all: true",
    "must not be before from",
    "has more decimal places than",  # the amount's currency is another field
    "must not be in the past",  # against today
    "must not be in the future",
    "give exactly one of",
    "one filter at a time",
    "is only read with range=custom",
    "the range may span at most",
    "without a target, the range spans at most",
    "is not available for this report",
    "only with ",
    "only for source",
    "required for ",  # a field that one value of another needs
    "must change at least one field",
    "only declining-balance loans",
    "must differ from start",
    "must not be above max_amount",
    "is required with ",
    "is required for a ",
    "required to opt in",
    "must have at most ",  # decimals, against the loan's currency
    "must have exactly one of",
    "must be less than number_of_repayments",
    "must be after disbursement_date",
    "must be at most a year",
    "with number_of_repayments, makes a term",
    "the fees charged at disbursement",
    "a critical kind cannot be turned off",
    "an ofx import takes no mapping",
    "an ofx statement takes no mapping",
    "a customer's assessment reads a statement they gave",
    "must be 0 < min <= max",
    "must be 1 <= min <= max",
    "must be 0 <= min <= default",
    "level 1, then optionally level 2",
    "level 1 approves every loan",
    "required above level 1",
    "does not apply to a ",
    "a batch cannot set unique fields",
    "a rule sets a category, adds tags, or both",
    "must be after starts_at",
    "must not repeat ",  # the same id twice in a list
    "the amount ",  # "the amount A is more than the payoff on the date, P"
    "the date ",  # "the date D must be after the disbursement and before the last due date"
)
POLICIES = (
    "this password is too common",  # a list no schema can state
    "unknown encoding ",  # the encoding labels of the WHATWG list
    "must be 1 to 10 ascending counts",  # an order between the items of a list
)
ALLOWED = NOT_ISSUED + CROSS_FIELD_RULES + POLICIES
# The same, told by a part of the message rather than its start.
ALLOWED_PARTS = (
    " for purpose ",  # a content type or size against the file's purpose
    ", the currency of this object,",  # against the stored object's currency
    ": from is after to",  # "range FROM to TO: from is after to (valuation date D)"
    " is not a valid format description",  # the grammar of time's format descriptions
)


def allowed(message):
    return message.startswith(ALLOWED) or any(part in message for part in ALLOWED_PARTS)


def every_detail_is_allowed(details):
    return bool(details) and all(allowed(str(detail.get("message", ""))) for detail in details)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    code, details = error_of(response)
    headers = {name.lower() for name in (case.headers or {})}
    if failure.code == "ST201":
        # An If-Match that is not a version matches nothing: 412, as RFC 9110 13.1.1 says.
        return not (code == "PRECONDITION_FAILED" and "if-match" in headers)
    if failure.code != "ST202":
        return True
    accepted = (
        (code == "INVALID_CURSOR" and ("cursor" in (case.query or {})
                                       or isinstance(case.body, dict) and "cursor" in case.body))
        or (code == "INVALID_TOKEN" and case.operation.path in TOKEN_PATHS)
        # Earlier cases of the run signed in with a wrong password and locked the account.
        or code == "ACCOUNT_LOCKED"
        or (code == "PRECONDITION_FAILED" and "if-match" in headers)
        # A mapping's date format or encoding is read with the body (400), the rest after (422).
        or (code in ("VALIDATION_FAILED", "INVALID_BODY") and every_detail_is_allowed(details))
    )
    return not accepted
