"""One pathological PDF cannot take down the run: extraction runs in its own process with a
time limit and an address-space cap, and every failure comes back as a typed, readable error."""

from __future__ import annotations

import pytest
from conftest import SAMPLES

from extract.exceptions import EncryptedPdf, ExtractMemoryExceeded, ExtractTimeout
from extract.sandbox import Limits, extract_isolated

SMALL = SAMPLES / "UNEP_GC.26_18_zh.pdf"
LARGE = SAMPLES / "A_75_6_Sect.14_zh.pdf"


def test_isolated_extraction_returns_the_same_result_as_in_process():
    from extract.document import extract_document

    isolated = extract_isolated(SMALL, limits=Limits(timeout_s=120))
    direct = extract_document(SMALL)
    assert isolated.meta == direct.meta
    assert [b.text for b in isolated.blocks] == [b.text for b in direct.blocks]


def test_time_limit_kills_the_worker():
    with pytest.raises(ExtractTimeout, match=r"A_75_6_Sect.14_zh.pdf: extraction did not finish within 0.2 s"):
        extract_isolated(LARGE, limits=Limits(timeout_s=0.2))


def test_memory_cap_is_enforced():
    with pytest.raises(ExtractMemoryExceeded, match=r"A_75_6_Sect\.14_zh\.pdf"):
        extract_isolated(LARGE, limits=Limits(timeout_s=120, memory_mb=60))


def test_typed_errors_cross_the_process_boundary(tmp_path):
    import badfiles

    with pytest.raises(EncryptedPdf) as caught:
        extract_isolated(badfiles.encrypted(tmp_path), limits=Limits(timeout_s=60))
    assert caught.value.path.endswith("encrypted.pdf") and caught.value.reason


def test_an_allocation_failure_reported_as_another_error_is_still_a_memory_error():
    """Under the cap, C code may fail an allocation with a bare SystemError that a wrapper then
    reports as, say, a truncated PDF: the sandbox must still say memory."""
    from extract.exceptions import TruncatedPdf
    from extract.sandbox import _caused_by_memory

    def wrapped(inner: BaseException) -> BaseException:
        try:
            try:
                raise inner
            except BaseException as exc:
                raise TruncatedPdf("the file ends early", path="x.pdf") from exc
        except TruncatedPdf as outer:
            return outer

    assert _caused_by_memory(wrapped(SystemError("<built-in method> returned NULL without setting an exception")))
    assert _caused_by_memory(wrapped(SystemError("error return without exception set")))
    assert _caused_by_memory(wrapped(MemoryError()))
    assert not _caused_by_memory(wrapped(SystemError("unrelated")))
    assert not _caused_by_memory(wrapped(ValueError("bad xref")))
