"""Inventory readers: one module per input format behind one interface, and a registry."""

PRESET_NAMES = (
    "lansweeper",
    "ninjaone",
    "datto",
    "ocs",
    "powershell",
    "intune",
    "defender",
    "sccm",
    "pdq",
    "jamf",
)
"""``--preset`` choices (each is also an input format); here so the CLI can list them cheaply."""
