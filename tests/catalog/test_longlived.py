import gc

import pytest

from catalog.longlived import older_objects_frozen


def test_the_block_freezes_older_objects_and_collects_rarely_then_puts_both_back():
    before = gc.get_threshold()
    with older_objects_frozen(young_threshold=100_000):
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (100_000, *before[1:])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_thresholds_come_back_when_the_block_fails():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), older_objects_frozen(young_threshold=50_000):
        raise RuntimeError("the run failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_without_a_threshold_only_the_freeze_applies():
    before = gc.get_threshold()
    with older_objects_frozen():
        assert gc.get_threshold() == before
    assert gc.get_threshold() == before
