"""A request-body limit enforced before anything reads or parses the body."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._i18n import Lang
from .._i18n import Message as Text
from .language import scope_lang
from .problems import problem_response

__all__ = ["BodyLimit"]


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: reject bodies over ``limit`` bytes with 413 problem details.

    A declared ``Content-Length`` over the limit is rejected at once (one within it is all
    the HTTP server delivers); a body of undeclared length (chunked) is counted as it
    arrives and cut off as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, limit: int, default_lang: Lang = Lang.FI) -> None:
        self.app = app
        self.limit = limit
        self.default_lang = default_lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared: int | None = None
        chunked = False
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.limit:
                    await self._reject(scope, receive, send)
                    return
            elif name == b"transfer-encoding":
                chunked = True
        if declared is not None and not chunked:
            # The HTTP server delivers exactly the declared length (what follows is the
            # next request), so a body within the limit needs no counting: the common
            # request skips two wrappers around `receive` and `send`.
            await self.app(scope, receive, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            "request-too-large",
            Text("problems", "body-too-large", limit=self.limit),
            lang=scope_lang(
                scope.get("headers", []), scope.get("query_string", b""), self.default_lang
            ),
        )
        await response(scope, receive, send)
