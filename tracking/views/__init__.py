"""Tracking views, split by feature: progress, check-ins and history."""
