#!/usr/bin/env python3
"""Load generator of scripts/bench-writes.sh and scripts/bench-signin.sh (standard library only).

Each client is its own process with one keep-alive connection, so the clients do not share
an interpreter lock. Subcommands:

  writes     PORT SECONDS WRITERS LOGIN:PASSWORD[:REGION] ...
             WRITERS processes, each signed in as one of the logins (round robin), write
             progress records of their town (one action each, If-Match kept) for SECONDS;
             prints writes/s and the latency percentiles.
  mixed      PORT SECONDS READERS LOGIN:PASSWORD
             one writer as above while READERS processes fetch the dashboard without pause;
             prints the writer's percentiles and the readers' requests/s.
  neighbour  PORT SECONDS SMALL_LOGIN:PASSWORD BIG_LOGIN:PASSWORD:BIG_REGION BIG_WRITERS
             one writer in the small region (minami-sorachi), alone for SECONDS and then
             with BIG_WRITERS writers in the big region; prints both percentiles.
  signin     PORT SECONDS CLIENTS LOGIN:PASSWORD ...
             CLIENTS processes sign in again and again while one process fetches /healthz
             every 10 ms; prints the /healthz percentiles and the sign-in statuses.
  healthz    PORT SECONDS
             /healthz alone (the baseline of `signin`).
"""
import http.client
import json
import multiprocessing as mp
import sys
import time

REGION = "minami-sorachi"


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def summary(name, ms):
    return (f"{name}: n={len(ms)} p50={pct(ms, 50):.1f} ms p90={pct(ms, 90):.1f} ms "
            f"p99={pct(ms, 99):.1f} ms max={max(ms) if ms else float('nan'):.1f} ms")


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        self.csrf = ""

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                payload = r.read()
                return r.status, dict((k.lower(), v) for k, v in r.getheaders()), payload
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 1:
                    raise

    def sign_in(self, login, password):
        status, headers, payload = self.request(
            "POST", "/api/v1/session", {"login": login, "password": password})
        if status != 200:
            return status
        self.cookie = headers["set-cookie"].split(";", 1)[0]
        self.csrf = json.loads(payload)["csrf_token"]
        return status


def parse_user(text):
    parts = text.split(":")
    return parts[0], parts[1], (parts[2] if len(parts) > 2 else REGION)


def writer(port, user, index, seconds, start_at, out):
    """Progress writes of one town on one action of its region (index picks the action)."""
    login, password, region = parse_user(user)
    c = Client(port)
    if c.sign_in(login, password) != 200:
        out.put(("error", f"{login}: sign-in failed"))
        return
    code = login.rsplit("-", 1)[-1]
    base = f"/api/v1/regions/{region}"
    status, _, payload = c.request("GET", f"{base}/progress?fy=2025&municipality={code}")
    items = json.loads(payload)["items"] if status == 200 else []
    if not items:
        out.put(("error", f"{login}: no actions ({status})"))
        return
    action = items[index % len(items)]["id"]
    url = f"{base}/actions/{action}/progress/{code}"
    # The record's current version: a stale If-Match is answered 412 with the ETag.
    status, headers, _ = c.request("PUT", url, {"status": "in_progress"}, {"If-Match": '"v0"'})
    etag = headers.get("etag")
    while time.time() < start_at:
        time.sleep(0.001)
    lat, n, errors = [], 0, 0
    end = start_at + seconds
    while time.time() < end:
        h = {"If-Match": etag} if etag else {}
        t0 = time.perf_counter()
        status, headers, _ = c.request(
            "PUT", url, {"status": "in_progress", "result": f"実施状況 {n}", "participants": n % 500},
            h)
        dt = (time.perf_counter() - t0) * 1000
        if status == 200:
            etag = headers.get("etag")
            lat.append(dt)
            n += 1
        else:
            errors += 1
            etag = headers.get("etag") or etag
    out.put(("writer", lat, errors, region))


