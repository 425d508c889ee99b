"""The public web pages (the day's stories, one story with evidence on hover) and /docs,
server-rendered from Jinja2 templates kept here, apart from the LLM prompts."""
