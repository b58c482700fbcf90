"""DHR action tracker: the domain, services and entry points."""
