"""The daily Slack brief: `brief.py` gathers and ranks the day's stories and publishes them,
`blocks.py` renders Block Kit (and the Markdown preview), `client.py` is the only code that
talks to Slack (Web API or webhook, retries), `ledger.py` remembers what was posted so a rerun
resumes instead of posting twice, `schedule.py` runs it every day at a set time.
"""
