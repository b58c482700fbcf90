"""Slack listeners, one folder per kind of event."""
