"""The newsroom day: fetch feeds and pages, store articles, cluster them into stories."""
