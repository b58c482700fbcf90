"""The weekly jobs: the summary and the reminders, each posted exactly once."""
