"""uavex: UAV export-compliance assistant (MTCR rule engine, cited retrieval, Discord bot and CLI)."""

__version__ = "0.1.0"

ADVISORY_NOTICE = (
    "Advisory, not a determination: uavex summarises public guidance and is not legal advice. "
    "Confirm with your export-compliance counsel; binding answers come from the licensing authority "
    "(e.g. a commodity jurisdiction request or a licence decision)."
)
