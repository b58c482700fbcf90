"""Block Kit builders: pure functions from snapshots to Slack payloads."""
