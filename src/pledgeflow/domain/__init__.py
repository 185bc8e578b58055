"""The pure core: records of the coordination mission and the rules each one guards.

Nothing here touches a database, the network, files, the clock or randomness, so every rule
can be tested in isolation and reused by the planner, the importers and the services alike.
"""
