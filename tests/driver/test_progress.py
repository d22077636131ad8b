"""The progress section: rendered from the plan, parsed back, the rest kept verbatim."""

from __future__ import annotations

from pathlib import Path

from refactor_tools.driver import progress
from refactor_tools.driver.plan import parse_plan

PLAN = parse_plan(
    (Path(__file__).resolve().parent.parent / "assets" / "driver" / "tiny" / "plans" / "plan.toml").read_text(),
    "plan.toml",
)

HAND_WRITTEN = """# Modular Backend Implementation Plan

**Status**: In Progress - Phase 0 | **Created**: 2025-10-28

## 📊 Implementation Progress

> **CRITICAL**: Update this section at the end of EVERY individual task completion.

### ✅ Completed (2/4 tasks)

1. **Pre-Migration Validation** ✅ - Completed 2025-10-29

   - All 48 baseline tests passing
   - Baseline tag created: `pre-modular-baseline`

2. **Phase 0: Record the preparation stage** ✅ - Completed 2025-10-29
   - Updated the config by hand
   - Committed: 6c16a67

### 🔄 In Progress (0/4 tasks)

**Phase 0 Complete! ✅**

### ⏳ Pending (2/4 tasks)

**Phase 1 (Restructure):**

- [ ] Task 3: Record the restructure stage
- [ ] Task 4: Name the app source

---

## Impact Summary

| Aspect | Current |
| --- | --- |
"""


def test_hand_written_section_parses():
    parsed = progress.parse_progress(HAND_WRITTEN)
    assert parsed.found
    assert [(e.number, e.phase, e.title, e.date, e.commit) for e in parsed.entries] == [
        (1, None, "Pre-Migration Validation", "2025-10-29", None),
        (2, 0, "Record the preparation stage", "2025-10-29", "6c16a67"),
    ]
    assert parsed.entries[0].notes == ("All 48 baseline tests passing", "Baseline tag created: `pre-modular-baseline`")
    assert [(name, count, total) for name, count, total, _ in parsed.counters] == [
        ("Completed", 2, 4), ("In Progress", 0, 4), ("Pending", 2, 4)
    ]
    done, problems = progress.match_entries(PLAN, parsed)
    assert sorted(done) == ["baseline", "mark-prepared"] and problems == []


def test_rewrite_keeps_everything_outside_the_section():
    parsed = progress.parse_progress(HAND_WRITTEN)
    done, _ = progress.match_entries(PLAN, parsed)
    new = progress.replace_section(HAND_WRITTEN, progress.render_section(PLAN, done), progress.SECTION_TITLE)
    before, after = HAND_WRITTEN.split("### ✅ Completed")[0], HAND_WRITTEN.split("\n---\n", 1)[1]
    assert new.startswith(before)
    assert new.endswith("\n---\n" + after)
    assert "### ✅ Completed (2/4 tasks)" in new
    assert "### 🔄 In Progress (1/4 tasks)" in new
    assert "### ⏳ Pending (1/4 tasks)" in new
    assert "1. **Phase 0: Pre-Migration Validation** ✅ - Completed 2025-10-29" in new
    assert "   - Committed: 6c16a67" in new
    # idempotent: parsing and rendering again changes nothing
    again = progress.replace_section(new, progress.render_section(PLAN, progress.match_entries(PLAN, progress.parse_progress(new))[0]), progress.SECTION_TITLE)
    assert again == new


def test_render_shape_and_counters():
    done = {"baseline": progress.Done("baseline", 1, "2026-01-02", "abc1234", ("All 3 baseline tests passing",))}
    text = progress.render_section(PLAN, done)
    assert text == (
        "### ✅ Completed (1/4 tasks)\n\n"
        "1. **Phase 0: Pre-Migration Validation** ✅ - Completed 2026-01-02\n\n"
        "   - All 3 baseline tests passing\n"
        "   - Committed: abc1234\n\n"
        "### 🔄 In Progress (1/4 tasks)\n\n"
        "**Phase 0 (Preparation):**\n\n"
        "- [ ] Task 2: Record the preparation stage\n\n"
        "### ⏳ Pending (2/4 tasks)\n\n"
        "**Phase 1 (Restructure):**\n\n"
        "- [ ] Task 3: Record the restructure stage\n"
        "- [ ] Task 4: Name the app source\n\n"
    )


def test_all_done_and_document_without_section():
    done = {t.id: progress.Done(t.id, t.number, "2026-01-02", "abc1234") for _, t in PLAN.tasks()}
    text = progress.render_section(PLAN, done)
    assert "### 🔄 In Progress (0/4 tasks)\n\n**All phases complete! ✅**" in text
    assert "### ⏳ Pending (0/4 tasks)\n\n_Nothing pending._" in text
    plain = "# Notes\n\nSome text.\n"
    new = progress.replace_section(plain, text, progress.SECTION_TITLE)
    assert new.startswith(plain + "\n## 📊 Implementation Progress\n\n### ✅ Completed (4/4 tasks)")


def test_unknown_entry_is_a_problem():
    text = HAND_WRITTEN.replace("**Pre-Migration Validation**", "**Something else**")
    done, problems = progress.match_entries(PLAN, progress.parse_progress(text))
    assert sorted(done) == ["mark-prepared"]
    assert problems == ["line 11: entry 1 'Something else' matches no task of the plan"]
