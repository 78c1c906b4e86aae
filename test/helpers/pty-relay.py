"""Runs a command on a real pseudo-terminal (80x24 unless PTY_COLS/PTY_ROWS say otherwise).

Each chunk read from our stdin is written to the terminal in one write, so the program reads it in
one read (as a paste or fast typing arrives); everything the program draws is copied to our stdout.
Exits with the program's exit status.
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios

cols = int(os.environ.get("PTY_COLS", "80"))
rows = int(os.environ.get("PTY_ROWS", "24"))
pid, master = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
inputs = [master, 0]
while True:
    ready, _, _ = select.select(inputs, [], [])
    if 0 in ready:
        chunk = os.read(0, 65536)
        if chunk:
            os.write(master, chunk)
        else:
            inputs.remove(0)
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        os.write(1, data)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
