"""SIGKILL a real process while it rewrites a file: the file is always a complete version.

A child process rewrites a few-megabyte file through ``atomic_write`` in a loop, writing it in
chunks so that a kill can land halfway. The test kills it at seeded random moments, many
times, and after each kill reads the file: it must be exactly one complete version (header,
body and trailer agree), never a truncated or mixed one, and never older than the version seen
before the kill. Temporary files left by the killed writers prove that kills did land in the
middle of writes; ``remove_stale_temporaries`` then cleans them up.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time

import pytest

from descenso.io import remove_stale_temporaries, write_bytes_atomic

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

BODY_BYTES = 3 * 1024 * 1024
CHUNK_BYTES = 128 * 1024
KILLS = 30  # at least; more (up to MAX_KILLS) until kills have landed mid-write
MAX_KILLS = 120
SEED = 20240607

WRITER = """
import sys
from descenso.io import atomic_write

path, version, body_bytes, chunk_bytes = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:5])
print("ready", flush=True)
while True:
    body = bytes([version % 251]) * body_bytes
    with atomic_write(path) as handle:
        handle.write(b"descenso-test v=%010d n=%d\\n" % (version, body_bytes))
        for start in range(0, body_bytes, chunk_bytes):
            handle.write(body[start:start + chunk_bytes])
        handle.write(b"\\nend v=%010d\\n" % version)
    version += 1
"""

HEADER = re.compile(rb"^descenso-test v=(\d{10}) n=(\d+)\n")


def payload(version: int) -> bytes:
    """The exact bytes the writer produces for ``version``."""
    header = b"descenso-test v=%010d n=%d\n" % (version, BODY_BYTES)
    return header + bytes([version % 251]) * BODY_BYTES + b"\nend v=%010d\n" % version


def complete_version(data: bytes) -> int:
    """The version that ``data`` holds, failing the test unless it is one whole version."""
    match = HEADER.match(data)
    assert match is not None, f"damaged header: {data[:40]!r}"
    version = int(match.group(1))
    assert len(data) == len(payload(version)), f"v{version}: {len(data)} bytes, truncated"
    assert data == payload(version), f"v{version}: content of different versions mixed"
    return version


def test_sigkill_never_leaves_a_truncated_file(tmp_path):
    target = tmp_path / "model.bin"
    write_bytes_atomic(target, payload(0))
    delays = random.Random(SEED)
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    previous = 0
    versions_seen = {0}
    kills_mid_write = 0

    for attempt in range(MAX_KILLS):
        if attempt >= KILLS and len(versions_seen) >= 3 and kills_mid_write >= 3:
            break
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(previous + 1),
             str(BODY_BYTES), str(CHUNK_BYTES)],
            stdout=subprocess.PIPE,
            env=environment,
        )
        try:
            assert writer.stdout.readline() == b"ready\n"
            time.sleep(delays.uniform(0.0, 0.08))
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
            writer.stdout.close()
        assert writer.returncode == -signal.SIGKILL

        version = complete_version(target.read_bytes())
        assert version >= previous, f"went back from v{previous} to v{version}"
        previous = version
        versions_seen.add(version)
        leftovers = remove_stale_temporaries(tmp_path)
        kills_mid_write += bool(leftovers)
        assert [p.name for p in tmp_path.iterdir()] == ["model.bin"]

    # The test would prove nothing if the writers never replaced the file or were never
    # caught halfway through a write. (On this machine about 29 versions and 21 mid-write
    # kills out of 30; the bounds leave room for slow disks and busy machines.)
    assert len(versions_seen) >= 3, versions_seen
    assert kills_mid_write >= 3, kills_mid_write
