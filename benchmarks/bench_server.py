"""The HTTP service against the in-process engine, measured in the same run.

Starts `somepolicy serve` (one worker) on an ephemeral loopback port, sends a fixed number of
registrations from a fixed number of concurrent clients, and reports requests/s and latency
percentiles; then the in-process rate of `parse_subject` + `Engine.evaluate` on the same
bodies. Loopback only; bounded by --requests and --max-seconds.

Run: python benchmarks/bench_server.py [--requests 3000] [--concurrency 32] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--quick", action="store_true", help="300 requests, for a smoke run")
    args = parser.parse_args()
    count = 300 if args.quick else args.requests
    payloads = bodies(count)
    print(machine())
    port = free_port()
    server = start_server(port, args.workers)
    try:
        warm = bodies(64, seed=1)
        asyncio.run(load(f"http://127.0.0.1:{port}", warm, args.concurrency, 30))
        latencies, wall, errors = asyncio.run(
            load(f"http://127.0.0.1:{port}", payloads, args.concurrency, args.max_seconds)
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    # In-process after the server has stopped, so the two never share the cores.
    rate = in_process_rate(payloads)
    served = len(latencies) / wall
    ms = [value * 1000 for value in latencies]
    print(
        f"service ({args.workers} worker, {args.concurrency} clients): {len(latencies)} requests "
        f"in {wall:.2f} s = {served:,.0f} req/s; p50 {percentile(ms, 0.5):.2f} ms, "
        f"p99 {percentile(ms, 0.99):.2f} ms, max {max(ms):.2f} ms; non-200: {errors}"
    )
    print(f"in-process parse_subject + Engine.evaluate: {rate:,.0f} evaluations/s (one thread)")
    print(f"ratio service/in-process per worker: {served / args.workers / rate:.2f}")


if __name__ == "__main__":
    main()
