"""The playground tests' fixtures."""

import pytest

from playground_helpers import running_server


@pytest.fixture
def server():
    with running_server() as running:
        yield running
