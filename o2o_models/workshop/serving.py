"""How our Jupyter servers talk to the browser: kernel messages sent at once, not held back.

A slider move sends one small message to the kernel, and the kernel answers with a burst
of small ones (busy, the slider's echo, the chart's new rows, the summary, idle). Jupyter
Server relays them to the browser over a websocket whose TCP socket keeps Nagle's
algorithm on: after the first small message, the rest wait until the browser
acknowledges it, and browsers delay their acknowledgements by up to 40 ms (Linux's
``TCP_DELACK_MIN``). Measured in headless Chromium on lesson 00, the chart's new rows
then arrived 40 ms after the kernel had sent them in about half of the key presses.

`NoDelayKernelConnection` is Jupyter Server's own kernel connection with ``TCP_NODELAY``
set when the websocket opens (Tornado's ``WebSocketHandler.set_nodelay``), so every
message leaves as soon as it is written. `SERVER_ARGS` switch it on for ``make lab``, the
workshop hub's servers and the benchmarks; a JupyterLab started some other way works the
same, only with slower redraws.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["NoDelayKernelConnection", "SERVER_ARGS", "singleuser_main"]


class NoDelayKernelConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's kernel websocket connection, with Nagle's algorithm off."""

    def connect(self) -> asyncio.Future[None] | None:
        """Switch ``TCP_NODELAY`` on for the browser's websocket, then connect as Jupyter Server does.

        The server's log says so for each kernel websocket, reading the option back from the socket.
        """
        handler = self.websocket_handler
        if handler.ws_connection is not None:  # None once the browser has already gone
            handler.set_nodelay(True)
            sock = handler.ws_connection.stream.socket
            if sock is not None and sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY):
                self.log.info("Kernel %s: messages to the browser are sent at once (TCP_NODELAY)", self.kernel_id)
        return super().connect()


SERVER_ARGS: tuple[str, ...] = (
    f"--ServerApp.kernel_websocket_connection_class={__name__}.{NoDelayKernelConnection.__name__}",
)
"""Command-line settings for ``jupyter lab`` or ``jupyterhub-singleuser`` that use the connection above."""


def singleuser_main(argv: list[str] | None = None) -> int:
    """Command line: ``o2o-singleuser [ARGS]``, the start of a student's server in a container.

    Places the student copies in ``~/o2o-lessons`` (``o2o-get-lessons``, which keeps every
    edit and lists new versions in ``NEW-VERSIONS.md``), then becomes ``jupyterhub-singleuser``
    with `SERVER_ARGS` and ``ARGS``: JupyterLab opens only once the lessons are there. The
    single-user image (``Dockerfile``) and the chart's values (``deploy/z2jh/values.yaml``) start it.
    """
    from .classroom import get_lessons_main

    arguments = sys.argv[1:] if argv is None else argv
    placed = get_lessons_main([str(Path.home() / "o2o-lessons")])
    if placed != 0:
        print(
            "o2o-singleuser: the lessons could not be placed (above); JupyterLab starts all the same", file=sys.stderr
        )
    command = ["jupyterhub-singleuser", *SERVER_ARGS, "--KernelManager.transport=ipc", *arguments]
    os.execvp(command[0], command)
    return 0  # not reached
