"""Spot-check tasks (双随机抽查任务): registering a task, the draw anyone can verify, edits.

The draw in three steps (see draw.py for the algorithm itself):

1. ``spot_check_draw_start`` — one audited write: freezes the input lists of the plan (the
   directories as canonical JSON and their SHA-256), generates a secret seed and records only its
   commitment (SHA-256), then queues the draw after commit. The seed is kept sealed
   (``SpotCheck.sealed_seed``: never serialised, never in the history) until step 3.
2. ``spot_check_draw_run`` — the Celery task's service: re-reads the frozen inputs (never the live
   directories), runs the draw with a progress callback that updates ``draw_progress`` (throttled,
   committed as it goes so the staff page can poll it).
3. Still in ``spot_check_draw_run``, in one transaction: the seed is revealed, the output and the
   targets with their teams are stored, and ``record_draw`` is fired by the system actor (one
   history row). A failure sets ``draw_status`` failed with the error (one history row, system
   actor); starting again re-runs the same frozen inputs with the same committed seed, so a failure
   can never be used to pick another draw.

``spot_check_verify`` re-runs a recorded draw from the record alone and says what differs,
including the slot redraws recorded after confirmation (services/redraw.py) and the teams as
stored now."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casemgmt.errors import Conflict, Forbidden, Invalid, NotFound
from casemgmt.jobs.outbox import task_enqueue
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.actors import SystemActor
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.services import fire_transition
from casemgmt.workflow.steps import audited_write, lock

from .. import draw as spot_draw
from .. import workflow as wf
from ..models import Agency, Inspector, SpotCheck, SpotCheckTarget, TargetInspector
from ..models.choices import State

logger = logging.getLogger(__name__)

DrawStatus = SpotCheck.DrawStatus

DRAW_RECORDED_RULE = "随机抽取完成后自动记录抽取结果"
DRAW_FAILED_RULE = "随机抽取出错时自动记录"
# A run that shows no sign of life for this long (a worker that died) may be started again.
STALE_RUN = timedelta(minutes=30)
# Progress: 0–5 % reading the inputs, 5–90 % the matching, 90–100 % storing the result.
PROGRESS_MATCHING = (5, 90)
PROGRESS_MIN_SECONDS = 0.5
EDITABLE_FIELDS = ("title", "description")
# What the draw records: never written through an edit. After the draw started (the commitment
# is recorded) an attempt to change any of it is a conflict (409), before it bad input (400).
RECORD_FIELDS = frozenset(
    {
        "commitment",
        "seed",
        "sealed_seed",
        "algorithm_version",
        "inputs",
        "inputs_hash",
        "output",
        "committed_at",
        "drawn_at",
        "draw_status",
        "draw_progress",
        "draw_error",
        "targets",
        "plan",
    }
)
RECORD_IMMUTABLE = "抽取记录（种子承诺值、输入名单、种子和抽取结果）由系统生成，抽取开始后不能更改。"


# --- registering and editing ----------------------------------------------------------------------


def _clean_title(value, errors: dict) -> str:
    title = value.strip() if isinstance(value, str) else ""
    if not title:
        errors["title"] = ["请填写任务名称。"]
    elif len(title) > 200:
        errors["title"] = ["任务名称不能超过200个字。"]
    return title


def spot_check_create(*, actor, plan, title: str, description: str = "", reason: str = "") -> SpotCheck:
    """Register a task (draft) under an annual plan, in the plan's jurisdiction. The plan need not
    be filed yet: the draw may be prepared, but it is confirmed only once the plan is filed.
    Raises Forbidden or Invalid."""
    if not wf.planners(None, actor):
        raise Forbidden("只有执法人员或机关负责人可以登记抽查任务。")
    errors: dict = {}
    if plan is None or not may_see_jurisdiction(actor, plan.jurisdiction_id):
        errors["plan"] = ["未找到该年度计划。"]
    title = _clean_title(title, errors)
    description = (description or "").strip() if isinstance(description, str) else ""
    if errors:
        raise Invalid("输入有误。", errors)
    with transaction.atomic():
        spot_check = SpotCheck.objects.create(
            plan=plan, jurisdiction_id=plan.jurisdiction_id, title=title, description=description, created_by=actor
        )
        record_creation(
            spot_check,
            actor=actor,
            reason=(reason or "").strip() or "登记抽查任务",
            payload={"plan": plan.pk, "plan_title": plan.title, "plan_filed": plan.is_filed},
        )
        index_on_commit(spot_check)
    return spot_check


def spot_check_update(spot_check: SpotCheck, *, actor, reason: str = "", record_fields=(), **values) -> SpotCheck:
    """Edit the title or description (one history row, old → new). `record_fields` names fields of
    the recorded draw the caller tried to set: refused (409 once the draw started, else 400)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    with audited_write(
        spot_check, "edit", "修改抽查任务", actor=actor, permission=wf.planners, reason=reason, require_change=True
    ) as write:
        locked = write.obj
        touched = sorted(set(record_fields) & RECORD_FIELDS)
        if touched:
            if locked.is_committed:
                raise Conflict(RECORD_IMMUTABLE)
            raise Invalid("输入有误。", {name: ["由系统在抽取时记录，不能填写。"] for name in touched})
        if locked.state in (State.CANCELLED, State.FOLLOWED_UP):
            raise Conflict(f"抽查任务{locked.state_label}，不能再修改。")
        errors: dict = {}
        if "title" in values:
            values["title"] = _clean_title(values["title"], errors)
        if "description" in values:
            text = values["description"]
            values["description"] = text.strip() if isinstance(text, str) else ""
        if errors:
            raise Invalid("输入有误。", errors)
        write.edit(locked, **values)
    return write.obj


