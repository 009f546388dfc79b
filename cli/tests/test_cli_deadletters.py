"""`alive dlq replay`: what it re-publishes and how far it moves its consumer group.

The broker is replaced by a stand-in that serves a fixed list of dead letters and
records commits; the real broker path is covered end to end in tests/e2e/test_cli.py.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import ClassVar

import pytest

from alive.events.v1 import events_pb2 as ev
from alive_cli import deadletters
from alive_contracts import topics
from alive_contracts.convert import timestamp


def record(partition: int, offset: int, stage: str, job: str) -> SimpleNamespace:
    letter = ev.DeadLetter(
        source_topic=topics.CLEARED.name,
        key=job.encode(),
        payload=f"{job} payload".encode(),
        stage=stage,
        occurred_at=timestamp(),
    )
    return SimpleNamespace(partition=partition, offset=offset, value=letter.SerializeToString())


class StandInConsumer:
    def __init__(self, records: list[SimpleNamespace]) -> None:
        self._batches = [{"dlq": records}]
        self.commits: list[tuple[int, int]] = []

    def assignment(self) -> set[int]:
        return {0}

    def poll(self, timeout_ms: int) -> dict:
        return self._batches.pop() if self._batches else {}

    def commit(self, offsets: dict) -> None:
        self.commits += [(tp.partition, meta.offset) for tp, meta in offsets.items()]

    def close(self, autocommit: bool = True) -> None:
        pass


class StandInProducer:
    sent: ClassVar[list[tuple[str, bytes]]] = []

    def __init__(self, **_: object) -> None:
        StandInProducer.sent = []

    def send(self, topic: str, key: bytes, value: bytes, headers: list) -> SimpleNamespace:
        StandInProducer.sent.append((topic, value))
        return SimpleNamespace(get=lambda timeout: None)

    def close(self) -> None:
        pass


@pytest.fixture()
def consumer(monkeypatch: pytest.MonkeyPatch) -> StandInConsumer:
    stand_in = StandInConsumer(
        [
            record(0, 10, "ingest", "job-a"),
            record(0, 11, "provenance", "job-a"),
            record(1, 20, "provenance", "job-b"),
            record(1, 21, "provenance", "job-c"),
        ]
    )
    monkeypatch.setattr(deadletters, "_consumer", lambda bootstrap, group: stand_in)
    monkeypatch.setattr(deadletters, "KafkaProducer", StandInProducer)
    return stand_in


def test_replay_republishes_the_original_bytes_to_their_source_topic(
    consumer: StandInConsumer,
) -> None:
    replayed = deadletters.replay("broker:9092", idle_s=0.05)
    assert [r.job_id for r in replayed] == ["job-a", "job-a", "job-b", "job-c"]
    assert StandInProducer.sent[0] == (topics.CLEARED.name, b"job-a payload")
    assert consumer.commits == [(0, 11), (0, 12), (1, 21), (1, 22)]


def test_a_filtered_replay_never_moves_the_group_past_a_letter_it_skipped(
    consumer: StandInConsumer,
) -> None:
    replayed = deadletters.replay(
        "broker:9092", keep=lambda letter: letter.message.stage == "provenance", idle_s=0.05
    )
    assert [(r.partition, r.offset) for r in replayed] == [(0, 11), (1, 20), (1, 21)]
    # Partition 0: the ingest letter at offset 10 was skipped, so the group stays before
    # it and a later `--stage ingest` replay still finds it. Partition 1 moves on.
    assert consumer.commits == [(1, 21), (1, 22)]


def test_a_dry_run_publishes_and_commits_nothing(consumer: StandInConsumer) -> None:
    StandInProducer.sent = []
    replayed = deadletters.replay("broker:9092", dry_run=True, idle_s=0.05)
    assert len(replayed) == 4
    assert StandInProducer.sent == [] and consumer.commits == []
