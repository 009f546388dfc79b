"""``alive``: run the local stack, submit a photo and a prompt, verify a video."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import grpc
from rich.console import Console
from rich.table import Table

from alive.jobs.v1 import jobs_pb2
from alive_cli.client import FINAL, IngestClient, state_name
from alive_cli.stack import LocalStack, Ports, StackError, StackState
from alive_lifecycle.errors import field_violations

console = Console(stderr=True, highlight=False)

STAGE_LABELS = {
    jobs_pb2.JOB_STATE_SUBMITTED: "submitted, checking photo and prompt",
    jobs_pb2.JOB_STATE_INPUT_APPROVED: "input approved",
    jobs_pb2.JOB_STATE_GENERATING: "generating the story",
    jobs_pb2.JOB_STATE_GENERATED: "generated, checking the result",
    jobs_pb2.JOB_STATE_OUTPUT_APPROVED: "result approved, labelling and signing",
    jobs_pb2.JOB_STATE_PUBLISHED: "published",
    jobs_pb2.JOB_STATE_REJECTED: "rejected",
    jobs_pb2.JOB_STATE_FAILED: "failed",
    jobs_pb2.JOB_STATE_CANCELLED: "cancelled",
}


def _home(args: argparse.Namespace) -> Path:
    return Path(args.home or os.environ.get("ALIVE_HOME", ".alive"))


def _stack(args: argparse.Namespace) -> LocalStack:
    base = int(os.environ.get("ALIVE_PORT_BASE", "50050"))
    return LocalStack(_home(args), Ports(base), os.environ.get("ALIVE_DATABASE_URL"))


def cmd_up(args: argparse.Namespace) -> int:
    stack = _stack(args)
    started = time.monotonic()
    try:
        with console.status("starting the local stack") as status:
            stack.up(progress=lambda step: status.update(f"starting: {step}"))
    except StackError as exc:
        console.print(f"[red]could not start the stack:[/red] {exc}")
        return 1
    console.print(
        f"[green]stack up[/green] in {time.monotonic() - started:.1f} s (state in {stack.home})"
    )
    return cmd_status(args)


def cmd_down(args: argparse.Namespace) -> int:
    stopped = _stack(args).down()
    console.print(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    rows = _stack(args).status()
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        console.print("no stack running (start one with `alive up`)")
    else:
        table = Table("component", "address", "pid", "health")
        for row in rows:
            health = "[green]healthy[/green]" if row["healthy"] else "[red]down[/red]"
            table.add_row(str(row["name"]), str(row["address"]), str(row["pid"]), health)
        Console().print(table)
    return 0 if rows and all(r["healthy"] for r in rows) else 1


def _ingest_address(args: argparse.Namespace) -> str:
    if args.addr:
        return args.addr
    state = StackState.load(_home(args))
    if state is None:
        raise SystemExit("no local stack running: start one with `alive up` or pass --addr")
    return state.address("ingest")


def cmd_submit(args: argparse.Namespace) -> int:
    photo_path = Path(args.photo)
    try:
        photo = photo_path.read_bytes()
    except OSError as exc:
        console.print(f"[red]cannot read photo[/red] {photo_path}: {exc.strerror}")
        return 2
    options = jobs_pb2.JobOptions(sound=not args.no_sound)
    if args.duration is not None:
        options.duration_s = args.duration
    if args.seed is not None:
        options.seed = args.seed
    client = IngestClient(_ingest_address(args), args.tenant)
    started = time.monotonic()
    try:
        reply = client.submit(photo, args.prompt, options)
    except grpc.RpcError as exc:
        return _report_rpc_error(exc)
    job = reply.job
    console.print(f"job [bold]{job.job_id}[/bold]: {args.prompt!r}")
    last = started
    with console.status("submitted") as status:
        for update in client.watch(job.job_id, timeout_s=args.timeout):
            now = time.monotonic()
            state = update.change.state
            reason = f" - {update.change.reason}" if update.change.reason else ""
            console.print(
                f"  {now - started:5.1f} s  {state_name(state):<16} (+{now - last:.1f} s){reason}"
            )
            last = now
            status.update(STAGE_LABELS.get(state, state_name(state)))
            if state in FINAL:
                break
    job = client.get(job.job_id)
    if job.state != jobs_pb2.JOB_STATE_PUBLISHED:
        console.print(
            f"[red]{state_name(job.state).lower()}[/red]: {job.reason or 'no reason given'}"
        )
        client.close()
        return 1
    out = Path(args.out or f"{job.job_id}.mp4")
    out.write_bytes(client.video(job.job_id))
    client.close()
    took = time.monotonic() - started
    size_mb = out.stat().st_size / 1e6
    console.print(f"[green]published[/green] in {took:.1f} s: {out} ({size_mb:.2f} MB)")
    return 0


def _report_rpc_error(exc: grpc.RpcError) -> int:
    violations = field_violations(exc)
    if violations:
        console.print("[red]invalid request:[/red]")
        for field, description in violations:
            console.print(f"  {field}: {description}")
        return 2
    console.print(f"[red]{exc.code().name}[/red]: {exc.details()}")  # type: ignore[attr-defined]
    return 1


def cmd_verify(args: argparse.Namespace) -> int:
    from alive_provenance.verification import verify_video

    anchors_path = Path(args.anchors) if args.anchors else _stack(args).trust_anchors
    anchors = anchors_path.read_bytes() if anchors_path.is_file() else None
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        console.print(f"[red]cannot read[/red] {args.file}: {exc.strerror}")
        return 2
    report = verify_video(data, anchors).to_dict()
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        table = Table(show_header=False)
        for key, value in report.items():
            table.add_row(key, ", ".join(value) if isinstance(value, list) else str(value))
        Console().print(table)
    return 0 if report.get("trusted") and report.get("ai_generated") else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alive", description=__doc__)
    parser.add_argument(
        "--home", help="state directory of the local stack (default .alive or $ALIVE_HOME)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("up", help="start the local stack and wait until it is healthy").set_defaults(
        func=cmd_up, json=False
    )
    sub.add_parser("down", help="stop the local stack").set_defaults(func=cmd_down)
    status = sub.add_parser("status", help="each component, its address and health")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)

    submit = sub.add_parser("submit", help="turn a photo and a prompt into a published story video")
    submit.add_argument("photo")
    submit.add_argument("prompt")
    submit.add_argument("--duration", type=float, help="seconds, 2-10 (default 5)")
    submit.add_argument("--seed", type=int)
    submit.add_argument("--no-sound", action="store_true")
    submit.add_argument("--out", help="where to save the video (default <job id>.mp4)")
    submit.add_argument("--addr", help="ingest address (default: the local stack's)")
    submit.add_argument("--tenant", default="local")
    submit.add_argument("--timeout", type=float, default=300)
    submit.set_defaults(func=cmd_submit)

    verify = sub.add_parser("verify", help="check a video's C2PA provenance")
    verify.add_argument("file")
    verify.add_argument("--anchors", help="PEM trust anchors (default: the local stack's dev root)")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