# --- starting the draw ----------------------------------------------------------------------------


def _is_stale(spot_check: SpotCheck) -> bool:
    started = spot_check.committed_at
    return started is not None and timezone.now() - started > STALE_RUN and spot_check.draw_status == DrawStatus.RUNNING


def _refuse(message: str):
    return Invalid(message, {"plan": [message]})


def _frozen_inputs(plan, as_of):
    """The canonical input lists of the draw (plan rules and both directories, as of today)."""
    from .plans import draw_inputs, plan_rules

    if not plan.class_rules.exists():
        raise _refuse("年度抽查计划尚未设置分类抽查比例，不能抽取。")
    if not plan.items.exists():
        raise _refuse("年度抽查计划尚未选择抽查事项，不能抽取。")
    try:
        rules = plan_rules(plan, as_of)
        agencies, inspectors = draw_inputs(plan, as_of)
        agencies, inspectors = list(agencies), list(inspectors)
        text = spot_draw.canonical_inputs(agencies, inspectors, rules)
    except (TypeError, ValueError) as error:
        raise _refuse(f"抽取的输入名单有误：{error}") from None
    if not agencies:
        raise _refuse("检查对象名录中没有可抽取的对象。")
    return text, len(agencies), len(inspectors)


def spot_check_draw_start(spot_check: SpotCheck, *, actor, reason: str = "") -> SpotCheck:
    """Commit to a seed and freeze the inputs, then queue the draw (one history row).

    Only a draft whose draw is not running may start; a failed (or stalled) draw starts again
    with the same commitment and the same frozen inputs. Once drawn — above all once confirmed —
    the record never changes: Conflict (409)."""
    if not (reason or "").strip():
        reason = (
            "重新执行随机抽取（沿用已记录的种子承诺值和输入名单）"
            if spot_check.is_committed
            else "开始随机抽取：已固定输入名单并公布种子承诺值"
        )
    with audited_write(
        spot_check, "draw_start", "开始随机抽取", actor=actor, permission=wf.planners, reason=reason
    ) as write:
        locked = write.obj
        if locked.state != State.DRAFT:
            if locked.is_drawn:
                raise Conflict("抽取结果已记录，不能重新抽取；确认后的抽取记录不可更改。")
            raise Conflict(f"抽查任务{locked.state_label}，不能抽取。")
        if locked.draw_status == DrawStatus.RUNNING and not _is_stale(locked):
            raise Conflict("随机抽取正在进行中，请稍候。")
        if locked.is_committed:
            # A retry: the commitment is public, so the same seed and inputs are drawn again.
            write.record(retry=True, commitment=locked.commitment, inputs_hash=locked.inputs_hash)
            write.edit(locked, draw_status=DrawStatus.RUNNING, draw_progress=0, draw_error="")
        else:
            as_of = timezone.localdate()
            inputs, n_agencies, n_inspectors = _frozen_inputs(locked.plan, as_of)
            seed = spot_draw.new_seed()
            digest = hashlib.sha256(inputs).hexdigest()
            write.edit(
                locked,
                save=False,
                commitment=spot_draw.commitment(seed),
                inputs_hash=digest,
                algorithm_version=spot_draw.ALGORITHM_VERSION,
                committed_at=timezone.now(),
                draw_status=DrawStatus.RUNNING,
                draw_progress=0,
                draw_error="",
            )
            # The inputs are stored but not copied into the history (their hash is); the seed is
            # sealed until the draw is recorded.
            locked.inputs = inputs.decode("ascii")
            locked.sealed_seed = seed
            locked.save()
            write.record(as_of=as_of, agencies=n_agencies, inspectors=n_inspectors)
        # Queued in this transaction (the task outbox): with the broker down the draw is sent
        # once it is back, never lost between the commit and the broker.
        task_enqueue("enforcement.supervision.tasks.run_spot_check_draw", locked.pk)
    return write.obj


