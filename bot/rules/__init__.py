"""Rules as dated, cited data (corpus/rules) and the pure engine that applies them."""
