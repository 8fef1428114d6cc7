"""Background work: rendering reports, delivering the outbox, giving reminders.

Two ways to run it, one behaviour. With no queue configured (the embedded default) the web
worker that received a request renders the report itself, in a separate process, and `serve`
delivers mail and gives reminders on a schedule. With COMMITMENTS_QUEUE_URL (Redis or
PostgreSQL, through SAQ) the web servers only enqueue, and `commitments worker`, on any host,
runs the jobs. Either way the database row is the job's record (a report's render state,
attempts and error; a message's outbox state), so a job may run twice, late, or after a
restart without doing its work twice, and a sweep finds what a dead process left behind."""
