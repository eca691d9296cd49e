"""Trigram search over Offer.search_text (issue 13 item 2): pg_trgm and a GIN index on PostgreSQL only.
Chinese has no word boundaries, so a trigram index serves substring search of any two or three
characters; SQLite searches with LIKE and needs nothing here."""

from django.db import migrations

EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
INDEX = (
    "CREATE INDEX IF NOT EXISTS market_offer_search_trgm "
    "ON market_offer USING gin (search_text gin_trgm_ops);"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXTENSION)
        schema_editor.execute(INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS market_offer_search_trgm;")


class Migration(migrations.Migration):
    dependencies = [("market", "0001_offers_groups")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
