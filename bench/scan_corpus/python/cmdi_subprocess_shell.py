#!/usr/bin/env python3
"""Back up a customer's upload folder into a tarball."""
import subprocess
import sys


def backup(customer: str, dest: str) -> None:
    subprocess.run(f"tar czf {dest}/{customer}.tgz /srv/uploads/{customer}", shell=True, check=True)


def convert(filename: str) -> bytes:
    cmd = "convert " + filename + " -resize 200x200 png:-"
    proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)
    out, _ = proc.communicate()
    return out


if __name__ == "__main__":
    backup(sys.argv[1], sys.argv[2])
