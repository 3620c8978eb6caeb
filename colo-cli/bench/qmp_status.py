#!/usr/bin/env python3
"""The reference for `colo4j status`: a minimal QMP client (standard library only) asking each node of
a pair what colo4j's status asks (query-status, query-colo-status, query-migrate), one line per node.
usage: qmp_status.py PRIMARY.qmp SECONDARY.qmp"""
import json
import socket
import sys


def node(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    f = s.makefile("rwb", buffering=0)
    json.loads(f.readline())  # greeting
    out = {}
    for i, cmd in enumerate(["qmp_capabilities", "query-status", "query-colo-status", "query-migrate"]):
        f.write(json.dumps({"execute": cmd, "id": i}).encode() + b"\n")
        while True:
            msg = json.loads(f.readline())
            if msg.get("id") == i:
                break
        out[cmd] = msg.get("return")
    s.close()
    return out


for path in sys.argv[1:]:
    r = node(path)
    print(path, r["query-status"]["status"], r["query-colo-status"]["mode"], r["query-migrate"].get("status", "none"))
