"""Use cases: each takes an Actor, checks it, writes in one transaction and audits the change."""
