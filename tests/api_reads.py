"""Reads from a Prefect API in the tests that poll one (a test harness or a real `prefect server`).

Both servers keep their state in one SQLite file, which the runs under test keep writing to: on a
two-core machine a read can wait behind those writes for longer than an HTTP timeout. A read that
times out, or meets a server error, is asked again until a minute has passed; a client error (4xx)
is a mistake in the test and raised at once."""

from __future__ import annotations

import time
from typing import Any

import httpx

PATIENCE_S = 60.0  # how long a read is retried, against the 10–20 s one slow write can take


def api_request(method: str, url: str, body: dict | None = None) -> Any:
    deadline = time.monotonic() + PATIENCE_S
    while True:
        try:
            response = httpx.request(method, url, json=body, timeout=20)
            if response.status_code < 500:
                response.raise_for_status()
                return response.json()
            failure: Exception = httpx.HTTPStatusError("server error", request=response.request, response=response)
        except httpx.TransportError as error:  # timeouts, refused or reset connections
            failure = error
        if time.monotonic() > deadline:
            raise failure
        time.sleep(1)


def api_post(api: str, path: str, body: dict) -> Any:
    return api_request("POST", f"{api}{path}", body)


def api_get(api: str, path: str) -> Any:
    return api_request("GET", f"{api}{path}")
