"""Size is checked first: an empty file or one over the limit is refused before parsing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured

from tongxin.rosters.files import Refusal, UploadLimits, UploadRefused, check_upload


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(UploadRefused) as refused:
        check_upload(b"")
    assert refused.value.reason == Refusal.EMPTY
    assert refused.value.message == "文件是空的,请检查后重新上传。"


def test_a_file_over_the_limit_is_refused_with_both_sizes() -> None:
    with pytest.raises(UploadRefused) as refused:
        check_upload(b"a,b\n" * 300_000, limits=UploadLimits(max_bytes=1024 * 1024))
    assert refused.value.reason == Refusal.TOO_LARGE
    assert "1.1 MB" in refused.value.message and "上限为 1.0 MB" in refused.value.message
    assert "拆成几个文件" in refused.value.message


def test_a_stream_is_read_only_one_byte_past_the_limit() -> None:
    stream = io.BytesIO(b"x" * 5000)
    with pytest.raises(UploadRefused) as refused:
        check_upload(stream, limits=UploadLimits(max_bytes=1000))
    assert refused.value.reason == Refusal.TOO_LARGE
    assert stream.tell() == 1001


def test_the_default_limit_is_twenty_megabytes_and_settings_override_it(settings: object) -> None:
    assert UploadLimits.from_settings().max_bytes == 20 * 1024 * 1024
    settings.ROSTER_UPLOAD_LIMITS = {"max_bytes": 10}  # type: ignore[attr-defined]
    with pytest.raises(UploadRefused) as refused:
        check_upload(b"a,b\n1,2\n3,4\n")
    assert refused.value.reason == Refusal.TOO_LARGE


def test_an_unknown_limit_in_settings_is_a_configuration_error(settings: object) -> None:
    settings.ROSTER_UPLOAD_LIMITS = {"max_megabytes": 10}  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured):
        UploadLimits.from_settings()
