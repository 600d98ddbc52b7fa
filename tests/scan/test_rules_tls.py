from __future__ import annotations

import pytest

POSITIVE = [
    ("python", "import requests\nr = requests.get(url, verify=False)\n", 2),
    ("python", "import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\n", 3),
    ("python", "import ssl\nctx = ssl._create_unverified_context()\n", 2),
    ("javascript", "const agent = new https.Agent({ rejectUnauthorized: false });", 1),
    ("typescript", "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';", 1),
    ("go", "tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}", 1),
    ("php", "<?php\ncurl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);", 2),
    ("c", "curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);", 1),
    ("shell", "echo start\ncurl -k https://example.com/x", 2),
    ("shell", "wget --no-check-certificate https://example.com/a", 1),
    ("java", "class T implements X509TrustManager {\n"
             " public void checkServerTrusted(X509Certificate[] c, String a) {}\n}", 2),
]

NEGATIVE = [
    ("python", "r = requests.get(url, verify=True, timeout=5)\nctx = ssl.create_default_context()\n"),
    ("python", "verify = False  # a local flag with another meaning\nrun(dry=verify)\n"),
    ("javascript", "const agent = new https.Agent({ rejectUnauthorized: true, ca });"),
    ("go", "cfg := &tls.Config{MinVersion: tls.VersionTLS12}"),
    ("shell", "curl -fsSL https://example.com/a -o a.txt"),
]


@pytest.mark.parametrize(("language", "code", "line"), POSITIVE)
def test_flags_verification_turned_off(scan_with, language, code, line):
    found = scan_with("tls")(code, language=language)
    assert [(f.rule, f.cwe, f.line) for f in found] == [("tls-verification-disabled", "CWE-295", line)]


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_verified_tls_alone(scan_with, language, code):
    assert scan_with("tls")(code, language=language) == []


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    answer = "Here you go:\n```python\ndef fetch(url:\n    return requests.get(url, verify=False\n"
    found = scan_with("tls")(answer)
    assert [f.line for f in found] == [4]
