"""Provider limits shared by every LLM request of the process.

- `TokenBucket`: requests-per-minute (CHORUS_LLM_RPM) and tokens-per-minute (CHORUS_LLM_TPM)
  budgets, refilled continuously; a request waits until its share is there.
- `AdaptiveLimit`: how many requests may be in flight, under the hard cap
  CHORUS_LLM_MAX_CONCURRENCY: halved on a 429 or a timeout (and everyone pauses for the
  server's Retry-After), grown by one on each success, never above the cap.

No library does both on asyncio with an injectable clock (aiolimiter is a leaky bucket for
one rate and has no adaptive limit), so they are written here; both are small.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class TokenBucket:
    """`rate_per_min` units a minute, at most `capacity` banked (default: one minute's worth)."""

    def __init__(
        self, rate_per_min: float, *, capacity: float | None = None,
        clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep,
    ) -> None:  # fmt: skip
        self.rate = rate_per_min / 60.0
        self.capacity = capacity if capacity is not None else rate_per_min
        self.tokens = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._stamp = clock()
        self._lock = asyncio.Lock()  # FIFO: an early big request is not starved by small ones

    def _refill(self) -> None:
        now = self._clock()
        self.tokens = min(self.capacity, self.tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self, amount: float = 1.0) -> float:
        """Take `amount` (a request bigger than the capacity waits for a full bucket); returns
        the seconds waited."""
        amount = min(amount, self.capacity)
        waited = 0.0
        async with self._lock:
            self._refill()
            while self.tokens < amount:
                delay = (amount - self.tokens) / self.rate
                await self._sleep(delay)
                waited += delay
                self._refill()
            self.tokens -= amount
        return waited

    def refund(self, amount: float) -> None:
        """Give back what was reserved but not used (negative: take what was used beyond the
        reservation, which later requests then wait for)."""
        self.tokens = min(self.capacity, self.tokens + amount)


class AdaptiveLimit:
    """Additive increase, multiplicative decrease of the in-flight limit, under `cap`."""

    def __init__(
        self, cap: int, *, start: int | None = None,
        clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep,
    ) -> None:  # fmt: skip
        self.cap = cap
        self.limit = float(start if start is not None else cap)
        self.in_flight = 0
        self.peak = 0
        self._paused_until = 0.0
        self._clock = clock
        self._sleep = sleep
        self._changed = asyncio.Condition()

    def set_cap(self, cap: int) -> None:
        self.cap = max(1, cap)
        self.limit = min(self.limit, float(self.cap))

    @property
    def allowed(self) -> int:
        return max(1, int(self.limit))

    @asynccontextmanager
    async def slot(self, *, honour_pause: bool = True) -> AsyncIterator[None]:
        """A place among the requests in flight. A first attempt also waits out a pause a
        429's Retry-After set (a retry has waited it already, in the retry layer)."""
        pause = self._paused_until - self._clock()
        if honour_pause and pause > 0:
            await self._sleep(pause)
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < self.allowed)
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        try:
            yield
        finally:
            async with self._changed:
                self.in_flight -= 1
                self._changed.notify_all()

    def succeeded(self) -> None:
        self.limit = min(float(self.cap), self.limit + 1.0)

    def overloaded(self, retry_after: float | None = None) -> None:
        """A 429 or a timeout: halve the limit; pause new requests for Retry-After."""
        self.limit = max(1.0, self.limit / 2.0)
        if retry_after:
            self._paused_until = max(self._paused_until, self._clock() + retry_after)


class Limiter:
    """What one request goes through before it is sent: RPM, TPM, then a concurrency slot."""

    def __init__(
        self, cap: int, *, rpm: int | None = None, tpm: int | None = None,
        clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep,
    ) -> None:  # fmt: skip
        self.concurrency = AdaptiveLimit(cap, clock=clock, sleep=sleep)
        self.rpm = TokenBucket(rpm, clock=clock, sleep=sleep) if rpm else None
        self.tpm = TokenBucket(tpm, clock=clock, sleep=sleep) if tpm else None

    def settle(self, reserved: int, used: int) -> None:
        """True the TPM bucket up with what a request really used."""
        if self.tpm is not None:
            self.tpm.refund(reserved - used)

    @asynccontextmanager
    async def request(self, tokens: int, *, first: bool = True) -> AsyncIterator[None]:
        if self.rpm is not None:
            await self.rpm.acquire(1)
        if self.tpm is not None:
            await self.tpm.acquire(tokens)
        async with self.concurrency.slot(honour_pause=first):
            yield


__all__ = ["AdaptiveLimit", "Limiter", "TokenBucket"]
