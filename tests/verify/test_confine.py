"""No network in a verify side (confine.py): model code that opens a connection gets a clear verify
error naming --allow-network (the audit hook refuses before any packet is sent, so no network is
needed); AF_UNIX (multiprocessing) still works; --allow-network turns the hook off."""
import socket
import subprocess
import sys

import nnport
from models import net

INIT_NET = ("import torch\nimport torch.nn as nn\nimport {mod}\n\n\nclass Net(nn.Module):\n"
            "    def __init__(self):\n        super().__init__()\n        {call}\n"
            "        self.fc = nn.Linear(4, 4)\n\n    def forward(self, x):\n        return self.fc(x)\n")


def _init_net(tmp_path, mod, call):
    p = tmp_path / "net.py"
    p.write_text(INIT_NET.format(mod=mod, call=call))
    return str(p)


def test_urlopen_in_init_is_blocked(tmp_path):
    src = _init_net(tmp_path, "urllib.request", "urllib.request.urlopen('http://example.com/w.bin', timeout=5)")
    r = nnport.verify(src, to="flax", inputs="float32[2,4]")
    assert r.exit_code == 2 and r.verdict == "error"
    assert "network access is blocked" in r.error and "--allow-network" in r.error
    assert "getaddrinfo('example.com')" in r.error


def test_create_connection_to_an_address_is_blocked(tmp_path):
    src = _init_net(tmp_path, "socket", "socket.create_connection(('192.0.2.1', 80), timeout=5)")
    r = nnport.verify(src, to="flax", inputs="float32[2,4]")
    assert r.exit_code == 2 and "source side failed" in r.error
    assert "network access is blocked" in r.error and "--allow-network" in r.error


def test_allow_network_turns_the_block_off(tmp_path):
    # creating (not connecting) an IP socket is refused only while blocked: no network needed
    src = _init_net(tmp_path, "socket", "socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()")
    assert "network access is blocked" in nnport.verify(src, to="flax", inputs="float32[2,4]").error
    r = nnport.verify(src, to="flax", inputs="float32[2,4]", allow_network=True)
    assert r.exit_code == 0, r.error


def test_af_unix_and_multiprocessing_still_work(tmp_path):
    body = ("import socket, multiprocessing as mp\n"
            "a, b = socket.socketpair(socket.AF_UNIX)\na.sendall(b'x')\nassert b.recv(1) == b'x'\n"
            "q = mp.get_context('fork').Queue()\nq.put(1)\nassert q.get(timeout=10) == 1\n"
            "return self.fc(x)")
    p = tmp_path / "net.py"
    p.write_text(net(body))
    r = nnport.verify(str(p), to="flax", inputs="float32[2,4]")
    assert r.exit_code == 0, r.error


def _child(code: str) -> subprocess.CompletedProcess:
    boot = "from nnport.verify import confine; confine.install()\n" + code
    return subprocess.run([sys.executable, "-c", boot], capture_output=True, text=True, timeout=120)


def test_hook_refuses_ip_and_lookups_and_keeps_unix(tmp_path):
    code = ("import socket\nfor f in (lambda: socket.socket(socket.AF_INET6), lambda: socket.getaddrinfo('localhost', 80),\n"
            "          lambda: socket.gethostbyname('example.com')):\n"
            "    try:\n        f()\n        print('ALLOWED')\n    except PermissionError as e:\n        print('REFUSED', e)\n"
            "s = socket.socket(socket.AF_UNIX)\ns.bind(%r)\ns.close()\nprint('UNIX OK')\n" % str(tmp_path / "sock"))
    r = _child(code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("REFUSED nnport verify: network access is blocked") == 3 and "ALLOWED" not in r.stdout
    assert "UNIX OK" in r.stdout


def test_the_parent_is_not_confined():
    socket.socket(socket.AF_INET).close()   # only the children install the hook
