"""The job state machine: forward only, repeats and stale events ignored, final is final
(but a dead letter replayed after a failure may revive a FAILED job)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from alive_ingest.domain.jobs import FINAL_STATES, JobState, can_revive, can_transition

S = JobState
HAPPY_PATH = [
    S.SUBMITTED,
    S.INPUT_APPROVED,
    S.GENERATING,
    S.GENERATED,
    S.OUTPUT_APPROVED,
    S.PUBLISHED,
]
NON_FINAL = [state for state in JobState if state not in FINAL_STATES]


def test_final_states_are_the_four_outcomes() -> None:
    assert {S.PUBLISHED, S.REJECTED, S.FAILED, S.CANCELLED} == FINAL_STATES
    assert all(state.is_final for state in FINAL_STATES)
    assert not any(state.is_final for state in NON_FINAL)


@pytest.mark.parametrize(("current", "new"), list(itertools.pairwise(HAPPY_PATH)))
def test_each_step_of_the_happy_path_is_allowed(current: JobState, new: JobState) -> None:
    assert can_transition(current, new)


@pytest.mark.parametrize(("current", "new"), list(itertools.combinations(HAPPY_PATH, 2)))
def test_later_states_may_skip_ahead_but_never_go_back(current: JobState, new: JobState) -> None:
    assert can_transition(current, new)
    assert not can_transition(new, current)


@pytest.mark.parametrize("state", list(JobState))
def test_repeated_events_change_nothing(state: JobState) -> None:
    assert not can_transition(state, state)


@pytest.mark.parametrize("final", sorted(FINAL_STATES))
def test_final_states_accept_nothing(final: JobState) -> None:
    assert not any(can_transition(final, new) for new in JobState)


@pytest.mark.parametrize("current", NON_FINAL)
def test_failed_and_cancelled_are_reachable_from_any_unfinished_state(current: JobState) -> None:
    assert can_transition(current, S.FAILED)
    assert can_transition(current, S.CANCELLED)


def test_rejection_comes_from_either_moderation_step_but_not_after_clearance() -> None:
    assert can_transition(S.SUBMITTED, S.REJECTED)  # input moderation
    assert can_transition(S.GENERATED, S.REJECTED)  # output moderation
    assert can_transition(S.GENERATING, S.REJECTED)  # output rejection overtook GENERATED
    assert not can_transition(S.OUTPUT_APPROVED, S.REJECTED)


def test_nothing_returns_to_submitted() -> None:
    assert not any(can_transition(state, S.SUBMITTED) for state in JobState)


def test_only_an_event_from_after_the_failure_revives_a_failed_job() -> None:
    failed_at = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    later, earlier = failed_at + timedelta(minutes=5), failed_at - timedelta(seconds=1)
    assert can_revive(S.FAILED, failed_at, S.GENERATED, later)  # a replay that succeeded
    assert can_revive(S.FAILED, failed_at, S.PUBLISHED, later)
    assert not can_revive(S.FAILED, failed_at, S.GENERATED, earlier)  # late, from before
    for outcome in (S.FAILED, S.CANCELLED, S.REJECTED):
        assert not can_revive(S.FAILED, failed_at, outcome, later)
    for final in FINAL_STATES - {S.FAILED}:
        assert not can_revive(final, failed_at, S.PUBLISHED, later)