# --- running the draw (the Celery task) -------------------------------------------------------------


class _Progress:
    """The draw's progress callback: writes draw_progress at most every PROGRESS_MIN_SECONDS
    (and always at the end), only while the task's draw is running."""

    def __init__(self, pk: int, span=PROGRESS_MATCHING):
        self.pk = pk
        self.low, self.high = span
        self.written = -1
        self.at = 0.0

    def set(self, percent: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if percent <= self.written or (not force and now - self.at < PROGRESS_MIN_SECONDS):
            return
        SpotCheck.objects.filter(pk=self.pk, draw_status=DrawStatus.RUNNING).update(draw_progress=percent)
        self.written, self.at = percent, now

    def __call__(self, done: int, total: int) -> None:
        share = (done / total) if total else 1
        self.set(self.low + int((self.high - self.low) * share), force=done >= total)


def spot_check_draw_run(spot_check_id: int) -> SpotCheck | None:
    """Run a started draw from its frozen record and record the result (see the module
    docstring). Does nothing for a task that is not waiting for its draw. Never raises for a
    failed draw: the failure is recorded on the task."""
    spot_check = SpotCheck.objects.filter(pk=spot_check_id).first()
    if spot_check is None or spot_check.state != State.DRAFT or spot_check.draw_status != DrawStatus.RUNNING:
        return spot_check
    progress = _Progress(spot_check.pk)
    try:
        progress.set(1, force=True)
        raw = spot_check.inputs.encode("utf-8")
        if hashlib.sha256(raw).hexdigest() != spot_check.inputs_hash:
            raise RuntimeError("固定的输入名单与其哈希值不符")
        if not spot_check.sealed_seed or spot_draw.commitment(spot_check.sealed_seed) != spot_check.commitment:
            raise RuntimeError("封存的种子与公布的承诺值不符")
        agencies, inspectors, rules = spot_draw.parse_inputs(raw)
        result = spot_draw.draw(agencies, inspectors, rules, spot_check.sealed_seed, progress=progress)
        progress.set(PROGRESS_MATCHING[1], force=True)
        _store(spot_check.pk, result, {a.id: a.risk_class for a in agencies})
    except Exception as error:
        logger.exception("spot-check draw %s failed", spot_check_id)
        _record_failure(spot_check_id, str(error) or type(error).__name__)
    return SpotCheck.objects.filter(pk=spot_check_id).first()


def _store(pk: int, result: spot_draw.DrawResult, risk_classes: dict[int, str]) -> None:
    """Reveal the seed, store the output, the targets and teams, and fire record_draw: one
    transaction, one history row (the transition's)."""
    with transaction.atomic():
        locked = lock(SpotCheck, pk)
        if locked.state != State.DRAFT or locked.draw_status != DrawStatus.RUNNING:
            return  # cancelled (or recorded) meanwhile: nothing to record
        agency_ids = [t.agency_id for t in result.targets]
        inspector_ids = {i for t in result.targets for i in t.inspector_ids}
        missing_agencies = set(agency_ids) - set(Agency.objects.filter(pk__in=agency_ids).values_list("pk", flat=True))
        missing_inspectors = inspector_ids - set(
            Inspector.objects.filter(pk__in=inspector_ids).values_list("pk", flat=True)
        )
        if missing_agencies or missing_inspectors:
            raise RuntimeError(
                f"名录中已不存在的对象或检查人员：{sorted(missing_agencies)} {sorted(missing_inspectors)}"
            )
        reasons = {u.agency_id: u.reason for u in result.unstaffed}
        SpotCheckTarget.objects.bulk_create(
            [
                SpotCheckTarget(
                    spot_check=locked,
                    agency_id=target.agency_id,
                    position=position,
                    risk_class=risk_classes.get(target.agency_id, ""),
                    unstaffed_reason=reasons.get(target.agency_id, "")[:300],
                )
                for position, target in enumerate(result.targets, start=1)
            ]
        )
        target_pks = dict(SpotCheckTarget.objects.filter(spot_check=locked).values_list("agency_id", "pk"))
        TargetInspector.objects.bulk_create(
            [
                TargetInspector(target_id=target_pks[target.agency_id], slot=slot, inspector_id=inspector_id)
                for target in result.targets
                for slot, inspector_id in enumerate(target.inspector_ids, start=1)
            ]
        )
        locked.seed = locked.sealed_seed
        locked.output = spot_draw.result_to_json(result)
        locked.drawn_at = timezone.now()
        locked.draw_status = DrawStatus.DONE
        locked.draw_progress = 100
        locked.draw_error = ""
        locked.save()
        staffed = len(result.staffed)
        unstaffed = len(result.unstaffed)
        text = f"随机抽取完成：抽中{len(result.targets)}个检查对象，已匹配检查人员{staffed}个"
        if unstaffed:
            text += f"，未能派员{unstaffed}个"
        fire_transition(locked, "record_draw", actor=SystemActor(DRAW_RECORDED_RULE), reason=f"{text}。种子已公开。")


def _record_failure(pk: int, message: str) -> None:
    spot_check = SpotCheck.objects.filter(pk=pk).first()
    if spot_check is None or spot_check.state != State.DRAFT or spot_check.draw_status != DrawStatus.RUNNING:
        return
    message = f"随机抽取失败：{message}"[:2000]
    try:
        with audited_write(
            spot_check,
            "draw_failed",
            "随机抽取失败",
            actor=SystemActor(DRAW_FAILED_RULE),
            permission=wf.system,
            reason=message,
        ) as write:
            if write.obj.draw_status == DrawStatus.RUNNING:
                write.edit(write.obj, draw_status=DrawStatus.FAILED, draw_error=message)
    except Exception:
        logger.exception("spot-check draw %s: the failure could not be recorded", pk)


# --- reading the draw -----------------------------------------------------------------------------


def draw_status(spot_check: SpotCheck) -> dict:
    """What the staff page polls while a draw runs. The seed only once it is revealed."""
    targets = unstaffed = None
    if spot_check.is_drawn:
        targets = spot_check.targets.count()
        unstaffed = spot_check.targets.exclude(unstaffed_reason="").count()
    return {
        "id": spot_check.pk,
        "state": spot_check.state,
        "state_label": spot_check.state_label,
        "draw_status": spot_check.draw_status,
        "draw_status_label": spot_check.get_draw_status_display(),
        "progress": spot_check.draw_progress,
        "error": spot_check.draw_error,
        "commitment": spot_check.commitment or None,
        "inputs_hash": spot_check.inputs_hash or None,
        "seed": spot_check.seed or None,
        "committed_at": spot_check.committed_at,
        "drawn_at": spot_check.drawn_at,
        "targets": targets,
        "unstaffed": unstaffed,
    }


def spot_check_record(spot_check: SpotCheck) -> dict:
    """The whole record of a revealed draw, as anyone re-checking it needs it: commitment, seed,
    algorithm version, the frozen inputs (canonical JSON text) and their hash, the output, and
    the slot redraws recorded since (see services/redraw.py). Identifies agencies and inspectors
    by number only."""
    if not spot_check.is_drawn:
        raise Conflict("尚未完成随机抽取，没有可公开的抽取记录。")
    from .redraw import redraw_records

    return {
        "id": spot_check.pk,
        "commitment": spot_check.commitment,
        "seed": spot_check.seed,
        "algorithm_version": spot_check.algorithm_version,
        "inputs_hash": spot_check.inputs_hash,
        "inputs": spot_check.inputs,
        "output": _parsed(spot_check.output),
        "output_hash": hashlib.sha256(spot_check.output.encode("utf-8")).hexdigest(),
        "redraws": redraw_records(spot_check),
    }


def _parsed(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass
class SpotCheckVerification:
    matches: bool
    commitment: str
    seed: str
    algorithm_version: str
    inputs_hash: str
    differences: list[str] = field(default_factory=list)
    redraws: int = 0

    def as_dict(self) -> dict:
        return {
            "matches": self.matches,
            "commitment": self.commitment,
            "seed": self.seed,
            "algorithm_version": self.algorithm_version,
            "inputs_hash": self.inputs_hash,
            "redraws": self.redraws,
            "differences": list(self.differences),
        }


def spot_check_verify(spot_check: SpotCheck) -> SpotCheckVerification:
    """Re-run the recorded draw from the record alone (draw.verify), then check the recorded slot
    redraws and that the teams stored now are the recorded output with those redraws applied.
    Conflict when nothing has been drawn yet."""
    if not spot_check.is_drawn:
        raise Conflict("尚未完成随机抽取，没有可验证的抽取记录。")
    from .redraw import check_redraws_and_teams

    record = {
        "commitment": spot_check.commitment,
        "seed": spot_check.seed,
        "algorithm_version": spot_check.algorithm_version,
        "inputs": spot_check.inputs,
        "inputs_hash": spot_check.inputs_hash,
        "output": spot_check.output,
    }
    checked = spot_draw.verify(record)
    differences = list(checked.differences)
    try:
        recorded = spot_draw.result_from_json(spot_check.output)
    except (ValueError, TypeError, KeyError):
        recorded = None
    redraws = 0
    if recorded is not None:
        more, redraws = check_redraws_and_teams(spot_check, recorded)
        differences += more
    return SpotCheckVerification(
        matches=not differences,
        commitment=spot_check.commitment,
        seed=spot_check.seed,
        algorithm_version=spot_check.algorithm_version,
        inputs_hash=spot_check.inputs_hash,
        differences=differences,
        redraws=redraws,
    )


def spot_check_get(pk) -> SpotCheck:
    """A task by id for the system (management commands); NotFound when there is none."""
    spot_check = SpotCheck.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if spot_check is None:
        raise NotFound("没有这个抽查任务。")
    return spot_check
