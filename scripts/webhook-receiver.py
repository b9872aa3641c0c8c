#!/usr/bin/env python3
"""A tiny webhook receiver for trying KCK's webhooks: verifies each Standard Webhooks signature
with $HOOK_SECRET (whsec_...) and prints the delivery. Usage: webhook-receiver.py [PORT]"""
import base64, hashlib, hmac, os, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

KEY = base64.b64decode(os.environ["HOOK_SECRET"].removeprefix("whsec_"))
TOLERANCE = 300  # seconds: older (or future) timestamps are refused, as the specification advises


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        msg_id, stamp = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "0")
        expected = base64.b64encode(hmac.new(KEY, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest())
        signatures = [s.split(",", 1)[1].encode() for s in self.headers.get("webhook-signature", "").split() if "," in s]
        fresh = abs(time.time() - int(stamp)) <= TOLERANCE
        valid = fresh and any(hmac.compare_digest(expected, s) for s in signatures)
        print(("OK  " if valid else "BAD ") + msg_id + " " + body.decode(errors="replace"), flush=True)
        self.send_response(204 if valid else 400)
        self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 9000), Receiver).serve_forever()
