"""The drafts table's actions on one draft: open, duplicate, change its stage, delete.

``DraftsScreen`` (``screens/drafts.py``) is built on this class; each action is
done by ``byoip.review`` (which refuses, with one sentence, what it can't do)
and the folder is then read again, keeping the draft acted on selected.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from byoip import review
from byoip.config import Settings
from byoip.review import STATUSES, DraftRow, ReviewError, StageBlocked
from byoip.screens.drafts_modals import ConfirmModal, OverrideModal, StatusModal
from byoip.text import clean_text
from byoip.tui.app_screen import AppScreen


class DraftsActions(AppScreen[None]):
    """What can be done to the highlighted draft (the drafts screen's base class)."""

    settings: Settings
    folder: Path

    if TYPE_CHECKING:  # the drafts screen's own, used here

        def load(self, keep: Path | None = None) -> None: ...
        def highlighted_row(self) -> DraftRow | None: ...

    def _now(self) -> datetime | None:
        """The app's clock (tests and screenshots fix it); None: the wall clock."""
        return self.app.clock()

    def _selected_or_say(self) -> DraftRow | None:
        row = self.highlighted_row()
        if row is None:
            self.notify("No draft is selected.", severity="warning")
        return row

    def action_open(self) -> None:
        row = self._selected_or_say()
        if row is None:
            return
        if row.damaged:
            message = Text(f"{row.path} can't be opened: {row.problem}. Fix the file and refresh.")
            self.notify(message, severity="error", markup=False, timeout=8)
            return
        self._reload_on_resume = True
        self.app.open_wizard(path=row.path)

    def action_duplicate(self) -> None:
        row = self._selected_or_say()
        if row is None:
            return
        try:
            new_path = review.duplicate(row.path, self.folder, now=self._now())
        except ReviewError as exc:
            self.notify(Text(str(exc)), severity="error", markup=False, timeout=8)
            return
        self.notify(Text(f"Duplicated as {new_path.name}."), markup=False)
        self.load(keep=new_path)

    def action_change_status(self) -> None:
        row = self._selected_or_say()
        if row is None:
            return
        if row.damaged:
            self.notify(
                Text(f"{row.path} can't be read, so its status can't be changed."),
                severity="error",
                markup=False,
            )
            return

        def apply(status: str, note: str, override_reason: str = "") -> None:
            try:
                review.change_status(
                    row.path,
                    status,
                    expected_mtime=row.mtime,
                    note=note,
                    now=self._now(),
                    override_reason=override_reason,
                    settings=self.settings,
                )
            except StageBlocked as exc:
                title = Text(f"{row.name}: can't move to {status} yet")
                blockers = [blocker.sentence for blocker in exc.check.blockers]

                def overridden(reason: str | None) -> None:
                    if reason:
                        apply(status, note, reason)

                self.app.push_screen(OverrideModal(title, blockers), overridden)
                return
            except ReviewError as exc:
                self.notify(Text(str(exc)), severity="error", markup=False, timeout=10)
                self.load(keep=row.path)
                return
            self.notify(Text(f"{row.name}: status {row.status} -> {status}."), markup=False)
            self.load(keep=row.path)

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None or choice[0] == row.status:
                return
            apply(*choice)

        self.app.push_screen(StatusModal(Text(row.name), row.status, STATUSES), chosen)

    def action_delete(self) -> None:
        row = self._selected_or_say()
        if row is None:
            return
        question = Text("Move ")
        question.append(clean_text(str(row.path), 300))
        trash = clean_text(str(self.folder / ".trash"), 300)
        question.append(f" to the trash folder {trash}? Nothing is erased.")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                moved = review.delete(row.path, self.folder)
            except ReviewError as exc:
                self.notify(Text(str(exc)), severity="error", markup=False, timeout=8)
                return
            self.notify(Text(f"Moved to {moved}."), markup=False)
            self.load()

        self.app.push_screen(ConfirmModal("Delete draft", question, "Move to trash"), answered)
