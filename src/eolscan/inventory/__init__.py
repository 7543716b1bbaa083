"""Inventory readers: one module per input format behind one interface, and a registry."""
