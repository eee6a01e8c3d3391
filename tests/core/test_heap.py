"""byoip.heap: the cycle collector held for a burst, and what it finds afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from byoip.heap import collector_paused, freeze_long_lived, thaw


class Node:
    """A tracked object that can take part in a cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def clean_collector() -> Iterator[None]:
    """Each test starts with the collector on, nothing frozen, and leaves it so."""
    was_enabled = gc.isenabled()
    thaw()
    gc.enable()
    gc.collect()
    yield
    thaw()
    gc.collect()
    if not was_enabled:
        gc.disable()


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


def test_the_collector_is_held_during_the_burst_and_running_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_the_collector_held() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_burst_goes_to_the_oldest_generation_without_being_walked() -> None:
    with collector_paused():
        burst = [Node() for _ in range(2_000)]
        assert _in_generation(burst[0], 0)
    # Not left in the youngest generation (the next collection would walk every one).
    assert gc.get_count()[0] < 2_000
    assert _in_generation(burst[0], 2) and _in_generation(burst[-1], 2)
    assert not _in_generation(burst[0], 0)
    assert gc.get_freeze_count() == 0  # nothing stays frozen


def test_a_cycle_made_in_the_burst_is_still_collected() -> None:
    with collector_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
    found = [o for o in gc.get_objects(generation=2) if o is first]
    assert found
    del first, second, found
    assert gc.collect() >= 2  # the two nodes (and their __dict__s): unreachable, collected


def test_objects_already_frozen_stay_frozen() -> None:
    long_lived = Node()
    freeze_long_lived()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    with collector_paused():
        burst = [Node() for _ in range(100)]
    # The wizard's frozen widgets are not thawed by a burst that ends meanwhile.
    assert gc.get_freeze_count() == frozen
    assert not _in_generation(long_lived, 2)
    assert burst
