"""Configuration: the rules of ads.remove and figures.extract are data, and config files are strict."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wpclean
from conftest import split_output
from wpclean.cli import app
from wpclean.config import AdsConfig, Config, FiguresConfig, find_config, load_file
from wpclean.errors import ConfigError

POST = "---\ntitle: T\npost_title: T\n---\n"


def body(text: str, config: Config) -> str:
    result = wpclean.clean_text(POST + text, config)
    assert result.error is None, result.error.line_text()
    return split_output(result.text)[1]


def test_pullquotes_can_be_kept_as_blockquotes():
    config = Config(ads=AdsConfig(pullquotes="keep"))
    assert body('<p>Text.</p><p class="pullquote">A quote.</p>', config) == "Text.\n\n> A quote.\n"


def test_source_trailer_kept_as_an_attribution_line_when_asked():
    config = Config(ads=AdsConfig(source_attribution=True))
    out = body('<p>Text.</p><br><a href="http://www.example.com/story/">Source </a>', config)
    assert out == "Text.\n\nSource: [www.example.com](http://www.example.com/story/)\n"


def test_source_trailer_fills_source_url_when_the_export_has_none():
    result = wpclean.clean_text(POST + '<p>Text.</p><a href="http://example.com/a">Source</a>')
    fm, text = split_output(result.text)
    assert fm["source_url"] == "http://example.com/a"
    assert text == "Text.\n"


def test_users_add_their_own_markers_and_selectors():
    config = Config(ads=AdsConfig(markers=(r"promo_\d+",), selectors=(".newsletter",)))
    out = body('[promo_7]<p>Keep.</p><div class="newsletter">Sign up!</div><p>[ad_1] stays now.</p>', config)
    assert out == "Keep.\n\n\\[ad_1] stays now.\n"


def test_alt_text_filled_from_caption_only_when_asked():
    html = '<figure><img src="a.png" alt=""><figcaption>A chart</figcaption></figure>'
    assert body(html, Config()).startswith("![](a.png)")
    assert body(html, Config(figures=FiguresConfig(alt_from_caption=True))).startswith("![A chart](a.png)")


def test_config_file_is_found_walking_up_and_read(tmp_path: Path):
    (tmp_path / "wpclean.yaml").write_text("path_template: '{year}/{slug}.md'\nads:\n  pullquotes: keep\n")
    (tmp_path / "export" / "2016").mkdir(parents=True)
    found = find_config(tmp_path / "export" / "2016")
    assert found == tmp_path / "wpclean.yaml"
    config = load_file(found)
    assert config.path_template == "{year}/{slug}.md" and config.ads.pullquotes == "keep"


def test_pyproject_table_is_read(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.wpclean]\ndialect = "html"\n[tool.wpclean.figures]\nalt_from_caption = true\n')
    config = load_file(find_config(tmp_path))
    assert config.dialect == "html" and config.figures.alt_from_caption is True


@pytest.mark.parametrize(
    "text, message",
    [
        ("colour: red\n", "unknown key 'colour'"),
        ("ads:\n  pullquote: keep\n", "unknown key 'pullquote'"),
        ("ads:\n  pullquotes: maybe\n", "ads.pullquotes must be 'remove' or 'keep'"),
        ("target: wordpress\n", "unknown target 'wordpress'"),
        ("ads: [1, 2]\n", "expected a mapping"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, text: str, message: str):
    path = tmp_path / "wpclean.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_file(path)
    result = CliRunner().invoke(app, ["clean", str(path.parent), "--dry-run", "--config", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_init_writes_the_defaults_commented(tmp_path: Path):
    target = tmp_path / "wpclean.yaml"
    assert CliRunner().invoke(app, ["init", str(target)]).exit_code == 0
    assert load_file(target) == Config()
    assert CliRunner().invoke(app, ["init", str(target)]).exit_code == 2, "no silent overwrite"


def test_the_config_schema_takes_what_the_loader_takes_and_refuses_what_it_refuses(tmp_path: Path):
    import jsonschema
    import yaml

    from wpclean.config_schema import config_schema

    schema = json.loads(CliRunner().invoke(app, ["schema", "--config"]).stdout)
    assert schema == config_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    target = tmp_path / "wpclean.yaml"
    CliRunner().invoke(app, ["init", str(target)])
    jsonschema.validate(yaml.safe_load(target.read_text()), schema)  # the commented defaults
    jsonschema.validate({"extend-exclude": ["drafts/"], "frontmatter": {"drop_keys": "layout"}, "check": {"severity": {"WPC401": "error"}}}, schema)
    for bad in ({"target": "nope"}, {"links": {"originals": "maybe"}}, {"colour": True}, {"check": {"severity": {"WPC401": "loud"}}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    assert set(schema["properties"]) >= {f.name for f in dataclasses.fields(Config)}
