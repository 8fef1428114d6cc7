"""What anyone may read without signing in: the one public rule.

The public portal (commitments.queries.public), the open data export
(commitments.imports.exporting) and every report that is not internal (commitments.reports)
publish by these conditions and no others:

- a recommendation is public when it belongs to the instance's country and is real (demo
  samples never leave through the public doors);
- evidence is public when it is marked public, has been verified, and is not part of an
  agency's response still in draft, submitted or returned (an accepted answer is the
  government's word; an unreviewed one is not yet);
- a report is public once issued (final or sent) and not internal (internal reports cite
  non-public evidence and name focal points);
- a technical roundtable and its activities are public unless they are demo samples;
- a year of the transparency rating is public once published, unless it is a demo sample (its
  methodology, scores, notes and evidence links; never the agencies' contests).

Reports also print sample content, marked as such, so the evidence rule takes `samples`.
"""

from __future__ import annotations

from piccolo.custom_types import Combinable

from commitments.policy import ISSUED, country
from commitments.tables import Evidence, Recommendation, Report, Roundtable, RoundtableActivity, ScorecardYear
from commitments.vocabulary import ResponseState, ScorecardState, Verification, Visibility


def recommendations() -> list[Combinable]:
    """Recommendations anyone may read: the country's real ones."""
    # A subquery rather than a join to country: a searched page counts up to 100,000 rows.
    return [Recommendation.sample.eq(False), Recommendation.country.is_in(country())]


def evidence(samples: bool = False) -> Combinable:
    """Evidence anyone may see (on a recommendation of the country); `samples` admits demo
    evidence, which only a report prints, marked."""
    where = (
        Evidence.recommendation._.country.is_in(country())
        & (Evidence.visibility == Visibility.PUBLIC)
        & (Evidence.verification == Verification.VERIFIED)
        & (Evidence.response.is_null() | (Evidence.response._.state == ResponseState.ACCEPTED))
    )
    return (
        where if samples else where & Evidence.sample.eq(False) & Evidence.recommendation._.sample.eq(False)
    )


def reports() -> Combinable:
    """Reports anyone may read and download."""
    return Report.country.is_in(country()) & Report.state.is_in(list(ISSUED)) & Report.internal.eq(False)


def roundtables() -> Combinable:
    """Technical roundtables anyone may read: the country's real ones."""
    return Roundtable.country.is_in(country()) & Roundtable.sample.eq(False)


def roundtable_activities() -> Combinable:
    """Activities of a public roundtable anyone may read: the real ones."""
    return RoundtableActivity.sample.eq(False)


def scorecard_years() -> Combinable:
    """Years of the transparency rating anyone may read: the published ones."""
    return (
        ScorecardYear.country.is_in(country())
        & (ScorecardYear.state == ScorecardState.PUBLISHED)
        & ScorecardYear.sample.eq(False)
    )
