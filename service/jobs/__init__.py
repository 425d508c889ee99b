"""Summary jobs: every request becomes a stored job before it runs, so results can be fetched
again, listed, replayed by Idempotency-Key, and survive a restart. `store.py` is the store
protocol and the job models, `sqlite.py` the embedded SQLite store (`open_store`), `runner.py`
runs jobs in this process (leases, heartbeat, resume, drain), `owners.py` names the process
that holds a lease. `open.py` picks the store and the LLM call cache for CHORUS_DATABASE_URL;
`postgres_cache.py` is the call cache every Postgres replica and worker shares;
`postgres_events.py` relays a job's streamed events from its worker to the replica streaming it.
"""
