"""Extended-support contracts from the local overlay, applied per client and host. Pure.

A contract says "client Acme has ESU for windows-server 2012-r2 until 2026-10-13": on
the hosts it covers, that cycle's extended support ends on the contract's date and the
host counts as paying for it, so the cycle is ``extended`` while the contract runs and
``eol`` after it. Hosts the contract does not cover are assessed as before.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from eolscan.model import Asset, Cycle
from eolscan.support.globs import glob_matches


@dataclass(frozen=True, slots=True)
class Contract:
    """Paid extended support for one product cycle on the hosts matching two globs."""

    product: str
    cycle: str
    until: date
    client: str = "*"
    host: str = "*"
    note: str = ""
    source: str = ""

    def covers(self, asset: Asset, product_id: str, cycle_id: str) -> bool:
        """True when this contract is for that product cycle on that client and host."""
        return (
            self.product == product_id
            and self.cycle == cycle_id
            and glob_matches(asset.client.lower(), self.client.lower())
            and glob_matches(asset.host.lower(), self.host.lower())
        )


def apply_contracts(
    contracts: tuple[Contract, ...], asset: Asset, product_id: str, cycles: tuple[Cycle, ...]
) -> tuple[Asset, tuple[Cycle, ...], Contract | None]:
    """The asset and cycles as assessed under the first contract covering them (if any).

    A covered cycle gets the contract's end date as its extended-support end and is
    marked as overlay data; the asset is marked as paying for extended support.
    """
    if not contracts:
        return asset, cycles, None
    applied: Contract | None = None
    result: list[Cycle] = []
    for cycle in cycles:
        contract = next((c for c in contracts if c.covers(asset, product_id, cycle.id)), None)
        if contract is None:
            result.append(cycle)
            continue
        applied = applied or contract
        result.append(dataclasses.replace(cycle, extended_end=contract.until, overlay=True))
    if applied is None:
        return asset, cycles, None
    return dataclasses.replace(asset, extended_support=True), tuple(result), applied


def contract_reason(contract: Contract) -> str:
    """The finding's note when a contract decided its status."""
    text = f"extended support contract until {contract.until.isoformat()} (local overlay"
    text += f", {contract.source})" if contract.source else ")"
    return f"{text}: {contract.note}" if contract.note else text
