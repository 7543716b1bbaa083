"""Which client.toml speaks for a client: the first folder holding one of its files."""

from __future__ import annotations

from eolscan.app.client_settings import ClientSettings
from eolscan.formats.settings import ClientInfo


def test_a_client_gets_the_first_folder_that_holds_one_of_its_files() -> None:
    book, acme, north = ClientInfo("Book"), ClientInfo("Acme Ltd"), ClientInfo("Northwind")
    settings = ClientSettings({"clients/acme": acme, "clients/northwind": north, "clients": book})
    files = {
        "Acme": {"clients/acme/pcs.csv", "clients/acme/servers/dc1.yaml"},
        "Northwind": {"exports/northwind.csv", "clients/northwind/2026/pc-01.json"},
        "Both": {"clients/northwind/x.csv", "clients/acme/y.csv"},
        "Elsewhere": {"exports/elsewhere.csv", "clients-old/acme/z.csv"},
        "Loose": {"clients/loose.csv"},
    }
    assert settings.for_clients(files) == {
        "Acme": acme,
        "Northwind": north,
        "Both": acme,  # the folder found first
        "Loose": book,
    }
