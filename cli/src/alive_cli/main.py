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
from alive_moderation.cli import add_moderate_parser

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


def _address(args: argparse.Namespace, component: str, given: str | None, flag: str) -> str:
    """``given`` when the user passed ``flag``, else the local stack's ``component``."""
    if given:
        return given
    state = StackState.load(_home(args))
    if state is None:
        raise SystemExit(f"no local stack running: start one with `alive up` or pass {flag}")
    return state.address(component)


def _ingest_address(args: argparse.Namespace) -> str:
    return _address(args, "ingest", args.addr, "--addr")


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
    from alive_blobstore import BlobSettings, open_blob_store
    from alive_provenance.verification import verify_video
    from alive_provenance.watermark import WatermarkRegistry, load_key

    stack = _stack(args)
    anchors_path = Path(args.anchors) if args.anchors else stack.trust_anchors
    anchors = anchors_path.read_bytes() if anchors_path.is_file() else None
    # The watermark registry names the job of a video whose manifest was stripped.
    blobs = args.blobs or (
        (stack.home / "blobs").as_uri() if (stack.home / "blobs").is_dir() else None
    )
    registry = WatermarkRegistry(open_blob_store(BlobSettings(blob_url=blobs))) if blobs else None
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        console.print(f"[red]cannot read[/red] {args.file}: {exc.strerror}")
        return 2
    key_file = Path(args.watermark_key_file) if args.watermark_key_file else None
    if key_file is None and stack.watermark_key.is_file():
        key_file = stack.watermark_key
    try:
        watermark_key = load_key(key_file)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    report = verify_video(data, anchors, registry, watermark_key=watermark_key).to_dict()
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        table = Table(show_header=False)
        for key, value in report.items():
            table.add_row(key, ", ".join(value) if isinstance(value, list) else str(value))
        Console().print(table)
    identified = report.get("trusted") or report.get("watermark_found")
    return 0 if identified and report.get("ai_generated") else 1


def _bootstrap(args: argparse.Namespace) -> str:
    return _address(args, "broker", args.bootstrap, "--bootstrap")


def cmd_loadtest(args: argparse.Namespace) -> int:
    from alive_cli import loadtest

    plan = loadtest.LoadPlan(
        jobs=args.jobs,
        max_seconds=args.max_seconds,
        concurrency=args.concurrency,
        rate=args.rate,
        unsafe_fraction=args.unsafe_fraction,
        story_seconds=args.story_seconds,
    )
    client = IngestClient(_ingest_address(args), args.tenant)
    if args.warmup:
        console.print("warm-up job ...")
        loadtest.run_job(
            client,
            (loadtest.SAMPLES / "landscape-temple.jpg").read_bytes(),
            loadtest.SAFE_PROMPTS[0],
            plan.story_seconds,
            0,
            time.monotonic(),
        )
    trips, wall_s = loadtest.run(
        client, plan, progress=lambda line: console.print(line, markup=False)
    )
    client.close()
    result = loadtest.summary(trips, wall_s)
    print(loadtest.format_table(result))
    if args.report:
        path = loadtest.write_report(trips, result, plan, Path(args.report))
        console.print(f"report: {path}")
    errors = sum(
        n for outcome, n in result["outcomes"].items() if outcome not in ("PUBLISHED", "REJECTED")
    )
    return 1 if errors else 0


def cmd_dlq(args: argparse.Namespace) -> int:
    from alive_cli import deadletters

    bootstrap = _bootstrap(args)
    if args.action == "list":
        letters = deadletters.list_letters(bootstrap)
    else:
        letters = deadletters.replay(
            bootstrap,
            keep=lambda letter: (
                (not args.stage or letter.message.stage == args.stage)
                and (not args.job or letter.job_id == args.job)
            ),
            dry_run=args.dry_run,
        )
    if args.json:
        for letter in letters:
            m = letter.message
            print(
                json.dumps(
                    {
                        "job_id": letter.job_id,
                        "stage": m.stage,
                        "source_topic": m.source_topic,
                        "error": m.error,
                        "attempts": m.attempts,
                        "offset": letter.offset,
                    }
                )
            )
    else:
        table = Table("job", "stage", "source topic", "attempts", "error")
        for letter in letters:
            m = letter.message
            table.add_row(letter.job_id, m.stage, m.source_topic, str(m.attempts), m.error[:80])
        Console().print(table)
        verb = (
            "listed" if args.action == "list" else ("would replay" if args.dry_run else "replayed")
        )
        console.print(f"{verb} {len(letters)} dead letter(s)")
    return 0


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
    verify.add_argument(
        "--blobs", help="blob store URL holding the watermark registry (default: the local stack's)"
    )
    verify.add_argument(
        "--watermark-key-file",
        default=os.environ.get("ALIVE_WATERMARK_KEY_FILE"),
        help="the secret the marks were made with (default: $ALIVE_WATERMARK_KEY_FILE, "
        "else the local stack's key, else the public development key)",
    )
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_verify)
    add_moderate_parser(sub)

    load = sub.add_parser(
        "loadtest", help="drive the API at a rate or concurrency and report latencies"
    )
    load.add_argument("--jobs", type=int, default=20, help="how many jobs to submit at most")
    load.add_argument(
        "--max-seconds", type=float, default=300, help="stop submitting after this long"
    )
    load.add_argument("--concurrency", type=int, default=2, help="jobs in flight (closed loop)")
    load.add_argument(
        "--rate", type=float, help="jobs per second (open loop) instead of a concurrency"
    )
    load.add_argument("--unsafe-fraction", type=float, default=0.2)
    load.add_argument("--story-seconds", type=float, default=5.0)
    load.add_argument("--no-warmup", dest="warmup", action="store_false")
    load.add_argument(
        "--report", help="directory for loadtest.md, loadtest.json and a latency plot"
    )
    load.add_argument("--addr", help="ingest address (default: the local stack's)")
    load.add_argument("--tenant", default="loadtest")
    load.set_defaults(func=cmd_loadtest)

    dlq = sub.add_parser("dlq", help="list or replay the dead-letter topic")
    dlq.add_argument("action", choices=["list", "replay"])
    dlq.add_argument("--stage", help="only letters from this stage")
    dlq.add_argument("--job", help="only letters about this job id")
    dlq.add_argument("--dry-run", action="store_true", help="show what would be replayed")
    dlq.add_argument(
        "--bootstrap", help="Kafka bootstrap servers (default: the local stack's broker)"
    )
    dlq.add_argument("--json", action="store_true")
    dlq.set_defaults(func=cmd_dlq)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