def reader(port, seconds, start_at, out):
    c = Client(port)
    while time.time() < start_at:
        time.sleep(0.001)
    n = 0
    end = start_at + seconds
    while time.time() < end:
        c.request("GET", f"/api/v1/regions/{REGION}/dashboard?fy=2025")
        n += 1
    out.put(("reader", n))


def signer(port, user, seconds, start_at, out):
    login, password, _ = parse_user(user)
    c = Client(port)
    while time.time() < start_at:
        time.sleep(0.001)
    statuses = {}
    end = start_at + seconds
    while time.time() < end:
        c.cookie = ""
        c.csrf = ""
        s = c.sign_in(login, password)
        statuses[s] = statuses.get(s, 0) + 1
    out.put(("signer", statuses))


def health(port, seconds, start_at, out):
    c = Client(port)
    while time.time() < start_at:
        time.sleep(0.001)
    lat = []
    end = start_at + seconds
    while time.time() < end:
        t0 = time.perf_counter()
        c.request("GET", "/healthz")
        lat.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.01)
    out.put(("health", lat))


def run(procs):
    out = mp.Queue()
    start_at = time.time() + 3.0  # time to sign in before the clock starts
    ps = [mp.Process(target=f, args=args + (start_at, out)) for f, args in procs]
    for p in ps:
        p.start()
    results = [out.get() for _ in ps]
    for p in ps:
        p.join()
    for r in results:
        if r[0] == "error":
            print("error:", r[1], file=sys.stderr)
    return results


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    seconds = float(sys.argv[3])
    if mode == "writes":
        writers, users = int(sys.argv[4]), sys.argv[5:]
        res = run([(writer, (port, users[i % len(users)], i // len(users), seconds))
                   for i in range(writers)])
        lat = [x for r in res if r[0] == "writer" for x in r[1]]
        errors = sum(r[2] for r in res if r[0] == "writer")
        print(f"writes: {len(lat) / seconds:.0f}/s with {writers} writers, {errors} refused")
        print(summary("write", lat))
    elif mode == "mixed":
        readers, user = int(sys.argv[4]), sys.argv[5]
        procs = [(writer, (port, user, 0, seconds))]
        procs += [(reader, (port, seconds)) for _ in range(readers)]
        res = run(procs)
        lat = [x for r in res if r[0] == "writer" for x in r[1]]
        reads = sum(r[1] for r in res if r[0] == "reader")
        print(f"dashboard reads: {reads / seconds:.0f}/s by {readers} readers")
        print(summary("progress write under dashboard load", lat))
    elif mode == "neighbour":
        small, big, big_writers = sys.argv[4], sys.argv[5], int(sys.argv[6])
        alone = run([(writer, (port, small, 0, seconds))])
        print(summary("small region, alone", [x for r in alone if r[0] == "writer" for x in r[1]]))
        procs = [(writer, (port, small, 0, seconds))]
        procs += [(writer, (port, big, i, seconds)) for i in range(big_writers)]
        res = run(procs)
        big_region = parse_user(big)[2]
        print(summary(f"small region, next to {big_writers} writers in {big_region}",
                      [x for r in res if r[0] == "writer" and r[3] == REGION for x in r[1]]))
        big_lat = [x for r in res if r[0] == "writer" and r[3] == big_region for x in r[1]]
        print(summary(f"{big_region} writes ({len(big_lat) / seconds:.0f}/s)", big_lat))
    elif mode == "signin":
        clients, users = int(sys.argv[4]), sys.argv[5:]
        procs = [(health, (port, seconds))]
        procs += [(signer, (port, users[i % len(users)], seconds)) for i in range(clients)]
        res = run(procs)
        lat = [x for r in res if r[0] == "health" for x in r[1]]
        statuses = {}
        for r in res:
            if r[0] == "signer":
                for k, v in r[1].items():
                    statuses[k] = statuses.get(k, 0) + v
        print(f"sign-in answers by status over {seconds:.0f} s: {dict(sorted(statuses.items()))}")
        print(summary(f"/healthz with {clients} clients signing in", lat))
    elif mode == "healthz":
        res = run([(health, (port, seconds))])
        print(summary("/healthz alone", [x for r in res if r[0] == "health" for x in r[1]]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
