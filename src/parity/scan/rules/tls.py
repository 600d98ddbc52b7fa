"""TLS verification turned off: the answer works against any server, including one in the middle."""

from __future__ import annotations

import re
from collections.abc import Iterator

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import Code

TLS_OFF = RuleInfo("tls-verification-disabled", "CWE-295", Severity.HIGH, "TLS certificate verification disabled",
                   "Certificate checks are off, so anyone on the network path can impersonate the server and read "
                   "or change the traffic.")

_FALSY = frozenset({"False", "false", "0", "0L", "'0'", '"0"', "None", "nil"})
_CALL_FLAGS = ("verify", "verify_ssl", "ssl_verify", "check_hostname", "validate_certs", "cert_reqs")
_KEYS_OFF = {
    "rejectUnauthorized": _FALSY, "InsecureSkipVerify": frozenset({"true"}), "check_hostname": _FALSY,
    "verify_mode": frozenset({"ssl.CERT_NONE", "CERT_NONE"}), "CURLOPT_SSL_VERIFYPEER": _FALSY | {"FALSE"},
    "CURLOPT_SSL_VERIFYHOST": _FALSY | {"FALSE"}, "NODE_TLS_REJECT_UNAUTHORIZED": _FALSY,
    "PYTHONHTTPSVERIFY": _FALSY, "strictSSL": _FALSY, "strict_ssl": _FALSY, "verify": frozenset({"False"}),
    "GIT_SSL_NO_VERIFY": frozenset({"1", "'1'", '"1"', "true", "'true'", '"true"'}),
}
_SHELL_FLAGS = re.compile(r"(?:^|\s)(?:-k|--insecure|--no-check-certificate|--trusted-host(?:=|\s)\S+)(?=\s|$)")
_SHELL_TOOLS = frozenset({"curl", "wget", "pip", "pip3", "git", "http", "https"})


@RULES.register("tls")
class TLSVerification(RuleFamily):
    rules = (TLS_OFF,)
    patterns = (
        pattern(TLS_OFF, r"\bverify\s*=\s*False\b|_create_unverified_context|\bCERT_NONE\b", ["python"]),
        pattern(TLS_OFF, r"rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED\s*=\s*['\"]?0",
                ["javascript", "typescript"]),
        pattern(TLS_OFF, r"InsecureSkipVerify\s*:\s*true", ["go"]),
        pattern(TLS_OFF, r"CURLOPT_SSL_VERIFY(?:PEER|HOST)\s*(?:=>|,)\s*(?:0|false|FALSE)\b", ["php", "c", "cpp"]),
        pattern(TLS_OFF, r"\bcurl\b.*\s(?:-k|--insecure)\b|\bwget\b.*--no-check-certificate", None),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        for call in code.calls:
            if code.language == "shell":
                if call.name in _SHELL_TOOLS and _SHELL_FLAGS.search(" " + " ".join(a.text for a in call.args)):
                    yield code.finding(TLS_OFF, call.node)
                continue
            for flag in _CALL_FLAGS:
                arg = call.keyword(flag)
                if arg is not None and arg.text in _FALSY | {"ssl.CERT_NONE", "CERT_NONE"}:
                    yield code.finding(TLS_OFF, arg.node, message=f"{call.name}({flag}={arg.text}) skips "
                                       "certificate checks: " + TLS_OFF.why)
            if call.last in ("_create_unverified_context", "InsecureRequestWarning") or (
                    call.last == "disable_warnings" and "InsecureRequestWarning" in code.node_text(call.node)):
                yield code.finding(TLS_OFF, call.node, confidence=Confidence.MEDIUM)
            if call.last in ("setHostnameVerifier", "setDefaultHostnameVerifier") and any(
                    "ALLOW_ALL" in a.text or "NoopHostnameVerifier" in a.text or "-> true" in a.text
                    for a in call.args):
                yield code.finding(TLS_OFF, call.node)
            if call.last in ("curl_setopt", "curl_easy_setopt") and len(call.args) >= 3 and \
                    "SSL_VERIFY" in call.args[1].text and call.args[2].text in _FALSY | {"FALSE", "false"}:
                yield code.finding(TLS_OFF, call.node)
        for a in code.assignments:
            bad = _KEYS_OFF.get(a.key)
            if bad is not None and a.value.text.strip() in bad:
                if a.key == "verify" and (code.language != "python" or "." not in a.target):
                    continue  # ``session.verify = False``, not any local called verify
                yield code.finding(TLS_OFF, a.node)
        if code.language == "java":
            # A TrustManager whose checks do nothing trusts every certificate.
            for m in re.finditer(r"void\s+checkServerTrusted\s*\([^)]*\)\s*(?:throws\s+[\w.,\s]+)?\{\s*\}", code.text):
                yield code.finding(TLS_OFF, code.text.count("\n", 0, m.start()))
