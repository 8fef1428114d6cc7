"""Recommendations and what hangs from them: assignments, evidence, assessments, links."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody, QueryParameter
from pydantic import BaseModel

from commitments.queries import recommendations as rq
from commitments.queries import workflow as wq
from commitments.queries.models import (
    AgencyRole,
    AssessmentOut,
    AssignmentOut,
    EvidenceOut,
    LinkOut,
    RecommendationDetail,
    RecommendationSummary,
    ResponseOut,
    SearchPage,
)
from commitments.schemas import (
    AssessmentIn,
    AssignmentIn,
    EvidenceIn,
    RecommendationIn,
    RecommendationPatch,
    RowId,
    TranslationIn,
)
from commitments.services import assessments, assignments, evidence, recommendations, translations
from server.auth import CurrentActor
from server.formdata import max_upload_body, uploaded
from server.params import PageNumber, PageSize, PathId


class LinkIn(BaseModel):
    other: RowId
    kind: str = "related"


class RecommendationController(Controller):
    path = "/api/v1/recommendations"
    tags = ["recommendations"]

    @get("/", summary="List recommendations (filters, search, pagination)")
    async def list_(
        self,
        actor: CurrentActor,
        mechanism: FromQuery[str | None] = None,
        cycle: FromQuery[str | None] = None,
        agency: FromQuery[str | None] = None,
        state_filter: Annotated[str | None, QueryParameter(name="state")] = None,
        q: FromQuery[str | None] = None,
        sort: Annotated[str | None, QueryParameter(name="sort", max_length=20)] = None,
        page: PageNumber = 1,
        page_size: PageSize = 50,
    ) -> SearchPage[RecommendationSummary]:
        """`sort`: code, issued_on, due_on or updated, `-` first for descending (a search ranks
        best first). `suggestions`: when `q` finds nothing, up to three queries like it, with
        its unknown words replaced by the nearest words that do find something (else empty)."""
        f = rq.RecommendationFilter(
            mechanism=mechanism, cycle=cycle, agency=agency, state=state_filter, q=q, sort=sort or None
        )
        return await rq.list_recommendations(actor, f, page, page_size)

    @post("/", summary="Add a recommendation")
    async def create(self, actor: CurrentActor, data: JSONBody[RecommendationIn]) -> RecommendationDetail:
        return await rq.get_recommendation(actor, await recommendations.create_recommendation(actor, data))

    @get("/{rec_id:int}", summary="A recommendation")
    async def detail(self, rec_id: PathId, actor: CurrentActor) -> RecommendationDetail:
        return await rq.get_recommendation(actor, rec_id)

    @patch("/{rec_id:int}", summary="Change a recommendation (send the version you loaded)")
    async def change(
        self, rec_id: PathId, actor: CurrentActor, data: JSONBody[RecommendationPatch]
    ) -> RecommendationDetail:
        await recommendations.update_recommendation(actor, rec_id, data)
        return await rq.get_recommendation(actor, rec_id)

    @put(
        "/{rec_id:int}/translations/{language:str}",
        summary="Write the commission's translation into es or en (send the version you loaded)",
    )
    async def translate(
        self, rec_id: PathId, language: FromPath[str], actor: CurrentActor, data: JSONBody[TranslationIn]
    ) -> RecommendationDetail:
        await translations.save_translation(actor, rec_id, language, data)
        return await rq.get_recommendation(actor, rec_id)

    @get("/{rec_id:int}/assignments", summary="Agencies assigned")
    async def assignments(self, rec_id: PathId, actor: CurrentActor) -> list[AgencyRole]:
        return (await rq.get_recommendation(actor, rec_id)).agencies

    @post("/{rec_id:int}/assignments", summary="Assign an agency")
    async def assign(
        self, rec_id: PathId, actor: CurrentActor, data: JSONBody[AssignmentIn]
    ) -> AssignmentOut:
        assignment_id = await assignments.assign(actor, rec_id, data)
        return await wq.get_assignment(actor, assignment_id)

    @get("/{rec_id:int}/responses", summary="Agencies' responses")
    async def recommendation_responses(self, rec_id: PathId, actor: CurrentActor) -> list[ResponseOut]:
        return await wq.responses_of_recommendation(actor, rec_id)

    @get("/{rec_id:int}/evidence", summary="Evidence the caller may read")
    async def evidence(self, rec_id: PathId, actor: CurrentActor) -> list[EvidenceOut]:
        return await wq.evidence_of_recommendation(actor, rec_id)

    @post(
        "/{rec_id:int}/evidence",
        summary="Add evidence: a file or a link",
        request_max_body_size=max_upload_body(),
    )
    async def add_evidence(
        self,
        rec_id: PathId,
        actor: CurrentActor,
        data: MultipartBody[dict[str, Any]],
    ) -> EvidenceOut:
        content, name = await uploaded(data)
        fields = {k: v for k, v in data.items() if k != "file" and v not in (None, "")}
        meta = EvidenceIn.model_validate(fields)
        evidence_id = await evidence.upload_evidence(actor, rec_id, meta, content, name)
        return await wq.get_evidence(actor, evidence_id)

    @get("/{rec_id:int}/assessments", summary="Assessment history (self and reviewer)")
    async def assessments(self, rec_id: PathId, actor: CurrentActor) -> list[AssessmentOut]:
        return await wq.assessments_of(actor, rec_id)

    @post("/{rec_id:int}/assessments", summary="Record an assessment")
    async def assess(
        self, rec_id: PathId, actor: CurrentActor, data: JSONBody[AssessmentIn]
    ) -> list[AssessmentOut]:
        await assessments.record_assessment(actor, rec_id, data)
        return await wq.assessments_of(actor, rec_id)

    @get("/{rec_id:int}/links", summary="Related recommendations")
    async def links(self, rec_id: PathId, actor: CurrentActor) -> list[LinkOut]:
        return await rq.links_of(actor, rec_id)

    @post("/{rec_id:int}/links", summary="Link to another recommendation")
    async def link(self, rec_id: PathId, actor: CurrentActor, data: JSONBody[LinkIn]) -> list[LinkOut]:
        await recommendations.link_recommendations(actor, rec_id, data.other, data.kind)
        return await rq.links_of(actor, rec_id)
