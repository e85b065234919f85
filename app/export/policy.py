"""The Content-Security-Policy an exported page carries in a ``<meta>`` element.

The static copy is served by any web server, or read as files, without the headers the live
site sends; so each page carries the site's own policy itself. A ``<meta>`` element cannot
carry every directive: browsers ignore ``frame-ancestors``, ``report-uri``, ``report-to``
and ``sandbox`` there, with a warning, so they are left out (a host that wants them sends
them as a header).
"""

NOT_IN_META = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})


def meta_policy(policy: str, webassembly: bool = False) -> str:
    """``policy`` without what a ``<meta>`` element cannot carry.

    ``webassembly`` lets the page compile WebAssembly ('wasm-unsafe-eval'), which Pagefind,
    the export's search, needs; it allows no other kind of eval.
    """
    directives = []
    for directive in policy.split(";"):
        words = directive.split()
        if not words or words[0].lower() in NOT_IN_META:
            continue
        if webassembly and words[0].lower() == "script-src":
            words.append("'wasm-unsafe-eval'")
        directives.append(" ".join(words))
    return "; ".join(directives)
