"""The instance's country and who issues its reports."""

from __future__ import annotations

from litestar import Controller, get, patch
from litestar.params import JSONBody

from commitments.schemas import CountryPatch
from commitments.services import country
from commitments.services.country import CountryOut
from server.auth import CurrentActor


class CountryController(Controller):
    path = "/api/v1/country"
    tags = ["reference"]

    @get("/", summary="The country and who issues its reports")
    async def show(self, actor: CurrentActor) -> CountryOut:
        return await country.get_country(actor)

    @patch("/", summary="Change who issues the reports: institution, signatory, contact (admin)")
    async def change(self, actor: CurrentActor, data: JSONBody[CountryPatch]) -> CountryOut:
        return await country.update_country(actor, data)
