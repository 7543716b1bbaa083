"""The report: the compact store of findings (spilled to disk when huge), summaries and the plan."""
