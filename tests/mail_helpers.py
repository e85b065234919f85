"""Mail in tests."""
