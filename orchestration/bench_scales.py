"""The named scales of `pcp bench`: how many forces, how many months each."""

from __future__ import annotations

from dataclasses import dataclass

# The generator's forces (seed area_lookup), in the order a scale takes them.
BENCH_FORCES = ("midshire", "wealdshire")


@dataclass(frozen=True)
class Scale:
    name: str
    forces: int
    months: int  # generated per force: the full build runs all but the last, then the last alone
    about: str

    def force_ids(self) -> tuple[str, ...]:
        if self.forces > len(BENCH_FORCES):
            raise ValueError(
                f"scale {self.name} needs {self.forces} forces; the generator knows "
                f"{len(BENCH_FORCES)} ({', '.join(BENCH_FORCES)})"
            )
        return BENCH_FORCES[: self.forces]


SCALES = {
    scale.name: scale
    for scale in (
        # 13 months: the last two months have a 12-month total to compare with the floor's
        Scale("smoke", 1, 13, "1 force x 13 months (the test suite's run)"),
        Scale("force", 1, 36, "1 force x 3 years"),
        Scale("force-10y", 1, 120, "1 force x 10 years"),
        Scale("region", 5, 60, "5 forces x 5 years"),
        Scale("national", 43, 60, "43 forces x 5 years"),
    )
}
