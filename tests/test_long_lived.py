"""flows.long_lived: a phase that builds what the process keeps (start-up imports, GX and the
suites) runs with the cyclic collector paused and freezes what the process holds after it, the
first time only (issue 14: the main process spent 1.1-1.2 s of the samples' run in full
collections walking those objects). Counted, not timed."""

from __future__ import annotations

import gc

import pytest

from flows import long_lived as module
from flows.long_lived import long_lived


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(module, "_DONE", set())
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_the_first_run_of_a_phase_pauses_the_collector_and_freezes_after_it():
    gc.enable()
    before = gc.get_freeze_count()
    with long_lived("imports"):
        assert not gc.isenabled()
        kept = [[object()] for _ in range(1000)]  # tracked objects the phase builds
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(kept)


def test_a_later_run_of_the_phase_changes_nothing():
    gc.enable()
    with long_lived("imports"):
        pass
    frozen = gc.get_freeze_count()
    with long_lived("imports"):
        assert gc.isenabled()
        later = [[object()] for _ in range(1000)]
    assert gc.get_freeze_count() == frozen and later
    with long_lived("another phase"):
        assert not gc.isenabled()


def test_a_paused_collector_stays_paused_and_an_error_still_resumes_it():
    gc.disable()
    with long_lived("imports"):
        pass
    assert not gc.isenabled()
    gc.enable()
    with pytest.raises(RuntimeError), long_lived("failing"):
        raise RuntimeError("an import failed")
    assert gc.isenabled()
