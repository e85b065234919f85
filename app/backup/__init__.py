"""`flask backup` and `flask restore`: a consistent, checked copy of the database and uploads."""
