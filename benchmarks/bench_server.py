"""The HTTP service against the in-process engine, measured in the same run.

Starts `somepolicy serve` on an ephemeral loopback port, sends registrations from a fixed
number of concurrent connections, and reports requests/s and latency percentiles; and the
in-process rate of `parse_subject` + `Engine.evaluate` on the same bodies, measured before the
server starts and again after it stops (the mean of the two). Loopback only;
bounded by --requests / --seconds.

The load comes from `wrk` (Debian package `wrk`, a C load generator, so that the client's own
cost stays small on a 2-core machine) when it is installed, else from an httpx client in
Python, whose own cost then competes with the server for the cores.

Besides the rates, it reads the CPU time the server process spent during the load (Linux:
/proc/PID/stat) and reports CPU per request against the in-process CPU per evaluation
(thread time), a ratio that other jobs on the machine disturb far less than a rate: it is the
rate per worker that an otherwise idle core would give, relative to the in-process engine.

It also prints a lower bound on the closed-loop p99 for N workers, each on a free core, from
the measured costs (each evaluation's CPU time plus the service's measured cost beyond it):
the number of cores at which the issue's "p99 <= 10 ms at 32 clients" could hold.

``--rate R`` adds an open-loop run: the concurrent connections send R requests a second in
all on a fixed schedule (each request's latency counted from its scheduled start, so a
server that falls behind is charged for the wait), the load a deployment sized below its
capacity sees, where the closed-loop run (each client sends again as soon as it is answered)
measures capacity and queueing.

Run: python benchmarks/bench_server.py [--seconds 20] [--concurrency 32] [--workers 1] [--quick]
     [--rate 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, percentile

from aanekoski_somepolicy import Engine, parse_subject

WORDS = "kivi järvi hauki lumi metsä karhu tuuli sade pilvi ranta vene kala kuusi koivu".split()


def bodies(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        kind = n % 3
        if kind == 0:
            password = " ".join(rng.sample(WORDS, 4))
        elif kind == 1:
            password = f"{rng.choice(['Kesä', 'Talvi', 'Syksy'])}{rng.randint(2015, 2026)}!"
        else:
            password = f"{rng.choice(WORDS).capitalize()}{rng.choice(WORDS)}{rng.randint(1, 99)}"
        out.append(
            {
                "person_id": f"h{n}",
                "first_name": "Matti",
                "last_name": "Virtanen",
                "service": rng.choice(["Facebook", "Instagram", "LinkedIn"]),
                "purpose": rng.choice(["työ", "vapaa-aika"]),
                "email": f"matti{n}@example.com",
                "username": f"matti{n}",
                "password": password,
                "work_usernames": ["mvirtanen"],
            }
        )
    return out


def in_process_rate(payloads: list[dict[str, Any]]) -> tuple[float, float, list[float]]:
    """Return (evaluations/s, CPU seconds per evaluation, each one's CPU seconds), one thread."""
    engine = Engine()
    engine.evaluate(parse_subject(payloads[0]))  # load word lists first, as the server does
    each = []
    started, cpu = time.perf_counter(), time.thread_time()
    for payload in payloads:
        before = time.thread_time()
        engine.evaluate(parse_subject(payload))
        each.append(time.thread_time() - before)
    cpu = time.thread_time() - cpu
    return len(payloads) / (time.perf_counter() - started), cpu / len(payloads), each


def closed_loop_p99(
    service_s: list[float], clients: int, workers: int, draws: int = 20000
) -> float:
    """A lower bound on the closed-loop p99 latency (s) of ``clients`` over ``workers``.

    Each worker on a core of its own, the clients spread evenly (``ceil(clients / workers)``
    per worker), no network or client cost: a worker's queue then always holds its k clients'
    requests, so a request's latency is the sum of k service times, drawn from ``service_s``.
    """
    per_worker = -(-clients // workers)
    rng = random.Random(3)
    sums = [sum(rng.choices(service_s, k=per_worker)) for _ in range(draws)]
    return percentile(sums, 0.99)


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of ``pid`` and its finished children; None off Linux."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # Fields 14-17 (utime, stime, cutime, cstime), counted from 1, in clock ticks.
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float | None:
    """CPU seconds of ``pid`` and its live child processes (uvicorn's workers)."""
    total = process_cpu(pid)
    if total is None:
        return None
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            children = [int(child) for child in handle.read().split()]
    except OSError:
        children = []
    return total + sum(process_cpu(child) or 0.0 for child in children)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aanekoski_somepolicy",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--decision-log",
            os.devnull,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not become ready")


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)


async def open_loop(
    port: int, payloads: list[dict[str, Any]], concurrency: int, rate: float, seconds: float
) -> tuple[list[float], int]:
    """Send ``rate`` requests a second on a fixed schedule over ``concurrency`` connections.

    Each request's latency counts from its scheduled start, so a server that falls behind is
    charged for the wait. The requests are written as ready-made HTTP/1.1 bytes on plain
    asyncio connections and the answers read by their Content-Length: an HTTP client library
    (httpx: about 2.4 ms of CPU a request) would take the cores the server is measured on.
    """
    count = max(1, int(rate * seconds))
    requests = []
    for payload in payloads[: min(count, len(payloads))]:
        body = json.dumps(payload).encode()
        head = (
            "POST /v1/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        requests.append(head.encode("ascii") + body)
    latencies: list[float] = []
    errors = 0
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in range(concurrency)]
    start = time.perf_counter() + 0.1
    next_index = 0

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal errors, next_index
        while next_index < count:
            n = next_index
            next_index += 1
            scheduled = start + n / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            writer.write(requests[n % len(requests)])
            head = await reader.readuntil(b"\r\n\r\n")
            length = _CONTENT_LENGTH.search(head)
            assert length, head
            await reader.readexactly(int(length.group(1)))
            latencies.append(time.perf_counter() - scheduled)
            if not head.startswith(b"HTTP/1.1 200 "):
                errors += 1

    try:
        await asyncio.gather(*(worker(reader, writer) for reader, writer in connections))
    finally:
        for _, writer in connections:
            writer.close()
    return latencies, errors


async def load(
    base: str, payloads: list[dict[str, Any]], concurrency: int, max_seconds: float
) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = 0
    queue = list(reversed([json.dumps(p).encode() for p in payloads]))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    deadline = time.monotonic() + max_seconds
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while queue and time.monotonic() < deadline:
                body = queue.pop()
                started = time.perf_counter()
                response = await client.post(
                    "/v1/decisions", content=body, headers={"content-type": "application/json"}
                )
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, wall, errors


_WRK_SCRIPT = """
local bodies = {%s}
local n = 0
request = function()
  n = n %% #bodies + 1
  return wrk.format("POST", "/v1/decisions", {["Content-Type"] = "application/json"}, bodies[n])
end
"""


def _lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_load(
    base: str, payloads: list[dict[str, Any]], concurrency: int, seconds: float
) -> tuple[float, float, float, int]:
    """Return (requests/s, p50 ms, p99 ms, requests answered) measured by wrk."""
    script = _WRK_SCRIPT % ", ".join(_lua(json.dumps(p, ensure_ascii=True)) for p in payloads)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        done = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{int(seconds)}s",
                "--latency",
                "-s",
                handle.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(handle.name)
    out = done.stdout
    if "Non-2xx" in out:
        raise SystemExit("wrk saw non-2xx answers:\n" + out)

    def latency(label: str) -> float:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, flags=re.MULTILINE)
        assert found, out
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    answered = re.search(r"(\d+) requests in", out)
    assert rate and answered, out
    return float(rate.group(1)), latency("50"), latency("99"), int(answered.group(1))


