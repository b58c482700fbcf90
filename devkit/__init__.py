"""The development kit: a Slack Web API stand-in and the terminal console; not for production."""
