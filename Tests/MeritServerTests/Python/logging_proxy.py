#!/usr/bin/env python3
"""A tiny HTTP/1.1 logging reverse proxy, to record the REST traffic a client sends to a server.

Usage: logging_proxy.py LISTEN_PORT UPSTREAM_URL LOGFILE

Every request is forwarded unchanged to UPSTREAM_URL (for example http://127.0.0.1:5000) and written to
LOGFILE as one JSON line: {"method", "path", "query", "status", "req_body" (JSON requests only, cut at
2000 characters), "resp_body" (JSON responses only, cut at 2000 characters)}. Only for local testing:
it listens on 127.0.0.1 and handles keep-alive connections, one thread each.
"""
import http.client
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
       "transfer-encoding", "upgrade"}


def main():
    port, upstream, logfile = int(sys.argv[1]), urllib.parse.urlsplit(sys.argv[2]), sys.argv[3]
    lock = threading.Lock()
    log = open(logfile, "a", buffering=1)
    local = threading.local()

    def conn():
        c = getattr(local, "conn", None)
        if c is None:
            c = local.conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=120)
        return c

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _forward(self):
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
            for attempt in (0, 1):
                try:
                    c = conn()
                    c.request(self.command, self.path, body=body, headers=headers)
                    r = c.getresponse()
                    data = r.read()
                    break
                except (http.client.HTTPException, OSError):
                    local.conn = None
                    if attempt:
                        raise
            self.send_response(r.status)
            for k, v in r.getheaders():
                if k.lower() not in HOP and k.lower() != "content-length":
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            u = urllib.parse.urlsplit(self.path)
            entry = {"method": self.command, "path": u.path, "query": u.query, "status": r.status}
            if body and "json" in (self.headers.get("Content-Type") or ""):
                entry["req_body"] = body.decode("utf-8", "replace")[:2000]
            elif body:
                entry["req_bytes"] = len(body)
            if "json" in (r.getheader("Content-Type") or ""):
                entry["resp_body"] = data.decode("utf-8", "replace")[:2000]
            entry["ua"] = self.headers.get("User-Agent", "")
            entry["auth"] = self.headers.get("Authorization", "")[:7]
            with lock:
                log.write(json.dumps(entry) + "\n")

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward

    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    srv.serve_forever()


if __name__ == "__main__":
    main()
