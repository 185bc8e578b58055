"""The HTTP API: thin routes over the services, problem+json errors, one access policy."""
