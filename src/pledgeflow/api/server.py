"""Serving the app under uvicorn, with a shutdown that never waits on abandoned work.

A synchronous route (POST /plans runs the planner) executes in a worker thread that nothing
can interrupt, and Python waits for such threads before it exits: an abandoned plan request
kept the server alive long after it was told to stop. Uvicorn stops taking requests and
cancels the ones in flight after `grace_s`; a worker thread still running then has no one to
answer, and its open transaction was never committed, so the process leaves without it (the
database rolls the transaction back when its connection goes).
"""

from __future__ import annotations

import os
import sys
import threading

import uvicorn
from fastapi import FastAPI


def serve(app: FastAPI, host: str, port: int, grace_s: int, log_level: str = "info") -> None:
    uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=grace_s)
    stragglers = [
        thread
        for thread in threading.enumerate()
        if thread is not threading.main_thread() and thread.is_alive() and not thread.daemon
    ]
    if stragglers:
        print(
            f"stopped; {len(stragglers)} abandoned request(s) left unfinished and uncommitted",
            file=sys.stderr,
            flush=True,
        )
        sys.stdout.flush()
        os._exit(0)
