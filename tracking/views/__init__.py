"""Tracking views, split by feature: progress, check-ins, history and your data."""
