"""Sectoral technical roundtables (mesas técnicas): their work plans, participants and
activities, and the recommendations they serve."""
