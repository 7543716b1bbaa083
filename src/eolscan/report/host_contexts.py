"""Which accepted risks, ignores and contracts can apply to a host, worked out once a host.

A verdict depends on the item and on these entries; keyed by (item, host context), each
distinct pair is judged once, so accepted risks cost per distinct (item, context), not per row.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable
from typing import cast

from eolscan.judgement.accept import Acceptance, AcceptEntry
from eolscan.judgement.facts import policy_facts
from eolscan.judgement.ignore import IgnoreEntry
from eolscan.lifecycles.contracts import Contract
from eolscan.support.globs import ByName, Glob, by_literal_name, glob_matcher, literal_name

Context = tuple[str | None, tuple[int, ...], tuple[int, ...]]
"""(the client, where an expired entry can apply; the entries that can apply; the contracts
that cover the host): what a host's verdicts depend on besides the item."""

_Narrowed = tuple[str | None, tuple[int, ...], tuple[int, ...], tuple[int, ...]]
"""(the client, the accepted risks about a product, the ignores, the contracts for the
product) of a context: what ``HostContexts.narrow`` keeps of it for one product."""


_Shared = tuple[Context | None, tuple[Contract, ...], frozenset[str] | None]
"""(the context a client's hosts share, None when they share none; its contracts; the
hosts named outright, lower-cased, which have contexts of their own)."""


