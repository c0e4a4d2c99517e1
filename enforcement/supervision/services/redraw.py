"""A conflict (回避) found after the draw: that one slot of the team is redrawn, reproducibly, and
the redraw is recorded (SlotRedraw) so that verification can re-check it.

How a slot is redrawn (anyone can redo it from the published record):

* candidates: the inspectors of the draw's frozen input list who are not in the target's team,
  are still active in the directory, have no conflict with the agency (declared in the frozen
  list or since, including the one just declared), are not from the agency's county when the
  plan excludes that, and have fewer targets in this task than the draw's load bound
  (⌈targets × team size / inspectors⌉ + 1); sorted by id;
* the n-th redraw of slot s of the target whose agency has id a takes candidate number
  ``int(HMAC-SHA256(seed, "redraw|a|s|n"), 16) mod len(candidates)`` (seed: the task's revealed
  seed, as for the draw);
* the record keeps the candidate ids (canonical JSON) and their SHA-256.

When no candidate is left, the conflicted inspector still leaves the team, nobody replaces them,
and the target is marked unstaffed with the reason."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.utils import timezone

from casemgmt.errors import Conflict, Invalid, NotFound
from casemgmt.notifications.services import notification_create
from casemgmt.workflow.steps import audited_write

from .. import draw as spot_draw
from .. import workflow as wf
from ..models import Inspector, InspectorConflict, SlotRedraw, SpotCheckTarget, TargetInspector
from ..models.choices import State

# Before the inspections start a team can still change; from the first result on it cannot.
REDRAW_STATES = (State.DRAWN, State.CONFIRMED, State.INSPECTING)


def candidates_text(ids) -> str:
    """The candidate list as recorded: a canonical JSON array of ids, ascending."""
    return json.dumps(sorted(int(i) for i in ids), separators=(",", ":"))


def candidates_digest(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def redraw_choice(seed: str, agency_id: int, slot: int, number: int, candidates) -> int | None:
    """The candidate the n-th redraw of a slot takes (None when there is none)."""
    ordered = sorted(int(i) for i in candidates)
    if not ordered:
        return None
    mac = hmac.new(seed.encode("utf-8"), f"redraw|{agency_id}|{slot}|{number}".encode(), "sha256").hexdigest()
    return ordered[int(mac, 16) % len(ordered)]


def _frozen(spot_check):
    agencies, inspectors, rules = spot_draw.parse_inputs(spot_check.inputs)
    output = spot_draw.result_from_json(spot_check.output)
    return {a.id: a for a in agencies}, inspectors, rules, output


def _candidates(spot_check, target: SpotCheckTarget, team_ids: set[int]) -> list[int]:
    agencies, inspectors, rules, output = _frozen(spot_check)
    agency = agencies.get(target.agency_id)
    county = agency.county if agency is not None else target.agency.jurisdiction_id
    declared = set(InspectorConflict.objects.filter(agency_id=target.agency_id).values_list("inspector_id", flat=True))
    active = set(Inspector.objects.filter(pk__in=[i.id for i in inspectors], active=True).values_list("pk", flat=True))
    loads: dict[int, int] = {}
    for inspector_id in TargetInspector.objects.filter(target__spot_check=spot_check).values_list(
        "inspector_id", flat=True
    ):
        loads[inspector_id] = loads.get(inspector_id, 0) + 1
    return sorted(
        i.id
        for i in inspectors
        if i.id not in team_ids
        and i.id in active
        and target.agency_id not in i.conflicts
        and i.id not in declared
        and not (rules.exclude_same_county and i.county == county)
        and loads.get(i.id, 0) < output.load_bound
    )


UNSTAFFED_AFTER_REDRAW = "登记回避后重抽：没有符合条件的检查人员（其余人员均已在检查组、须回避、属本县或已达任务上限）"


def slot_redraw(spot_check, target: SpotCheckTarget, *, actor, inspector, reason: str) -> SlotRedraw:
    """Declare that `inspector` (of the target's team) has a conflict with the target's agency and
    redraw their slot only. Adds the InspectorConflict when it was not declared yet. One history
    row on the task. Raises NotFound, Forbidden, Conflict or Invalid."""
    inspector_id = inspector.pk if isinstance(inspector, Inspector) else inspector
    with audited_write(
        spot_check,
        "slot_redraw",
        "登记回避并重抽检查人员",
        actor=actor,
        permission=wf.planners,
        reason=reason,
        reason_required=True,
    ) as write:
        locked = write.obj
        target = (
            SpotCheckTarget.objects.select_for_update()
            .select_related("agency")
            .filter(pk=getattr(target, "pk", target), spot_check=locked)
            .first()
        )
        if target is None:
            raise NotFound()
        if locked.state not in REDRAW_STATES:
            raise Conflict(f"抽查任务{locked.state_label}，不能再调整检查组。")
        if hasattr(target, "result"):
            raise Conflict("该对象已录入检查结果，不能再调整检查组。")
        if isinstance(inspector_id, bool) or not isinstance(inspector_id, int):
            raise Invalid("输入有误。", {"inspector": ["请选择检查组中需要回避的检查人员。"]})
        link = target.team.select_related("inspector__user").filter(inspector_id=inspector_id).first()
        if link is None:
            raise Invalid("输入有误。", {"inspector": ["该检查人员不在此对象的检查组中。"]})
        text = write.reason
        agency = target.agency

        declared = False
        if not InspectorConflict.objects.filter(inspector_id=inspector_id, agency=agency).exists():
            InspectorConflict.objects.create(
                inspector_id=inspector_id,
                agency=agency,
                reason=text[:300],
                declared_on=timezone.localdate(),
                declared_by=actor,
            )
            declared = True

        team_ids = set(target.team.values_list("inspector_id", flat=True))
        candidates = _candidates(locked, target, team_ids)
        number = SlotRedraw.objects.filter(target=target, slot=link.slot).count() + 1
        chosen = redraw_choice(locked.seed, agency.pk, link.slot, number, candidates)
        listed = candidates_text(candidates)
        old_name = link.inspector.name
        redraw = SlotRedraw.objects.create(
            target=target,
            slot=link.slot,
            number=number,
            old_inspector_id=inspector_id,
            new_inspector_id=chosen,
            reason=text[:300],
            candidates=listed,
            candidates_hash=candidates_digest(listed),
            by=actor,
        )
        new_name = ""
        if chosen is not None:
            link.inspector_id = chosen
            link.save(update_fields=["inspector"])
            new_name = Inspector.objects.select_related("user").get(pk=chosen).name
        else:
            link.delete()
            write.edit(target, unstaffed_reason=UNSTAFFED_AFTER_REDRAW)
        write.change("team", old_name, new_name or "（无人可派）", label=f"{agency.name}·检查组第{link.slot}名检查人员")
        write.record(
            target=target.pk,
            agency=agency.pk,
            agency_name=agency.name,
            slot=link.slot,
            number=number,
            old_inspector=inspector_id,
            new_inspector=chosen,
            candidates=len(candidates),
            candidates_hash=redraw.candidates_hash,
            conflict_declared=declared,
        )
        if chosen is not None and locked.state != State.DRAWN:
            user = Inspector.objects.select_related("user").get(pk=chosen).user
            url = locked.get_absolute_url()
            title = locked.title
            write.after_commit(
                lambda: notification_create(
                    recipient=user,
                    title="您被抽取为双随机抽查检查人员（回避重抽）",
                    body=f"抽查任务“{title}”：检查对象 {agency.name}。",
                    url=url,
                    dedupe_key=f"spot-check-redraw:{redraw.pk}",
                )
            )
    return redraw


# --- verification -----------------------------------------------------------------------------------


def redraw_records(spot_check) -> list[dict]:
    """The slot redraws of a task, in the order they were made, by numbers only."""
    rows = SlotRedraw.objects.filter(target__spot_check=spot_check).select_related("target").order_by("at", "pk")
    return [
        {
            "agency_id": row.target.agency_id,
            "slot": row.slot,
            "number": row.number,
            "old_inspector_id": row.old_inspector_id,
            "new_inspector_id": row.new_inspector_id,
            "candidates": _ids(row.candidates),
            "candidates_hash": row.candidates_hash,
            "at": row.at.isoformat(),
        }
        for row in rows
    ]


def _ids(text: str):
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, list) else None


def check_redraws_and_teams(spot_check, recorded: spot_draw.DrawResult) -> tuple[list[str], int]:
    """Differences between (the recorded output + the recorded redraws, re-checked) and the
    targets and teams stored now; and the number of redraws."""
    out: list[str] = []
    teams = {t.agency_id: dict(enumerate(t.inspector_ids, start=1)) for t in recorded.targets}
    redraws = redraw_records(spot_check)
    seen: dict[tuple[int, int], int] = {}
    for entry in redraws:
        aid, slot = entry["agency_id"], entry["slot"]
        where = f"对象 #{aid} 第{slot}名检查人员的第{entry['number']}次回避重抽"
        seen[(aid, slot)] = seen.get((aid, slot), 0) + 1
        if entry["number"] != seen[(aid, slot)]:
            out.append(f"{where}：重抽次序不连续")
        candidates = entry["candidates"]
        if candidates is None or not all(isinstance(i, int) for i in candidates):
            out.append(f"{where}：候选名单无法读取")
            continue
        if candidates_digest(candidates_text(candidates)) != entry["candidates_hash"]:
            out.append(f"{where}：候选名单与其哈希值不符")
        team = teams.setdefault(aid, {})
        if team.get(slot) != entry["old_inspector_id"]:
            out.append(f"{where}：被替换的检查人员 #{entry['old_inspector_id']} 不是当时该位置的检查人员")
        expected = redraw_choice(spot_check.seed, aid, slot, entry["number"], candidates)
        if expected != entry["new_inspector_id"]:
            out.append(f"{where}：记录抽中 #{entry['new_inspector_id']}，按种子重算应为 #{expected}")
        if entry["new_inspector_id"] is None:
            team.pop(slot, None)
        else:
            team[slot] = entry["new_inspector_id"]

    stored = list(spot_check.targets.order_by("position").values_list("pk", "agency_id"))
    stored_ids = [aid for _, aid in stored]
    recorded_ids = [t.agency_id for t in recorded.targets]
    if stored_ids != recorded_ids:
        extra = [i for i in stored_ids if i not in set(recorded_ids)]
        lacking = [i for i in recorded_ids if i not in set(stored_ids)]
        detail = []
        if extra:
            detail.append("多出 " + "、".join(f"#{i}" for i in extra))
        if lacking:
            detail.append("缺少 " + "、".join(f"#{i}" for i in lacking))
        out.append("保存的抽中对象与抽取记录不符" + (f"：{'，'.join(detail)}" if detail else "（顺序不同）"))
    links: dict[int, dict[int, int]] = {}
    for aid, slot, inspector_id in TargetInspector.objects.filter(target__spot_check=spot_check).values_list(
        "target__agency_id", "slot", "inspector_id"
    ):
        links.setdefault(aid, {})[slot] = inspector_id
    for aid in stored_ids:
        expected = teams.get(aid, {})
        actual = links.get(aid, {})
        if expected != actual:
            out.append(
                f"对象 #{aid} 现在的检查组与抽取记录及回避重抽记录不符：应为 {_team(expected)}，现为 {_team(actual)}"
            )
    return out, len(redraws)


def _team(slots: dict[int, int]) -> str:
    return "[" + ", ".join(f"{slot}:#{i}" for slot, i in sorted(slots.items())) + "]"
