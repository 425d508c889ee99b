"""The daily Slack brief: `brief.py` gathers and ranks the day's stories and publishes them
(`stories.py` reads them from the ingested stories), `blocks.py` renders Block Kit (and the
Markdown preview), `client.py` is the only code that talks to Slack (Web API or webhook,
retries), `signature.py` checks that a slash command really came from Slack, `ledger.py`
remembers what was posted so a rerun resumes instead of posting twice, `schedule.py` runs it
every day at a set time. The `/brief` route itself is `api/slack.py`.
"""
