"""Dialog: transfer the call — pick a target from the hotline's directory, or type one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from simulator.scenario.model import Hotline


class TransferScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "取消")]

    def __init__(self, hotline: Hotline) -> None:
        super().__init__()
        self.hotline = hotline

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"转接到（{self.hotline.name} 的部门目录）", classes="dialog-title")
            options = [Option(f"{e.name}　{e.phone}" + (f"　[dim]{e.note}[/dim]" if e.note else ""),
                              id=e.name) for e in self.hotline.directory]
            yield OptionList(*options, id="transfer-list")
            yield Input(placeholder="或输入其他转接目标，回车确认", id="transfer-other")
            yield Static("↑↓ 选择，回车转接；Tab 切换到输入框；Esc 取消（通话继续）", classes="dim")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            listing.highlighted = 0
            listing.focus()
        else:
            self.query_one(Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
