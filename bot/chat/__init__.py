"""The Discord adapter: translates interactions and messages into ComplianceService calls and renders results.

Named `chat`, not `discord`, so it never shadows the discord.py package.
"""
