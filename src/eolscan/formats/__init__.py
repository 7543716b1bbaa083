"""Output formats: one renderer per format behind one interface, and a registry."""
