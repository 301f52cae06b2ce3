"""Work on stored cases: the memo for counsel, re-running under current rules, re-screening, the margins chart.

Core code (no discord.py); each module imports its heavy library (fpdf2, matplotlib) only when it is used.
"""
