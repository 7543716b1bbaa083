"""The command line: click only; the registry, options and settings. Imports almost nothing."""
