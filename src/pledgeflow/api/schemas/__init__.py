"""Request and response shapes: `<Thing>Create` / `<Thing>Update` in, `<Thing>Public` out.

Inputs forbid unknown fields, so a client can never set a field the API does not offer.
"""
