"""Mail: notices written to an outbox in the transaction of the event that causes them
(`outbox`, `notices`), reminders computed from deadlines (`reminders`), and a sender that
delivers the outbox over SMTP with retries (`sender`)."""
