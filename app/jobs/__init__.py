"""Background jobs: the job record, the code that runs one, and two executors for it.

The in-process executor (default) and the Celery executor call the same
`run_job`, and job state lives only in the database, so either can pick up
what the other left. Job kinds are small handlers registered in `kinds/`.
"""