def probe_health(base: str, seconds: float, out: list[float]) -> None:
    """Time ``GET /healthz`` every half second for ``seconds`` (while the load runs)."""
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            client.get("/healthz")
            out.append(time.perf_counter() - started)
            time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--seconds", type=float, default=20, help="wrk's duration")
    parser.add_argument("--client", choices=["wrk", "httpx"], default=None)
    parser.add_argument("--quick", action="store_true", help="300 requests, for a smoke run")
    parser.add_argument(
        "--rate", type=float, default=0, help="also an open-loop run at this many requests/s"
    )
    args = parser.parse_args()
    count = 300 if args.quick else args.requests
    payloads = bodies(count)
    client = args.client or ("wrk" if shutil.which("wrk") else "httpx")
    print(machine())
    # The in-process baseline runs before the server starts and again after it stops (never
    # beside it, so the two never share the cores): on a shared machine the load drifts
    # within a run, and the two halves bracket the period the server was measured in.
    before = in_process_rate(payloads)
    port = free_port()
    server = start_server(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(load(base, bodies(64, seed=1), args.concurrency, 30))
        cpu_before = tree_cpu(server.pid)
        health: list[float] = []
        if client == "wrk":
            seconds = 5 if args.quick else args.seconds
            # One health check every half second while the decisions load the worker: how
            # long a load balancer's probe waits behind the decisions already queued.
            prober = threading.Thread(
                target=probe_health, args=(base, seconds - 1, health), daemon=True
            )
            prober.start()
            served, p50, p99, answered = wrk_load(base, payloads, args.concurrency, seconds)
            prober.join()
            detail = f"wrk, {seconds:.0f} s"
        else:
            latencies, wall, errors = asyncio.run(
                load(base, payloads, args.concurrency, args.max_seconds)
            )
            if errors:
                raise SystemExit(f"{errors} answers were not 200")
            ms = [value * 1000 for value in latencies]
            served, p50, p99 = len(latencies) / wall, percentile(ms, 0.5), percentile(ms, 0.99)
            detail = f"httpx, {len(latencies)} requests"
            answered = len(latencies)
        cpu_after = tree_cpu(server.pid)
        load_closed = load_open = os.getloadavg()
        opened, client_cpu = None, 0.0
        if args.rate:
            seconds = 5 if args.quick else min(args.seconds, 20)
            client_cpu = time.process_time()
            opened = asyncio.run(open_loop(port, payloads, args.concurrency, args.rate, seconds))
            client_cpu = time.process_time() - client_cpu
            load_open = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=10)
    after = in_process_rate(payloads)
    rate, cpu_each = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
    each = before[2] + after[2]
    print(
        f"service ({args.workers} worker(s), {args.concurrency} connections, {detail}): "
        f"{served:,.0f} req/s; p50 {p50:.2f} ms, p99 {p99:.2f} ms "
        f"(load average {load_closed[0]:.1f})"
    )
    if health:
        ms = sorted(value * 1000 for value in health)
        print(
            f"GET /healthz during the load: {len(ms)} probes, median {percentile(ms, 0.5):.1f} ms, "
            f"max {ms[-1]:.1f} ms"
        )
    ms_each = [value * 1000 for value in each]
    print(
        f"in-process parse_subject + Engine.evaluate: {rate:,.0f} evaluations/s (one thread); "
        f"CPU per evaluation p50 {percentile(ms_each, 0.5):.3f} ms, "
        f"p99 {percentile(ms_each, 0.99):.3f} ms; mean {before[1] * 1000:.3f} ms before the "
        f"service, {after[1] * 1000:.3f} ms after (load average {os.getloadavg()[0]:.1f})"
    )
    print(f"ratio service/in-process per worker: {served / args.workers / rate:.2f}")
    if cpu_before is not None and cpu_after is not None and answered:
        per_request = (cpu_after - cpu_before) / answered
        print(
            f"CPU per request {per_request * 1000:.3f} ms (server process tree) against "
            f"{cpu_each * 1000:.3f} ms per in-process evaluation: "
            f"CPU ratio {cpu_each / per_request:.2f}"
        )
        # Each request's service time: its evaluation plus the measured cost beyond it.
        service_s = [value + max(0.0, per_request - cpu_each) for value in each]
        bounds = {n: closed_loop_p99(service_s, args.concurrency, n) for n in range(1, 33)}
        enough = min((n for n, bound in bounds.items() if bound <= 0.010), default=None)
        print(
            f"closed loop at {args.concurrency} clients, p99 lower bound from these costs "
            "(N workers, each on a free core): "
            + ", ".join(f"N={n} {bounds[n] * 1000:.1f} ms" for n in (1, 2, 4, 6, 8, 12, 16))
            + f"; p99 <= 10 ms from N={enough}"
        )
    if opened is not None:
        latencies, errors = opened
        ms = [value * 1000 for value in latencies]
        print(
            f"open loop, {args.rate:,.0f} req/s offered over {args.concurrency} connections: "
            f"{len(ms)} requests, {errors} not 200; p50 {percentile(ms, 0.5):.2f} ms, "
            f"p99 {percentile(ms, 0.99):.2f} ms (load average {load_open[0]:.1f}; the Python "
            f"client's own CPU {client_cpu / max(1, len(ms)) * 1000:.3f} ms a request)"
        )


if __name__ == "__main__":
    main()
