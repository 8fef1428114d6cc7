"""Read side: query functions returning Pydantic models for pages, API and reports.

Each loads related rows in bulk (a fixed number of queries per call, whatever the row count)
and applies the same visibility rules as the services.
"""
