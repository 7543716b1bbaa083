"""Judgement: status at a date and why, beyond one cycle's dates.

Free or paid phases, distribution builds, out-of-range versions, upgrade targets, patches.
"""
