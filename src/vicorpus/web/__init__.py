"""Web pages: charset decoding (legacy Vietnamese fonts included), main-text extraction,
registrable domains, machine-readable AI-training opt-outs, robots.txt. Pure functions on
bytes and ``str``; the WARC and HTML readers wrap them."""

from vicorpus.web.charset import decode_html
from vicorpus.web.domains import registrable_domain
from vicorpus.web.optout import OPTOUT_SIGNALS, optout_signals

__all__ = ["OPTOUT_SIGNALS", "decode_html", "optout_signals", "registrable_domain"]
