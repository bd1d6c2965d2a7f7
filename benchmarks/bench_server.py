"""The HTTP service against the in-process engine, measured in the same run.

Starts `somepolicy serve` on an ephemeral loopback port, sends registrations from a fixed
number of concurrent connections, and reports requests/s and latency percentiles; then the
in-process rate of `parse_subject` + `Engine.evaluate` on the same bodies. Loopback only;
bounded by --requests / --seconds.

The load comes from `wrk` (Debian package `wrk`, a C load generator, so that the client's own
cost stays small on a 2-core machine) when it is installed, else from an httpx client in
Python, whose own cost then competes with the server for the cores.

Run: python benchmarks/bench_server.py [--seconds 20] [--concurrency 32] [--workers 1] [--quick]
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


def in_process_rate(payloads: list[dict[str, Any]]) -> float:
    engine = Engine()
    engine.evaluate(parse_subject(payloads[0]))  # load word lists first, as the server does
    started = time.perf_counter()
    for payload in payloads:
        engine.evaluate(parse_subject(payload))
    return len(payloads) / (time.perf_counter() - started)


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
) -> tuple[float, float, float]:
    """Return (requests/s, p50 ms, p99 ms) measured by wrk."""
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
    assert rate, out
    return float(rate.group(1)), latency("50"), latency("99")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--seconds", type=float, default=20, help="wrk's duration")
    parser.add_argument("--client", choices=["wrk", "httpx"], default=None)
    parser.add_argument("--quick", action="store_true", help="300 requests, for a smoke run")
    args = parser.parse_args()
    count = 300 if args.quick else args.requests
    payloads = bodies(count)
    client = args.client or ("wrk" if shutil.which("wrk") else "httpx")
    print(machine())
    port = free_port()
    server = start_server(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(load(base, bodies(64, seed=1), args.concurrency, 30))
        if client == "wrk":
            seconds = 5 if args.quick else args.seconds
            served, p50, p99 = wrk_load(base, payloads, args.concurrency, seconds)
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
    finally:
        server.terminate()
        server.wait(timeout=10)
    # In-process after the server has stopped, so the two never share the cores.
    rate = in_process_rate(payloads)
    print(
        f"service ({args.workers} worker(s), {args.concurrency} connections, {detail}): "
        f"{served:,.0f} req/s; p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )
    print(f"in-process parse_subject + Engine.evaluate: {rate:,.0f} evaluations/s (one thread)")
    print(f"ratio service/in-process per worker: {served / args.workers / rate:.2f}")


if __name__ == "__main__":
    main()
