"""What the coalition says about itself: its name, tagline and introduction.

These few values appear on every page, so they are kept as simple settings rather than as
a record with a history.
"""
