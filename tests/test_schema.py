"""Every fixture's JSON record validates against the schema `wpclean schema` prints."""
from __future__ import annotations

from pathlib import Path

import jsonschema

import wpclean
from wpclean.render.record import record
from wpclean.render.schema import SCHEMA


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_record_validates(document: Path):
    result = wpclean.clean_path(document)
    jsonschema.validate(record(result.document, document.name), SCHEMA)
