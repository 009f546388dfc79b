"""``make bench``: submit N story jobs through the local stack and print the
latency of every stage and of the whole trip, and the throughput.

Uses the running stack (``alive up``) when there is one; otherwise starts a
private stack in a temporary directory and stops it afterwards.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from alive.jobs.v1 import jobs_pb2
from alive_cli.client import IngestClient, state_name
from alive_cli.stack import LocalStack, Ports, StackState, healthy
from alive_contracts.convert import to_datetime

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "photos"
PROMPTS = [
    "sunset, clouds drifting, sea sounds",
    "make it a windy day",
    "Schnee fällt, Winternacht",
    "turn this into a cartoon",
    "rain and thunder",
]
STAGES = [
    ("input moderation", "SUBMITTED", "INPUT_APPROVED"),
    ("queue to generation", "INPUT_APPROVED", "GENERATING"),
    ("generation (Triton)", "GENERATING", "GENERATED"),
    ("output moderation", "GENERATED", "OUTPUT_APPROVED"),
    ("provenance", "OUTPUT_APPROVED", "PUBLISHED"),
]


@dataclass
class Trip:
    end_to_end_s: float
    state: str
    stages: dict[str, float]


def run_job(client: IngestClient, photo: Path, prompt: str, duration: float, seed: int) -> Trip:
    began = time.monotonic()
    reply = client.submit(
        photo.read_bytes(), prompt, jobs_pb2.JobOptions(duration_s=duration, seed=seed)
    )
    job = client.wait(reply.job.job_id, timeout_s=600)
    took = time.monotonic() - began
    at = {state_name(c.state): to_datetime(c.at) for c in job.history}
    stages = {
        name: (at[end] - at[start]).total_seconds()
        for name, start, end in STAGES
        if start in at and end in at
    }
    return Trip(took, state_name(job.state), stages)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(trips: list[Trip], wall_s: float) -> None:
    done = [t for t in trips if t.state == "PUBLISHED"]
    print(
        f"\n{len(done)}/{len(trips)} published in {wall_s:.1f} s: "
        f"throughput {len(done) / wall_s * 60:.1f} stories/min"
    )
    print(f"{'stage':<24}{'p50':>8}{'p90':>8}{'max':>8}")
    rows = [(name, [t.stages[name] for t in done if name in t.stages]) for name, _, _ in STAGES]
    rows.append(("submit -> published", [t.end_to_end_s for t in done]))
    for name, values in rows:
        if values:
            print(
                f"{name:<24}{percentile(values, 0.5):>7.2f}s{percentile(values, 0.9):>7.2f}s"
                f"{max(values):>7.2f}s"
            )
    if done:
        print(f"mean end to end {statistics.mean(t.end_to_end_s for t in done):.2f} s")
    for trip in trips:
        if trip.state != "PUBLISHED":
            print(f"not published: {trip.state}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, default=5.0, help="story length in seconds")
    parser.add_argument("--home", default=".alive")
    args = parser.parse_args()

    state = StackState.load(Path(args.home))
    private: LocalStack | None = None
    if state is None or not all(healthy(c) for c in state.components):
        private = LocalStack(Path(tempfile.mkdtemp(prefix="alive-bench-")), Ports(47000))
        print("starting a private local stack ...", flush=True)
        state = private.up()
    try:
        client = IngestClient(state.address("ingest"), tenant="bench")
        photos = sorted(SAMPLES.glob("*.jpg"))
        print("warm-up job ...", flush=True)
        run_job(client, photos[0], PROMPTS[0], args.duration, 0)
        print(
            f"{args.jobs} jobs of {args.duration:g} s, concurrency {args.concurrency}", flush=True
        )
        began = time.monotonic()
        with ThreadPoolExecutor(args.concurrency) as pool:
            futures = [
                pool.submit(
                    run_job,
                    client,
                    photos[i % len(photos)],
                    PROMPTS[i % len(PROMPTS)],
                    args.duration,
                    i + 1,
                )
                for i in range(args.jobs)
            ]
            trips = []
            for i, future in enumerate(futures, 1):
                trips.append(future.result())
                print(
                    f"  job {i}/{args.jobs}: {trips[-1].state} in {trips[-1].end_to_end_s:.2f} s",
                    flush=True,
                )
        report(trips, time.monotonic() - began)
        client.close()
    finally:
        if private is not None:
            private.down()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
