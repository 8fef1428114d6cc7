"""The annual transparency rating of the Executive: a methodology per year (indicators with
weighted criteria), evaluators' scores per agency, the agencies' contests, and the published
ranking, profiles, open data and PDF."""
