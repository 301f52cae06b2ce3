"""Understanding a typed question and composing a grounded, cited answer."""
