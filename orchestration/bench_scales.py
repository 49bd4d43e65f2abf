"""The named scales of `pcp bench`: how many forces, how many months each."""

from __future__ import annotations

from dataclasses import dataclass


def bench_forces() -> tuple[str, ...]:
    """The generator's forces (seed area_lookup: Midshire, Wealdshire, then 41 fictional forces
    kept for the benchmark), in the order a scale takes them."""
    from data_contracts.reference import area_lookup

    return tuple(area_lookup()["force_id"].drop_duplicates())


@dataclass(frozen=True)
class Scale:
    name: str
    forces: int
    months: int  # generated per force: the full build runs all but the last, then the last alone
    about: str

    def force_ids(self) -> tuple[str, ...]:
        forces = bench_forces()
        if self.forces > len(forces):
            raise ValueError(
                f"scale {self.name} needs {self.forces} forces; seed area_lookup has {len(forces)}"
            )
        return forces[: self.forces]


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
