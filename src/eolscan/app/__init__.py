"""Use cases outside click: a scan's warnings, per-client files, the run index, trend."""
