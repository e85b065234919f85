"""What the parts of the transparency record share for the static export."""

from app.export.state import export_base_url, is_exporting


def record_ids(keys: list[str]) -> list[int]:
    """The record ids among the keys of changes, which are text ("42")."""
    return [int(key) for key in keys if key.isascii() and key.isdigit()]


def absolute_addresses_known() -> bool:
    """False while exporting without --base-url: the site's address is unknown then, so
    structured data that needs absolute addresses is left out rather than made wrong."""
    return not is_exporting() or bool(export_base_url())
