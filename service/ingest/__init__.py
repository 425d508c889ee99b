"""The newsroom day: fetch feeds and pages, store articles, cluster them into stories.

`fetch.py` is the one fetcher every request goes through (http/https only, no private
addresses, caps on redirects, bytes and time), `feeds.py` reads RSS/Atom with feedparser,
`extract.py` takes a page's main text with trafilatura, `store.py` keeps articles and stories
(SQLite, beside the jobs), `cluster.py` groups articles into stories, `stories.py` updates
them incrementally with stable ids, `rank.py` orders the day's stories, `mixed.py` warns when
a posted cluster holds several stories, `run.py`/`service.py` run one ingest pass.
"""
