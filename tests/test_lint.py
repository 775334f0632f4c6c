"""Each lint rule, caught on a small broken spec, at the right line and column."""

from __future__ import annotations

import textwrap

import pytest

from seamgen.diagnostics import Diagnostic
from seamgen.lint import lint
from seamgen.lint.severity import RULESETS
from seamgen.loader import parse
from tests.conftest import MINIMAL, locate

WEBHOOK = textwrap.dedent(
    """\
    webhooks:
      widget.paint.finished:
        post:
          operationId: widgetPainted
          description: A widget was painted.
          requestBody:
            description: The event.
            content:
              application/json:
                schema:
                  type: object
                  description: The event.
                  properties:
                    event_type:
                      const: widget.paint.done
                      description: Type of the event.
          responses:
            "200":
              description: Received.
    """
)


def findings(text: str, ruleset: str = "seam") -> list[Diagnostic]:
    """The findings under ``ruleset`` (Seam's house rules by default: MINIMAL keeps them all)."""
    return lint(parse(text, "spec.yaml"), RULESETS[ruleset])


def one(text: str, rule: str, ruleset: str = "seam") -> Diagnostic:
    matching = [d for d in findings(text, ruleset) if d.rule == rule]
    assert len(matching) == 1, [d.text() for d in findings(text, ruleset)]
    return matching[0]


@pytest.mark.parametrize("ruleset", RULESETS)
def test_minimal_spec_is_clean(ruleset: str) -> None:
    assert findings(MINIMAL, ruleset) == []


