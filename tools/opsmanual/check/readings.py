"""Rules on what a sheet records: readings (ranges, aims, yes/no checks) and the log tables of a checklist."""

from __future__ import annotations

from typing import Any

from opsmanual.check.index import Index, Path_
from opsmanual.check.walk import Document, checklist_items
from opsmanual.diagnostics import Collector
from opsmanual.i18n.messages import _
from opsmanual.load.tree import YamlList, YamlMap, is_number

LIMIT = 10**15  # the schema's bound on a reading: a larger number is the schema's to report


def number(value: Any) -> float | None:
    """A reading's limit, or None when it is not one the schema accepts (not a number, or far too large)."""
    return float(value) if is_number(value) and -LIMIT <= value <= LIMIT else None


def check_record(out: Collector, record: YamlMap, path: Path_) -> None:
    """A range with `min` not above `max` and its aim inside it; or a yes/no check with nothing of a range."""
    low, high = number(record.get("min")), number(record.get("max"))
    if "answer" in record:
        for key in ("min", "max", "target", "unit"):
            if key in record:
                out.error(
                    record.key_positions[key],
                    "answer-and-range",
                    (
                        _("'{key}' cannot be beside 'answer': a yes/no check has no unit")
                        if key == "unit"
                        else _("'{key}' cannot be beside 'answer': a yes/no check has no range")
                    ).format(key=key),
                    _("remove '{key}', or remove 'answer' to make it a reading with a range").format(key=key),
                    (*path, key),
                )
        return
    if low is not None and high is not None and low > high:
        out.error(
            record.value_positions["min"],
            "range",
            _("'min' ({min}) is above 'max' ({max})").format(min=record["min"], max=record["max"]),
            _("swap them: 'min' is the lowest allowed reading"),
            (*path, "min"),
        )
        return
    target = record.get("target")
    if isinstance(target, YamlMap):
        _check_target(out, target, low, high, (*path, "target"))


def _check_target(out: Collector, target: YamlMap, low: float | None, high: float | None, path: Path_) -> None:
    aim_low, aim_high = number(target.get("min")), number(target.get("max"))
    if aim_low is not None and aim_high is not None and aim_low > aim_high:
        out.error(
            target.value_positions["min"],
            "target-range",
            _("the aim's 'min' ({min}) is above its 'max' ({max})").format(min=target["min"], max=target["max"]),
            _("swap them: the aim is from 'min' up to 'max'"),
            (*path, "min"),
        )
    for key, aim in (("min", aim_low), ("max", aim_high)):
        if aim is None:
            continue
        below = low is not None and aim < low
        above = high is not None and aim > high
        if below or above:
            limit = low if below else high
            out.error(
                target.value_positions[key],
                "target-outside-limits",
                (
                    _("the aim's '{key}' ({value}) is below the allowed min ({limit})")
                    if below
                    else _("the aim's '{key}' ({value}) is above the allowed max ({limit})")
                ).format(key=key, value=target[key], limit=f"{limit:g}"),
                _("the aim lies inside the limits: min ≤ target min ≤ target max ≤ max"),
                (*path, key),
            )


def _logs(data: YamlMap) -> list[tuple[YamlMap, Path_]]:
    return [
        (item["log"], (*path, "log"))
        for item, _section, path in checklist_items(data)
        if isinstance(item.get("log"), YamlMap)
    ]


def logs_are_sound(doc: Document, index: Index) -> None:
    """Column labels unique; a unit and a range only on a `number` column, and the range in order."""
    for log, path in _logs(doc.data):
        columns = log.get("columns")
        if not isinstance(columns, YamlList):
            continue
        seen: dict[str, int] = {}
        for number_, column in enumerate(columns):
            if not isinstance(column, YamlMap):
                continue
            here = (*path, "columns", number_)
            label = column.get("label")
            if isinstance(label, str):
                key = label.strip().lower()
                if key in seen:
                    doc.out.error(
                        column.value_positions["label"],
                        "duplicate-column",
                        _("the column '{label}' is already in this log (column {number})").format(
                            label=label, number=seen[key] + 1
                        ),
                        _("give each column of a log its own label"),
                        (*here, "label"),
                    )
                else:
                    seen[key] = number_
            kind = column.get("kind")
            if isinstance(kind, str) and kind != "number":
                for extra in ("unit", "min", "max"):
                    if extra in column:
                        doc.out.error(
                            column.key_positions[extra],
                            "column-not-number",
                            _("'{key}' belongs to a number column, and this one is '{kind}'").format(
                                key=extra, kind=kind
                            ),
                            _("remove '{key}', or make the column 'kind: number'").format(key=extra),
                            (*here, extra),
                        )
            low, high = number(column.get("min")), number(column.get("max"))
            if low is not None and high is not None and low > high:
                doc.out.error(
                    column.value_positions["min"],
                    "range",
                    _("'min' ({min}) is above 'max' ({max})").format(min=column["min"], max=column["max"]),
                    _("swap them: 'min' is the lowest allowed value"),
                    (*here, "min"),
                )


def checklist_records_are_sound(doc: Document, index: Index) -> None:
    for item, _section, path in checklist_items(doc.data):
        if isinstance(item.get("record"), YamlMap):
            check_record(doc.out, item["record"], (*path, "record"))
