"""What a scheduled job is: the scheduler runs them, features declare their own."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class JobSpec:
    """A fixed interval job: `func(now)` runs every `seconds`; `id` names it to the scheduler and the CLI."""

    id: str
    func: Callable[[datetime], object]
    seconds: int
