"""The interactive reader: prompt_toolkit with history and completion, Ctrl-C and Ctrl-D."""

from __future__ import annotations

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from devkit.console.repl import TerminalReader


def test_terminal_reader_reads_lines_and_reports_ctrl_c_and_ctrl_d() -> None:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        reader = TerminalReader(lambda: ["U0SSPOFFICER"])
        pipe.send_text("/dhr mine\n")
        assert reader.read("U0COORD> ", command=True) == "/dhr mine"
        pipe.send_text("Complete\n")
        assert reader.read("Status: ") == "Complete"
        pipe.send_text("\x03")
        with pytest.raises(KeyboardInterrupt):
            reader.read("Note: ")
        pipe.send_text("\x04")
        with pytest.raises(EOFError):
            reader.read("U0COORD> ", command=True)
