"""``descenso playground``: watch gradient descent train live in the browser.

The server (:mod:`descenso.playground.server`) serves one page from ``static/`` and trains a
:class:`~descenso.playground.session.Session` beside it on descenso's own engine, sending a
frame (:mod:`descenso.playground.frames`) about 30 times a second over a WebSocket.
"""

from descenso.playground.data import DATASETS, make_data
from descenso.playground.session import Session

__all__ = ["DATASETS", "Session", "make_data"]
