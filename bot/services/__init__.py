"""The tracker's services: what people ask of the plan, with rules and permissions."""
