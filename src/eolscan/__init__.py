"""eolscan: warn IT consultants in time about end-of-life machines and software."""

__version__ = "0.1.0"
