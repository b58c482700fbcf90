"""Read models: plain snapshots the services hand to the message layer and the jobs."""
