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

import ipaddress
import math
import signal
import socket
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Int

from peer_ethics.content.loader import apps
from peer_ethics.paths import kit_root
from peer_ethics.voila import serve as _serve
from peer_ethics.widgets.poll.store import POLL_DB_ENV

__all__ = [
    "ROOM_FULL_REASON",
    "CappedKernelManager",
    "check_room_settings",
    "lan_addresses",
    "room",
]

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


def check_room_settings(
    port: int, facilitator_port: int, max_kernels: int, cull_minutes: float, pool_size: int,
    preheat_apps: dict[str, int], participant_notebooks: int,
) -> list[str]:
    """Return what is wrong with room-mode settings, as sentences (empty when they are fine).

    Rules: ports in 1-65535 and different; at least one kernel allowed; a positive, finite idle
    time; only learner apps preheated (facilitator apps never run on participants' server);
    and the preheated kernels (``pool_size`` per notebook plus ``preheat_apps``) must leave
    room under ``max_kernels`` for pages to open.
    """
    problems = [f"{name} {value} is not a TCP port (1-65535)"
                for name, value in (("--port", port), ("--facilitator-port", facilitator_port))
                if not 1 <= value <= 65535]
    if port == facilitator_port:
        problems.append("--port and --facilitator-port must differ")
    if max_kernels < 1:
        problems.append(f"--max-kernels must be 1 or more, got {max_kernels}")
    if not (math.isfinite(cull_minutes) and cull_minutes > 0):
        problems.append(f"--cull-minutes must be a positive number of minutes, got {cull_minutes}")
    if pool_size < 0:
        problems.append(f"--pool-size must be 0 or more, got {pool_size}")
    known = apps()
    for stem, count in preheat_apps.items():
        app = known.get(stem)
        if app is None:
            problems.append(f"--preheat-app {stem}: no such app; learner apps: "
                            + ", ".join(s for s, a in known.items() if a.audience == "learner"))
        elif app.audience == "facilitator":
            problems.append(f"--preheat-app {stem}: a facilitator app, served on your machine only")
        elif count < 1:
            problems.append(f"--preheat-app {stem}={count}: keep 1 or more kernels ready")
    pooled = pool_size * participant_notebooks + sum(preheat_apps.values())
    if max_kernels >= 1 and pooled >= max_kernels:
        problems.append(f"{pooled} preheated kernels leave no room under --max-kernels "
                        f"{max_kernels}; raise --max-kernels or preheat fewer")
    return problems


def room(
    port: int = 8866,
    facilitator_port: int = 8867,
    ip: str = "0.0.0.0",
    max_kernels: int = 40,
    cull_minutes: float = 20.0,
    pool_size: int = 0,
    preheat: bool = True,
    preheat_apps: dict[str, int] | None = None,
) -> int:
    """Serve participants on ``ip:port`` and the facilitator on ``127.0.0.1:facilitator_port``.

    Parameters
    ----------
    port, facilitator_port : int
        TCP ports; both must be free and different.
    ip : str
        Interface participants reach (``0.0.0.0``: all; give the Wi-Fi address to limit it).
    max_kernels : int
        Cap on participants' kernels, preheated ones included (default 40: 65-110 MB each,
        ``benchmarks/learner_memory.py``).
    cull_minutes : float
        Shut a participant's kernel down after this many idle minutes, page open or not.
    pool_size : int
        Preheated kernels for *every* participants' notebook (default 0: there are 20-odd of
        them; preheat the app the room will open with ``preheat_apps`` instead).
    preheat : bool
        Preheat the facilitator's pages (one kernel each) and ``preheat_apps``.
    preheat_apps : dict, optional
        ``{app stem: kernels}``: keep that many kernels ready for a learner app the whole room
        will open at once (e.g. ``{"live_poll": 30}``); they count in ``max_kernels``.

    Returns
    -------
    int
        0 after Ctrl-C; 1 if a server did not come up or stopped; 2 for bad settings or a port
        in use.
    """
    preheat_apps = dict(preheat_apps or {})
    if preheat_apps and not preheat:
        print("peer-ethics room: --preheat-app and --no-preheat contradict each other",
              file=sys.stderr)
        return 2
    kit = kit_root()
    participants_root = _serve.stage(kit, participants=True)
    notebooks = sum(1 for _ in participants_root.rglob("*.ipynb"))
    problems = check_room_settings(port, facilitator_port, max_kernels, cull_minutes,
                                   pool_size if preheat else 0, preheat_apps, notebooks)
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        problems.append(f"--ip {ip} is not an IP address of this machine (e.g. 0.0.0.0 or "
                        "192.168.1.20)")
    for p in (port, facilitator_port):
        if not problems and not _serve._port_free(p, "127.0.0.1"):
            problems.append(f"port {p} is in use; choose others with --port / --facilitator-port")
    if problems:
        print("peer-ethics room: " + "\n  ".join(problems), file=sys.stderr)
        return 2
    pooled = preheat and bool(preheat_apps or pool_size)
    if pooled:  # only what was asked for is pooled, so idle pools never fill the cap
        _serve.write_pool_config(participants_root, {f"widgets/{stem}.ipynb": n
                                                     for stem, n in preheat_apps.items()},
                                 default=pool_size)
    env = _serve.voila_env()
    env.setdefault(POLL_DB_ENV, str(kit / "build" / "room" / "poll.sqlite"))
    facilitator_root = _serve.stage(kit)
    if preheat:  # on the laptop, keep kernels ready for the facilitator's own screens only
        _serve.write_pool_config(facilitator_root, {
            f"widgets/{stem}.ipynb": 1 for stem, app in apps().items()
            if app.audience == "facilitator" and (facilitator_root / "widgets" / f"{stem}.ipynb").exists()
        }, default=0)
    commands = {
        "participants": (participants_root, _serve.voila_command(
            participants_root, port=port, ip=ip, preheat=pooled, pool_size=pool_size,
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
        urls = {"participants": f"http://127.0.0.1:{port}",
                "facilitator": f"http://127.0.0.1:{facilitator_port}"}
        for name, process in processes.items():
            if not _serve.wait_until_ready(f"{urls[name]}/voila/tree", process):
                print(f"peer-ethics room: the {name}' server did not come up (see its log above)",
                      file=sys.stderr)
                return 1
        landing = f"/voila/render/{_serve.LANDING_PAGE}"
        hosts = ([ip] if ip not in ("0.0.0.0", "") else lan_addresses())
        shared = [f"  http://{a}:{port}{landing}" for a in hosts] or [
            f"  (no network address found; on this machine: {urls['participants']}{landing})"]
        print("\nRoom mode is ready (Ctrl-C to stop).",
              "Participants open, on the room's network:", *shared,
              f"Facilitator (this machine only): {urls['facilitator']}{landing}",
              f"  poll results: {urls['facilitator']}/voila/render/widgets/poll_results.ipynb",
              f"Caps: {max_kernels} participant kernels; idle ones closed after {cull_minutes:g} min.",
              sep="\n", flush=True)
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(f"peer-ethics room: the {name}' server stopped (exit code "
                          f"{process.returncode}); stopping room mode", file=sys.stderr)
                    return 1
            time.sleep(1.0)
    except KeyboardInterrupt:
        print("\nStopping room mode...", file=sys.stderr, flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes.values():
            _serve._stop(process)
