"""MediaWiki wikitext → plain text, for one page at a time.

Pure functions on ``str`` that know nothing of pipelines or dumps::

    from vicorpus.wikitext import SiteNames, wikitext_to_text

    wikitext_to_text("'''Huế''' là [[thành phố]] ở [[Việt Nam]].<ref>x</ref>")
    # 'Huế là thành phố ở Việt Nam.'

Needs ``mwparserfromhell`` (the ``wikipedia`` extra).
"""

try:
    import mwparserfromhell  # noqa: F401 - checked here for a clear message
except ImportError as error:  # pragma: no cover - the extra is installed in development
    raise ImportError("vicorpus.wikitext needs mwparserfromhell: pip install 'vicorpus[wikipedia]'") from error

from vicorpus.wikitext.convert import wikitext_to_text
from vicorpus.wikitext.names import DEFAULT_SITE, SiteNames

__all__ = ["DEFAULT_SITE", "SiteNames", "wikitext_to_text"]