class HostContexts:
    """Which contracts and accepted risks can apply to a client's host, worked out once a host.

    A context is the indexes of the entries whose client and host globs match: two hosts with
    the same context get the same verdict for the same item. Where an expired accepted risk
    can apply, the client joins the context, because the expiry warning names the clients it
    would have covered. Client globs are matched once per client, host globs once per host.
    """

    def __init__(self, contracts: tuple[Contract, ...], acceptance: Acceptance | None) -> None:
        entries = acceptance.entries if acceptance is not None else []
        ignores = acceptance.ignores if acceptance is not None else []
        self._contracts = contracts
        # a contract for a distribution's release also covers the packages of its archive
        # (``verdict._distribution``): it stays in every product's narrowed context
        distributions = policy_facts().distributions
        self._releases = tuple({c.product for c in contracts if c.product in distributions})
        rules: list[AcceptEntry | IgnoreEntry] = [*entries, *ignores]
        self._globs = [(glob_matcher(e.client), glob_matcher(e.host)) for e in rules]
        self._contract_globs = [(glob_matcher(c.client), glob_matcher(c.host)) for c in contracts]
        self._hosts = [e.host for e in rules]
        self._contract_hosts = [c.host for c in contracts]
        self._named_globs = by_literal_name(enumerate(e.client for e in rules))
        self._named_contracts = by_literal_name(enumerate(c.client for c in contracts))
        as_of = acceptance.as_of if acceptance is not None else None
        self._expired = frozenset(  # also ignores from a client folder, which match by file
            at
            for at, e in enumerate(rules)
            if as_of is not None
            and (
                (isinstance(e, IgnoreEntry) and (e.folder or not e.active(as_of)))
                or (not isinstance(e, IgnoreEntry) and as_of > e.until)
            )
        )
        self._products = [None if isinstance(e, IgnoreEntry) else e.product.lower() for e in rules]
        # an accepted release (CentOS 7 on web01) also accepts the packages of its archive
        self._accepted_releases = tuple(
            {p for p in self._products if p is not None and p in distributions}
        )
        self._ignores_from = len(entries)  # rules past this index are ignores
        self._acceptance = acceptance
        self._narrowed: dict[tuple[Hashable, str | None], _Narrowed] = {}
        self._could_ignore: dict[tuple[str, str | None], frozenset[int]] = {}
        self._by_client: dict[str, tuple[list[tuple[int, Glob]], list[tuple[int, Glob]]]] = {}
        self._keys: dict[tuple[str, str], Hashable] = {}
        self._applicable: dict[tuple[str, str], tuple[Contract, ...]] = {}
        self._shared: dict[str, _Shared] = {}
        self._interned: dict[Context, Context] = {}

    def key(self, client: str, host: str) -> Hashable:
        """The context of one host: the client's own, shared by its hosts that no entry
        names, or the host's (cached per client and host)."""
        shared = self._shared.get(client)
        if shared is None:
            shared = self._share(client)
        context, _, named = shared
        if context is not None and (named is None or host.lower() not in named):
            return context
        found = self._keys.get((client, host))
        if found is None:
            entries, contracts = self._client_part(client)
            lowered = host.lower()
            matching = tuple(at for at, glob in entries if glob is None or glob(lowered))
            covering = tuple(at for at, glob in contracts if glob is None or glob(lowered))
            found = self._intern(client, matching, covering)
            self._keys[client, host] = found
            self._applicable[client, host] = tuple(self._contracts[at] for at in covering)
        return found

    def _share(self, client: str) -> _Shared:
        """What a client's hosts share: the context of a host that no entry or contract
        names, with its contracts and the hosts named outright (None: no host is), when
        every host glob of the client's entries names a host outright or matches all; a
        client with a host wildcard shares nothing (``None`` for its context). A file of
        accepted risks for single hosts gives those hosts a context of their own, and each
        of the client's other hosts the client's, without matching them one by one."""
        entries, contracts = self._client_part(client)
        patterns = [self._hosts[at] for at, glob in entries if glob is not None]
        patterns += [self._contract_hosts[at] for at, glob in contracts if glob is not None]
        names = [literal_name(pattern) for pattern in patterns]
        if None in names:
            shared: _Shared = (None, (), None)
        else:
            matching = tuple(at for at, glob in entries if glob is None)
            covering = tuple(at for at, glob in contracts if glob is None)
            context = self._intern(client, matching, covering)
            applicable = tuple(self._contracts[at] for at in covering)
            shared = (context, applicable, frozenset(cast(list[str], names)) or None)
        self._shared[client] = shared
        return shared

    def _intern(self, client: str, matching: tuple[int, ...], covering: tuple[int, ...]) -> Context:
        """A context, one object for alike hosts (the scan's loop keeps its index by it)."""
        named = client if self._expired.intersection(matching) else None
        found = (named, matching, covering)
        return self._interned.setdefault(found, found)

    def narrow(self, context: Hashable, product: str | None, name: str) -> Hashable:
        """The part of a host's ``context`` that can change a verdict about an item of this
        ``product`` and ``name``: its accepted risks and contracts for other products cannot
        (a contract covers only its own product's cycles, and a release's the packages of
        its archive), nor can ignores whose name glob
        or product the item does not match; so every host whose entries concern other items
        shares one verdict per item (a book whose every client folder ignores one runtime
        judges the others once, not once per client)."""
        narrowed = self._narrowed.get((context, product))
        if narrowed is None:
            narrowed = self._narrowed[context, product] = self._narrow(context, product)
        named, kept, ignores, covered = narrowed
        if ignores:
            could = self._ignorable(name, product)
            if could:
                kept += tuple(sorted(could.intersection(ignores)))
        return (named if self._expired.intersection(kept) else None, kept, covered)

    def _narrow(self, context: Hashable, product: str | None) -> _Narrowed:
        """(the client, the accepted risks about ``product``, the ignores, the contracts
        for ``product`` or for a distribution's release) of a host's context."""
        named, matching, covering = cast(Context, context)
        lowered = product.lower() if product is not None else None
        cut = bisect_left(matching, self._ignores_from)  # the entries, then the ignores
        products = self._products
        accepted = (lowered, *self._accepted_releases)
        kept = tuple(at for at in matching[:cut] if products[at] in accepted)
        ignores = matching[cut:]
        contracts, contracted = self._contracts, (product, *self._releases)
        covered = tuple(at for at in covering if contracts[at].product in contracted)
        return named, kept, ignores, covered

    def _ignorable(self, name: str, product: str | None) -> frozenset[int]:
        """The ignores (as indexes among the rules) whose name glob and product an item of
        this ``name`` and ``product`` matches, on whichever host."""
        found = self._could_ignore.get((name, product))
        if found is None:
            first, acceptance = self._ignores_from, self._acceptance
            could = acceptance.ignorable(name, product) if acceptance is not None else ()
            found = self._could_ignore[name, product] = frozenset(first + at for at in could)
        return found

    def contracts_for(self, client: str, host: str) -> tuple[Contract, ...]:
        """The contracts whose globs cover this host."""
        self.key(client, host)
        own = self._applicable.get((client, host))
        return own if own is not None else self._shared[client][1]

    def _client_part(self, client: str) -> tuple[list[tuple[int, Glob]], list[tuple[int, Glob]]]:
        """The entries and contracts whose client glob matches, each with its host glob."""
        found = self._by_client.get(client)
        if found is None:
            lowered = client.lower()
            found = self._by_client[client] = (
                _matching(self._globs, self._named_globs, lowered),
                _matching(self._contract_globs, self._named_contracts, lowered),
            )
        return found


def _matching(
    globs: list[tuple[Glob, Glob]], by_name: ByName, client: str
) -> list[tuple[int, Glob]]:
    """The globs whose client glob matches ``client`` (lower-cased), in file order, each as
    (index, host glob)."""
    named, others = by_name
    ats = sorted([*named.get(client, ()), *(at for at in others if _matches(globs[at][0], client))])
    return [(at, globs[at][1]) for at in ats]


def _matches(glob: Glob, text: str) -> bool:
    return glob is None or bool(glob(text))
