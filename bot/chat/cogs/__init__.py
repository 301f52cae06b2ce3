"""discord.py cogs: each command defers, calls the core service off the event loop, and renders."""
