"""Room mode: serve the apps to participants' own devices on the room's network, safely.

``peer-ethics room`` runs two Voila servers from one kit:

- **participants** on ``0.0.0.0`` (every interface, so phones and laptops on the room's Wi-Fi
  reach it): the learner-facing folder *without* the facilitator's apps, a cap on live kernels
  (:class:`CappedKernelManager`: a page beyond the cap gets a friendly "the room is full" page,
  HTTP 503, instead of exhausting the laptop), and idle kernels culled even while a page is
  still open (a phone left on the table).
- **facilitator** on ``127.0.0.1`` only: everything, facilitator apps included (the live poll's
  results screen with its reveal and reset controls, the talk-time tracker). Participants
  cannot reach it: it does not listen on the room's network at all.

Both share one live-poll store (``$PEER_ETHICS_POLL_DB``, default ``build/room/poll.sqlite``),
which keeps counters only (:mod:`peer_ethics.widgets.poll.store`). Voila refuses execute
requests from its pages, so a participant's browser cannot run code to reach the store's
facilitator operations either.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from types import FrameType
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Int

from peer_ethics.paths import kit_root
from peer_ethics.voila import serve as _serve
from peer_ethics.widgets.poll.store import POLL_DB_ENV

__all__ = ["ROOM_FULL_REASON", "CappedKernelManager", "lan_addresses", "room"]

#: Reason phrase of the 503 page a participant sees when the room's kernel cap is reached.
ROOM_FULL_REASON = "The room is full"


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a cap on live kernels (``max_kernels``; 0 means none).

    Kernels starting and kernels running both count, so thirty simultaneous page loads cannot
    overshoot the cap. Over the cap, :meth:`start_kernel` raises ``HTTPError(503)``, which Voila
    renders with the kit template's friendly error page.
    """

    max_kernels = Int(0, config=True, help="Most kernels alive at once; 0 means no cap.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0

    def live_kernels(self) -> int:
        """Return how many kernels run or are starting now."""
        return len(self._kernels) + self._starting

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        """Start a kernel unless the cap is reached.

        Raises
        ------
        tornado.web.HTTPError
            503 with reason :data:`ROOM_FULL_REASON` when ``max_kernels`` kernels are alive.
        """
        if self.max_kernels and kwargs.get("kernel_id") is None and self.live_kernels() >= self.max_kernels:
            self.log.warning("room mode: kernel cap of %d reached; refusing a new page", self.max_kernels)
            raise web.HTTPError(503, reason=ROOM_FULL_REASON)
        self._starting += 1
        try:
            kernel_id: str = await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1
        return kernel_id


def lan_addresses() -> list[str]:
    """Return this machine's IPv4 addresses other than loopback (what participants type).

    Uses a UDP socket's routing choice (no packet is sent) and the host name's addresses;
    an empty list when the machine has no network.
    """
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # UDP connect sends nothing; it picks a route
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if not a.startswith("127.") and a != "0.0.0.0"]


def room(
    port: int = 8866,
    facilitator_port: int = 8867,
    ip: str = "0.0.0.0",
    max_kernels: int = 40,
    cull_minutes: float = 20.0,
    pool_size: int = 1,
    preheat: bool = True,
    preheat_apps: dict[str, int] | None = None,
) -> int:
    """Serve participants on ``ip:port`` and the facilitator on ``127.0.0.1:facilitator_port``.

    Parameters
    ----------
    port, facilitator_port : int
        TCP ports; both must be free.
    ip : str
        Interface participants reach (``0.0.0.0``: all; give the Wi-Fi address to limit it).
    max_kernels : int
        Cap on participants' kernels (default 40: about 100 MB each, ``benchmarks/``).
    cull_minutes : float
        Shut a participant's kernel down after this many idle minutes, page open or not.
    pool_size : int
        Preheated kernels per notebook on the participants' server (they count in the cap).
    preheat : bool
        Preheat kernels on both servers.
    preheat_apps : dict, optional
        ``{app stem: kernels}``: keep that many kernels ready for an app the whole room will
        open at once (e.g. ``{"live_poll": 30}``); they count in ``max_kernels``.

    Returns
    -------
    int
        0 after Ctrl-C; 1 if a server did not come up; 2 if a port is taken.
    """
    for p, host in ((port, "127.0.0.1"), (facilitator_port, "127.0.0.1")):
        if not _serve._port_free(p, host):
            print(f"peer-ethics room: port {p} is in use; choose others with --port / "
                  "--facilitator-port", file=sys.stderr)
            return 2
    kit = kit_root()
    env = _serve.voila_env()
    env.setdefault(POLL_DB_ENV, str(kit / "build" / "room" / "poll.sqlite"))
    participants_root = _serve.stage(kit, participants=True)
    if preheat and preheat_apps:
        try:
            _serve.write_pool_config(participants_root, {f"widgets/{stem}.ipynb": n
                                                         for stem, n in preheat_apps.items()},
                                     default=pool_size)
        except ValueError as exc:
            print(f"peer-ethics room: {exc}", file=sys.stderr)
            return 2
    facilitator_root = _serve.stage(kit)
    commands = {
        "participants": (participants_root, _serve.voila_command(
            participants_root, port=port, ip=ip, preheat=preheat, pool_size=pool_size,
            max_kernels=max_kernels, cull_idle_s=max(1, round(cull_minutes * 60)),
            cull_connected=True)),
        "facilitator": (facilitator_root, _serve.voila_command(
            facilitator_root, port=facilitator_port, preheat=preheat)),
    }
    processes = {name: subprocess.Popen(cmd, cwd=root, env=env)
                 for name, (root, cmd) in commands.items()}

    def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        urls = {"participants": f"http://127.0.0.1:{port}", "facilitator": f"http://127.0.0.1:{facilitator_port}"}
        for name, process in processes.items():
            if not _serve.wait_until_ready(f"{urls[name]}/voila/tree", process):
                print(f"peer-ethics room: the {name}' server did not come up", file=sys.stderr)
                return 1
        landing = f"/voila/render/{_serve.LANDING_PAGE}"
        shared = [f"  http://{a}:{port}{landing}" for a in lan_addresses()] or [
            f"  (no network address found; on this machine: {urls['participants']}{landing})"]
        print("\nRoom mode is ready (Ctrl-C to stop).",
              "Participants open, on the room's network:", *shared,
              f"Facilitator (this machine only): {urls['facilitator']}{landing}",
              f"  poll results: {urls['facilitator']}/voila/render/widgets/poll_results.ipynb",
              f"Caps: {max_kernels} participant kernels; idle ones closed after {cull_minutes:g} min.",
              sep="\n", flush=True)
        while all(p.poll() is None for p in processes.values()):
            try:
                processes["participants"].wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                continue
        return 1
    except KeyboardInterrupt:
        print("\nStopping room mode...", file=sys.stderr, flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes.values():
            _serve._stop(process)