# (rule, severity under Seam's ruleset, under the default one (None: off), edit of MINIMAL as (old, new),
# where the finding must point: (needle, occurrence))
CASES = [
    ("oas-schema", "error", "error", ('  version: "1.0.0"\n', ""), ("title: Widgets", 1)),
    ("oas-version", "error", "error", ("openapi: 3.1.0", "openapi: 2.0.1"), ("2.0.1", 1)),
    ("oas-schema", "error", "error", ("paths:\n", "bogus_field: 1\npaths:\n"), ("bogus_field", 1)),  # at the key
    ("ref-resolves", "error", "error", ('"#/components/schemas/Widget"', '"#/components/schemas/Gadget"'), ('"#/components/schemas/Gadget"', 1)),
    ("example-valid", "error", "warning", ("color: red\n", "color: green\n"), ("green", 1)),
    ("security-defined", "error", "error", ("- api_key: []", "- apikey: []"), ("apikey", 1)),
    ("description-present", "warning", None, ("      description: Returns a widget.\n", ""), ("post:", 1)),
    ("description-present", "warning", None, ("          description: Color of the widget.\n", ""), ("color:", 2)),
    ("description-present", "warning", None, ("            blue: Blue.\n", ""), ("blue]", 1)),
    ("enum-descriptions-match", "error", "warning", ("            blue: Blue.\n", "            blue: Blue.\n            green: Green.\n"), ("green:", 1)),
    ("enum-unique", "error", "warning", ("enum: [red, blue]", "enum: [red, blue, red]"), ("red]", 1)),
    ("property-snake-case", "warning", None, ("        color:\n", "        paintColor:\n          type: string\n          description: Paint.\n        color:\n"), ("paintColor", 1)),
    ("seamgen-settings", "error", "error", ("paths:\n", "x-seamgen:\n  python:\n    package: my-widgets\npaths:\n"), ("my-widgets", 1)),
    ("seamgen-settings", "error", "error", ("paths:\n", "x-seamgen:\n  lint:\n    ruleset: [seam, strict]\npaths:\n"), ("strict", 1)),
    ("seamgen-settings", "error", "error", ("paths:\n", "x-seamgen:\n  pagination:\n    next-cursor: 7\npaths:\n"), ("7", 1)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "severity", "default", "edit", "where"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_points_at_the_offending_node(
    rule: str, severity: str, default: str | None, edit: tuple[str, str], where: tuple[str, int]
) -> None:
    old, new = edit
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    found = one(text, rule)
    assert found.severity == severity
    assert (found.line, found.column) == locate(text, *where)
    assert found.file == "spec.yaml"
    by_default = [d.severity for d in findings(text, "recommended") if d.rule == rule]
    assert by_default == ([default] if default else [])


def test_the_spec_picks_its_ruleset() -> None:
    undescribed = MINIMAL.replace("      description: Returns a widget.\n", "")
    assert lint(parse(undescribed, "spec.yaml")) == []  # recommended: descriptions are Seam's rule
    for chosen in ("seam", "[recommended, seam]"):
        text = undescribed.replace("paths:\n", f"x-seamgen:\n  lint:\n    ruleset: {chosen}\npaths:\n", 1)
        assert [d.rule for d in lint(parse(text, "spec.yaml"))] == ["description-present"]
        assert lint(parse(text, "spec.yaml"), {"description-present": "off"}) == []


def test_duplicate_operation_id_points_at_the_second() -> None:
    extra = '  /widgets/list:\n    post:\n      operationId: widgetsGet\n      description: Lists widgets.\n      responses:\n        "200":\n          description: The widgets.\n'
    text = MINIMAL.replace("components:\n", extra + "components:\n", 1)
    found = one(text, "operation-id-unique")
    assert (found.line, found.column) == locate(text, "widgetsGet", 2)
    assert "line 13" in found.message


def test_unused_component_points_at_its_name() -> None:
    text = MINIMAL + "    Gadget:\n      type: object\n      description: Unused.\n"
    found = one(text, "no-unused-components")
    assert (found.line, found.column, found.severity) == (*locate(text, "Gadget:"), "warning")


def test_webhook_key_must_equal_the_event_type_constant() -> None:
    text = MINIMAL.replace("components:\n", WEBHOOK + "components:\n", 1)
    found = one(text, "webhook-event-type")
    assert (found.line, found.column) == locate(text, "widget.paint.finished")
    assert "'widget.paint.done'" in found.message


def test_event_names_follow_resource_action_outcome() -> None:
    webhook = WEBHOOK.replace("widget.paint.finished", "widgetPainted").replace("widget.paint.done", "widgetPainted")
    text = MINIMAL.replace("components:\n", webhook + "components:\n", 1)
    rules = sorted((d.rule, d.line) for d in findings(text))
    assert rules == [
        ("event-name-format", locate(text, "widgetPainted:")[0]),
        ("event-name-format", locate(text, "const: widgetPainted")[0]),
    ]


def test_action_types_are_screaming_snake_case() -> None:
    prop = "        action_type:\n          type: string\n          description: Type.\n          enum: [UNLOCK_DOOR, lockDoor]\n          x-enumDescriptions:\n            UNLOCK_DOOR: Unlock.\n            lockDoor: Lock.\n"
    text = MINIMAL.replace("        color:\n", prop + "        color:\n", 1)
    found = one(text, "action-type-screaming-snake")
    assert (found.line, found.column) == locate(text, "lockDoor]")


UNION = textwrap.indent(
    textwrap.dedent(
        """\
        Attempt:
          description: An attempt, told apart by action_type and status together.
          oneOf:
            - type: object
              description: A pending lock.
              required: [action_type, status, result]
              properties:
                action_type: {type: string, enum: [LOCK_DOOR], description: Type.}
                status: {type: string, enum: [pending], description: Status.}
                result: {type: "null", description: Result.}
            - type: object
              description: A successful lock.
              required: [action_type, status, result]
              properties:
                action_type: {type: string, enum: [LOCK_DOOR], description: Type.}
                status: {type: string, enum: [success], description: Status.}
                result: {type: object, description: Result.}
            - type: object
              description: A pending unlock.
              required: [action_type, status, result]
              properties:
                action_type: {type: string, enum: [UNLOCK_DOOR], description: Type.}
                status: {type: string, enum: [pending], description: Status.}
                result: {type: "null", description: Result.}
          example:
            action_type: LOCK_DOOR
            status: success
            result: 42
    """
    ),
    "    ",
)


def union_spec(example: str) -> str:
    """MINIMAL whose response is the ``Attempt`` union, with ``example`` on the union."""
    text = MINIMAL.replace('"#/components/schemas/Widget"', '"#/components/schemas/Attempt"')
    text = text.replace("              example:\n                widget_id: w1\n                color: red\n", "")
    return text.replace("  schemas:\n", "  schemas:\n" + UNION.replace("result: 42", example))


def test_union_example_gets_one_precise_error_from_the_dispatched_variant() -> None:
    text = union_spec("result: 42")
    errors = [d for d in findings(text) if d.rule == "example-valid"]
    assert len(errors) == 1, [d.text() for d in errors]
    assert (errors[0].line, errors[0].column) == locate(text, "42")
    assert "not of type 'object'" in errors[0].message


def test_union_example_with_an_unknown_combination_names_it() -> None:
    text = union_spec("result: {}").replace("status: success\n", "status: error\n", 1)
    errors = [d for d in findings(text) if d.rule == "example-valid"]
    assert len(errors) == 1, [d.text() for d in errors]
    assert "action_type='LOCK_DOOR', status='error' matches no variant" in errors[0].message
    assert (errors[0].line, errors[0].column) == locate(text, "action_type: LOCK_DOOR\n        status: error")


def test_discriminator_mapping_must_point_at_a_variant() -> None:
    union = textwrap.indent(
        textwrap.dedent(
            """\
            Shape:
              description: A shape.
              oneOf:
                - $ref: "#/components/schemas/Widget"
              discriminator:
                propertyName: color
                mapping:
                  red: "#/components/schemas/Widget"
                  blue: "#/components/schemas/Gizmo"
            Gizmo:
              type: object
              description: Not a variant.
        """
        ),
        "    ",
    )
    text = MINIMAL.replace('$ref: "#/components/schemas/Widget"', '$ref: "#/components/schemas/Shape"')
    text = text.replace("  schemas:\n", "  schemas:\n" + union)
    found = one(text, "discriminator-consistent")
    assert (found.line, found.column) == locate(text, '"#/components/schemas/Gizmo"')


def test_named_examples_and_referenced_examples_are_validated_too() -> None:
    named = (
        "              examples:\n"
        "                inline:\n"
        "                  value: {widget_id: w1, color: teal}\n"
        "                shared:\n"
        '                  $ref: "#/components/examples/Purple"\n'
    )
    text = MINIMAL.replace("              example:\n                widget_id: w1\n                color: red\n", named)
    text = text.replace(
        "  schemas:\n", "  examples:\n    Purple:\n      value: {widget_id: w2, color: purple}\n  schemas:\n"
    )
    errors = [d for d in findings(text) if d.rule == "example-valid"]
    assert [(d.line, d.column) for d in errors] == [locate(text, "teal"), locate(text, "purple")]


def test_union_dispatch_warning_points_at_the_one_of() -> None:
    union = "    Shape:\n      description: A shape.\n      oneOf:\n        - {type: object, description: A., properties: {a: {type: string, description: A.}}}\n        - {type: object, description: B., properties: {b: {type: string, description: B.}}}\n"
    text = MINIMAL.replace("  schemas:\n", "  schemas:\n" + union).replace(
        '"#/components/schemas/Widget"', '"#/components/schemas/Shape"'
    )
    text = text.replace("              example:\n                widget_id: w1\n                color: red\n", "")
    found = one(text, "union-dispatch")
    assert (found.line, found.column, found.severity) == (*locate(text, "oneOf:"), "warning")


def test_a_standard_webhook_without_an_event_type_constant_is_seams_rule_only() -> None:
    webhook = WEBHOOK.replace("const: widget.paint.done", "type: string")
    text = MINIMAL.replace("components:\n", webhook + "components:\n", 1)
    assert findings(text, "recommended") == []
    assert "is not a constant" in one(text, "webhook-event-type").message


SHAPES = textwrap.indent(
    textwrap.dedent(
        """\
        Shape:
          description: A shape.
          oneOf:
            - $ref: "#/components/schemas/Square"
            - $ref: "#/components/schemas/Circle"
          discriminator:
            propertyName: kind
            mapping:
              square: Square
              circle: "#/components/schemas/Circle"
          example: {kind: square, side: round}
        Square:
          type: object
          description: A square.
          required: [kind]
          properties:
            kind: {type: string, description: Kind.}
            side: {type: number, description: Side.}
        Circle:
          type: object
          description: A circle.
          required: [kind]
          properties:
            kind: {type: string, description: Kind.}
            radius: {type: number, description: Radius.}
        """
    ),
    "    ",
)


def shapes_spec(shapes: str = SHAPES) -> str:
    text = MINIMAL.replace('$ref: "#/components/schemas/Widget"', '$ref: "#/components/schemas/Shape"')
    text = text.replace("              example:\n                widget_id: w1\n                color: red\n", "")
    return text.replace("  schemas:\n", "  schemas:\n" + shapes).replace("    Widget:\n", "    Widget:\n", 1)


def test_a_discriminator_mapping_may_name_schemas_bare() -> None:
    text = shapes_spec()
    found = findings(text)
    # OpenAPI allows `square: Square`: no finding about the mapping, and the example is checked as a Square
    assert [(d.rule, d.message) for d in found if d.rule != "no-unused-components"] == [
        ("example-valid", "example does not match its schema: 'round' is not of type 'number'")
    ]


def test_a_union_that_lists_a_variant_twice_is_an_error_at_the_repeat() -> None:
    text = shapes_spec(SHAPES.replace('    - $ref: "#/components/schemas/Circle"\n', '    - $ref: "#/components/schemas/Square"\n', 1))
    found = one(text, "discriminator-consistent", "recommended")
    assert (found.line, found.column) == locate(text, "$ref: \"#/components/schemas/Square\"", 2)
    assert f"repeats the one on line {locate(text, 'Square', 1)[0]}" in found.message


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("client: 2fast", "python client '2fast' is not a valid class name"),
        ("client: [Seam]", "python client ['Seam'] is not a valid class name"),
        ("package: my-pkg", "python package 'my-pkg' is not a valid import name"),
        ("version: 3", "python version must be a string"),
    ],
)
def test_python_settings_are_checked_not_silently_replaced(setting: str, message: str) -> None:
    text = MINIMAL.replace("servers:", f"x-seamgen:\n  python:\n    {setting}\nservers:", 1)
    errors = [d for d in findings(text) if d.rule == "seamgen-settings"]
    assert [d.message for d in errors] == [message]
