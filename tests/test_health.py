"""The service reports its health and describes its API."""


async def test_health_is_ok_when_migrated(client):
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["pending_migrations"] == 0


async def test_health_is_503_when_a_migration_is_missing(client):
    from piccolo.apps.migrations.tables import Migration

    await Migration.delete().where(Migration.app_name == "commitments")
    response = await client.get("/health")
    assert response.status_code == 503
    from commitments.db import known_migrations

    assert response.json()["pending_migrations"] == len(known_migrations())


async def test_openapi_schema_is_served(client):
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/health" in response.json()["paths"]
