"""Support: whole-or-nothing files, safe YAML, bounded reads, stderr logging, visible text."""
