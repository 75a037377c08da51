"""Services: what the pages and the command line ask of the core.

Each call combines catalog, loaders, store and metrics for one use; pages
and cli.py call these and render, never parsing files or computing
indicators themselves.
"""
